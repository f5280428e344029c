// The board over more cases than the API counts (10,000): it says "10,000+" in both languages, and its pages
// still work — the next page, a page past the cap, and the last page, where the exact total is known again.
// The cases are written straight into the read model (the board only reads it), 10,050 open ones, due one a
// minute from now on, so the board's default order (soonest due first) puts case i at row i.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { createConsoleWorld, SCREENSHOTS, type ConsoleWorld } from './console-world';

jest.setTimeout(180_000);

const PASSWORD = 'board-total-password-1';
const CASES = 10_050;
/** The number of the case due i-th (operators 10 and 11 and 12: four digits of serial each). */
const numberOf = (i: number) =>
  `20261201-${10 + Math.floor(i / 5000)}-${String((i % 5000) + 1).padStart(4, '0')}`;
const rowsFrom = (first: number, count: number) =>
  Array.from({ length: count }, (_, k) => numberOf(first + k));

let w: ConsoleWorld;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  w = await createConsoleWorld();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  for (const [username, language] of [
    ['wu.admin', 'zh-CN'],
    ['grey.admin', 'en'],
  ]) {
    await w
      .admin('post', '/api/users')
      .send({ username, displayName: username, password: PASSWORD, roles: ['admin'], language })
      .expect(201);
  }
  await w.query(
    `INSERT INTO "cases" ("number", "workflow_id", "kind", "state", "channel", "category", "customer_name",
       "customer_phone", "customer_tier", "description", "operator_user_id", "operator_username", "operator_no",
       "received_at", "policy_id", "policy_version", "last_seq", "next_due_at")
     SELECT n, 'case-' || n, 'service_request', 'new', 'phone', 'technical', 'Customer ' || i,
            '+86139' || lpad(i::text, 8, '0'), 'standard', 'Printer jams', 'u', 'op', 10 + i / 5000,
            now() - interval '1 hour', 'default', 1, 1, now() + interval '1 day' + i * interval '1 minute'
       FROM (SELECT i, '20261201-' || (10 + i / 5000) || '-' || lpad((i % 5000 + 1)::text, 4, '0') AS n
               FROM generate_series(0, $1::int - 1) AS i) s`,
    [CASES],
  );
  context = await w.browser.newContext({
    baseURL: w.baseUrl,
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1440, height: 900 },
  });
  page = await context.newPage();
}, 180_000);

afterAll(async () => {
  await context?.close();
  await w?.close();
});

const shot = (name: string) =>
  page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });

/** The case numbers the board shows, once it shows exactly `expected` (the list loads asynchronously). */
async function boardShows(expected: string[]): Promise<void> {
  const links = page.getByRole('table').getByRole('link', { name: /^\d{8}-\d{2}-\d{4}$/ });
  let shown: string[] = [];
  for (let i = 0; i < 100; i++) {
    shown = await links.allTextContents();
    if (JSON.stringify(shown) === JSON.stringify(expected)) return;
    await page.waitForTimeout(100);
  }
  expect(shown).toEqual(expected);
}

async function signIn(username: string) {
  await page.goto('/board');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
}

describe('the board over more than 10,000 cases, in Chinese', () => {
  it('says "10,000+" instead of a count it did not make', async () => {
    await signIn('wu.admin');
    await page.getByRole('heading', { name: '未结工单' }).waitFor();
    await boardShows(rowsFrom(0, 20));
    await page.getByText('共 10,000+ 张工单', { exact: true }).waitFor();
    await shot('board-capped.zh-CN');
  });

  it('turns to the next page', async () => {
    await page.getByTitle('2', { exact: true }).click();
    await page.waitForURL(/page=2/);
    await boardShows(rowsFrom(20, 20));
    await page.getByText('共 10,000+ 张工单', { exact: true }).waitFor();
  });

  it('shows a page past the cap, and on the last page the exact total', async () => {
    await page.goto('/board?page=501');
    await boardShows(rowsFrom(10_000, 20));
    await page.getByText('共 10,000+ 张工单', { exact: true }).waitFor();
    await page.goto('/board?page=503');
    await boardShows(rowsFrom(10_040, 10));
    await page.getByText('共 10050 张工单', { exact: true }).waitFor();
  });
});

describe('the board over more than 10,000 cases, in English', () => {
  it('says "10,000+ cases" and turns pages', async () => {
    await page.goto('/board');
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(/\/sign-in/);
    await signIn('grey.admin');
    await page.getByRole('heading', { name: 'Open cases' }).waitFor();
    await boardShows(rowsFrom(0, 20));
    await page.getByText('10,000+ cases', { exact: true }).waitFor();
    await shot('board-capped.en');
    await page.getByTitle('2', { exact: true }).click();
    await page.waitForURL(/page=2/);
    await boardShows(rowsFrom(20, 20));
  });
});
