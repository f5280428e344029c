// The admin console in a real browser, in both languages, against the real embedded stack: the commitment
// policies (the rules as a table, the editor with the API's field errors, a preview, publishing to open
// cases with the rollout's progress, versions side by side). The journey watches an open case's deadline
// move on its own page. Every page is photographed into reports/console/<page>-<lang>.png.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { createConsoleWorld, SCREENSHOTS, seriousAxeViolations, type ConsoleWorld } from './console-world';

jest.setTimeout(180_000);

let w: ConsoleWorld;
let context: BrowserContext;
let page: Page;
let caseNumber: string;

const ZONE = 'Asia/Shanghai';

beforeAll(async () => {
  w = await createConsoleWorld();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await w.admin('post', '/api/branches').send({ id: 'sh', name: '上海分公司', timeZone: ZONE }).expect(201);
  const created = await w
    .admin('post', '/api/cases')
    .send({
      kind: 'service_request',
      channel: 'phone',
      category: 'technical',
      customer: { name: '韩梅梅', phone: '+86 139-0013-9000', tier: 'standard' },
      product: 'Printer X200',
      description: 'Paper jams on every print',
      branchId: 'sh',
    })
    .expect(201);
  caseNumber = (created.body as { number: string }).number;
  await firstContactDue(); // the read model has the commitment
  context = await w.browser.newContext({
    baseURL: w.baseUrl,
    timezoneId: ZONE,
    viewport: { width: 1400, height: 900 },
  });
  page = await context.newPage();
});

afterAll(async () => {
  await context?.close();
  await w?.close();
});

const shot = (name: string) =>
  page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });

/** No serious or critical accessibility violation on the page as it stands. */
async function axeClean(): Promise<void> {
  expect(await seriousAxeViolations(page)).toEqual([]);
}

/** The open case's first-contact deadline, as the API reports it once the read model has it. */
async function firstContactDue(after?: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const { body } = await w.admin('get', `/api/cases/${caseNumber}`).expect(200);
    const due = (body as { commitments: { kind: string; dueAt?: string | null }[] }).commitments.find(
      (c) => c.kind === 'first_contact',
    )?.dueAt;
    if (due && due !== after) return due;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the first-contact deadline of ${caseNumber} did not ${after ? 'move' : 'appear'}`);
}

/** `2026-12-07 08:30`: how the case page writes a deadline in the branch's zone (the browser's too). */
function wallClock(iso: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

async function caseDeadlineShows(commitment: string, text: string): Promise<void> {
  await page.goto(`/cases/${caseNumber}`);
  const row = page.getByRole('row').filter({ hasText: commitment });
  for (let i = 0; i < 50; i++) {
    if ((await row.textContent({ timeout: 10_000 }))?.includes(text)) return;
    await page.waitForTimeout(300);
    await page.reload();
  }
  expect(await row.textContent()).toContain(text);
}

async function versionsOfDefault(): Promise<number[]> {
  const { body } = await w.admin('get', '/api/sla-policies/default/versions').expect(200);
  return (body as { version: number }[]).map((v) => v.version);
}

interface Words {
  lang: string;
  admin: string;
  nav: string;
  policies: string;
  edit: string;
  budget: string;
  saveDraft: string;
  previewRun: string;
  reason: string;
  publish: string;
  finished: RegExp;
  firstContact: string;
  openCases: RegExp;
}

/** Edits the default policy's first-contact time, sees the preview move, publishes it to open cases. */
async function changeFirstContact(words: Words, minutes: number, movedBy: string): Promise<void> {
  const nav = page.getByRole('navigation');
  await nav.getByRole('menuitem', { name: words.admin }).hover();
  await page.getByRole('link', { name: words.nav }).click();
  await page.getByRole('heading', { level: 1, name: words.policies }).waitFor();
  await shot(`policies-${words.lang}`);
  await page.getByRole('link', { name: 'Service standards (default)' }).click();
  await page.getByRole('heading', { level: 1, name: /Service standards \(default\)/ }).waitFor();
  await page.getByRole('cell', { name: words.firstContact }).first().waitFor();
  await shot(`policy-${words.lang}`);

  await page.getByRole('button', { name: words.edit }).click();
  const budget = page.getByRole('spinbutton', { name: words.budget, exact: true });
  await budget.fill(String(minutes));
  await page.getByRole('button', { name: words.previewRun }).click();
  await page.getByRole('row').filter({ hasText: words.firstContact }).getByText(movedBy).first().waitFor();
  // The open case's own deadline, before and after, as publishing would move it.
  await page
    .getByRole('region', { name: words.openCases })
    .getByRole('row')
    .filter({ hasText: caseNumber })
    .getByText(movedBy)
    .waitFor();
  await shot(`policy-edit-${words.lang}`);
  // A button still loading is drawn faded (and is not disabled): check the page once the preview has settled.
  await page.locator('.ant-btn-loading').first().waitFor({ state: 'detached' });
  await axeClean();

  await page.getByRole('button', { name: words.saveDraft }).click();
  await page.getByLabel(words.reason).fill(`First contact within ${minutes} minutes`);
  await page.getByRole('button', { name: words.publish, exact: true }).click();
  await page.getByRole('status').filter({ hasText: words.finished }).waitFor({ timeout: 60_000 });
  await shot(`policy-published-${words.lang}`);
}

describe('the commitment policies in a browser', () => {
  it('shows the admin pages under Admin, and places a policy’s 422 on the field it names, storing nothing', async () => {
    await page.goto('/');
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill(w.adminPassword);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { name: 'Open cases' }).waitFor();
    await page.getByRole('button', { name: 'Switch to Chinese' }).click();
    await page.getByRole('heading', { name: '未结工单' }).waitFor();

    await page.goto('/admin/policies/default');
    await page.getByRole('button', { name: '修改规则' }).click();
    await page.getByRole('spinbutton', { name: '时限 · 首次联系 · 服务请求', exact: true }).fill('0');
    await page.getByRole('button', { name: '保存为草稿' }).click();
    // The message is the API's own, in the admin's language (asked with the same rules).
    const { body } = await w
      .admin('post', '/api/sla-policies/default/versions')
      .send({
        rules: (
          (await w.admin('get', '/api/sla-policies/default').expect(200)).body as {
            current: { rules: { commitments: { budget: { amount: number } }[] }[] };
          }
        ).current.rules.map((rule, i) =>
          i === 0
            ? {
                ...rule,
                commitments: rule.commitments.map((c, j) =>
                  j === 0 ? { ...c, budget: { ...c.budget, amount: 0 } } : c,
                ),
              }
            : rule,
        ),
      })
      .expect(422);
    const message = (body as { errors: Record<string, string[]> }).errors[
      'rules[0].commitments[0].budget.amount'
    ]![0]!;
    const cell = page
      .getByRole('row')
      .filter({ has: page.getByRole('spinbutton', { name: '时限 · 首次联系 · 服务请求', exact: true }) });
    await cell.getByText(message).waitFor();
    await shot('policy-invalid-zh-CN');
    expect(await versionsOfDefault()).toEqual([1]);
    await page.getByRole('button', { name: '放弃修改' }).click();
  });

  it('publishes a longer first contact for open cases in Chinese: the preview shows the move, the rollout its progress, and the case page its new deadline', async () => {
    const before = await firstContactDue();
    await caseDeadlineShows('首次联系', wallClock(before));
    await changeFirstContact(
      {
        lang: 'zh-CN',
        admin: '管理',
        nav: '服务承诺',
        policies: '服务承诺策略',
        edit: '修改规则',
        budget: '时限 · 首次联系 · 服务请求',
        saveDraft: '保存为草稿',
        previewRun: '预览修改',
        reason: '修改承诺的原因',
        publish: '发布',
        finished: /所有未结工单已按第 2 版执行/,
        firstContact: '首次联系',
        openCases: /^未结工单：/,
      },
      90,
      '+30 分钟',
    );
    const after = await firstContactDue(before);
    expect(Date.parse(after) - Date.parse(before)).toBe(30 * 60_000);
    await caseDeadlineShows('首次联系', wallClock(after));
    await shot('policy-case-moved-zh-CN');
  });

  it('publishes again in English and shows versions 2 and 3 side by side with the change marked', async () => {
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('navigation').getByRole('menuitem', { name: 'Admin' }).waitFor();
    const before = await firstContactDue();
    await changeFirstContact(
      {
        lang: 'en',
        admin: 'Admin',
        nav: 'Commitment policies',
        policies: 'Commitment policies',
        edit: 'Edit the rules',
        budget: 'Time allowed · First contact · Service request',
        saveDraft: 'Save as draft',
        previewRun: 'Preview the changes',
        reason: 'Why the commitments change',
        publish: 'Publish',
        finished: /Every open case follows version 3/,
        firstContact: 'First contact',
        openCases: /^Open cases: 1 of/,
      },
      45,
      '−45 min',
    );
    const after = await firstContactDue(before);
    expect(Date.parse(before) - Date.parse(after)).toBe(45 * 60_000);

    const compare = page
      .locator('.ant-card')
      .filter({ has: page.getByRole('heading', { name: 'Compare versions' }) });
    await compare.getByRole('columnheader', { name: 'Version 2' }).waitFor();
    await compare.getByRole('columnheader', { name: 'Version 3' }).waitFor();
    const row = compare.getByRole('row').filter({ hasText: 'First contact' });
    expect(await row.locator('mark').allTextContents()).toEqual(['90 min', '45 min']);
    await shot('policy-versions-en');
    await axeClean();

    await caseDeadlineShows('First contact', wallClock(after));
  });

  it('shows no admin navigation to an operator', async () => {
    await w
      .admin('post', '/api/users')
      .send({
        username: 'op-admin-test',
        password: 'operator-password-1',
        roles: ['operator'],
        displayName: 'Op',
        language: 'en',
      })
      .expect(201);
    const other = await w.browser.newContext({ baseURL: w.baseUrl, timezoneId: ZONE });
    try {
      const op = await other.newPage();
      await op.goto('/');
      await op.getByLabel('用户名').fill('op-admin-test');
      await op.getByLabel('密码').fill('operator-password-1');
      await op.getByRole('button', { name: '登录' }).click();
      await op.getByRole('heading', { name: 'Open cases' }).waitFor();
      const nav = op.getByRole('navigation');
      expect(await nav.getByRole('menuitem', { name: 'Admin' }).count()).toBe(0);
      expect(await nav.getByRole('link').allTextContents()).toEqual([
        'Case board',
        'Log a call',
        'Customers',
      ]);
    } finally {
      await other.close();
    }
  });
});

const icsFile = (...lines: string[]) => ({
  name: 'holidays-2028.ics',
  mimeType: 'text/calendar',
  buffer: Buffer.from(
    ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...lines, 'END:VCALENDAR'].join('\r\n'),
  ),
});

async function defaultCalendar(): Promise<{ revision: number; holidays: { date: string }[] }> {
  return (await w.admin('get', '/api/calendars/default').expect(200)).body as {
    revision: number;
    holidays: { date: string }[];
  };
}

/** The year view's year: a radio button whose input antd hides behind its label. */
async function pickYear(year: string): Promise<void> {
  await page
    .locator('label')
    .filter({ has: page.getByRole('radio', { name: year }) })
    .click();
  await page.getByRole('heading', { name: new RegExp(year) }).waitFor();
}

describe('the business calendars in a browser', () => {
  it('shows a calendar’s year in Chinese: holidays and make-up working days by name, and who uses it', async () => {
    await page.getByRole('button', { name: 'Switch to Chinese' }).click();
    const nav = page.getByRole('navigation');
    await nav.getByRole('menuitem', { name: '管理' }).hover();
    await page.getByRole('link', { name: '工作日历' }).click();
    await page.getByRole('heading', { level: 1, name: '工作日历' }).waitFor();
    await shot('calendars-zh-CN');
    await page.getByRole('link', { name: 'China mainland office hours (Asia/Shanghai)' }).click();
    await pickYear('2026');
    await page.getByRole('cell', { name: '2026-10-01 · 节假日 · National Day 国庆节' }).waitFor();
    await page
      .getByRole('cell', { name: '2026-10-10 · 调休上班日 · National Day 国庆节 (make-up working day)' })
      .waitFor();
    await page.getByRole('cell', { name: '2026-10-12 · 工作日' }).waitFor();
    await page.getByRole('cell', { name: '2026-10-11 · 休息日' }).waitFor();
    const usedBy = page.locator('.ant-card').filter({ has: page.getByRole('heading', { name: '使用者' }) });
    await usedBy.getByRole('link', { name: 'Service standards (default)' }).waitFor();
    await usedBy.getByText('上海分公司').waitFor();
    await shot('calendar-zh-CN');
    await axeClean();
  });

  it('imports nothing from an .ics file with errors and names its lines; a good file adds its holidays', async () => {
    const before = await defaultCalendar();
    await page
      .getByLabel('选择 .ics 文件')
      .setInputFiles(
        icsFile(
          'BEGIN:VEVENT',
          'DTSTART;VALUE=DATE:20280101',
          'SUMMARY:元旦',
          'END:VEVENT',
          'BEGIN:VEVENT',
          'DTSTART:20280128T090000Z',
          'SUMMARY:春节',
          'END:VEVENT',
        ),
      );
    const problems = page.getByRole('alert').filter({ hasText: '未导入任何内容' });
    await problems.getByText(/^line 9: event "春节"/).waitFor();
    await shot('calendar-import-errors-zh-CN');
    expect(await defaultCalendar()).toEqual(before);

    await page
      .getByLabel('选择 .ics 文件')
      .setInputFiles(icsFile('BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20280101', 'SUMMARY:元旦', 'END:VEVENT'));
    await page.getByRole('status').filter({ hasText: '已导入 1 个节假日和 0 个调休上班日' }).waitFor();
    expect((await defaultCalendar()).holidays.map((h) => h.date)).toContain('2028-01-01');
    await pickYear('2028');
    await page.getByRole('cell', { name: '2028-01-01 · 节假日 · 元旦' }).waitFor();
  });

  it('edits the working periods in English: overlapping periods are refused on the day, a working Saturday shows in the year', async () => {
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('navigation').getByRole('menuitem', { name: 'Admin' }).hover();
    await page.getByRole('link', { name: 'Calendars' }).click();
    await page.getByRole('heading', { level: 1, name: 'Business calendars' }).waitFor();
    await shot('calendars-en');
    await page.getByRole('link', { name: 'China mainland office hours (Asia/Shanghai)' }).click();
    await page.getByRole('heading', { name: 'Working periods' }).waitFor();
    const before = await defaultCalendar();
    await page.getByLabel('Monday').fill('09:00-12:00, 11:00-18:00');
    await page.getByRole('button', { name: 'Save the working periods' }).click();
    const monday = page.locator('.ant-form-item').filter({ has: page.getByLabel('Monday') });
    await monday.getByText(/overlaps/).waitFor();
    await shot('calendar-periods-invalid-en');
    expect((await defaultCalendar()).revision).toBe(before.revision);

    await page.getByLabel('Monday').fill('09:00-18:30');
    await page.getByLabel('Saturday').fill('09:00-12:00');
    await page.getByRole('button', { name: 'Save the working periods' }).click();
    await page.getByText(`Saved: revision ${before.revision + 1}`).waitFor();
    await pickYear('2026');
    await page.getByRole('cell', { name: '2026-12-12 · working day' }).waitFor(); // a Saturday
    await shot('calendar-en');
    await axeClean();
  });
});

describe('the organisation and staff in a browser', () => {
  let engineerId: string;

  beforeAll(async () => {
    const engineer = await w
      .admin('post', '/api/staff')
      .send({ name: '王工 Wang', role: 'engineer', branchId: 'sh', languages: ['zh-CN', 'en'] })
      .expect(201);
    engineerId = (engineer.body as { staff: { id: string } }).staff.id;
    // The world's admin() has no PUT: sign in once more for it.
    const server = w.app.getHttpServer() as Parameters<typeof request>[0];
    const signedIn = await request(server)
      .post('/api/auth/login')
      .send({ username: 'admin', password: w.adminPassword })
      .expect(200);
    await request(server)
      .put('/api/product-lines/printers')
      .set('Authorization', `Bearer ${(signedIn.body as { accessToken: string }).accessToken}`)
      .send({ name: 'Printers', modelPrefixes: ['X2'] })
      .expect((r) => expect([200, 201]).toContain(r.status));
    const day = 86_400_000;
    await w
      .admin('post', `/api/staff/${engineerId}/certificates`)
      .send({
        productLines: ['printers'],
        issuedAt: new Date(Date.now() - 300 * day).toISOString(),
        expiresAt: new Date(Date.now() + 10 * day).toISOString(),
      })
      .expect(201);
    await w
      .admin('post', '/api/organisation/units')
      .send({ kind: 'department', name: '技术支持部 Tech support', department: 'tech_support' })
      .expect(201);
    // A supervisor's proposal (an admin may decide it; the proposer could not).
    await w.query(
      `INSERT INTO "penalties" ("staff_id", "kind", "reason", "source", "proposed_by")
       VALUES ($1, 'warning', '未按约定时间上门', 'supervisor', 'supervisor.zhao')`,
      [engineerId],
    );
  });

  it('shows the organisation, staff with a certificate about to expire, and decides a penalty in Chinese', async () => {
    await page.getByRole('button', { name: 'Switch to Chinese' }).click();
    await page.getByRole('navigation').getByRole('menuitem', { name: '管理' }).hover();
    await page.getByRole('link', { name: '组织与人员' }).click();
    await page.getByRole('heading', { level: 1, name: '组织与人员' }).waitFor();
    await page.getByText('技术支持部 Tech support · 部门 · 技术支持 · 无负责人').waitFor();
    const row = page.getByRole('row').filter({ hasText: '王工 Wang' }).first();
    await row.getByText('即将到期').waitFor();
    await row.getByRole('button').first().click(); // expands the row
    const details = page.getByRole('region', { name: '王工 Wang 的详情' });
    await details.getByRole('cell', { name: 'printers' }).waitFor();

    const penalty = page.getByRole('row').filter({ hasText: '未按约定时间上门' });
    await penalty.getByRole('button', { name: '决定' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: '确认' }).click();
    await dialog.locator('.ant-form-item-explain-error').waitFor();
    await dialog.getByLabel('决定的理由').fill('已与客户核实');
    await shot('staff-penalty-zh-CN');
    await dialog.getByRole('button', { name: '确认' }).click();
    await penalty.getByText('已确认').waitFor();
    const [decided] = await w.query<{ state: string; decision_reason: string }>(
      `SELECT "state", "decision_reason" FROM "penalties" WHERE "staff_id" = $1`,
      [engineerId],
    );
    expect(decided).toEqual({ state: 'confirmed', decision_reason: '已与客户核实' });
    await shot('staff-zh-CN');
    await axeClean();
  });

  it('creates a staff member in English, with the API’s field errors on the form first', async () => {
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Organisation and staff' }).waitFor();
    const form = page
      .locator('.ant-card')
      .filter({ has: page.getByRole('heading', { name: 'New staff member' }) });
    await form.getByRole('button', { name: 'Create' }).click();
    await form.getByText('Fix the marked fields').waitFor();
    const name = form.locator('.ant-form-item').filter({ has: page.getByLabel('Name') });
    await name.getByText('name should not be empty').waitFor();
    await shot('staff-create-invalid-en');
    const before = await w.query<{ count: string }>(`SELECT count(*) AS "count" FROM "staff"`);

    await form.getByLabel('Name').fill('Li Na');
    await form.getByLabel('Position').fill('operator');
    await page.keyboard.press('Enter');
    await form.getByRole('button', { name: 'Create' }).click();
    await page.getByText('Li Na was added').waitFor();
    await page.getByRole('row').filter({ hasText: 'Li Na' }).first().waitFor();
    const after = await w.query<{ count: string }>(`SELECT count(*) AS "count" FROM "staff"`);
    expect(Number(after[0]!.count)).toBe(Number(before[0]!.count) + 1);
    await shot('staff-en');
  });
});

describe('branches and users in a browser', () => {
  it('creates, retires and reinstates a branch in Chinese, with the API’s field errors on the form', async () => {
    await page.getByRole('button', { name: 'Switch to Chinese' }).click();
    await page.getByRole('navigation').getByRole('menuitem', { name: '管理' }).hover();
    await page.getByRole('link', { name: '分公司与账号' }).click();
    await page.getByRole('heading', { level: 1, name: '分公司与账号' }).waitFor();
    const form = page.locator('.ant-card').filter({ has: page.getByRole('heading', { name: '新增分公司' }) });
    await form.getByRole('button', { name: '创建' }).click();
    await form.getByText('请修改标出的字段').waitFor();
    await form
      .locator('.ant-form-item')
      .filter({ has: page.getByLabel('编号') })
      .locator('.ant-form-item-explain-error')
      .first()
      .waitFor();
    await form.getByLabel('编号').fill('gz');
    await form.getByLabel('名称').fill('广州分公司');
    await form.getByRole('button', { name: '创建' }).click();
    const row = page.getByRole('row').filter({ hasText: '广州分公司' });
    await row.getByText('使用中').waitFor();

    await row.getByRole('button', { name: '撤销' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: '撤销' }).click();
    await dialog.locator('.ant-form-item-explain-error').first().waitFor();
    await dialog.getByLabel('撤销分公司的原因').fill('并入深圳分公司');
    await dialog.getByRole('button', { name: '撤销' }).click();
    await row.getByText('已撤销').waitFor();
    const [retired] = await w.query<{ retired_at: Date | null }>(
      `SELECT "retired_at" FROM "branches" WHERE "id" = 'gz'`,
    );
    expect(retired!.retired_at).not.toBeNull();
    await shot('accounts-zh-CN');
    await row.getByRole('button', { name: '恢复' }).click();
    await row.getByText('使用中').waitFor();
    await axeClean();
  });

  it('resets a user’s password in English, showing the temporary one once, and deactivates and reactivates the user', async () => {
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Branches and users' }).waitFor();
    const actions = page.getByRole('group', { name: 'op-admin-test' });
    await actions.getByRole('button', { name: 'Reset password' }).click();
    await page.getByText(/Temporary password for op-admin-test \(shown once\): \S+/).waitFor();
    await shot('accounts-password-en');
    await page.getByRole('dialog').getByRole('button', { name: 'OK' }).click();
    const [reset] = await w.query<{ must_change_password: boolean }>(
      `SELECT "must_change_password" FROM "users" WHERE "username" = 'op-admin-test'`,
    );
    expect(reset!.must_change_password).toBe(true);

    await actions.getByRole('button', { name: 'Deactivate' }).click();
    const row = page.getByRole('row').filter({ has: actions });
    await row.getByText('deactivated').waitFor();
    await shot('accounts-en');
    await actions.getByRole('button', { name: 'Reactivate' }).click();
    await row.getByText('active', { exact: true }).waitFor();
  });
});
