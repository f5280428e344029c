// Complaints in real time: an unacknowledged complaint climbs the ladder by its own durable timer (the
// complaint policy published as v2 with a 3-second acknowledgement), the list finds it breached; and an
// extremely dissatisfied customer at a case's callback becomes a complaint linked to the case.
import request from 'supertest';
import { createCasesWorld, eventually, type CasesWorld } from './harness/cases-harness';
import { COMPLAINT_POLICY_V1_RULES } from '../../../libs/persistence/src/migrations/1795370000000-Complaints';

/** v2 = v1 plus one rule: complaints from the web must be acknowledged within 3 s, breach → supervisor, then the manager. */
const FAST_ACKNOWLEDGEMENT_FOR_WEB = {
  match: { caseKind: 'complaint', channel: 'web' },
  commitments: [
    {
      kind: 'complaint_acknowledge',
      budget: { amount: 0.05, unit: 'minutes' },
      clock: 'calendar',
      calendarId: 'default',
      ladder: [
        {
          id: 'breach',
          fraction: 1,
          action: 'breach',
          target: 'supervisor',
          template: 'commitment_breached',
          waitForWorkingHours: false,
        },
        {
          id: 'escalate',
          fraction: 1,
          delay: { amount: 0.05, unit: 'minutes' },
          delayClock: 'calendar',
          action: 'escalate',
          target: 'manager',
          template: 'commitment_escalated',
          waitForWorkingHours: false,
        },
      ],
    },
  ],
};

interface Complaint {
  number: string;
  state: string;
  breached: boolean;
  sourceCaseNumber?: string;
  source: string;
  department: string;
  policy: { id: string; version: number };
  commitments: { id: string; breached: boolean; status: string }[];
  timeline?: { type: string; summary: string }[];
}

let w: CasesWorld;

beforeAll(async () => {
  w = await createCasesWorld({
    prepare: async (query) => {
      await query(
        `UPDATE "sla_policy_versions" SET "status" = 'superseded' WHERE "policy_id" = 'complaints' AND "version" = 1`,
      );
      await query(
        `INSERT INTO "sla_policy_versions" ("policy_id", "version", "rules", "status", "published_at", "published_by", "reason")
         VALUES ('complaints', 2, $1::jsonb, 'published', now(), 'e2e', 'web complaints: acknowledged within 3 s')`,
        [JSON.stringify([...COMPLAINT_POLICY_V1_RULES, FAST_ACKNOWLEDGEMENT_FOR_WEB])],
      );
      await query(`UPDATE "sla_policies" SET "current_version" = 2 WHERE "id" = 'complaints'`);
    },
  });
}, 120_000);

afterAll(async () => {
  await w?.close();
}, 60_000);

describe('an unacknowledged complaint', () => {
  it('breaches at its deadline, tells the supervisor, then the manager above them; the list finds it breached', async () => {
    const created = (
      await w
        .as('operator')
        .post('/api/complaints')
        .send({
          source: 'web',
          category: 'technical',
          complexity: 'simple',
          customer: { name: 'Wei Hua', phone: '13900139000', tier: 'standard' },
          description: 'Nobody came',
          branchId: 'sh',
        })
        .expect(201)
    ).body as Complaint;
    expect(created.policy).toEqual({ id: 'complaints', version: 2 });

    const escalated = await eventually(async () => {
      const shown = (await w.as('quality').get(`/api/complaints/${created.number}`).expect(200))
        .body as Complaint;
      expect(shown.timeline!.map((e) => e.type)).toEqual(
        expect.arrayContaining(['commitment_breached', 'commitment_escalated']),
      );
      return shown;
    }, 20_000);
    expect(escalated.breached).toBe(true);
    expect(escalated.commitments.find((c) => c.id === 'complaint_acknowledge#1')!.breached).toBe(true);

    const told = await w.query<{ recipient_staff_id: string; template: string }>(
      `SELECT "recipient_staff_id", "template" FROM "notifications"
        WHERE "case_number" = $1 AND "channel" = 'in_app' AND "template" LIKE 'complaint_commitment_%' ORDER BY "created_at"`,
      [created.number],
    );
    // The policy's templates, in the complaint's wording.
    expect(told).toEqual([
      { recipient_staff_id: w.org.supervisorId, template: 'complaint_commitment_breached' },
      { recipient_staff_id: w.org.managerId, template: 'complaint_commitment_escalated' },
    ]);

    const breached = (await w.as('quality').get('/api/complaints?breached=true').expect(200)).body;
    expect(breached.items.map((c: Complaint) => c.number)).toEqual([created.number]);
    const acknowledged = (
      await w
        .as('supervisor')
        .post(`/api/complaints/${created.number}/actions/acknowledge`)
        .send({})
        .expect(200)
    ).body as Complaint;
    expect(acknowledged.commitments.find((c) => c.id === 'complaint_acknowledge#1')).toMatchObject({
      status: 'met',
      breached: true,
    });
  });
});

describe('a complaint’s ladder steps in the escalation inbox', () => {
  it('lists the breach for the supervisor (mine=true) with the complaint number, once per step, and the supervisor acknowledges it', async () => {
    const created = (
      await w
        .as('operator')
        .post('/api/complaints')
        .send({
          source: 'web',
          category: 'technical',
          complexity: 'simple',
          customer: { name: 'Zhao Min', phone: '13900139001', tier: 'standard' },
          description: 'The replacement part never arrived',
          branchId: 'sh',
        })
        .expect(201)
    ).body as Complaint;

    interface Escalation {
      id: string;
      caseNumber: string | null;
      complaintNumber: string | null;
      complaintState: string | null;
      customerName: string;
      commitmentId: string;
      stepId: string;
      action: string;
      recipient: { id: string } | null;
      message: string;
      link: string;
      acknowledgedAt: string | null;
    }
    const inbox = await eventually(async () => {
      const page = (await w.as('supervisor').get('/api/escalations?mine=true').expect(200)).body as {
        items: Escalation[];
      };
      const about = page.items.filter((e) => e.complaintNumber === created.number);
      expect(about.map((e) => e.stepId)).toEqual(['breach']);
      return about;
    }, 20_000);
    const breach = inbox[0];
    expect(breach).toMatchObject({
      caseNumber: null,
      complaintNumber: created.number,
      customerName: 'Zhao Min',
      commitmentId: 'complaint_acknowledge#1',
      action: 'breach',
      recipient: { id: w.org.supervisorId },
      link: `/complaints/${created.number}`,
      acknowledgedAt: null,
    });
    expect(breach.message).toContain(`complaint ${created.number} (Zhao Min)`);

    // The manager's step lands too (in every escalation, which the supervisor may list), each step once,
    // and the in-app message names the escalation it belongs to.
    const all = await eventually(async () => {
      const page = (await w.as('supervisor').get('/api/escalations?status=all&pageSize=100').expect(200))
        .body as { items: Escalation[] };
      const about = page.items.filter((e) => e.complaintNumber === created.number);
      expect(about.map((e) => e.stepId).sort()).toEqual(['breach', 'escalate']);
      return about;
    }, 20_000);
    expect(all.find((e) => e.stepId === 'escalate')!.recipient).toEqual({
      id: w.org.managerId,
      name: expect.any(String),
    });
    const rows = await w.query<{ escalation_id: string; template: string; body: string | null }>(
      `SELECT "escalation_id", "template", "body" FROM "notifications"
        WHERE "case_number" = $1 AND "channel" = 'in_app' AND "escalation_id" IS NOT NULL ORDER BY "created_at"`,
      [created.number],
    );
    expect(rows.map((r) => r.escalation_id)).toEqual([
      breach.id,
      all.find((e) => e.stepId === 'escalate')!.id,
    ]);

    // The message's link opens the complaint's console page (a stand-in until the console is served).
    const link = /https?:\/\/\S+/.exec(rows[0].body ?? '')?.[0];
    expect(link).toBeDefined();
    const { pathname } = new URL(link!);
    expect(pathname).toBe(`/complaints/${created.number}`);
    const page = await request(w.app.getHttpServer()).get(pathname).expect(200);
    expect(page.type).toBe('text/html');
    expect(page.text).toContain(`投诉 ${created.number}`);
    expect(page.text).toContain(`Complaint ${created.number}`);
    expect(page.text).toContain('href="/docs"');

    const acknowledged = (
      await w.as('supervisor').post(`/api/escalations/${breach.id}/acknowledge`).expect(200)
    ).body as Escalation;
    expect(acknowledged.complaintNumber).toBe(created.number);
    expect(acknowledged.acknowledgedAt).not.toBeNull();
    const open = (await w.as('supervisor').get('/api/escalations?mine=true&status=open').expect(200))
      .body as { items: Escalation[] };
    expect(open.items.map((e) => e.id)).not.toContain(breach.id);
  });
});

describe('a case’s callback', () => {
  it('turns an extremely dissatisfied customer into a complaint linked to the case', async () => {
    const kase = await w
      .as('operator')
      .post('/api/cases')
      .send({
        kind: 'service_request',
        channel: 'phone',
        category: 'sales',
        customer: { name: 'Wei Hua', phone: '13900139000', tier: 'standard' },
        description: 'Wrong model delivered',
        branchId: 'sh',
      })
      .expect(201);
    const number = kase.body.number as string;
    await w
      .as('operator')
      .post(`/api/cases/${number}/actions/resolve`)
      .send({ summary: 'Swapped' })
      .expect(200);
    await w
      .as('quality')
      .post(`/api/cases/${number}/callbacks`)
      .send({ level: 1, reached: true, satisfaction: 1, extremelyDissatisfied: true, remarks: 'never again' })
      .expect(201);

    const complaint = await eventually(async () => {
      const list = (await w.as('quality').get(`/api/complaints?case=${number}`).expect(200)).body;
      expect(list.items).toHaveLength(1);
      return list.items[0] as Complaint;
    }, 20_000);
    expect(complaint.sourceCaseNumber).toBe(number);
    expect(complaint).toMatchObject({
      source: 'callback',
      department: 'product_division',
      state: 'forwarded',
    });
    const caseTimeline = (await w.as('operator').get(`/api/cases/${number}`).expect(200)).body.timeline as {
      type: string;
      summary: string;
    }[];
    expect(caseTimeline.at(-1)).toMatchObject({ type: 'complaint_requested' });
    expect(caseTimeline.at(-1)!.summary).toContain(`-callback-1-1 raised`);
    const bad = await w.as('quality').get('/api/complaints?case=not-a-case').expect(422);
    expect(Object.keys(bad.body.errors)).toEqual(['case']);
  });
});
