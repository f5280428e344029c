// Live, in real browsers: an admin publishes a policy whose first contact is due within one minute, an
// operator logs a case, and without any reload the operator's board turns the row red when the minute is up
// while the supervisor's inbox badge goes up; a note added in the supervisor's browser reaches the
// operator's open case page within 2 s. The operator works in Chinese, the supervisor in English.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { DEFAULT_POLICY } from '@caseflow/sla';
import { LiveEventsService } from '../../apps/api/src/live/live-events.service';
import { createConsoleWorld, SCREENSHOTS, type ConsoleWorld } from './console-world';

jest.setTimeout(180_000);

const ONE_MINUTE_FIRST_CONTACT = {
  match: { caseKind: 'service_request', category: 'technical' },
  commitments: [
    {
      kind: 'first_contact',
      budget: { amount: 1, unit: 'minutes' },
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

let w: ConsoleWorld;
const contexts: BrowserContext[] = [];
let board: Page;
let supervisor: Page;
let number: string;

async function browserFor(
  username: string,
  password: string,
  words: { user: string; password: string; submit: string },
) {
  const context = await w.browser.newContext({
    baseURL: w.baseUrl,
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1280, height: 900 },
  });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto('/board');
  await page.getByLabel(words.user).fill(username);
  await page.getByLabel(words.password).fill(password);
  await page.getByRole('button', { name: words.submit }).click();
  await page.waitForURL(/\/board/);
  return page;
}

const ZH = { user: '用户名', password: '密码', submit: '登录' };
const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });

beforeAll(async () => {
  w = await createConsoleWorld();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await w
    .admin('post', '/api/branches')
    .send({ id: 'sh', name: '上海分公司', timeZone: 'Asia/Shanghai' })
    .expect(201);
  // The people, as an admin adds them: a supervisor of technical support (English) and an operator.
  await w
    .admin('post', '/api/staff')
    .send({
      name: 'Li (supervisor)',
      role: 'supervisor',
      department: 'tech_support',
      branchId: 'sh',
      language: 'en',
      signIn: { username: 'li.sup', password: 'supervisor-password-1' },
    })
    .expect(201);
  await w
    .admin('post', '/api/staff')
    .send({
      name: '刘 (接线员)',
      role: 'operator',
      branchId: 'sh',
      operatorNo: 7,
      signIn: { username: 'liu.op', password: 'operator-password-1' },
    })
    .expect(201);
  await w.query(`UPDATE "users" SET "language" = 'en' WHERE "username" = 'li.sup'`);
  // The admin tightens technical first contact to one minute: a draft, then published.
  await w
    .admin('post', '/api/sla-policies/default/versions')
    .send({ rules: [...DEFAULT_POLICY.rules, ONE_MINUTE_FIRST_CONTACT] })
    .expect(201);
  await w
    .admin('post', '/api/sla-policies/default/publish')
    .send({ reason: 'Live breach test: technical first contact within one minute', applyToOpenCases: false })
    .expect(200);
}, 180_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await w?.close();
});

describe('the console, live', () => {
  it('puts a case logged elsewhere on the open board without a reload', async () => {
    board = await browserFor('liu.op', 'operator-password-1', ZH);
    await board.getByRole('heading', { name: '未结工单' }).waitFor();
    supervisor = await browserFor('li.sup', 'supervisor-password-1', ZH);
    await supervisor.getByRole('heading', { name: 'Open cases' }).waitFor();
    expect(await supervisor.getByTestId('inbox-unread').getAttribute('data-count')).toBe('0');

    // The operator logs a call (through the API, as the intake form would).
    const created = await board.request.post('/api/cases', {
      headers: { 'X-Caseflow-Client': 'console' },
      data: {
        kind: 'service_request',
        channel: 'phone',
        category: 'technical',
        branchId: 'sh',
        customer: { name: '韩梅梅', phone: '13900139000', tier: 'standard' },
        description: '打印机无法开机',
      },
    });
    expect(created.status()).toBe(201);
    number = ((await created.json()) as { number: string }).number;
    const row = board.getByRole('row').filter({ has: board.getByRole('link', { name: number }) });
    await row.waitFor({ timeout: 5000 });
    expect(await row.locator('[data-tone]').getAttribute('data-tone')).toBe('neutral');
    await shot(board, 'board-live.zh-CN');
  });

  it('turns the row red when the minute is up, and raises the supervisor’s unread badge, both without a reload', async () => {
    const row = board.getByRole('row').filter({ has: board.getByRole('link', { name: number }) });
    await row.locator('[data-tone="breached"]').waitFor({ timeout: 75_000 });
    // The breach is written by the workflow's timer; the badge follows within seconds of the message.
    await supervisor.locator('[data-testid="inbox-unread"][data-count="1"]').waitFor({ timeout: 15_000 });
    const [sent] = await w.query<{ sent_at: Date }>(
      `SELECT n."sent_at" FROM "notifications" n WHERE n."case_number" = $1 AND n."channel" = 'in_app'
         AND n."status" = 'sent'`,
      [number],
    );
    expect(sent).toBeDefined();
    await shot(board, 'board-live-breached.zh-CN');
    await shot(supervisor, 'board-live-badge.en');
  });

  it('lists the escalation unread in the supervisor’s inbox, acknowledges it, and jumps to the case', async () => {
    await supervisor.getByRole('link', { name: /Inbox/ }).click();
    await supervisor.getByRole('heading', { name: 'Escalation inbox' }).waitFor();
    const row = supervisor.getByRole('row').filter({ has: supervisor.getByRole('link', { name: number }) });
    await row.getByText('Unread').waitFor();
    await shot(supervisor, 'inbox.en');
    await row.getByRole('button', { name: `Acknowledge the escalation of ${number}` }).click();
    await row.getByText('Acknowledged').waitFor();
    await supervisor.getByRole('tab', { name: /Messages/ }).click();
    const message = supervisor
      .getByRole('row')
      .filter({ has: supervisor.getByRole('link', { name: number }) });
    await message.getByRole('button', { name: /Mark/ }).click();
    await message.getByText('Read', { exact: true }).waitFor();
    await supervisor.locator('[data-testid="inbox-unread"][data-count="0"]').waitFor({ timeout: 5000 });
    await supervisor.getByRole('tab', { name: 'Escalations' }).click();
    await supervisor.getByRole('link', { name: number }).first().click();
    await supervisor.getByRole('heading', { level: 1, name: number }).waitFor();
  });

  it('shows a note added in another browser on the open case page within 2 s', async () => {
    await board.getByRole('link', { name: number }).click();
    await board.getByRole('heading', { level: 1, name: number }).waitFor();
    await supervisor.getByRole('button', { name: 'Add note' }).click();
    await supervisor.getByRole('dialog').getByLabel('Note').fill('Customer is free after 3 pm');
    const saved = supervisor.waitForResponse(
      (r) => r.url().includes('/actions/') && r.request().method() === 'POST',
    );
    await supervisor.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await saved;
    const after = Date.now();
    await board.getByText('Customer is free after 3 pm').waitFor({ timeout: 5000 });
    expect(Date.now() - after).toBeLessThanOrEqual(2000);
    await shot(board, 'case-live.zh-CN');
  });

  it('shows the inbox in Chinese too', async () => {
    await board.goto('/escalations');
    await board.getByRole('heading', { name: '升级收件箱' }).waitFor();
    await shot(board, 'inbox.zh-CN');
  });

  it('shows the offline banner while the push is lost, and catches up without a reload once it is back', async () => {
    await board.goto(`/cases/${number}`);
    await board.getByRole('heading', { level: 1, name: number }).waitFor();
    const banner = board.getByText('无法连接服务器或服务器出错，正在重试。');
    // The stream drops and cannot come back for a while (a proxy restarting, a network change).
    await board.route('**/api/events', (route) => route.abort());
    w.app.get(LiveEventsService).disconnectAll();
    await banner.waitFor({ timeout: 10_000 });
    // Meanwhile someone adds a note.
    await w
      .admin('post', `/api/cases/${number}/actions/add-note`)
      .set('Idempotency-Key', `live-outage-${number}`)
      .send({ note: '断线期间添加的备注' })
      .expect(200);
    await shot(board, 'case-offline.zh-CN');
    await board.unroute('**/api/events');
    await board.getByText('断线期间添加的备注').waitFor({ timeout: 20_000 });
    await banner.waitFor({ state: 'hidden', timeout: 5000 });
  });
});
