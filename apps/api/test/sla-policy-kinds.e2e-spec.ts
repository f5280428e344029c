// A policy names only commitment kinds the catalogue knows (libs/sla commitment-kinds.ts), each on a case
// kind that starts it: saving a draft, previewing its impact and publishing all answer 422 on the kind's
// field otherwise, and store nothing. Every policy version the migrations seed passes the same check.
import { DEFAULT_POLICY, POLICY_COMMITMENT_KINDS, validatePolicy, type PolicyRule } from '@caseflow/sla';
import { createCasesWorld, type CasesWorld } from './harness/cases-harness';

let w: CasesWorld;

/** The default policy's rules with one commitment's kind renamed. */
function rulesWithKind(rule: number, commitment: number, kind: string): PolicyRule[] {
  return DEFAULT_POLICY.rules.map((r, i) => ({
    ...r,
    commitments: r.commitments.map((c, j) => (i === rule && j === commitment ? { ...c, kind } : c)),
  }));
}

beforeAll(async () => {
  w = await createCasesWorld({
    // A draft saved before the catalogue existed, naming a kind that no workflow starts.
    prepare: async (query) => {
      await query(
        `INSERT INTO "sla_policy_versions" ("policy_id", "version", "rules", "status", "created_by", "note")
         VALUES ('default', 2, $1::jsonb, 'draft', 'admin', 'gold site arrival')`,
        [JSON.stringify(rulesWithKind(0, 2, 'site_arrival'))],
      );
    },
  });
}, 120_000);

afterAll(async () => {
  await w?.close();
}, 60_000);

async function versions(): Promise<{ version: number; status: string }[]> {
  return (await w.as('admin').get('/api/sla-policies/default/versions').expect(200)).body;
}

describe('commitment kinds in a policy', () => {
  it('every policy version the migrations seed names only known kinds, on case kinds that start them', async () => {
    const rows = await w.query<{ policy_id: string; version: number; rules: unknown }>(
      `SELECT "policy_id", "version", "rules" FROM "sla_policy_versions" WHERE "status" = 'published'`,
    );
    expect(rows.map((r) => r.policy_id).sort()).toEqual(['complaints', 'default']);
    for (const row of rows) {
      expect([row.policy_id, validatePolicy(row.rules, { knownCalendarIds: ['default'] })]).toEqual([
        row.policy_id,
        [],
      ]);
    }
  });

  it('a draft naming a kind no workflow starts is a 422 on its kind, listing the known kinds, and is not stored', async () => {
    const before = await versions();
    const { body } = await w
      .as('admin')
      .post('/api/sla-policies/default/versions')
      .send({ rules: rulesWithKind(0, 2, 'site_arrival'), note: 'gold site arrival' })
      .expect(422);
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(body.errors)).toEqual(['rules[0].commitments[2].kind']);
    const [message] = body.errors['rules[0].commitments[2].kind'] as string[];
    expect(message).toMatch(/'site_arrival' is not a commitment kind/);
    for (const kind of POLICY_COMMITMENT_KINDS) expect(message).toContain(`'${kind}'`);
    expect(await versions()).toEqual(before);
  });

  it('a draft giving a kind to a case kind that never starts it is a 422 on its kind', async () => {
    // Inquiries are answered, not tested by the customer.
    const { body } = await w
      .as('admin')
      .post('/api/sla-policies/default/versions')
      .send({ rules: rulesWithKind(2, 0, 'customer_test') })
      .expect(422);
    expect(body.errors).toEqual({
      'rules[2].commitments[0].kind': ["'customer_test' applies to 'service_request' only, not to 'inquiry'"],
    });
  });

  it('the impact of unsaved rules naming an unknown kind is a 422 on its kind', async () => {
    const { body } = await w
      .as('admin')
      .post('/api/sla-policies/default/impact')
      .send({ rules: rulesWithKind(1, 0, 'first_kontact') })
      .expect(422);
    expect(Object.keys(body.errors)).toEqual(['rules[1].commitments[0].kind']);
  });

  it('publishing a draft saved with an unknown kind is a 422 on its kind; the current version stays', async () => {
    const { body } = await w
      .as('admin')
      .post('/api/sla-policies/default/publish')
      .send({ version: 2, reason: 'gold customers', applyToOpenCases: false })
      .expect(422);
    expect(Object.keys(body.errors)).toEqual(['rules[0].commitments[2].kind']);
    const { currentVersion } = (await w.as('admin').get('/api/sla-policies/default').expect(200)).body;
    expect(currentVersion).toBe(1);
    expect(await versions()).toEqual([
      expect.objectContaining({ version: 2, status: 'draft' }),
      expect.objectContaining({ version: 1, status: 'published' }),
    ]);
  });

  it('a draft with the catalogue’s kinds is stored', async () => {
    await w
      .as('admin')
      .post('/api/sla-policies/default/versions')
      .send({ rules: DEFAULT_POLICY.rules, note: 'as seeded' })
      .expect(201);
  });
});
