// A supervisor works a complaint in a real browser, in both languages, against the real embedded stack: the
// complaints list, the complaint page with its rounds and promises, every step of a round from its own
// form (acknowledge, promise a clear answer, contact, deliver the result, the handling report), and a race
// (409) that shows the new state and what is open in it instead of an error.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { seedOrganisation } from '@caseflow/persistence/testing';
import { createConsoleWorld, SCREENSHOTS, type ConsoleWorld } from './console-world';

jest.setTimeout(120_000);

const PASSWORD = 'complaints-password-1';

let w: ConsoleWorld;
let context: BrowserContext;
let page: Page;
let complaint: string;

const stateOf = async (number: string) =>
  (await w.query<{ state: string }>(`SELECT "state" FROM "complaints" WHERE "number" = $1`, [number]))[0]
    ?.state;

async function until(read: () => Promise<unknown>, expected: unknown) {
  let value = await read();
  for (let i = 0; i < 150 && value !== expected; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  expect(value).toBe(expected);
}

beforeAll(async () => {
  w = await createConsoleWorld();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const supervisor = (
    await w
      .admin('post', '/api/users')
      .send({
        username: 'li.sup',
        displayName: 'Li',
        password: PASSWORD,
        roles: ['supervisor'],
        language: 'zh-CN',
      })
      .expect(201)
  ).body as { id: string };
  await seedOrganisation({ query: (sql: string, p?: unknown[]) => w.query(sql, p) } as never, {
    userIds: { supervisor: supervisor.id },
  });
  const logged = await w
    .admin('post', '/api/complaints')
    .send({
      source: 'phone',
      category: 'service',
      complexity: 'simple',
      branchId: 'sh',
      customer: { name: '韩梅梅', phone: '+8613900139000', tier: 'standard' },
      description: '工程师迟到两小时，态度不好',
    })
    .expect(201);
  complaint = (logged.body as { number: string }).number;
  await until(() => stateOf(complaint), 'forwarded');
  context = await w.browser.newContext({
    baseURL: w.baseUrl,
    timezoneId: 'Asia/Shanghai',
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

async function act(action: string, fields: Record<string, string> = {}, save = '保存') {
  await page
    .getByRole('group', { name: /^(操作|Actions)$/ })
    .getByRole('button', { name: action })
    .click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  for (const [label, value] of Object.entries(fields)) await dialog.getByLabel(label).fill(value);
  await dialog.getByRole('button', { name: save }).click();
}

describe('a complaint, in Chinese, for a supervisor', () => {
  it('lists the complaints and opens one with its round and its promises', async () => {
    await page.goto('/');
    await page.getByLabel('用户名').fill('li.sup');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('navigation').getByRole('link', { name: '投诉' }).click();
    await page.getByRole('heading', { name: '投诉', level: 1 }).waitFor();
    await shot('complaints.zh-CN');
    await page.getByRole('link', { name: complaint }).click();
    await page.getByRole('heading', { level: 1, name: complaint }).waitFor();
    await page.getByText('第 1 轮（共', { exact: false }).first().waitFor();
    await page.getByRole('heading', { name: '服务承诺' }).waitFor();
    await page.getByRole('timer').first().waitFor();
  });

  it('works a round from its forms: acknowledge, promise a clear answer, contact, deliver the result, the handling report', async () => {
    await act('受理');
    await until(() => stateOf(complaint), 'acknowledged');
    await act('承诺答复', { 承诺的明确答复: '明天上午派主管上门致歉并重新安排工程师' });
    await page.getByText('已承诺答复', { exact: false }).first().waitFor();
    await act('记录联系', { 备注: '已电话联系客户' });
    await until(() => stateOf(complaint), 'in_handling');
    await act('反馈结果', { 处理结果: '主管上门致歉，更换工程师' });
    await until(() => stateOf(complaint), 'result_delivered');
    await page.getByRole('group', { name: '操作' }).getByRole('button', { name: '提交处理报告' }).click();
    await page.getByRole('dialog').getByLabel('原因').fill('工程师路线安排失误');
    await page.getByRole('dialog').getByLabel('处理措施').fill('重新培训，调整派工规则');
    await shot('complaint-report.zh-CN');
    await page.getByRole('dialog').getByRole('button', { name: '保存' }).click();
    await until(() => stateOf(complaint), 'awaiting_callback');
    await page.getByText('原因: 工程师路线安排失误', { exact: false }).waitFor();
    await page.getByRole('group', { name: '操作' }).getByRole('button', { name: '记录回访' }).waitFor();
    await shot('complaint.zh-CN');
  });
});

describe('a complaint, in English', () => {
  it('shows the new state and the actions open in it when someone else recorded the callback first (409)', async () => {
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page
      .getByRole('group', { name: 'Actions' })
      .getByRole('button', { name: 'Record the callback' })
      .waitFor();
    await page
      .getByRole('group', { name: 'Actions' })
      .getByRole('button', { name: 'Record the callback' })
      .click();
    await page.getByRole('dialog').waitFor();
    // Meanwhile, elsewhere, while the form is open: the callback is recorded. Saving meets the conflict.
    await w
      .admin('post', `/api/complaints/${complaint}/actions/record-callback`)
      .send({ satisfied: true, remarks: 'Happy with the apology' })
      .expect(200);
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await page
      .getByRole('alert')
      .getByText('Someone changed this case meanwhile. It is now Archived')
      .waitFor();
    expect(await stateOf(complaint)).toBe('archived');
    await shot('complaint-conflict.en');
  });
});
