// The supervisor's side of cases: a breached promise lands in the inbox (fired by the workflow's own
// durable timer, real time), is acknowledged once; and the shift handover list. One world for the file.
import { randomUUID } from 'node:crypto';
import { createCalendar, DEFAULT_CALENDAR, DEFAULT_POLICY, type LocalDate } from '@caseflow/sla';
import { createCasesWorld, eventually, type CasesWorld } from './harness/cases-harness';

const calendar = createCalendar(DEFAULT_CALENDAR);

/** Policy v2 = v1 plus one rule: sales cases must be contacted within 3 seconds (breach → supervisor). */
const SHORT_FIRST_CONTACT_FOR_SALES = {
  match: { caseKind: 'service_request', category: 'sales' },
  commitments: [
    {
      kind: 'first_contact',
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
      ],
    },
  ],
};

interface Escalation {
  id: string;
  caseNumber: string;
  caseState: string;
  action: string;
  commitmentKind: string;
  recipient: { id: string; name: string } | null;
  recipientLevel: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  message: string;
}
interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

let w: CasesWorld;

beforeAll(async () => {
  w = await createCasesWorld({
    prepare: async (query) => {
      await query(
        `INSERT INTO "sla_policy_versions" ("policy_id", "version", "rules", "published_by", "reason")
         VALUES ('default', 2, $1::jsonb, 'e2e', 'sales cases: first contact within 3 s, to watch a breach fire')`,
        [JSON.stringify([...DEFAULT_POLICY.rules, SHORT_FIRST_CONTACT_FOR_SALES])],
      );
      await query(`UPDATE "sla_policies" SET "current_version" = 2 WHERE "id" = 'default'`);
    },
  });
}, 120_000);

afterAll(async () => {
  await w?.close();
}, 60_000);

function intake(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'service_request',
    channel: 'phone',
    category: 'technical',
    customer: { name: 'Wei Hua', phone: '13900139000', tier: 'standard' },
    description: 'No dial tone',
    branchId: 'sh',
    ...overrides,
  };
}

describe('the escalation inbox', () => {
  let number: string;
  let escalation: Escalation;

  it('starts new cases under the current policy version, with the calendars it names', async () => {
    const created = await w
      .as('operator')
      .post('/api/cases')
      .send(intake({ category: 'sales' }))
      .expect(201);
    number = created.body.number;
    expect(created.body.policy).toEqual({ id: 'default', version: 2 });
    const firstContact = created.body.commitments.find((c: { kind: string }) => c.kind === 'first_contact');
    expect(Date.parse(firstContact.dueAt) - Date.parse(created.body.receivedAt)).toBe(3000);
  });

  it('puts a breached first contact in the supervisor’s inbox, and marks the case breached', async () => {
    const inbox = await eventually(async () => {
      const page = (await w.as('supervisor').get('/api/escalations?mine=true').expect(200))
        .body as Page<Escalation>;
      expect(page.items).toHaveLength(1);
      return page;
    }, 20_000);
    escalation = inbox.items[0];
    expect(inbox).toMatchObject({ total: 1, page: 1, pageSize: 20 });
    expect(escalation).toMatchObject({
      caseNumber: number,
      caseState: 'new',
      action: 'breach',
      commitmentKind: 'first_contact',
      recipientLevel: 'supervisor',
      recipient: { id: w.org.supervisorId, name: 'Li (supervisor, sh)' },
      acknowledgedAt: null,
    });
    expect(escalation.message).toContain(number);

    // The escalation is recorded first, then the timeline entry that marks the case breached.
    await eventually(async () => {
      const breached = (await w.as('operator').get('/api/cases?breached=true').expect(200)).body as Page<{
        number: string;
      }>;
      expect(breached.items.map((c) => c.number)).toEqual([number]);
    });
    const detail = (await w.as('operator').get(`/api/cases/${number}`).expect(200)).body;
    expect(detail.timeline.map((e: { type: string }) => e.type)).toContain('commitment_breached');
  });

  it('shows every open escalation to supervisors and admins, and nobody else’s to an engineer', async () => {
    const all = (await w.as('admin').get('/api/escalations').expect(200)).body as Page<Escalation>;
    expect(all.items.map((e) => e.id)).toEqual([escalation.id]);
    const mine = (await w.as('engineer').get('/api/escalations?mine=true').expect(200))
      .body as Page<Escalation>;
    expect(mine).toMatchObject({ items: [], total: 0 });
    const refused = await w.as('engineer').get('/api/escalations').expect(403);
    expect(refused.body.message).toMatch(/mine=true/);
    await w.as('supervisor').get('/api/escalations?mine=yes').expect(422);
    await w.as('supervisor').get('/api/escalations?pageSize=500').expect(422);
  });

  it('lets only the recipient, those above them, or an admin acknowledge; 404 for an unknown one', async () => {
    await w.as('engineer').post(`/api/escalations/${escalation.id}/acknowledge`).expect(403);
    await w.as('operator').post(`/api/escalations/${escalation.id}/acknowledge`).expect(403);
    await w.as('supervisor').post(`/api/escalations/${randomUUID()}/acknowledge`).expect(404);
    await w.as('supervisor').post('/api/escalations/not-an-id/acknowledge').expect(404);
    const [row] = await w.query(`SELECT "acknowledged_at" FROM "escalations" WHERE "id" = $1`, [
      escalation.id,
    ]);
    expect(row).toEqual({ acknowledged_at: null });
  });

  it('records who acknowledged it and when; the same person again gets the same answer, anyone else 409', async () => {
    const first = (await w.as('supervisor').post(`/api/escalations/${escalation.id}/acknowledge`).expect(200))
      .body as Escalation;
    expect(first.acknowledgedBy).toBe(w.userIds.supervisor);
    expect(first.acknowledgedAt).not.toBeNull();
    const again = (await w.as('supervisor').post(`/api/escalations/${escalation.id}/acknowledge`).expect(200))
      .body as Escalation;
    expect(again.acknowledgedAt).toBe(first.acknowledgedAt);
    const late = await w.as('admin').post(`/api/escalations/${escalation.id}/acknowledge`).expect(409);
    expect(late.body.details).toMatchObject({ acknowledgedBy: w.userIds.supervisor });

    const open = (await w.as('supervisor').get('/api/escalations').expect(200)).body as Page<Escalation>;
    expect(open.items).toEqual([]);
    const done = (await w.as('supervisor').get('/api/escalations?status=acknowledged').expect(200))
      .body as Page<Escalation>;
    expect(done.items.map((e) => e.id)).toEqual([escalation.id]);
    const inbox = (await w.as('supervisor').get('/api/escalations?mine=true').expect(200))
      .body as Page<Escalation>;
    expect(inbox.items[0].acknowledgedAt).toBe(first.acknowledgedAt);
  });
});

describe('the shift handover list', () => {
  // The next shift after today's (or, on a day off, after the next working day's): its list holds what is
  // still open at the end of that working day. Cases logged now fall before that cutoff unless the working
  // day is already over, in which case they are logged as received just before it.
  const today = calendar.localDateOf(Date.now());
  const workingDay: LocalDate = calendar.isWorkingDay(today) ? today : calendar.nextWorkingDay(today);
  const nextShift = calendar.nextWorkingDay(workingDay);
  const periods = calendar.workingPeriodsOn(workingDay);
  const cutoff = periods[periods.length - 1].end.getTime();

  let open: string;
  let complaint: string;
  let resolved: { number: string; resolvedAt: number };

  beforeAll(async () => {
    const receivedAt = new Date(Math.min(Date.now(), cutoff - 60_000)).toISOString();
    open = (await w.as('operator').post('/api/cases').send(intake({ receivedAt })).expect(201)).body.number;
    await w
      .as('operator')
      .post(`/api/cases/${open}/actions/assign`)
      .send({ assigneeId: w.org.engineerId })
      .expect(200);
    const done = (await w.as('operator').post('/api/cases').send(intake({ receivedAt })).expect(201)).body
      .number;
    const after = await w
      .as('engineer')
      .post(`/api/cases/${done}/actions/resolve`)
      .send({ summary: 'Answered on the call' })
      .expect(200);
    resolved = { number: done, resolvedAt: Date.parse(after.body.resolvedAt) };
  });

  it(`lists what was still open at the end of the previous working day, with assignee and open promises`, async () => {
    const list = (await w.as('engineer').get(`/api/handover?date=${nextShift}`).expect(200)).body;
    expect(list).toMatchObject({
      date: nextShift,
      previousWorkingDay: workingDay,
      cutoff: new Date(cutoff).toISOString(),
      timeZone: 'Asia/Shanghai',
    });
    const item = list.items.find((i: { number: string }) => i.number === open);
    expect(item).toMatchObject({
      state: 'assigned',
      assignee: { id: w.org.engineerId, name: 'Chen (engineer, sh)' },
      customerName: 'Wei Hua',
    });
    expect(item.openCommitments.map((c: { kind: string }) => c.kind)).toEqual(['first_contact']);
    expect(item.openCommitments[0].dueAt).toEqual(expect.any(String));
    // Solved before the cutoff: off the list. (Solved after it — the working day was over — it stays on.)
    const listed = list.items.some((i: { number: string }) => i.number === resolved.number);
    expect(listed).toBe(resolved.resolvedAt > cutoff);
  });

  it('leaves off cases received after the previous working day ended (default date: today)', async () => {
    const list = (await w.as('operator').get('/api/handover').expect(200)).body;
    expect(list.date).toBe(today);
    expect(Date.parse(list.cutoff)).toBeLessThan(Date.now());
    expect(list.items.map((i: { number: string }) => i.number)).not.toContain(open);
  });

  it('lists the complaints still open at the cutoff too, for those who may read complaints', async () => {
    const receivedAt = new Date(Math.min(Date.now(), cutoff - 60_000)).toISOString();
    complaint = (
      await w
        .as('operator')
        .post('/api/complaints')
        .send({
          source: 'phone',
          category: 'technical',
          complexity: 'simple',
          customer: { name: 'Wei Hua', phone: '13900139000', tier: 'standard' },
          description: 'Nobody came',
          branchId: 'sh',
          receivedAt,
        })
        .expect(201)
    ).body.number;
    const item = await eventually(async () => {
      const list = (await w.as('operator').get(`/api/handover?date=${nextShift}`).expect(200)).body;
      const found = list.items.find((i: { number: string }) => i.number === complaint);
      expect(found).toBeDefined();
      return found;
    });
    expect(item).toMatchObject({
      type: 'complaint',
      kind: 'complaint',
      state: 'forwarded',
      assignee: null,
      customerName: 'Wei Hua',
      branchId: 'sh',
      pickedUp: null,
    });
    expect(item.openCommitments.length).toBeGreaterThan(0);
    // Engineers do not read complaints: theirs is the case list only.
    const engineers = (await w.as('engineer').get(`/api/handover?date=${nextShift}`).expect(200)).body;
    expect(engineers.items.map((i: { type: string }) => i.type)).not.toContain('complaint');
  });

  it('records who of the next shift picked an entry up and when, once (idempotent), audited, shown on the list', async () => {
    const first = await w
      .as('operator')
      .post(`/api/handover/${open}/pick-up`)
      .send({ date: nextShift })
      .expect(200);
    expect(first.body).toMatchObject({
      number: open,
      type: 'case',
      pickedUp: { userId: w.userIds.operator, username: 'operator.e2e', at: expect.any(String) },
    });
    // Again, by anyone: the first pick-up stands.
    const again = await w
      .as('supervisor')
      .post(`/api/handover/${open}/pick-up`)
      .send({ date: nextShift })
      .expect(200);
    expect(again.body.pickedUp).toEqual(first.body.pickedUp);
    await w.as('quality').post(`/api/handover/${complaint}/pick-up`).send({ date: nextShift }).expect(200);

    const list = (await w.as('operator').get(`/api/handover?date=${nextShift}`).expect(200)).body;
    const byNumber = new Map(list.items.map((i: { number: string }) => [i.number, i]));
    expect(byNumber.get(open)).toMatchObject({ pickedUp: first.body.pickedUp });
    expect(byNumber.get(complaint)).toMatchObject({ pickedUp: { userId: w.userIds.quality } });
    // Another day's list is another hand-over: not picked up there.
    const other = calendar.nextWorkingDay(nextShift);
    const later = (await w.as('operator').get(`/api/handover?date=${other}`).expect(200)).body;
    expect(later.items.find((i: { number: string }) => i.number === open)?.pickedUp ?? null).toBeNull();

    const audit = await w.query(
      `SELECT "actor", "entity_type", "entity_id" FROM "audit_log" WHERE "action" = 'handover.pick_up' ORDER BY "at"`,
    );
    expect(audit).toEqual([
      { actor: 'operator.e2e', entity_type: 'case', entity_id: open },
      { actor: 'quality.e2e', entity_type: 'complaint', entity_id: complaint },
    ]);
  });

  it('answers 404 naming the list for a case that is not on it, and writes nothing', async () => {
    const today = (await w.as('operator').post(`/api/handover/${open}/pick-up`).send({}).expect(404)).body;
    expect(today.message).toMatch(
      new RegExp(`^${open} is not on the handover list of ${calendar.localDateOf(Date.now())}`),
    );
    await w
      .as('operator')
      .post('/api/handover/20200101-07-0001/pick-up')
      .send({ date: nextShift })
      .expect(404);
    // An engineer does not see complaints, so cannot pick one up either.
    await w.as('engineer').post(`/api/handover/${complaint}/pick-up`).send({ date: nextShift }).expect(404);
    const bad = await w
      .as('operator')
      .post(`/api/handover/${open}/pick-up`)
      .send({ date: 'monday' })
      .expect(422);
    expect(Object.keys(bad.body.errors)).toEqual(['date']);
    const rows = await w.query(`SELECT count(*)::int AS "n" FROM "handover_pickups"`);
    expect(rows).toEqual([{ n: 2 }]);
  });

  it.each(['2026-02-30', 'tomorrow', '2026-1-5'])('refuses the date "%s" with 422', async (date) => {
    const response = await w.as('operator').get(`/api/handover?date=${date}`).expect(422);
    expect(Object.keys(response.body.errors)).toEqual(['date']);
  });
});
