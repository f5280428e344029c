// Customers in a real browser, in both languages, from an empty world: an operator logs a call from a new
// caller, and a second call from the same phone finds the customer as the phone is typed and fills the form
// from the record; the customer page lists both cases. Screenshots in reports/console/.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { createConsoleWorld, SCREENSHOTS, type ConsoleWorld } from './console-world';

jest.setTimeout(180_000);

let w: ConsoleWorld;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  w = await createConsoleWorld();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await w
    .admin('post', '/api/branches')
    .send({ id: 'sh', name: '上海分公司', timeZone: 'Asia/Shanghai' })
    .expect(201);
  await w
    .admin('post', '/api/staff')
    .send({
      name: '刘话务',
      role: 'operator',
      branchId: 'sh',
      signIn: { username: 'liu.op', password: 'operator-password-1' },
    })
    .expect(201);
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

interface Words {
  logACall: string;
  category: string;
  name: string;
  phone: string;
  confirm: string;
  description: string;
  submit: string;
  customers: string;
  search: string;
  found: RegExp;
  choose: (name: string) => string;
  chosen: (name: string) => string;
  casesSection: string;
}

const ZH: Words = {
  logACall: '登记来电',
  category: '技术质量',
  name: '客户姓名',
  phone: '电话',
  confirm: '来电者已确认号码',
  description: '问题描述',
  submit: '登记工单',
  customers: '客户',
  search: '姓名或电话',
  found: /老客户/,
  choose: (name) => `是${name}`,
  chosen: (name) => `来电客户：${name}`,
  casesSection: '工单与投诉',
};

const EN: Words = {
  logACall: 'Log a call',
  category: 'Technical quality',
  name: 'Customer name',
  phone: 'Phone',
  confirm: 'The caller confirmed the number',
  description: 'Description',
  submit: 'Log the case',
  customers: 'Customers',
  search: 'Name or phone',
  found: /A known caller/,
  choose: (name) => `This is ${name}`,
  chosen: (name) => `Caller: ${name}`,
  casesSection: 'Cases and complaints',
};

/** Logs a call; with `known`, the caller is found by the phone and chosen instead of typing the name. */
async function logCall(
  words: Words,
  caller: { name: string; phone: string },
  known: boolean,
  shotName?: string,
) {
  await page.getByRole('link', { name: words.logACall }).click();
  await page.getByRole('heading', { name: words.logACall }).waitFor();
  await expect(page.getByLabel(words.name).inputValue()).resolves.toBe('');
  await page.getByLabel(words.category).check();
  await page.getByLabel(words.phone, { exact: true }).fill(caller.phone);
  if (known) {
    await page.getByText(words.found).waitFor();
    await page.getByRole('button', { name: words.choose(caller.name) }).click();
    await page.getByText(words.chosen(caller.name)).waitFor();
    await expect(page.getByLabel(words.name).inputValue()).resolves.toBe(caller.name);
    if (shotName) await shot(shotName);
  } else {
    await page.getByLabel(words.name).fill(caller.name);
  }
  await page.getByLabel(words.confirm).check();
  await page.getByLabel(words.description).fill(known ? 'Second call' : 'First call');
  await page.getByRole('button', { name: words.submit }).click();
  await page.waitForURL(/\/cases\/\d{8}-\d{2}-\d{4}$/);
  const number = decodeURIComponent(page.url().split('/cases/')[1]!);
  // The case page drawn: the intake form is gone (a click before that would return to the same form).
  await page.getByRole('heading', { level: 1, name: number }).waitFor();
  return number;
}

async function customerOf(number: string): Promise<string | null> {
  for (let i = 0; i < 100; i++) {
    const [row] = await w.query<{ customer_id: string | null }>(
      `SELECT "customer_id" FROM "cases" WHERE "number" = $1`,
      [number],
    );
    if (row) return row.customer_id;
    await page.waitForTimeout(100);
  }
  throw new Error(`case ${number} never reached the read model`);
}

async function journey(words: Words, lang: string, caller: { name: string; phone: string }) {
  const first = await logCall(words, caller, false);
  const second = await logCall(words, caller, true, `intake-known-caller.${lang}`);
  const customerId = await customerOf(first);
  expect(customerId).not.toBeNull();
  expect(await customerOf(second)).toBe(customerId);

  await page.getByRole('link', { name: words.customers, exact: true }).click();
  await page.getByRole('heading', { name: words.customers }).waitFor();
  await page.getByRole('searchbox', { name: words.search }).fill(caller.phone);
  await page.keyboard.press('Enter');
  await page.getByRole('link', { name: caller.name }).click();
  await page.getByRole('heading', { level: 1, name: caller.name }).waitFor();
  await page.getByRole('heading', { name: words.casesSection }).waitFor();
  await page.getByRole('link', { name: first }).waitFor();
  await page.getByRole('link', { name: second }).waitFor();
  await shot(`customer.${lang}`);
}

describe('customers in the console', () => {
  it('signs the operator in (Chinese)', async () => {
    await page.goto('/');
    await page.waitForURL(/\/sign-in/);
    await page.getByLabel('用户名').fill('liu.op');
    await page.getByLabel('密码').fill('operator-password-1');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('link', { name: '登记来电' }).waitFor();
  });

  it('in Chinese: a second call from the same phone finds the customer and fills the form; the customer page lists both cases', async () => {
    await journey(ZH, 'zh-CN', { name: '王芳', phone: '139 0000 1111' });
    await page.getByRole('link', { name: '客户', exact: true }).click();
    await page.getByRole('heading', { name: '客户' }).waitFor();
    await shot('customers.zh-CN');
  });

  it('in English: the same journey for another new caller', async () => {
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('link', { name: 'Log a call' }).waitFor();
    await journey(EN, 'en', { name: 'Zhang Wei', phone: '+86 137-0000-2222' });
    await page.getByRole('link', { name: 'Customers', exact: true }).click();
    await page.getByRole('heading', { name: 'Customers' }).waitFor();
    await shot('customers.en');
  });
});
