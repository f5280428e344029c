// Calendars end to end: create, change (validated, audited, revisioned), and import holidays from an
// .ics file (multipart or a text/calendar body); a change re-plans the open cases that use the calendar,
// whose timeline says which deadline moved. A bad change or a bad file leaves the calendar unchanged.
import request from 'supertest';
import { createCalendar, DEFAULT_CALENDAR, HOUR_MS, type CalendarDefinition } from '@caseflow/sla';
import { createCasesWorld, eventually, type CasesWorld } from './harness/cases-harness';

interface CalendarBody extends CalendarDefinition {
  revision: number;
}
interface Case {
  number: string;
  receivedAt: string;
  commitments: { kind: string; dueAt?: string }[];
  timeline?: { type: string; actor: string; summary: string }[];
}

let w: CasesWorld;

beforeAll(async () => {
  w = await createCasesWorld();
}, 120_000);

afterAll(async () => {
  await w?.close();
}, 60_000);

const put = (url: string) =>
  request(w.app.getHttpServer()).put(url).set('Authorization', `Bearer ${w.tokens.admin}`);
const body = (def: CalendarDefinition) => {
  const { id: _id, ...rest } = def;
  return JSON.parse(JSON.stringify(rest)) as Omit<CalendarDefinition, 'id'>;
};
const getCalendar = async (id = 'default') =>
  (await w.as('admin').get(`/api/calendars/${id}`).expect(200)).body as CalendarBody;
const ics = (...lines: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...lines, 'END:VCALENDAR'].join('\r\n');

async function openCase(): Promise<Case> {
  const response = await w
    .as('operator')
    .post('/api/cases')
    .send({
      kind: 'service_request',
      channel: 'phone',
      category: 'technical',
      customer: { name: 'Zhao Lei', phone: '+86 137-0013-7000', tier: 'standard' },
      description: 'Scanner jams',
      branchId: 'sh',
    })
    .expect(201);
  const created = response.body as Case;
  await eventually(async () => expect((await detail(created.number)).timeline).toHaveLength(1));
  return created;
}

const detail = async (number: string) =>
  (await w.as('supervisor').get(`/api/cases/${number}`).expect(200)).body as Case;
const due = (c: Case, kind: string) => c.commitments.find((x) => x.kind === kind)!.dueAt!;

describe('who may edit calendars', () => {
  it('a non-admin gets 403', async () => {
    await w.as('operator').get('/api/calendars').expect(403);
    await w.as('supervisor').post('/api/calendars/default/holidays/import').send('x').expect(403);
  });
});

describe('bad changes leave the calendar unchanged', () => {
  it('overlapping working periods: 422 naming the period', async () => {
    const def = body(DEFAULT_CALENDAR);
    def.weeklyPeriods.mon = [
      { start: '09:00', end: '12:00' },
      { start: '11:00', end: '18:00' },
    ];
    const { body: error } = await put('/api/calendars/default').send(def).expect(422);
    expect(error.errors).toEqual({ 'weeklyPeriods.mon[1]': ['overlaps weeklyPeriods.mon[0]'] });
    expect((await getCalendar()).revision).toBe(1);
  });

  it('an empty week and an unknown time zone: 422 for each field', async () => {
    const def = body(DEFAULT_CALENDAR);
    def.timeZone = 'Mars/Olympus';
    for (const day of Object.keys(def.weeklyPeriods) as (keyof typeof def.weeklyPeriods)[])
      def.weeklyPeriods[day] = [];
    const { body: error } = await put('/api/calendars/default').send(def).expect(422);
    expect(Object.keys(error.errors).sort()).toEqual(['timeZone', 'weeklyPeriods']);
  });

  it('a holiday file that does not parse: 422 saying where and why', async () => {
    const bad = ics('BEGIN:VEVENT', 'DTSTART:20270101T090000Z', 'SUMMARY:New Year', 'END:VEVENT');
    const { body: error } = await w
      .as('admin')
      .post('/api/calendars/default/holidays/import')
      .attach('file', Buffer.from(bad), 'holidays.ics')
      .expect(422);
    expect(error.errors.file).toEqual([
      expect.stringMatching(/^line 5: event "New Year": DTSTART is a date-time/),
    ]);
    expect(error.message).toMatch(/does not parse/);
    const notIcs = await w
      .as('admin')
      .post('/api/calendars/default/holidays/import')
      .set('Content-Type', 'text/calendar')
      .send('hello')
      .expect(422);
    expect(notIcs.body.errors.file).toEqual([
      'line 1: not an iCalendar file: the first line must be BEGIN:VCALENDAR',
    ]);
    expect((await getCalendar()).revision).toBe(1);
  });

  it('a holiday file with good events and bad ones imports none of them, and names every bad line', async () => {
    const before = await getCalendar();
    const mixed = ics(
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20280101',
      'SUMMARY:New Year',
      'END:VEVENT',
      'BEGIN:VEVENT', // line 8
      'DTSTART:20280128T090000Z',
      'SUMMARY:Spring Festival',
      'END:VEVENT',
      'this is not a content line', // line 12
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20280405',
      'RRULE:FREQ=YEARLY', // line 15
      'SUMMARY:Qingming',
      'END:VEVENT',
    );
    const { body: error } = await w
      .as('admin')
      .post('/api/calendars/default/holidays/import')
      .attach('file', Buffer.from(mixed), 'holidays-2028.ics')
      .expect(422);
    const lines = (error.errors.file as string[]).map((m) => Number(/^line (\d+):/.exec(m)?.[1]));
    expect(lines.sort((a, b) => a - b)).toEqual([9, 12, 15]);
    const after = await getCalendar();
    expect(after.revision).toBe(before.revision);
    expect(after.holidays.filter((h) => h.date.startsWith('2028'))).toEqual([]);
  });
});

describe('calendars', () => {
  it('creates a calendar (409 for a taken id) and lists it', async () => {
    const gz = {
      ...body(DEFAULT_CALENDAR),
      id: 'gz',
      name: 'Guangzhou',
      holidays: [],
      makeUpWorkingDays: [],
    };
    const { body: created } = await w.as('admin').post('/api/calendars').send(gz).expect(201);
    expect(created).toMatchObject({ id: 'gz', name: 'Guangzhou', revision: 1 });
    await w.as('admin').post('/api/calendars').send(gz).expect(409);
    const list = (await w.as('admin').get('/api/calendars').expect(200)).body as { id: string }[];
    expect(list.map((c) => c.id)).toEqual(['default', 'gz']);
  });

  it('an imported holiday re-plans the open cases on that calendar: the working-time deadline moves', async () => {
    const kase = await openCase();
    const before = due(kase, 'forwarding');
    const holidayDate = createCalendar(DEFAULT_CALENDAR).localDateOf(Date.parse(before)); // the day it falls due
    const file = ics(
      'BEGIN:VEVENT',
      `DTSTART;VALUE=DATE:${holidayDate.replace(/-/g, '')}`,
      'SUMMARY:Company day\\, all closed',
      'END:VEVENT',
    );
    const { body: result } = await w
      .as('admin')
      .post('/api/calendars/default/holidays/import')
      .attach('file', Buffer.from(file), 'company.ics')
      .expect(200);
    expect(result.imported).toEqual({ holidays: 1, makeUpWorkingDays: 0, added: 1, replaced: 0 });
    expect(result.calendar.revision).toBe(2);
    expect(result.calendar.holidays).toContainEqual({ date: holidayDate, name: 'Company day, all closed' });
    expect(result.rollout).toMatchObject({ kind: 'calendar', calendarId: 'default', total: 1 });

    const expected = createCalendar({ ...DEFAULT_CALENDAR, holidays: result.calendar.holidays })
      .addWorkingTime(Date.parse(kase.receivedAt), 2 * HOUR_MS)
      .toISOString();
    expect(expected).not.toBe(before);
    const after = await eventually(async () => {
      const c = await detail(kase.number);
      expect(due(c, 'forwarding')).toBe(expected);
      return c;
    }, 20_000);
    const entry = after.timeline!.find((e) => e.type === 'commitment_replanned')!;
    expect(entry.summary).toMatch(
      /^Re-planned for calendar 'default' change by admin\.e2e: forwarding due .+ → .+$/,
    );
    expect(entry.summary).not.toContain('first_contact'); // calendar time: a holiday does not move it
  });

  it('a text/calendar body works too, and make-up working days are recognised', async () => {
    const file = ics('BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20270207', 'SUMMARY:春节 补班', 'END:VEVENT');
    const { body: result } = await w
      .as('admin')
      .post('/api/calendars/gz/holidays/import')
      .set('Content-Type', 'text/calendar')
      .send(file)
      .expect(200);
    expect(result.imported).toMatchObject({ holidays: 0, makeUpWorkingDays: 1 });
    expect(result.calendar.makeUpWorkingDays).toEqual([{ date: '2027-02-07', name: '春节 补班' }]);
    expect(result.rollout).toMatchObject({ total: 0, status: 'done' }); // no policy uses 'gz'
  });

  it('every change is audited with before and after', async () => {
    const rows = await w.query<{
      action: string;
      entity_id: string;
      before: CalendarDefinition | null;
      after: CalendarDefinition;
    }>(
      `SELECT "action", "entity_id", "before", "after" FROM "audit_log" WHERE "entity_type" = 'calendar' ORDER BY "id"`,
    );
    expect(rows.map((r) => [r.action, r.entity_id])).toEqual([
      ['calendar.create', 'gz'],
      ['calendar.import', 'default'],
      ['calendar.import', 'gz'],
    ]);
    expect(rows[1].after.holidays.length).toBe(rows[1].before!.holidays.length + 1);
  });
});
