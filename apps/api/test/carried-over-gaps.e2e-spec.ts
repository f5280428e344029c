// Gaps carried over from earlier work, each with the rule it keeps: a month-end sample missed while
// Caseflow was down is drawn at start-up, once; a level-2 callback cannot be recorded before its 48 h
// point; an expired certificate is renewed, and a suspension lifted, only by a recorded decision.
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { certificationWorkflowId } from '@caseflow/domain';
import { DEFAULT_POLICY } from '@caseflow/sla';
import { MISSED_MONTH_TRIGGER } from '../src/samples/samples.service';
import { SampleSchedules } from '../src/samples/sample-schedules.service';
import { createCasesWorld, eventually, type CasesWorld } from './harness/cases-harness';
import { sql } from './support';

let w: CasesWorld;
/** The month before this one, in Asia/Shanghai (the default sampling calendar's zone). */
const LAST_MONTH = (() => {
  const [y, m] = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
  })
    .format(new Date())
    .split('-')
    .map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
})();

const ESCALATE_OTHER_TO_MANAGER = {
  match: { caseKind: 'service_request', category: 'other' },
  commitments: [
    {
      kind: 'first_contact',
      budget: { amount: 0.05, unit: 'minutes' },
      clock: 'calendar',
      calendarId: 'default',
      ladder: [
        {
          id: 'escalate',
          fraction: 1,
          action: 'escalate',
          target: 'manager',
          template: 'commitment_escalated',
          waitForWorkingHours: false,
        },
      ],
    },
  ],
};

beforeAll(async () => {
  process.env.CASEFLOW_SCHEDULES = 'on';
  try {
    w = await createCasesWorld({
      // Last month's customers were served while nothing drew their month-end sample (Caseflow was down).
      beforeStart: async (db) => {
        for (let i = 1; i <= 20; i++) {
          const number = `${LAST_MONTH.replace('-', '')}10-07-${String(i).padStart(4, '0')}`;
          await sql(
            db,
            `INSERT INTO "cases" ("number", "workflow_id", "kind", "state", "channel", "category", "customer_name",
               "customer_phone", "customer_tier", "description", "operator_user_id", "operator_username",
               "operator_no", "received_at", "resolved_at", "closed_at", "policy_id", "policy_version", "last_seq")
             VALUES ($1, 'case-' || $1, 'service_request', 'closed', 'phone', 'technical', $2, $3, 'standard',
                     'Printer jams', 'u', 'op7', 7, $4::timestamptz, $4::timestamptz + interval '1 day',
                     $4::timestamptz + interval '2 days', 'default', 1, 5)`,
            [
              number,
              `Customer ${i}`,
              `+861390000${String(i).padStart(4, '0')}`,
              `${LAST_MONTH}-10T02:00:00Z`,
            ],
          );
        }
        return {};
      },
      // Policy v2: a case of category "other" not contacted within 3 s goes straight to the top of the
      // ladder (the manager), to watch it arrive.
      prepare: async (query) => {
        await query(
          `INSERT INTO "sla_policy_versions" ("policy_id", "version", "rules", "published_by", "reason")
           VALUES ('default', 2, $1::jsonb, 'e2e', 'other: escalate to the manager after 3 s')`,
          [JSON.stringify([...DEFAULT_POLICY.rules, ESCALATE_OTHER_TO_MANAGER])],
        );
        await query(`UPDATE "sla_policies" SET "current_version" = 2 WHERE "id" = 'default'`);
      },
    });
  } finally {
    delete process.env.CASEFLOW_SCHEDULES;
  }
}, 120_000);

afterAll(async () => {
  await w?.close();
});

describe('a month-end sample missed while Caseflow was down', () => {
  it('is drawn at start-up, once: a second start (another replica, a restart) draws nothing more', async () => {
    const schedules = w.app.get(SampleSchedules);
    await schedules.started;
    const samples = () =>
      w.query<{ month: string; trigger: string; triggered_by: string; population: number; chosen: number }>(
        `SELECT "month", "trigger", "triggered_by", "population", "chosen" FROM "samples"`,
      );
    const [sample, ...others] = await samples();
    expect(others).toEqual([]);
    expect(sample).toMatchObject({
      month: LAST_MONTH,
      trigger: 'schedule',
      triggered_by: MISSED_MONTH_TRIGGER,
    });
    expect(sample.population).toBe(20);
    expect(sample.chosen).toBe(3); // 15 % of 20, rounded
    await schedules.ensureStarted();
    expect(await samples()).toEqual([sample]);
    const audit = await w.query(`SELECT 1 FROM "audit_log" WHERE "action" = 'sample.draw_missed'`);
    expect(audit).toHaveLength(1);
    // Its level-3 callbacks start, as for any sample.
    await eventually(async () => {
      const rows = await w.query(`SELECT 1 FROM "callback_tasks" WHERE "level" = 3`);
      expect(rows).toHaveLength(3);
    }, 20_000);
  });
});

describe('a level-2 callback', () => {
  it('is refused before its 48 h point, with a message saying from when it can be recorded', async () => {
    const number = (
      await w
        .as('operator')
        .post('/api/cases')
        .send({
          kind: 'service_request',
          channel: 'phone',
          category: 'technical',
          customer: { name: 'Early Caller', phone: '+8613700000042', tier: 'standard' },
          description: 'Screen flickers',
          branchId: w.org.branchId,
        })
        .expect(201)
    ).body.number as string;
    await w
      .as('operator')
      .post(`/api/cases/${number}/actions/resolve`)
      .send({ summary: 'Cable reseated' })
      .expect(200);
    const level2 = await eventually(async () => {
      const [row] = await w.query<{ id: string; state: string; starts_at: Date }>(
        `SELECT "id", "state", "starts_at" FROM "callback_tasks" WHERE "case_number" = $1 AND "level" = 2`,
        [number],
      );
      expect(row?.state).toBe('pending');
      return row;
    });
    const early = await w
      .as('quality')
      .post(`/api/cases/${number}/callbacks`)
      .send({ level: 2, reached: true, satisfaction: 5 })
      .expect(409);
    expect(early.body.message).toBe(
      `The level-2 callback is made 48 h after the service: it can be recorded from ${level2.starts_at.toISOString()}, not before`,
    );
    const [{ attempts }] = await w.query<{ attempts: number }>(
      `SELECT count(*)::int AS "attempts" FROM "callbacks" WHERE "case_number" = $1`,
      [number],
    );
    expect(attempts).toBe(0);
    // The level-1 confirmation call is due at once and is taken.
    await w
      .as('quality')
      .post(`/api/cases/${number}/callbacks`)
      .send({ level: 1, reached: true, satisfaction: 5 })
      .expect(201);
  });
});

describe('an expired certificate', () => {
  it('is renewed only with a recorded reason; it is active again and a new workflow keeps its time', async () => {
    const admin = (method: 'put' | 'post', url: string) =>
      request(w.app.getHttpServer())[method](url).set('Authorization', `Bearer ${w.tokens.admin}`);
    await admin('put', '/api/product-lines/scanners').send({ name: 'Scanners', modelPrefixes: ['SC-'] });
    const cert = (
      await admin('post', `/api/staff/${w.org.engineerId}/certificates`)
        .send({
          productLines: ['scanners'],
          issuedAt: new Date(Date.now() - 86_400_000).toISOString(),
          expiresAt: new Date(Date.now() + 3_000).toISOString(),
        })
        .expect(201)
    ).body as { id: string };
    await eventually(async () => {
      const got = await w.as('admin').get(`/api/certificates/${cert.id}`).expect(200);
      expect(got.body.state).toBe('expired');
    }, 20_000);
    const firstRun = await w.env.client.workflow.getHandle(certificationWorkflowId(cert.id)).describe();
    expect(firstRun.status.name).toBe('COMPLETED');

    const expiresAt = new Date(Date.now() + 365 * 86_400_000).toISOString();
    const noReason = await admin('post', `/api/certificates/${cert.id}/renew`)
      .send({ expiresAt })
      .expect(422);
    expect(Object.keys(noReason.body.errors)).toEqual(['reason']);
    expect((await w.as('admin').get(`/api/certificates/${cert.id}`).expect(200)).body.state).toBe('expired');

    const renewed = await admin('post', `/api/certificates/${cert.id}/renew`)
      .send({ expiresAt, reason: 'Passed the re-examination' })
      .expect(200);
    expect(renewed.body).toMatchObject({ state: 'active', expiresAt });
    const [entry] = await w.query<{ after: { reason: string; state: string } }>(
      `SELECT "after" FROM "audit_log" WHERE "action" = 'certificate.renew_expired' AND "entity_id" = $1`,
      [cert.id],
    );
    expect(entry.after).toMatchObject({ state: 'active', reason: 'Passed the re-examination' });
    const secondRun = await w.env.client.workflow.getHandle(certificationWorkflowId(cert.id)).describe();
    expect(secondRun.status.name).toBe('RUNNING');
    expect(secondRun.runId).not.toBe(firstRun.runId);
  });
});

describe('a suspension', () => {
  it('is lifted only by a manager above the person (or an admin), with a reason recorded on the penalty', async () => {
    const [user] = await w.query<{ id: string }>(
      `INSERT INTO "users" ("username", "display_name", "password_hash", "roles", "language")
       VALUES ('wang.manager', 'Wang', 'not-a-bcrypt-hash', '{supervisor}', 'en') RETURNING "id"`,
    );
    await w.query(`UPDATE "staff" SET "user_id" = $1 WHERE "id" = $2`, [user.id, w.org.managerId]);
    const managerToken = await w.app.get(JwtService).signAsync({ sub: user.id, username: 'wang.manager' });
    const asManager = (url: string) =>
      request(w.app.getHttpServer()).post(url).set('Authorization', `Bearer ${managerToken}`);

    const penalty = (
      await w
        .as('supervisor')
        .post('/api/penalties')
        .send({
          staffId: w.org.secondEngineerId,
          kind: 'disqualification',
          reason: 'Third verified complaint',
        })
        .expect(201)
    ).body as { id: string };
    const warning = (
      await w
        .as('supervisor')
        .post('/api/penalties')
        .send({ staffId: w.org.secondEngineerId, kind: 'warning', reason: 'Late' })
        .expect(201)
    ).body as { id: string };
    await asManager(`/api/penalties/${warning.id}/lift`).send({ reason: 'x' }).expect(409); // nothing to lift
    await asManager(`/api/penalties/${penalty.id}/lift`).send({ reason: 'Too early' }).expect(409); // not confirmed
    await asManager(`/api/penalties/${penalty.id}/confirm`).send({ reason: 'Upheld' }).expect(200);
    const suspended = async () =>
      (await w.as('supervisor').get(`/api/staff/${w.org.secondEngineerId}`).expect(200)).body.suspendedAt;
    expect(await suspended()).toEqual(expect.any(String));

    // The supervisor who proposed it is no manager: refused, and the refusal audited.
    await w.as('supervisor').post(`/api/penalties/${penalty.id}/lift`).send({ reason: 'Sorry' }).expect(403);
    const noReason = await asManager(`/api/penalties/${penalty.id}/lift`).send({}).expect(422);
    expect(Object.keys(noReason.body.errors)).toEqual(['reason']);
    expect(await suspended()).toEqual(expect.any(String));

    const lifted = await asManager(`/api/penalties/${penalty.id}/lift`)
      .send({ reason: 'Retrained and re-examined' })
      .expect(200);
    expect(lifted.body).toMatchObject({
      state: 'confirmed',
      liftedBy: 'wang.manager',
      liftReason: 'Retrained and re-examined',
      liftedAt: expect.any(String),
    });
    expect(await suspended()).toBeNull();
    const audits = await w.query<{ action: string }>(
      `SELECT "action" FROM "audit_log" WHERE "entity_id" = $1 AND "action" IN ('penalty.lift', 'authorisation.refused')
        ORDER BY "at"`,
      [penalty.id],
    );
    expect(audits.map((a) => a.action)).toEqual(['authorisation.refused', 'penalty.lift']);
    await asManager(`/api/penalties/${penalty.id}/lift`).send({ reason: 'Again' }).expect(409);
  });
});

describe('a manager', () => {
  it('signs in with the manager role, acts as a supervisor and receives the top of the escalation ladder', async () => {
    const server = w.app.getHttpServer();
    const admin = (method: 'post' | 'patch', url: string) =>
      request(server)[method](url).set('Authorization', `Bearer ${w.tokens.admin}`);
    // A new manager above the supervisor, signed in with the role their position needs.
    const created = (
      await admin('post', '/api/staff')
        .send({
          name: 'He (manager)',
          role: 'manager',
          branchId: w.org.branchId,
          supervisorId: w.org.gmOfficeId,
          signIn: { username: 'he.manager', password: 'manager-pass-1' },
        })
        .expect(201)
    ).body as { staff: { id: string }; signIn: { roles: string[] } };
    expect(created.signIn.roles).toEqual(['manager']);
    await admin('patch', `/api/staff/${w.org.supervisorId}`)
      .send({ supervisorId: created.staff.id })
      .expect(200);

    const login = await request(server)
      .post('/api/auth/login')
      .send({ username: 'he.manager', password: 'manager-pass-1' })
      .expect(200);
    const token = (login.body as { accessToken: string }).accessToken;
    const me = await request(server).get('/api/users/me').set('Authorization', `Bearer ${token}`).expect(200);
    expect(me.body.roles).toEqual(['manager', 'supervisor']);

    // A case nobody contacts within 3 s: its ladder's top step goes to the manager, in their inbox.
    const number = (
      await w
        .as('operator')
        .post('/api/cases')
        .send({
          kind: 'service_request',
          channel: 'phone',
          category: 'other',
          customer: { name: 'Waiting Customer', phone: '+8613700000043', tier: 'gold' },
          description: 'Nobody called',
          branchId: w.org.branchId,
        })
        .expect(201)
    ).body.number as string;
    const escalation = await eventually(async () => {
      const inbox = await request(server)
        .get('/api/escalations?mine=true')
        .set('Authorization', `Bearer ${token}`)
        .expect(200);
      const mine = (
        inbox.body.items as { caseNumber: string; action: string; recipientLevel: string }[]
      ).find((e) => e.caseNumber === number);
      expect(mine).toBeDefined();
      return mine!;
    }, 20_000);
    expect(escalation).toMatchObject({ action: 'escalate', recipientLevel: 'manager' });
    // A supervisor's route admits the manager; an admin's does not.
    await request(server).get('/api/penalties').set('Authorization', `Bearer ${token}`).expect(200);
    await request(server).get('/api/audit').set('Authorization', `Bearer ${token}`).expect(403);
  });
});
