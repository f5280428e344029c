// Penalties, customer evaluations and the monthly assessment through the API, with a real worker:
// proposed by a supervisor, decided by a manager with a reason (self-approval refused), a disqualification
// suspending the engineer at once; evaluations with their score limits and a complaint for extreme
// dissatisfaction; the month's figures per engineer in JSON and CSV.
import { JwtService } from '@nestjs/jwt';
import { createCasesWorld, eventually, type CasesWorld } from './harness/cases-harness';

let w: CasesWorld;
/** Wang, the manager above Li (the supervisor), signs in with the supervisor role. */
let managerToken: string;

beforeAll(async () => {
  w = await createCasesWorld();
  const [user] = await w.query<{ id: string }>(
    `INSERT INTO "users" ("username", "display_name", "password_hash", "roles")
     VALUES ('manager.e2e', 'Wang', 'not-a-bcrypt-hash', '{supervisor}') RETURNING "id"`,
  );
  await w.query(`UPDATE "staff" SET "user_id" = $1 WHERE "id" = $2`, [user.id, w.org.managerId]);
  managerToken = await w.app.get(JwtService).signAsync({ sub: user.id, username: 'manager.e2e' });
}, 60_000);

afterAll(async () => {
  await w?.close();
});

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const count = async (table: string) =>
  (await w.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}"`))[0].n;
const asManager = {
  post: (url: string) => w.as('supervisor').post(url).set('Authorization', `Bearer ${managerToken}`),
};

async function openCaseFor(assigneeId: string): Promise<string> {
  const kase = (
    await w
      .as('operator')
      .post('/api/cases')
      .send({
        kind: 'service_request',
        channel: 'phone',
        category: 'technical',
        branchId: 'sh',
        customer: { name: 'Penalised', phone: '13900000004', tier: 'standard' },
        description: 'Broken',
      })
      .expect(201)
  ).body as { number: string };
  await w.as('operator').post(`/api/cases/${kase.number}/actions/assign`).send({ assigneeId }).expect(200);
  return kase.number;
}

describe('penalties', () => {
  it('refuses bad proposals with a clear 4xx and writes nothing', async () => {
    const before = await count('penalties');
    const fineWithout = await w
      .as('supervisor')
      .post('/api/penalties')
      .send({ staffId: w.org.engineerId, kind: 'fine', reason: 'Late' })
      .expect(422);
    expect(Object.keys(fineWithout.body.errors)).toEqual(['amount']);
    await w
      .as('supervisor')
      .post('/api/penalties')
      .send({ staffId: w.org.engineerId, kind: 'warning', amount: 10, reason: 'Late' })
      .expect(422);
    await w
      .as('supervisor')
      .post('/api/penalties')
      .send({ staffId: UNKNOWN, kind: 'warning', reason: 'Late' })
      .expect(422);
    // Against oneself, or against one's own manager: 403.
    await w
      .as('supervisor')
      .post('/api/penalties')
      .send({ staffId: w.org.supervisorId, kind: 'warning', reason: 'Me' })
      .expect(403);
    await w
      .as('supervisor')
      .post('/api/penalties')
      .send({ staffId: w.org.managerId, kind: 'warning', reason: 'Boss' })
      .expect(403);
    expect(await count('penalties')).toBe(before);
  });

  it('a supervisor proposes, a manager confirms with a reason; the proposer cannot approve their own proposal', async () => {
    const proposed = (
      await w
        .as('supervisor')
        .post('/api/penalties')
        .send({ staffId: w.org.engineerId, kind: 'fine', amount: 200, reason: 'Missed the promised call' })
        .expect(201)
    ).body as { id: string; state: string; amount: string; source: string };
    expect(proposed).toMatchObject({ state: 'proposed', amount: '200.00', source: 'supervisor' });

    const self = await w
      .as('supervisor')
      .post(`/api/penalties/${proposed.id}/confirm`)
      .send({ reason: 'Approving my own' })
      .expect(403);
    expect(self.body.message).toMatch(/you proposed this penalty/i);
    await asManager.post(`/api/penalties/${proposed.id}/confirm`).send({}).expect(422);
    const confirmed = await asManager
      .post(`/api/penalties/${proposed.id}/confirm`)
      .send({ reason: 'Verified with the customer' })
      .expect(200);
    expect(confirmed.body).toMatchObject({
      state: 'confirmed',
      decidedBy: 'manager.e2e',
      decisionReason: 'Verified with the customer',
    });
    await asManager
      .post(`/api/penalties/${proposed.id}/reject`)
      .send({ reason: 'Changed my mind' })
      .expect(409);
    await asManager.post(`/api/penalties/${UNKNOWN}/confirm`).send({ reason: 'x' }).expect(404);

    const refusals = await w.query<{ actor: string }>(
      `SELECT "actor" FROM "audit_log" WHERE "action" = 'authorisation.refused' AND "entity_id" = $1`,
      [proposed.id],
    );
    expect(refusals).toEqual([{ actor: 'supervisor.e2e' }]);
  });

  it('a manager rejects a complaint’s proposal with a reason', async () => {
    const [row] = await w.query<{ id: string }>(
      `INSERT INTO "penalties" ("staff_id", "kind", "reason", "source", "complaint_number", "proposed_by", "idempotency_key")
       VALUES ($1, 'warning', 'Rude on the phone', 'complaint', 'C20261122-0001', 'complaint workflow', 'k-1') RETURNING "id"`,
      [w.org.secondEngineerId],
    );
    const rejected = await asManager
      .post(`/api/penalties/${row.id}/reject`)
      .send({ reason: 'The recording shows otherwise' })
      .expect(200);
    expect(rejected.body).toMatchObject({ state: 'rejected', source: 'complaint' });
  });

  it('a confirmed disqualification suspends the engineer at once and flags their open cases for reassignment', async () => {
    const number = await openCaseFor(w.org.secondEngineerId);
    const proposal = (
      await asManager
        .post('/api/penalties')
        .send({
          staffId: w.org.secondEngineerId,
          kind: 'disqualification',
          reason: 'Third verified complaint',
        })
        .expect(201)
    ).body as { id: string };
    // The manager proposed it: another decides (here, an admin).
    await asManager
      .post(`/api/penalties/${proposal.id}/confirm`)
      .send({ reason: 'Own proposal' })
      .expect(403);
    await w.as('admin').post(`/api/penalties/${proposal.id}/confirm`).send({ reason: 'Upheld' }).expect(200);

    const staff = (await w.as('supervisor').get(`/api/staff/${w.org.secondEngineerId}`).expect(200)).body;
    expect(staff.suspendedAt).toEqual(expect.any(String));
    const assignable = (await w.as('operator').get('/api/staff/assignable').expect(200)).body as {
      id: string;
    }[];
    expect(assignable.map((s) => s.id)).not.toContain(w.org.secondEngineerId);

    const [flag] = await w.query<{ reason: string; supervisor_staff_id: string }>(
      `SELECT "reason", "supervisor_staff_id" FROM "reassignments" WHERE "case_number" = $1`,
      [number],
    );
    expect(flag).toEqual({ reason: 'disqualified', supervisor_staff_id: w.org.supervisorId });

    const other = (
      await w
        .as('operator')
        .post('/api/cases')
        .send({
          kind: 'service_request',
          channel: 'phone',
          category: 'technical',
          branchId: 'sh',
          customer: { name: 'Next', phone: '13900000005', tier: 'standard' },
          description: 'Broken',
        })
        .expect(201)
    ).body as { number: string };
    const refused = await w
      .as('operator')
      .post(`/api/cases/${other.number}/actions/assign`)
      .send({ assigneeId: w.org.secondEngineerId })
      .expect(422);
    expect(refused.body.errors.assigneeId[0]).toMatch(/suspended/);

    // The supervisor reassigns the flagged case: the flag is settled.
    await w
      .as('supervisor')
      .post(`/api/cases/${number}/actions/assign`)
      .send({ assigneeId: w.org.engineerId })
      .expect(200);
    await eventually(async () => {
      const [settled] = await w.query<{ done: boolean }>(
        `SELECT "reassigned_at" IS NOT NULL AS done FROM "reassignments" WHERE "case_number" = $1`,
        [number],
      );
      expect(settled.done).toBe(true);
    });
  });
});

describe('customer evaluations', () => {
  const form = (overrides: object = {}) => ({
    month: '2026-11',
    staffId: w.org.engineerId,
    customer: { name: 'Zhang', phone: '13900000006' },
    scores: { afterSales: { technical: 150, attitude: 120 }, preSales: { technical: 90, attitude: 100 } },
    comments: 'Quick and friendly',
    ...overrides,
  });

  it('refuses scores outside −50..200 %, an empty form and an unknown engineer, writing nothing', async () => {
    const before = await count('evaluations');
    const high = await w
      .as('quality')
      .post('/api/evaluations')
      .send(form({ scores: { afterSales: { technical: 201, attitude: -51 } } }))
      .expect(422);
    expect(Object.keys(high.body.errors).sort()).toEqual([
      'scores.afterSales.attitude',
      'scores.afterSales.technical',
    ]);
    await w
      .as('quality')
      .post('/api/evaluations')
      .send(form({ scores: {} }))
      .expect(422);
    await w
      .as('quality')
      .post('/api/evaluations')
      .send(form({ staffId: UNKNOWN }))
      .expect(422);
    await w
      .as('quality')
      .post('/api/evaluations')
      .send(form({ month: '2026-13' }))
      .expect(422);
    expect(await count('evaluations')).toBe(before);
  });

  it('records a form; one flagged extremely dissatisfied raises a complaint', async () => {
    const ok = (await w.as('quality').post('/api/evaluations').send(form()).expect(201)).body;
    expect(ok).toMatchObject({
      month: '2026-11',
      complaintNumber: null,
      scores: { afterSales: { technical: 150 } },
    });
    const bad = (
      await w
        .as('quality')
        .post('/api/evaluations')
        .send(
          form({
            scores: { afterSales: { technical: -50, attitude: -50 } },
            comments: 'Never again',
            extremelyDissatisfied: true,
          }),
        )
        .expect(201)
    ).body as { id: string; complaintNumber: string };
    expect(bad.complaintNumber).toEqual(expect.any(String));
    const [complaint] = await eventually(async () => {
      const rows = await w.query<{ source: string; source_evaluation_id: string }>(
        `SELECT "source", "source_evaluation_id" FROM "complaints" WHERE "number" = $1`,
        [bad.complaintNumber],
      );
      expect(rows).toHaveLength(1);
      return rows;
    });
    expect(complaint).toEqual({ source: 'evaluation', source_evaluation_id: bad.id });
  });
});

describe('the monthly assessment', () => {
  it('gives each engineer the month’s figures, in JSON and in CSV', async () => {
    const month = new Date().toISOString().slice(0, 7);
    // Chen resolves a case with fault grade B this month.
    const number = await openCaseFor(w.org.engineerId);
    for (const [action, body] of [
      ['contact', {}],
      ['start', {}],
      ['resolve', { summary: 'Replaced the board', faultGrade: 'B' }],
    ] as const) {
      await w.as('operator').post(`/api/cases/${number}/actions/${action}`).send(body).expect(200);
    }
    await w.query(`UPDATE "evaluations" SET "month" = $1 WHERE "staff_id" = $2`, [
      `${month}-01`,
      w.org.engineerId,
    ]);
    await eventually(async () => {
      const rows = await w.query(`SELECT 1 FROM "cases" WHERE "number" = $1 AND "fault_grade" = 'B'`, [
        number,
      ]);
      expect(rows).toHaveLength(1);
    });

    const all = (await w.as('supervisor').get(`/api/assessments?month=${month}`).expect(200)).body as {
      staffId: string;
    }[];
    expect(all.map((a) => a.staffId)).toEqual(
      expect.arrayContaining([w.org.engineerId, w.org.secondEngineerId]),
    );
    const chen = (
      await w.as('quality').get(`/api/assessments/${w.org.engineerId}?month=${month}`).expect(200)
    ).body;
    expect(chen).toMatchObject({
      month,
      staffId: w.org.engineerId,
      fines: 1,
      finesAmount: '200.00',
      warnings: 0,
      evaluations: 2,
      complaints: 1,
      faultGrades: { A: 0, B: 1, C: 0, D: 0 },
    });
    expect(chen.resolved).toBeGreaterThanOrEqual(1);
    // (150 + 90 − 50) / 3 and (120 + 100 − 50) / 3 over the rated items of both forms.
    expect(chen.technicalScore).toBeCloseTo(63.3, 1);
    expect(chen.attitudeScore).toBeCloseTo(56.7, 1);
    expect(chen.commitmentsMet).toBeGreaterThanOrEqual(1);

    const csv = await w.as('admin').get(`/api/assessments?month=${month}&format=csv`).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'month,staff_id,name,branch,callbacks,callbacks_reached,satisfaction,engineer_rating,complaints,warnings,' +
        'fines,fines_amount,disqualifications,evaluations,technical_score,attitude_score,resolved,grade_a,grade_b,' +
        'grade_c,grade_d,commitments_met,commitments_breached',
    );
    // The name holds a comma, so it is quoted.
    expect(lines.find((l) => l.includes(w.org.engineerId))).toMatch(
      new RegExp(`^${month},${w.org.engineerId},"Chen \\(engineer, sh\\)",sh,`),
    );

    await w.as('supervisor').get('/api/assessments?month=2026-13').expect(422);
    await w.as('supervisor').get(`/api/assessments/${UNKNOWN}?month=${month}`).expect(404);
    await w.as('engineer').get(`/api/assessments?month=${month}`).expect(403);
  });
});
