// Reports through the API, on history the API itself made: cases logged, forwarded, assigned and resolved,
// and a complaint raised, by their workflows; then the month's reports as management reads them (JSON,
// CSV, the workbook), what engineers may see (their own scorecard), and the refusals that name the field.
import ExcelJS from 'exceljs';
import request from 'supertest';
import { createCasesWorld, eventually, type CasesWorld } from './harness/cases-harness';
import { localDay } from '../src/reports/period';

let w: CasesWorld;
let month: string;
const made: { repaired?: string; forwarded?: string; complaint?: string } = {};

const intake = (overrides: Record<string, unknown> = {}) => ({
  kind: 'service_request',
  channel: 'phone',
  category: 'technical',
  customer: { name: 'Li Lei', phone: '+86 138-0013-8000', tier: 'standard' },
  product: 'Printer X200',
  description: 'Paper jams on every print',
  branchId: 'sh',
  ...overrides,
});

async function logCase(body: Record<string, unknown>): Promise<string> {
  const { number } = (await w.as('operator').post('/api/cases').send(body).expect(201)).body as {
    number: string;
  };
  await eventually(async () => {
    const rows = await w.query(`SELECT 1 FROM "cases" WHERE "number" = $1`, [number]);
    if (!rows.length) throw new Error('not yet recorded');
  });
  return number;
}

const act = (who: 'operator' | 'engineer', number: string, action: string, body: object) =>
  w.as(who).post(`/api/cases/${number}/actions/${action}`).send(body).expect(200);

/** Waits until the read model shows what the workflow did. */
const settled = (sql: string, params: unknown[]) =>
  eventually(async () => {
    const rows = await w.query(sql, params);
    if (!rows.length) throw new Error('not yet recorded');
  });

const errorsOf = (response: request.Response) =>
  Object.keys((response.body as { errors?: Record<string, string[]> }).errors ?? {});

beforeAll(async () => {
  w = await createCasesWorld();
  // The default calendar's zone (Shanghai) decides which month "now" is in.
  month = localDay('Asia/Shanghai').slice(0, 7);

  made.repaired = await logCase(intake());
  await act('operator', made.repaired, 'assign', { assigneeId: w.org.engineerId });
  await act('engineer', made.repaired, 'contact', {});
  await act('engineer', made.repaired, 'resolve', { summary: 'Roller replaced', faultGrade: 'B' });
  await settled(`SELECT 1 FROM "cases" WHERE "number" = $1 AND "resolved_at" IS NOT NULL`, [made.repaired]);

  made.forwarded = await logCase(intake({ category: 'sales', channel: 'web', description: 'Wants a quote' }));
  await act('operator', made.forwarded, 'forward', { department: 'product_division' });
  await settled(`SELECT 1 FROM "cases" WHERE "number" = $1 AND "department" IS NOT NULL`, [made.forwarded]);

  const complaint = await w
    .as('operator')
    .post('/api/complaints')
    .send({
      source: 'phone',
      category: 'service',
      complexity: 'simple',
      customer: { name: 'Han Mei', phone: '+86 139-0013-9000', tier: 'standard' },
      description: 'Nobody called back',
      branchId: 'sh',
    })
    .expect(201);
  made.complaint = (complaint.body as { number: string }).number;
  await settled(`SELECT 1 FROM "complaints" WHERE "number" = $1`, [made.complaint]);
}, 180_000);

afterAll(async () => {
  await w?.close();
}, 60_000);

describe('the month management reads', () => {
  it('counts the repair, the forwarded case and the complaint in the complaint rate; no repairs reads null', async () => {
    const body = (await w.as('supervisor').get(`/api/reports/complaint-rate?month=${month}`).expect(200))
      .body as { period: { label: string; timeZone: string }; rows: Record<string, unknown>[] };
    expect(body.period).toMatchObject({ label: month, timeZone: 'Asia/Shanghai' });
    const row = (department: string) => body.rows.find((r) => r.department === department);
    expect(row('tech_support')).toMatchObject({ complaints: 0, repairs: 1, rate: 0 });
    // The forwarded case is not completed: no repair for the product division yet.
    expect(row('product_division')).toMatchObject({ complaints: 0, repairs: 0, rate: null });
    expect(row('customer_service')).toMatchObject({ complaints: 1, repairs: 0, rate: null, change: null });
  });

  it('answers the same rows as CSV, by Accept header or by suffix, opening with the period and filters', async () => {
    const byHeader = await w
      .as('quality')
      .get(`/api/reports/complaint-rate?month=${month}&branch=sh`)
      .set('Accept', 'text/csv')
      .expect(200);
    expect(byHeader.headers['content-type']).toMatch(/^text\/csv/);
    const lines = byHeader.text.split('\r\n');
    expect(lines[0]).toContain(`period ${month}`);
    expect(lines[0]).toContain('branch: sh');
    expect(lines[2].split(',').slice(0, 4)).toEqual(['department', 'complaints', 'repairs', 'rate']);
    expect(lines.find((l) => l.startsWith('customer_service,'))).toMatch(/^customer_service,1,0,—,/);
    const bySuffix = await w
      .as('admin')
      .get(`/api/reports/complaint-rate.csv?month=${month}&branch=sh`)
      .expect(200);
    expect(bySuffix.text).toBe(byHeader.text);
  });

  it('downloads the workbook with a .xlsx suffix', async () => {
    const response = await w
      .as('supervisor')
      .get(`/api/reports/hotline.xlsx?month=${month}`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.body as ExcelJS.Buffer);
    const summary = workbook.getWorksheet('Summary')!;
    expect(String(summary.getRow(1).getCell(2).value)).toContain(`period ${month}`);
    expect(summary.getRow(3).values).toEqual([undefined, 'cases', 2]);
    expect(workbook.getWorksheet('Forwarded to')!.getRow(3).values).toEqual([
      undefined,
      'product_division',
      1,
    ]);
  });

  it('counts the hotline: two cases logged, one forwarded to the product division, by channel and operator', async () => {
    const body = (await w.as('supervisor').get(`/api/reports/hotline?month=${month}`).expect(200))
      .body as Record<string, unknown>;
    expect(body).toMatchObject({
      cases: 2,
      forwarded: 1,
      solvedOnCall: 0,
      byChannel: [
        { key: 'phone', cases: 1 },
        { key: 'web', cases: 1 },
      ],
      forwardedTo: [{ key: 'product_division', cases: 1 }],
      byOperator: [{ operatorNo: w.org.operatorNo, cases: 2, forwarded: 1 }],
    });
  });

  it('counts the hotline per weekday and hour in the calendar’s time zone: 168 cells, the two cases where they were logged', async () => {
    const body = (await w.as('supervisor').get(`/api/reports/hotline?month=${month}`).expect(200)).body as {
      byWeekdayHour: { weekday: number; hour: number; cases: number }[];
    };
    expect(body.byWeekdayHour).toHaveLength(168);
    expect(body.byWeekdayHour.slice(0, 2)).toEqual([
      { weekday: 1, hour: 0, cases: expect.any(Number) },
      { weekday: 1, hour: 1, cases: expect.any(Number) },
    ]);
    const logged = await w.query<{ weekday: number; hour: number }>(
      `SELECT extract(isodow FROM "received_at" AT TIME ZONE 'Asia/Shanghai')::int AS "weekday",
              extract(hour FROM "received_at" AT TIME ZONE 'Asia/Shanghai')::int AS "hour"
         FROM "cases" WHERE to_char("received_at" AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') = $1`,
      [month],
    );
    expect(logged).toHaveLength(2);
    const expected = new Map<string, number>();
    for (const c of logged)
      expected.set(`${c.weekday}:${c.hour}`, (expected.get(`${c.weekday}:${c.hour}`) ?? 0) + 1);
    expect(
      body.byWeekdayHour.filter((c) => c.cases > 0).map((c) => [`${c.weekday}:${c.hour}`, c.cases]),
    ).toEqual(
      [...expected].sort(([a], [b]) => {
        const [wa, ha] = a.split(':').map(Number);
        const [wb, hb] = b.split(':').map(Number);
        return wa! - wb! || ha! - hb!;
      }),
    );
  });

  it("shows the commitments the repair met in compliance, and the engineer's scorecard with the fault grade", async () => {
    const compliance = (await w.as('supervisor').get(`/api/reports/compliance?month=${month}`).expect(200))
      .body as { rows: { dimension: string; key: string | null; due: number; metOnTime: number }[] };
    const met = await w.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "commitments"
        WHERE "status" = 'met' AND NOT "breached" AND to_char("due_at" AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') = $1`,
      [month],
    );
    expect(met[0].n).toBeGreaterThan(0);
    expect(compliance.rows.find((r) => r.dimension === 'total')!.metOnTime).toBe(met[0].n);

    const scorecard = (await w.as('supervisor').get(`/api/reports/scorecard?month=${month}`).expect(200))
      .body as {
      rows: { staffId: string; resolved: number; gradeB: number }[];
    };
    expect(scorecard.rows.find((r) => r.staffId === w.org.engineerId)).toMatchObject({
      resolved: 1,
      gradeB: 1,
    });
    expect(scorecard.rows.length).toBeGreaterThan(1);
  });
});

describe('who sees what', () => {
  it('shows an engineer their own scorecard only, and refuses every other report (403)', async () => {
    const own = (await w.as('engineer').get(`/api/reports/scorecard?month=${month}`).expect(200)).body as {
      rows: { staffId: string }[];
    };
    expect(own.rows.map((r) => r.staffId)).toEqual([w.org.engineerId]);
    await w
      .as('engineer')
      .get(`/api/reports/scorecard?month=${month}&staff=${w.org.secondEngineerId}`)
      .expect(403);
    await w.as('engineer').get(`/api/reports/complaint-rate?month=${month}`).expect(403);
    await w.as('operator').get(`/api/reports/hotline?month=${month}`).expect(403);
  });

  it('answers 404 for a report that does not exist', async () => {
    await w.as('supervisor').get(`/api/reports/nps?month=${month}`).expect(404);
  });
});

describe('bad input names the field (422)', () => {
  it.each([
    ['an unknown period format', 'month=2026-13', 'month'],
    ['a month in the future', 'month=2999-01', 'month'],
    ['a quarter in the future', 'quarter=2999-Q1', 'quarter'],
    ['from after to', 'from=2026-11-10&to=2026-11-01', 'from'],
    ['no period', 'branch=sh', 'month'],
    ['an unknown branch', `month=2026-11&branch=atlantis`, 'branch'],
    ['an unknown department', `month=2026-11&department=marketing`, 'department'],
    ['a quarter for the monthly scorecard', `quarter=2026-Q4`, 'month'],
  ])('refuses %s', async (_, query, field) => {
    const report = field === 'month' && query.startsWith('quarter') ? 'scorecard' : 'complaint-rate';
    const response = await w.as('admin').get(`/api/reports/${report}?${query}`).expect(422);
    expect(errorsOf(response)).toEqual([field]);
  });
});

describe('the monthly report pack', () => {
  const put = (who: 'admin' | 'quality', url: string) =>
    request(w.app.getHttpServer()).put(url).set('Authorization', `Bearer ${w.tokens[who]}`);

  it('lets an admin set its recipients, audited, and refuses anything but e-mail addresses (422)', async () => {
    const bad = await put('admin', '/api/report-pack')
      .send({ recipients: ['gm@example.com', 'not an address'] })
      .expect(422);
    expect(errorsOf(bad)).toEqual(['recipients']);
    const body = (
      await put('admin', '/api/report-pack')
        .send({ recipients: ['GM@example.com', 'quality@example.com', 'gm@example.com'] })
        .expect(200)
    ).body as { recipients: string[]; runs: unknown[] };
    expect(body.recipients).toEqual(['gm@example.com', 'quality@example.com']);
    const audit = await w.query<{ action: string; before: unknown; after: unknown }>(
      `SELECT "action", "before", "after" FROM "audit_log" WHERE "action" = 'report_pack.update'`,
    );
    expect(audit).toEqual([
      {
        action: 'report_pack.update',
        before: { recipients: [] },
        after: { recipients: ['gm@example.com', 'quality@example.com'] },
      },
    ]);
    expect(
      ((await w.as('admin').get('/api/report-pack').expect(200)).body as { recipients: string[] }).recipients,
    ).toEqual(['gm@example.com', 'quality@example.com']);
  });

  it('is for admins only (403)', async () => {
    await w.as('supervisor').get('/api/report-pack').expect(403);
    await put('quality', '/api/report-pack').send({ recipients: [] }).expect(403);
  });
});
