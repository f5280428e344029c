// The console's journeys in a real browser, in both languages, against the real embedded stack; each page
// is photographed into reports/console/ for a reviewer. Elements are found by role and accessible name.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { createConsoleWorld, SCREENSHOTS, type ConsoleWorld } from './console-world';

jest.setTimeout(120_000);

let w: ConsoleWorld;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  w = await createConsoleWorld();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  // A branch whose calendar is in Shanghai: the browser runs in another zone, so times name theirs.
  await w
    .admin('post', '/api/branches')
    .send({ id: 'sh', name: '上海分公司', timeZone: 'Asia/Shanghai' })
    .expect(201);
  context = await w.browser.newContext({
    baseURL: w.baseUrl,
    timezoneId: 'Europe/Berlin',
    viewport: { width: 1280, height: 900 },
  });
  page = await context.newPage();
});

afterAll(async () => {
  await context?.close();
  await w?.close();
});

const shot = (name: string) =>
  page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });

async function signIn(
  username: string,
  password: string,
  labels = { user: '用户名', password: '密码', submit: '登录' },
) {
  await page.getByLabel(labels.user).fill(username);
  await page.getByLabel(labels.password).fill(password);
  await page.getByRole('button', { name: labels.submit }).click();
}

async function language(): Promise<string> {
  const [row] = await w.query<{ language: string }>(
    `SELECT "language" FROM "users" WHERE "username" = 'admin'`,
  );
  return row!.language;
}

async function logCase(
  words: {
    title: string;
    branch: string;
    branchName: string;
    category: string;
    name: string;
    phone: string;
    confirm: string;
    description: string;
    submit: string;
    routing: string;
  },
  shotName: string,
): Promise<string> {
  await page.getByRole('link', { name: words.title }).click();
  await page.getByRole('heading', { name: words.title }).waitFor();
  await page.getByLabel(words.branch).fill(words.branchName);
  await page.keyboard.press('Enter');
  await page.getByLabel(words.category).check();
  await page.getByText(words.routing).waitFor();
  await page.getByLabel(words.name).fill('李雷');
  await page
    .getByLabel(words.phone, { exact: true })
    .fill(words.phone === '电话' ? '13800138000' : '+86 138-0013-8000');
  await page.getByTestId('phone-read-back').getByText('138 0013 8000').waitFor();
  await page.getByLabel(words.confirm).check();
  await page
    .getByLabel(words.description)
    .fill(words.title === '登记来电' ? '打印机卡纸' : 'Paper jams on every print');
  await shot(shotName);
  // A double click sends the same Idempotency-Key twice: one case, never two.
  await page.getByRole('button', { name: words.submit }).dblclick();
  await page.waitForURL(/\/cases\/\d{8}-\d{2}-\d{4}$/);
  const number = decodeURIComponent(page.url().split('/cases/')[1]!);
  await page.getByRole('heading', { level: 1, name: number }).waitFor();
  return number;
}

describe('the console in a browser', () => {
  it('signs in from the Chinese sign-in page, opens on the board in the user’s language, and remembers a switch of language on the user', async () => {
    await page.goto('/');
    await page.waitForURL(/\/sign-in\?next=/);
    await page.getByRole('heading', { name: '登录' }).waitFor();
    await shot('sign-in.zh-CN');
    await signIn('admin', w.adminPassword);
    // The admin speaks English (the test support sets it): the board comes up in English.
    await page.getByRole('heading', { name: 'Open cases' }).waitFor();
    await shot('board-empty.en');
    await page.getByRole('button', { name: 'Switch to Chinese' }).click();
    await page.getByRole('heading', { name: '未结工单' }).waitFor();
    for (let i = 0; i < 50 && (await language()) !== 'zh-CN'; i++) await page.waitForTimeout(100);
    expect(await language()).toBe('zh-CN');
  });

  it('shows only the pages the role may use', async () => {
    const nav = page.getByRole('navigation');
    await expect(nav.getByRole('link').allTextContents()).resolves.toEqual([
      '工单看板',
      '登记来电',
      '回访',
      '月末抽样',
      '报表',
      '通知',
      '审计日志',
    ]);
  });

  let zhCase: string;

  it('logs a call in Chinese: the routing shown, the phone read back, a double click making one case, its number large on the case page', async () => {
    zhCase = await logCase(
      {
        title: '登记来电',
        branch: '分公司',
        branchName: '上海分公司',
        category: '技术质量',
        name: '客户姓名',
        phone: '电话',
        confirm: '来电者已确认号码',
        description: '问题描述',
        submit: '登记工单',
        routing: '默认流转',
      },
      'intake.zh-CN',
    );
    const rows = await w.query(`SELECT "number" FROM "cases" WHERE "customer_name" = '李雷'`);
    expect(rows).toHaveLength(1);
    await page.getByRole('heading', { name: '服务承诺' }).waitFor();
    await page.getByText('(Asia/Shanghai)').first().waitFor();
    await shot('case.zh-CN');
  });

  it('shows the case on the board with its next deadline counting down', async () => {
    await page.getByRole('link', { name: '工单看板' }).click();
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: zhCase }) });
    const timer = row.getByRole('timer');
    await timer.waitFor();
    const before = await timer.textContent();
    expect(before).toMatch(/^\d+:\d\d:\d\d$/);
    await page.waitForTimeout(1500);
    const after = await timer.textContent();
    expect(after).not.toBe(before);
    expect(await row.locator('[data-tone]').getAttribute('data-tone')).toBe('neutral');
    await shot('board.zh-CN');
  });

  it('acts on the case from its page with exactly the actions allowed now, and the timeline shows it', async () => {
    await page.getByRole('link', { name: zhCase }).click();
    await page.getByRole('heading', { level: 1, name: zhCase }).waitFor();
    const [kase] = await w.query<{ allowed_actions: string[] }>(
      `SELECT "allowed_actions" FROM "cases" WHERE "number" = $1`,
      [zhCase],
    );
    const actions = page.getByRole('group', { name: '操作' });
    expect(await actions.getByRole('button').count()).toBe(kase!.allowed_actions.length);
    await page.getByRole('button', { name: '添加备注' }).click();
    await page.getByRole('dialog').getByLabel('备注').fill('客户下午方便');
    await shot('case-action.zh-CN');
    await page.getByRole('dialog').getByRole('button', { name: '保存' }).click();
    await page.getByText('客户下午方便').waitFor();
  });

  it('logs a call in English after one click on the language switch', async () => {
    await page.getByRole('button', { name: 'Switch to English' }).click();
    const number = await logCase(
      {
        title: 'Log a call',
        branch: 'Branch',
        branchName: '上海分公司',
        category: 'Technical quality',
        name: 'Customer name',
        phone: 'Phone',
        confirm: 'The caller confirmed the number',
        description: 'Description',
        submit: 'Log the case',
        routing: 'Default routing',
      },
      'intake.en',
    );
    expect(number).not.toBe(zhCase);
    await page.getByRole('heading', { name: 'Commitments' }).waitFor();
    await shot('case.en');
    await page.getByRole('link', { name: 'Case board' }).click();
    await page
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: number }) })
      .getByRole('timer')
      .waitFor();
    await shot('board.en');
  });

  it('finds a case on the board by the customer’s phone as typed, and filters by category', async () => {
    await page.getByRole('link', { name: 'Case board' }).click();
    await page.getByRole('link', { name: zhCase }).waitFor();
    await page.getByRole('searchbox', { name: 'Number, name or phone' }).fill('138 0013 8000');
    await page.keyboard.press('Enter');
    await page.waitForURL(/q=138/);
    await expect(page.getByRole('link', { name: /^\d{8}-\d{2}-\d{4}$/ }).count()).resolves.toBeGreaterThan(0);
    await page.getByRole('searchbox', { name: 'Number, name or phone' }).fill('139 9999 9999');
    await page.keyboard.press('Enter');
    await page.getByText('No open cases match.').waitFor();
    await page.goto('/board?category=sales');
    await page.getByText('No open cases match.').waitFor();
    await page.goto('/board?category=technical');
    await page.getByRole('link', { name: zhCase }).waitFor();
  });

  it('places the API’s 422 field messages on the fields, and logs nothing', async () => {
    const before = await w.query(`SELECT "number" FROM "cases"`);
    await page.getByRole('link', { name: 'Log a call' }).click();
    await page.getByLabel('Technical quality').check();
    await page.getByLabel('Customer name').fill('Han Meimei');
    await page.getByLabel('Phone', { exact: true }).fill('12');
    await page.getByLabel('The caller confirmed the number').check();
    await page.getByLabel('Description').fill('No power');
    await page.getByRole('button', { name: 'Log the case' }).click();
    await page.getByText('Please correct the marked fields.').waitFor();
    // The field is marked as the form renders the API's answer: wait for it rather than read it once.
    await page.getByLabel('Phone', { exact: true }).and(page.locator('[aria-invalid="true"]')).waitFor();
    await expect(page.getByLabel('Phone', { exact: true }).getAttribute('aria-invalid')).resolves.toBe(
      'true',
    );
    await shot('intake-refused.en');
    expect(await w.query(`SELECT "number" FROM "cases"`)).toHaveLength(before.length);
    // What was typed is still there.
    await expect(page.getByLabel('Customer name').inputValue()).resolves.toBe('Han Meimei');
  });

  it('logs the corrected form after a refusal', async () => {
    await page.getByLabel('Phone', { exact: true }).fill('13900139000');
    await page.getByRole('button', { name: 'Log the case' }).click();
    await page.waitForURL(/\/cases\/\d{8}-\d{2}-\d{4}$/);
    const number = decodeURIComponent(page.url().split('/cases/')[1]!);
    const [row] = await w.query<{ customer_name: string }>(
      `SELECT "customer_name" FROM "cases" WHERE "number" = $1`,
      [number],
    );
    expect(row!.customer_name).toBe('Han Meimei');
    await page.goBack();
  });

  it('offers to log a service-quality call as a complaint, and does so', async () => {
    await page.getByLabel('Phone', { exact: true }).fill('13900139000');
    await page.getByLabel('Service quality').check();
    await page.getByRole('button', { name: 'Log the case' }).click();
    await page.getByText('A service-quality call is a complaint.').waitFor();
    await page.getByRole('button', { name: 'Log it as a complaint' }).click();
    await page.waitForURL(/\/complaints\/.+/);
    const number = decodeURIComponent(page.url().split('/complaints/')[1]!);
    const complaints = await w.query(`SELECT "number" FROM "complaints" WHERE "number" = $1`, [number]);
    expect(complaints).toHaveLength(1);
  });

  it('shows the new state and the actions open now when someone else changed the case first (409)', async () => {
    await page.goto(`/cases/${encodeURIComponent(zhCase)}`);
    await page.getByRole('button', { name: 'Resolve' }).click();
    await page.getByRole('dialog').getByLabel('Resolution summary').fill('Cleaned the rollers');
    // Meanwhile, elsewhere, while the form is open: the case is cancelled. (The page may learn of it live;
    // the open form stays, and saving it is what meets the conflict.)
    await w
      .admin('post', `/api/cases/${zhCase}/actions/cancel`)
      .send({ reason: 'Customer withdrew' })
      .expect(200);
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await page.getByText('Someone changed this case meanwhile. It is now Cancelled').waitFor();
    await expect(page.getByRole('button', { name: 'Resolve' }).count()).resolves.toBe(0);
    await shot('case-conflict.en');
  });

  it('leads an account whose password was reset to the change-password form, then shows it only its role’s pages', async () => {
    const created = await w
      .admin('post', '/api/users')
      .send({
        username: 'xu.qa',
        displayName: 'Xu (quality)',
        password: 'quality-password-1',
        roles: ['quality'],
        language: 'zh-CN',
      })
      .expect(201);
    await w
      .admin('post', `/api/users/${created.body.id}/reset-password`)
      .send({ password: 'temporary-password-1' })
      .expect(200);
    const other = await w.browser.newContext({ baseURL: w.baseUrl, timezoneId: 'Europe/Berlin' });
    const quality = await other.newPage();
    try {
      await quality.goto('/board');
      await quality.getByLabel('用户名').fill('xu.qa');
      await quality.getByLabel('密码').fill('temporary-password-1');
      await quality.getByRole('button', { name: '登录' }).click();
      await quality.getByRole('heading', { name: '设置新密码' }).waitFor();
      await quality.screenshot({
        path: path.join(SCREENSHOTS, 'change-password.zh-CN.png'),
        animations: 'disabled',
      });
      await quality.getByLabel('当前密码').fill('temporary-password-1');
      await quality.getByLabel('新密码').fill('quality-password-2');
      await quality.getByRole('button', { name: '保存新密码' }).click();
      await quality.getByRole('heading', { name: '未结工单' }).waitFor();
      await expect(quality.getByRole('navigation').getByRole('link').allTextContents()).resolves.toEqual([
        '工单看板',
        '回访',
        '月末抽样',
        '报表',
      ]);
    } finally {
      await other.close();
    }
  });

  it('returns an expired session to the sign-in page, and back to the page it was on', async () => {
    const casePath = `/cases/${encodeURIComponent(zhCase)}`;
    await page.goto(casePath);
    await page.getByRole('heading', { level: 1, name: zhCase }).waitFor();
    await context.clearCookies();
    await page.getByRole('link', { name: 'Case board' }).click();
    await page.waitForURL(/\/sign-in\?next=.*expired=1/);
    await page.getByText('Your session has expired').waitFor();
    await shot('sign-in-expired.en');
    await signIn('admin', w.adminPassword, { user: 'Username', password: 'Password', submit: 'Sign in' });
    await page.waitForURL(/\/board/);
  });

  it('signs out to the sign-in page, after which the API no longer knows the browser', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/);
    const answer = await page.request.get('/api/users/me');
    expect(answer.status()).toBe(401);
    expect((await context.cookies()).filter((c) => c.name === 'caseflow_session')).toEqual([]);
  });
});
