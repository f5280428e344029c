// Staff supervision through the API, with a real worker: the organisation (units, supervisor links, the
// escalation path through vacancies), certificates and their workflow, and the assignment rules
// (least-loaded first, certified for the product line, in the branch, a supervisor's audited override).
// Every bad input is a clear 4xx with nothing written.
import request from 'supertest';
import { createCasesWorld, eventually, type CasesWorld } from './harness/cases-harness';

let w: CasesWorld;

beforeAll(async () => {
  w = await createCasesWorld();
}, 60_000);

afterAll(async () => {
  await w?.close();
});

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const count = async (table: string) =>
  (await w.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}"`))[0].n;
/** The harness offers GET and POST; PATCH and PUT go through supertest directly. */
const send = (method: 'patch' | 'put', url: string, body: object) =>
  request(w.app.getHttpServer())[method](url).set('Authorization', `Bearer ${w.tokens.admin}`).send(body);

describe('the organisation', () => {
  it('creates a department and a team with their heads; a team needs a department (422)', async () => {
    const department = (
      await w
        .as('admin')
        .post('/api/organisation/units')
        .send({
          kind: 'department',
          name: 'Tech support',
          department: 'tech_support',
          branchId: 'sh',
          headId: w.org.managerId,
        })
        .expect(201)
    ).body as { id: string };
    const team = await w
      .as('admin')
      .post('/api/organisation/units')
      .send({
        kind: 'team',
        name: 'Printers',
        department: 'tech_support',
        branchId: 'sh',
        parentId: department.id,
        headId: w.org.supervisorId,
      })
      .expect(201);
    expect(team.body).toMatchObject({ kind: 'team', parentId: department.id, headId: w.org.supervisorId });

    const before = await count('org_units');
    const orphan = await w
      .as('admin')
      .post('/api/organisation/units')
      .send({ kind: 'team', name: 'Orphans', department: 'tech_support' })
      .expect(422);
    expect(orphan.body.errors).toEqual({ parentId: ['a team belongs to a department'] });
    const teamInTeam = await w
      .as('admin')
      .post('/api/organisation/units')
      .send({ kind: 'team', name: 'Sub', department: 'tech_support', parentId: team.body.id })
      .expect(422);
    expect(teamInTeam.body.errors.parentId[0]).toMatch(/belongs to a department/);
    await w
      .as('admin')
      .post('/api/organisation/units')
      .send({ kind: 'department', name: 'X', department: 'tech_support', headId: UNKNOWN })
      .expect(422);
    expect(await count('org_units')).toBe(before);
    await w.as('operator').get(`/api/organisation/units/${UNKNOWN}`).expect(404);
  });

  it('refuses a supervisor link that would close a cycle (422), and one to oneself, writing nothing', async () => {
    // Wang (manager) → Li (supervisor) → Chen: making Chen Wang's supervisor closes the loop.
    const cycle = await send('patch', `/api/staff/${w.org.managerId}`, {
      supervisorId: w.org.engineerId,
    }).expect(422);
    expect(cycle.body.errors.supervisorId[0]).toMatch(/cycle/);
    const self = await send('patch', `/api/staff/${w.org.engineerId}`, { supervisorId: w.org.engineerId });
    expect(self.status).toBe(422);
    const [manager] = await w.query<{ supervisor_id: string }>(
      `SELECT "supervisor_id" FROM "staff" WHERE "id" = $1`,
      [w.org.managerId],
    );
    expect(manager.supervisor_id).toBe(w.org.gmOfficeId);
    expect((await send('patch', `/api/staff/${UNKNOWN}`, { active: true })).status).toBe(404);
    expect((await send('patch', `/api/staff/${w.org.engineerId}`, { supervisorId: UNKNOWN })).status).toBe(
      422,
    );
  });

  it('moves a position in the chart, with before and after in the audit log', async () => {
    const moved = await send('patch', `/api/staff/${w.org.uncertifiedEngineerId}`, {
      supervisorId: w.org.managerId,
    });
    expect(moved.status).toBe(200);
    expect(moved.body.supervisorId).toBe(w.org.managerId);
    const [entry] = await w.query<{ before: unknown; after: unknown; actor: string }>(
      `SELECT "before", "after", "actor" FROM "audit_log" WHERE "action" = 'staff.update' AND "entity_id" = $1`,
      [w.org.uncertifiedEngineerId],
    );
    expect(entry).toEqual({
      actor: 'admin.e2e',
      before: { supervisorId: w.org.supervisorId },
      after: { supervisorId: w.org.managerId },
    });
    await send('patch', `/api/staff/${w.org.uncertifiedEngineerId}`, { supervisorId: w.org.supervisorId });
  });

  it('resolves escalation targets assignee → supervisor → manager → GM office, passing over a vacancy', async () => {
    const path = async () =>
      (await w.as('supervisor').get(`/api/organisation/escalation-path/${w.org.engineerId}`).expect(200))
        .body as {
        target: string;
        level: string;
        staffId: string | null;
      }[];
    expect((await path()).map((s) => [s.target, s.level, s.staffId])).toEqual([
      ['assignee', 'assignee', w.org.engineerId],
      ['supervisor', 'supervisor', w.org.supervisorId],
      ['manager', 'manager', w.org.managerId],
      ['gm_office', 'gm_office', w.org.gmOfficeId],
    ]);
    // The supervisor's post falls vacant: their step goes up to the manager, never to nobody.
    await send('patch', `/api/staff/${w.org.supervisorId}`, { active: false });
    try {
      const vacant = await path();
      expect(vacant[1]).toMatchObject({ target: 'supervisor', level: 'manager', staffId: w.org.managerId });
    } finally {
      await send('patch', `/api/staff/${w.org.supervisorId}`, { active: true });
    }
    await w.as('supervisor').get(`/api/organisation/escalation-path/${UNKNOWN}`).expect(404);
  });
});

describe('certificates', () => {
  let engineerId: string;

  beforeAll(async () => {
    const [row] = await w.query<{ id: string }>(
      `INSERT INTO "staff" ("name", "role", "department", "branch_id", "supervisor_id")
       VALUES ('Qian (engineer, sh)', 'engineer', 'tech_support', 'sh', $1) RETURNING "id"`,
      [w.org.supervisorId],
    );
    engineerId = row.id;
    expect(
      (await send('put', '/api/product-lines/servers', { name: 'Servers', modelPrefixes: ['R7'] })).status,
    ).toBe(201);
    expect(
      (await send('put', '/api/product-lines/storage', { name: 'Storage', modelPrefixes: ['ST'] })).status,
    ).toBe(201);
  });

  it('refuses an expiry before the issue date, unknown product lines and unknown staff, writing nothing', async () => {
    const before = await count('certificates');
    const backwards = await w
      .as('admin')
      .post(`/api/staff/${engineerId}/certificates`)
      .send({
        productLines: ['servers'],
        issuedAt: '2026-06-01T00:00:00Z',
        expiresAt: '2026-01-01T00:00:00Z',
      })
      .expect(422);
    expect(backwards.body.errors).toEqual({ expiresAt: ['expiresAt must be after issuedAt'] });
    const unknownLine = await w
      .as('admin')
      .post(`/api/staff/${engineerId}/certificates`)
      .send({
        productLines: ['toasters'],
        issuedAt: '2026-01-01T00:00:00Z',
        expiresAt: '2099-01-01T00:00:00Z',
      })
      .expect(422);
    expect(unknownLine.body.errors.productLines[0]).toMatch(/toasters/);
    await w
      .as('admin')
      .post(`/api/staff/${UNKNOWN}/certificates`)
      .send({
        productLines: ['servers'],
        issuedAt: '2026-01-01T00:00:00Z',
        expiresAt: '2099-01-01T00:00:00Z',
      })
      .expect(404);
    expect(await count('certificates')).toBe(before);
  });

  it('records a certificate: the engineer becomes assignable and the certificate’s workflow is running', async () => {
    const expiresAt = new Date(Date.now() + 400 * 24 * 3600_000).toISOString();
    const cert = (
      await w
        .as('admin')
        .post(`/api/staff/${engineerId}/certificates`)
        .send({
          productLines: ['storage'],
          issuedAt: new Date(Date.now() - 3600_000).toISOString(),
          expiresAt,
        })
        .expect(201)
    ).body as { id: string; workflowId: string; state: string };
    expect(cert.state).toBe('active');
    const staff = (await w.as('supervisor').get(`/api/staff/${engineerId}`).expect(200)).body;
    expect(staff).toMatchObject({ certified: true, certificationExpiresAt: expiresAt });
    const description = await w.env.client.workflow.getHandle(cert.workflowId).describe();
    expect(description.status.name).toBe('RUNNING');

    // Renewal moves the expiry; a renewal into the past, or of an unknown certificate, is refused.
    const renewed = new Date(Date.now() + 800 * 24 * 3600_000).toISOString();
    const after = await w
      .as('admin')
      .post(`/api/certificates/${cert.id}/renew`)
      .send({ expiresAt: renewed })
      .expect(200);
    expect(after.body.expiresAt).toBe(renewed);
    await w
      .as('admin')
      .post(`/api/certificates/${cert.id}/renew`)
      .send({ expiresAt: '2020-01-01T00:00:00Z' })
      .expect(422);
    await w.as('admin').post(`/api/certificates/${UNKNOWN}/renew`).send({ expiresAt: renewed }).expect(404);
  });

  it('a revocation removes the engineer from assignment at once and flags their open cases for the supervisor', async () => {
    const expiresAt = new Date(Date.now() + 400 * 24 * 3600_000).toISOString();
    const cert = (
      await w
        .as('admin')
        .post(`/api/staff/${engineerId}/certificates`)
        .send({
          productLines: ['servers'],
          issuedAt: new Date(Date.now() - 3600_000).toISOString(),
          expiresAt,
        })
        .expect(201)
    ).body as { id: string; workflowId: string };
    const kase = (
      await w
        .as('operator')
        .post('/api/cases')
        .send({
          kind: 'service_request',
          channel: 'phone',
          category: 'technical',
          branchId: 'sh',
          product: 'R740',
          customer: { name: 'Revoked', phone: '13900000002', tier: 'standard' },
          description: 'Server down',
        })
        .expect(201)
    ).body as { number: string };
    await w
      .as('operator')
      .post(`/api/cases/${kase.number}/actions/assign`)
      .send({ assigneeId: engineerId })
      .expect(200);

    // Still certified for storage, but the server case's product line is no longer covered.
    await w
      .as('admin')
      .post(`/api/certificates/${cert.id}/revoke`)
      .send({ reason: 'Failed the audit' })
      .expect(200);
    await w.env.client.workflow.getHandle(cert.workflowId).result();
    const flags = await eventually(async () => {
      const rows = await w.query<{ case_number: string; reason: string; supervisor_staff_id: string }>(
        `SELECT "case_number", "reason", "supervisor_staff_id" FROM "reassignments" WHERE "staff_id" = $1`,
        [engineerId],
      );
      expect(rows).toHaveLength(1);
      return rows;
    });
    expect(flags[0]).toEqual({
      case_number: kase.number,
      reason: 'certificate_revoked',
      supervisor_staff_id: w.org.supervisorId,
    });
    const inbox = (await w.as('supervisor').get('/api/escalations?mine=true').expect(200)).body as {
      items: { caseNumber: string; commitmentKind: string }[];
    };
    expect(inbox.items).toContainEqual(
      expect.objectContaining({ caseNumber: kase.number, commitmentKind: 'reassignment' }),
    );

    // A new server case cannot be given to them any more.
    const refused = await w
      .as('operator')
      .post(`/api/cases/${kase.number}/actions/assign`)
      .send({ assigneeId: engineerId })
      .expect(422);
    expect(refused.body.errors.assigneeId[0]).toMatch(/product line "servers"/);
    await w.as('admin').post(`/api/certificates/${cert.id}/revoke`).send({ reason: '' }).expect(422);
  });
});

describe('assignment by the rules', () => {
  const intake = (product?: string) => ({
    kind: 'service_request',
    channel: 'phone',
    category: 'technical',
    branchId: 'sh',
    ...(product ? { product } : {}),
    customer: { name: 'Rules', phone: '13900000003', tier: 'standard' },
    description: 'Needs someone',
  });

  it('suggests eligible engineers, least loaded first, and assigns the least loaded when no one is named', async () => {
    const a = (await w.as('operator').post('/api/cases').send(intake()).expect(201)).body as {
      number: string;
    };
    const suggestions = (
      await w.as('operator').get(`/api/cases/${a.number}/assignment-suggestions`).expect(200)
    ).body as { id: string; openCases: number }[];
    const ids = suggestions.map((s) => s.id);
    expect(ids).not.toContain(w.org.uncertifiedEngineerId);
    const loads = suggestions.map((s) => s.openCases);
    expect(loads).toEqual([...loads].sort((x, y) => x - y));

    const assigned = (await w.as('operator').post(`/api/cases/${a.number}/assignment`).send({}).expect(200))
      .body as {
      assignee: { id: string };
    };
    expect(assigned.assignee.id).toBe(suggestions[0].id);
    await w.as('operator').get(`/api/cases/20990101-99-9999/assignment-suggestions`).expect(404);
  });

  it('lets only a supervisor assign another branch’s engineer, with a reason that is recorded and audited', async () => {
    await w.query(`INSERT INTO "branches" ("id", "name") VALUES ('bj', 'Beijing')`);
    const [beijing] = await w.query<{ id: string }>(
      `INSERT INTO "staff" ("name", "role", "department", "branch_id", "certified", "certification_expires_at")
       VALUES ('Bai (engineer, bj)', 'engineer', 'tech_support', 'bj', true, now() + interval '1 year') RETURNING "id"`,
    );
    const kase = (await w.as('operator').post('/api/cases').send(intake()).expect(201)).body as {
      number: string;
    };
    const plain = await w
      .as('operator')
      .post(`/api/cases/${kase.number}/assignment`)
      .send({ assigneeId: beijing.id })
      .expect(422);
    expect(plain.body.errors.assigneeId[0]).toMatch(/not in the case's branch/);
    await w
      .as('operator')
      .post(`/api/cases/${kase.number}/assignment`)
      .send({ assigneeId: beijing.id, overrideReason: 'Only one free' })
      .expect(403);
    expect(
      await w.query(`SELECT 1 FROM "assignment_overrides" WHERE "case_number" = $1`, [kase.number]),
    ).toEqual([]);

    const done = await w
      .as('supervisor')
      .post(`/api/cases/${kase.number}/assignment`)
      .send({ assigneeId: beijing.id, overrideReason: 'Storage expert on duty' })
      .expect(200);
    expect(done.body.assignee.id).toBe(beijing.id);
    const [audit] = await w.query<{ actor: string; summary: string }>(
      `SELECT "actor", "summary" FROM "audit_log" WHERE "action" = 'assignment.override' AND "entity_id" = $1`,
      [kase.number],
    );
    expect(audit.actor).toBe('supervisor.e2e');
    expect(audit.summary).toContain('Storage expert on duty');
  });
});
