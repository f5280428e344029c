// Appointments: an engineer's free slots are their branch calendar's working time minus booked visits and
// leave; `schedule` books one, or answers 409 with the nearest free slots and the apology to read out; the
// customer is sent the confirmation or the change; one engineer is never booked twice at once, even by two
// operators at the same moment (the database's exclusion constraint).
import request from 'supertest';
import { createCasesWorld, type CasesWorld } from './harness/cases-harness';

let w: CasesWorld;

beforeAll(async () => {
  w = await createCasesWorld();
}, 120_000);

afterAll(async () => {
  await w?.close();
});

interface Slot {
  start: string;
  end: string;
}
const HOUR = 3600_000;
let phone = 0;

async function assignedCase(): Promise<string> {
  const number = (
    await w
      .as('operator')
      .post('/api/cases')
      .send({
        kind: 'service_request',
        channel: 'phone',
        category: 'technical',
        branchId: 'sh',
        customer: { name: 'Visit', phone: `1390000${String(++phone).padStart(4, '0')}`, tier: 'standard' },
        description: 'Needs a visit',
      })
      .expect(201)
  ).body.number as string;
  await w
    .as('operator')
    .post(`/api/cases/${number}/actions/assign`)
    .send({ assigneeId: w.org.engineerId })
    .expect(200);
  return number;
}

async function slots(query = ''): Promise<Slot[]> {
  const from = encodeURIComponent(new Date(Date.now() + 24 * HOUR).toISOString());
  const res = await w
    .as('operator')
    .get(`/api/staff/${w.org.engineerId}/availability?from=${from}${query}`)
    .expect(200);
  expect(res.body.timeZone).toBe('Asia/Shanghai');
  return res.body.slots as Slot[];
}

const schedule = (number: string, visitAt: string, who: 'operator' | 'engineer' = 'operator') =>
  w.as(who).post(`/api/cases/${number}/actions/schedule`).send({ visitAt });

/** Local (Asia/Shanghai) weekday and minutes of the day. */
function local(iso: string): { weekday: string; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Shanghai',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return { weekday: get('weekday'), minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

const customerMessages = (number: string) =>
  w.query<{ template: string }>(
    `SELECT "template" FROM "notifications" WHERE "case_number" = $1 AND "recipient_kind" = 'customer'
      AND "template" LIKE 'appointment_%' ORDER BY "created_at"`,
    [number],
  );

describe('availability', () => {
  it('offers two-hour slots on the half hour within working hours (Mon–Fri 09:00–18:30), none in the past', async () => {
    const free = await slots();
    expect(free.length).toBeGreaterThan(10);
    for (const slot of free) {
      expect(Date.parse(slot.end) - Date.parse(slot.start)).toBe(2 * HOUR);
      expect(Date.parse(slot.start) % (30 * 60_000)).toBe(0);
      const start = local(slot.start);
      const end = local(slot.end);
      expect(['Sat', 'Sun']).not.toContain(start.weekday);
      expect(start.minutes).toBeGreaterThanOrEqual(9 * 60);
      expect(end.minutes).toBeLessThanOrEqual(18 * 60 + 30);
    }
  });

  it('answers 404 for an unknown engineer and 422 naming a bad field', async () => {
    await w.as('operator').get('/api/staff/00000000-0000-4000-8000-000000000000/availability').expect(404);
    const bad = await w
      .as('operator')
      .get(`/api/staff/${w.org.engineerId}/availability?days=99&from=soon`)
      .expect(422);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['days', 'from']);
  });
});

describe('schedule', () => {
  let first: string;
  let booked: Slot;

  it('books a free slot, sends the customer the confirmation, and the slot is no longer offered', async () => {
    first = await assignedCase();
    [booked] = await slots();
    const c = (await schedule(first, booked.start).expect(200)).body as { state: string; visitAt: string };
    expect(c).toMatchObject({ state: 'scheduled', visitAt: booked.start });
    expect((await slots()).some((s) => s.start < booked.end && booked.start < s.end)).toBe(false);
    const sent = await waitFor(
      () => customerMessages(first),
      (rows) => rows.length >= 1,
    );
    expect(sent.map((r) => r.template)).toEqual(['appointment_confirmed']);
  });

  it('refuses a taken slot with 409, the nearest free slots and the standard apology', async () => {
    const other = await assignedCase();
    const res = await schedule(other, booked.start).expect(409);
    expect(res.body.message).toMatch(/^visitAt is already taken/);
    expect(res.body.details).toMatchObject({ field: 'visitAt', reason: 'taken' });
    expect(res.body.details.apology['zh-CN']).toMatch(/^非常抱歉/);
    expect(res.body.details.apology.en).toMatch(/^We are very sorry/);
    const nearest = res.body.details.nearestSlots as Slot[];
    expect(nearest).toHaveLength(3);
    for (const s of nearest) expect(s.start < booked.end && booked.start < s.end).toBe(false);
    // Nothing was booked for the refused case, and it did not move.
    expect(await w.query(`SELECT 1 FROM "appointments" WHERE "case_number" = $1`, [other])).toEqual([]);
    const kase = (await w.as('operator').get(`/api/cases/${other}`).expect(200)).body as { state: string };
    expect(kase.state).toBe('assigned');
    // One of the offered slots is taken at once.
    await schedule(other, nearest[0].start).expect(200);
  });

  it('refuses a time outside working hours with 409 and the nearest slots', async () => {
    const number = await assignedCase();
    const [slot] = await slots();
    // 03:00 (Asia/Shanghai, UTC+8 all year) on the day after the first free slot: always ahead, always outside
    // working hours, whatever the time of day the test runs at.
    const slotDay = new Date(Date.parse(slot.start) + 8 * HOUR).toISOString().slice(0, 10);
    const night = new Date(Date.parse(`${slotDay}T03:00:00+08:00`) + 24 * HOUR).toISOString();
    const res = await schedule(number, night).expect(409);
    expect(res.body.details.reason).toBe('outside_working_time');
    expect(res.body.details.nearestSlots).toHaveLength(3);
  });

  it('moves a booked visit to a new time: the old slot is free again and the customer is told of the change', async () => {
    const free = await slots();
    const later = free.find((s) => Date.parse(s.start) >= Date.parse(booked.end) + 4 * HOUR)!;
    await schedule(first, later.start).expect(200);
    const rows = await w.query<{ status: string }>(
      `SELECT "status" FROM "appointments" WHERE "case_number" = $1 ORDER BY "booked_at"`,
      [first],
    );
    expect(rows.map((r) => r.status)).toEqual(['moved', 'booked']);
    expect((await slots()).some((s) => s.start === booked.start)).toBe(true);
    const sent = await waitFor(
      () => customerMessages(first),
      (r) => r.length >= 2,
    );
    expect(sent.map((r) => r.template)).toEqual(['appointment_confirmed', 'appointment_moved']);
  });

  it('never books one engineer twice, even for two operators at the same moment', async () => {
    const [a, b] = await Promise.all([assignedCase(), assignedCase()]);
    const slot = (await slots())[4];
    const answers = await Promise.all([schedule(a, slot.start), schedule(b, slot.start, 'engineer')]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    const rows = await w.query(
      `SELECT 1 FROM "appointments" WHERE "engineer_id" = $1 AND "status" = 'booked'
          AND "during" && tstzrange($2, $3)`,
      [w.org.engineerId, slot.start, slot.end],
    );
    expect(rows).toHaveLength(1);
    // The database itself refuses an overlapping booking, whoever writes it.
    await expect(
      w.query(
        `INSERT INTO "appointments" ("case_number", "engineer_id", "during", "booked_by")
         VALUES ($1, $2, tstzrange($3, $4, '[)'), 'sql')`,
        [b, w.org.engineerId, new Date(Date.parse(slot.start) + HOUR).toISOString(), slot.end],
      ),
    ).rejects.toThrow(/appointments_no_double_booking/);
  });
});

describe('leave', () => {
  it('takes the engineer’s leave out of their free slots; a visit then is refused (409 on_leave); audited', async () => {
    const free = await slots();
    const day = free[free.length - 1];
    const from = new Date(Date.parse(day.start) - 12 * HOUR).toISOString();
    const to = new Date(Date.parse(day.start) + 12 * HOUR).toISOString();
    const server = w.app.getHttpServer();
    await w
      .as('operator')
      .post(`/api/staff/${w.org.engineerId}/leave`)
      .send({ from, to, reason: 'x' })
      .expect(403);
    const bad = await w
      .as('supervisor')
      .post(`/api/staff/${w.org.engineerId}/leave`)
      .send({ from: to, to: from, reason: 'Annual leave' })
      .expect(422);
    expect(Object.keys(bad.body.errors)).toEqual(['to']);
    const leave = (
      await w
        .as('supervisor')
        .post(`/api/staff/${w.org.engineerId}/leave`)
        .send({ from, to, reason: 'Annual leave' })
        .expect(201)
    ).body as { id: string; visitsToMove: string[] };
    expect(leave.visitsToMove).toEqual([]);
    expect((await slots()).some((s) => s.start === day.start)).toBe(false);
    const number = await assignedCase();
    const res = await schedule(number, day.start).expect(409);
    expect(res.body.details.reason).toBe('on_leave');
    const listed = await w.as('engineer').get(`/api/staff/${w.org.engineerId}/leave`).expect(200);
    expect(listed.body.map((l: { id: string }) => l.id)).toContain(leave.id);
    await request(server)
      .delete(`/api/leave/${leave.id}`)
      .set('Authorization', `Bearer ${w.tokens.supervisor}`)
      .expect(204);
    expect((await slots()).some((s) => s.start === day.start)).toBe(true);
    const audit = await w.query<{ action: string }>(
      `SELECT "action" FROM "audit_log" WHERE "action" LIKE 'leave.%' ORDER BY "at"`,
    );
    expect(audit.map((a) => a.action)).toEqual(['leave.add', 'leave.remove']);
  });
});

async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
