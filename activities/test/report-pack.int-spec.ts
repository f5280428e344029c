// The monthly report pack's activity on a real PostgreSQL and a real local SMTP server: the workbook that
// arrives, one mail per recipient, and one run per month however often the activity is called.
import ExcelJS from 'exceljs';
import type { DataSource } from 'typeorm';
import { createDataSource } from '@caseflow/persistence';
import { createTestDatabase, type TestDatabase } from '@caseflow/persistence/testing';
import { createChannels } from '../notifications';
import { startSmtpPeer } from '../notifications/test/peers';
import { createReportPackActivities } from '../report-pack';

const settings = { appBaseUrl: 'https://caseflow.example.com' };
let testDb: TestDatabase;
let db: DataSource;
let smtp: Awaited<ReturnType<typeof startSmtpPeer>>;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = createDataSource(testDb.url);
  await db.initialize();
  smtp = await startSmtpPeer();
  await db.query(`INSERT INTO "branches" ("id", "name") VALUES ('sh', 'Shanghai')`);
  // December 2026 (Shanghai): two repairs by tech support and one complaint against it; October: one repair.
  for (const [number, resolvedAt] of [
    ['r1', '2026-12-03T02:00:00Z'],
    ['r2', '2026-12-10T02:00:00Z'],
    ['r3', '2026-10-10T02:00:00Z'],
  ]) {
    await db.query(
      `INSERT INTO "cases" ("number", "workflow_id", "kind", "state", "resolution", "channel", "category",
         "customer_name", "customer_phone", "customer_tier", "description", "branch_id", "operator_user_id",
         "operator_username", "operator_no", "routing_department", "received_at", "resolved_at", "policy_id",
         "policy_version", "last_seq")
       VALUES ($1, 'case-' || $1, 'service_request', 'closed', 'resolved', 'phone', 'technical', 'C', '1', 'standard',
         'x', 'sh', 'u', 'op', 7, 'tech_support', $2, $2, 'default', 1, 1)`,
      [number, resolvedAt],
    );
  }
  await db.query(
    `INSERT INTO "complaints" ("number", "workflow_id", "state", "source", "category", "complexity", "department",
       "customer_name", "customer_phone", "customer_tier", "description", "branch_id", "raised_by", "received_at",
       "round", "round_limit", "policy_id", "policy_version", "view", "last_seq", "updated_at")
     VALUES ('p1', 'complaint-p1', 'in_handling', 'phone', 'technical', 'simple', 'tech_support', 'C', '1',
       'standard', 'x', 'sh', 'u', '2026-12-04T02:00:00Z', 2, 5, 'complaints', 1, '{}', 1, now())`,
  );
}, 60_000);

afterAll(async () => {
  await db?.destroy();
  await smtp?.close();
  await testDb?.drop();
});

const run = async (month: string) =>
  (
    await db.query(
      `SELECT "status", "recipients", "delivered", "quarter", "attachment_bytes", "error" FROM "report_pack_runs" WHERE "month" = $1`,
      [month],
    )
  )[0] as Record<string, unknown>;

const setRecipients = (recipients: string[]) =>
  db.query(
    `INSERT INTO "settings" ("key", "value") VALUES ('report_pack', $1::jsonb)
     ON CONFLICT ("key") DO UPDATE SET "value" = EXCLUDED."value"`,
    [JSON.stringify({ recipients })],
  );

/** The attached workbook, decoded from the raw mail. */
async function attachment(raw: string): Promise<ExcelJS.Workbook> {
  const match =
    /filename="?caseflow-reports-[\d-]+\.xlsx"?[\s\S]*?\r?\n\r?\n([A-Za-z0-9+/=\r\n]+?)\r?\n--/.exec(raw);
  if (!match) throw new Error('no workbook attached');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(match[1].replace(/\s+/g, ''), 'base64') as unknown as ExcelJS.Buffer);
  return workbook;
}

it('records a month with nobody to send to, and sends nothing', async () => {
  const activities = createReportPackActivities({
    dataSource: db,
    channels: createChannels({ ...settings, smtp: { url: smtp.url, from: 'caseflow@example.com' } }),
  });
  expect(await activities.sendReportPack({ month: '2026-10', workflowId: 'report-pack' })).toEqual({
    month: '2026-10',
    status: 'no_recipients',
    sent: 0,
  });
  expect(smtp.mails).toHaveLength(0);
  expect(await run('2026-10')).toMatchObject({ status: 'no_recipients' });
});

it('records the pack as undeliverable when e-mail is not configured, naming the settings', async () => {
  await setRecipients(['gm@example.com']);
  const activities = createReportPackActivities({ dataSource: db, channels: createChannels(settings) });
  expect((await activities.sendReportPack({ month: '2026-09', workflowId: 'report-pack' })).status).toBe(
    'undeliverable',
  );
  expect(await run('2026-09')).toMatchObject({
    status: 'undeliverable',
    error: expect.stringContaining('SMTP_URL'),
  });
});

it("mails each recipient the month's and, at a quarter's end, the quarter's workbook — once per month", async () => {
  await setRecipients(['gm@example.com', 'quality@example.com']);
  const activities = createReportPackActivities({
    dataSource: db,
    channels: createChannels({ ...settings, smtp: { url: smtp.url, from: 'caseflow@example.com' } }),
  });
  expect(await activities.sendReportPack({ month: '2026-12', workflowId: 'report-pack' })).toEqual({
    month: '2026-12',
    status: 'sent',
    sent: 2,
  });
  // Called again (a retry, a second workflow run): nothing more is sent.
  expect((await activities.sendReportPack({ month: '2026-12', workflowId: 'report-pack' })).sent).toBe(0);
  expect(smtp.mails.map((m) => m.to)).toEqual([['gm@example.com'], ['quality@example.com']]);
  expect(await run('2026-12')).toMatchObject({
    status: 'sent',
    quarter: '2026-Q4',
    delivered: ['gm@example.com', 'quality@example.com'],
  });

  const workbook = await attachment(smtp.mails[0].raw);
  expect(workbook.worksheets.map((w) => w.name)).toEqual([
    '2026-12 Complaint rate',
    '2026-12 Compliance',
    '2026-12 Breaches',
    '2026-Q4 Complaint rate',
    '2026-Q4 Compliance',
    '2026-Q4 Breaches',
  ]);
  const techRow = (sheet: string) => {
    const ws = workbook.getWorksheet(sheet)!;
    for (let i = 3; i <= ws.rowCount; i++) {
      if (ws.getRow(i).getCell(1).value === 'tech_support') return ws.getRow(i).values as unknown[];
    }
    throw new Error(`no tech_support row in ${sheet}`);
  };
  // department, complaints, repairs, rate: December 1 ÷ 2; the quarter 1 ÷ 3.
  expect(techRow('2026-12 Complaint rate').slice(1, 5)).toEqual(['tech_support', 1, 2, 0.5]);
  expect(techRow('2026-Q4 Complaint rate').slice(1, 5)).toEqual(['tech_support', 1, 3, 0.3333]);
  expect(String(workbook.getWorksheet('2026-Q4 Complaint rate')!.getRow(1).getCell(2).value)).toContain(
    'period 2026-Q4 (2026-10-01 – 2026-12-31, Asia/Shanghai)',
  );
});
