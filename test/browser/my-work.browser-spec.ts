// The engineer's day in a real browser, in both languages, against the real embedded stack: "My work" lists
// the cases assigned to the engineer, nearest deadline first; contact, start, ask the customer to test and
// resolve run from there (real workflow updates); a race (409) shows the case's new state and what is open
// in it; today's shift handover list is picked up from the same page. The handover entry is written straight
// into the read model, received a week ago (the list reads only that).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { seedOrganisation } from '@caseflow/persistence/testing';
import { createConsoleWorld, SCREENSHOTS, type ConsoleWorld } from './console-world';

jest.setTimeout(120_000);

const PASSWORD = 'my-work-password-1';
const HANDED_OVER = '20261130-07-0009';

let w: ConsoleWorld;
let context: BrowserContext;
let page: Page;
let first: string;
let second: string;
let zhaos: string;

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  let value = await read();
  for (let i = 0; i < 150 && !ok(value); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  expect(ok(value)).toBe(true);
  return value;
}

const stateOf = async (number: string) =>
  (await w.query<{ state: string }>(`SELECT "state" FROM "cases" WHERE "number" = $1`, [number]))[0]?.state;

beforeAll(async () => {
  w = await createConsoleWorld();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const user = async (username: string, language: string) =>
    (
      await w
        .admin('post', '/api/users')
        .send({ username, displayName: username, password: PASSWORD, roles: ['engineer'], language })
        .expect(201)
    ).body as { id: string };
  const chen = await user('chen.eng', 'en');
  const zhao = await user('zhao.eng', 'zh-CN');
  const org = await seedOrganisation({ query: (sql: string, p?: unknown[]) => w.query(sql, p) } as never, {
    userIds: { engineer: chen.id },
  });
  await w.query(`UPDATE "staff" SET "user_id" = $1 WHERE "id" = $2`, [zhao.id, org.secondEngineerId]);
  const logAndAssign = async (name: string, assigneeId: string) => {
    const created = await w
      .admin('post', '/api/cases')
      .send({
        kind: 'service_request',
        channel: 'phone',
        category: 'technical',
        branchId: 'sh',
        customer: { name, phone: '+8613900001111', tier: 'standard' },
        description: 'The label printer jams on every page',
      })
      .expect(201);
    const number = (created.body as { number: string }).number;
    await until(stateOf.bind(null, number), (s) => s === 'new');
    await w.admin('post', `/api/cases/${number}/actions/assign`).send({ assigneeId }).expect(200);
    await until(stateOf.bind(null, number), (s) => s === 'assigned');
    return number;
  };
  first = await logAndAssign('Li Lei', org.engineerId);
  second = await logAndAssign('Han Meimei', org.engineerId);
  zhaos = await logAndAssign('王女士', org.secondEngineerId);
  // Left open by last week's shift: Zhao's, scheduled, on today's handover list for the team.
  await w.query(
    `INSERT INTO "cases" ("number", "workflow_id", "kind", "state", "channel", "category", "customer_name",
       "customer_phone", "customer_tier", "description", "branch_id", "assignee_id", "operator_user_id",
       "operator_username", "operator_no", "received_at", "policy_id", "policy_version", "last_seq")
     VALUES ($1, 'case-' || $1, 'service_request', 'scheduled', 'phone', 'technical', '孙先生', '+8613900000009',
             'standard', 'No power', 'sh', $2, 'u', 'op', 7, now() - interval '7 days', 'default', 1, 1)`,
    [HANDED_OVER, org.secondEngineerId],
  );
  context = await w.browser.newContext({
    baseURL: w.baseUrl,
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1440, height: 900 },
  });
  page = await context.newPage();
});

afterAll(async () => {
  await context?.close();
  await w?.close();
});

const shot = (name: string) =>
  page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });

const actionsFor = (number: string) => page.getByRole('group', { name: `Actions for ${number}` });

async function act(number: string, action: string, fields: Record<string, string> = {}) {
  await actionsFor(number).getByRole('button', { name: action }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  for (const [label, value] of Object.entries(fields)) await dialog.getByLabel(label).fill(value);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog.waitFor({ state: 'detached' });
}

describe('My work, in English, for an engineer', () => {
  it('lists the engineer’s own open cases, nearest deadline first, with the customer’s phone to call', async () => {
    await page.goto('/');
    await page.getByLabel('用户名').fill('chen.eng');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'My work' }).click();
    await page.getByRole('heading', { name: 'My work' }).waitFor();
    const mine = page
      .getByRole('table')
      .first()
      .getByRole('link', { name: /^\d{8}-\d{2}-\d{4}$/ });
    await until(
      () => mine.allTextContents(),
      (numbers) => numbers.length === 2,
    );
    expect(await mine.allTextContents()).toEqual([first, second]);
    await page.getByRole('link', { name: 'Call Li Lei' }).waitFor();
    await shot('my-work.en');
  });

  it('records the contact, starts the work, asks the customer to test and resolves, each from the list', async () => {
    await act(first, 'Record contact', { Note: 'Visit agreed for this afternoon' });
    await until(
      () => stateOf(first),
      (s) => s === 'contacted',
    );
    await actionsFor(first).getByRole('button', { name: 'Start work' }).waitFor();
    await act(first, 'Start work');
    await until(
      () => stateOf(first),
      (s) => s === 'in_progress',
    );
    await act(first, 'Ask customer to test', { 'What the customer should try': 'Print ten pages tonight' });
    await until(
      () => stateOf(first),
      (s) => s === 'awaiting_customer',
    );
    await actionsFor(first).getByRole('button', { name: 'Resolve' }).click();
    await page.getByRole('dialog').getByLabel('Resolution summary').fill('Replaced the pick-up roller');
    await shot('my-work-resolve.en');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await until(
      () => stateOf(first),
      (s) => s === 'resolved',
    );
    // A resolved case has left the engineer's open work.
    await page.getByRole('link', { name: first }).first().waitFor({ state: 'detached' });
  });

  it('shows the case’s new state and the actions open in it when someone else changed it first (409)', async () => {
    await actionsFor(second).getByRole('button', { name: 'Start work' }).waitFor();
    await w
      .admin('post', `/api/cases/${second}/actions/cancel`)
      .send({ reason: 'Customer withdrew' })
      .expect(200);
    await act(second, 'Start work');
    await page
      .getByRole('alert')
      .getByText('Someone changed this case meanwhile. It is now Cancelled')
      .waitFor();
    expect(await stateOf(second)).toBe('cancelled');
    await shot('my-work-conflict.en');
  });

  it('picks up an entry of today’s shift handover list', async () => {
    await page.getByRole('button', { name: `Pick up ${HANDED_OVER}` }).click();
    await page.getByText('by chen.eng').waitFor();
    const [picked] = await w.query<{ picked_up_by_username: string }>(
      `SELECT "picked_up_by_username" FROM "handover_pickups" WHERE "number" = $1`,
      [HANDED_OVER],
    );
    expect(picked!.picked_up_by_username).toBe('chen.eng');
  });
});

describe('My work, in Chinese, for another engineer', () => {
  it('lists that engineer’s cases only, and the handover list with who picked up what', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/);
    // The sign-in page speaks the language of the browser's last user (English here).
    await page.getByLabel('Username').fill('zhao.eng');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation').getByRole('link', { name: '我的工作' }).click();
    await page.getByRole('heading', { name: '我的工作' }).waitFor();
    const mine = page
      .getByRole('table')
      .first()
      .getByRole('link', { name: /^\d{8}-\d{2}-\d{4}$/ });
    await until(
      () => mine.allTextContents(),
      (numbers) => numbers.length === 2,
    );
    expect((await mine.allTextContents()).sort()).toEqual([HANDED_OVER, zhaos].sort());
    await page
      .getByRole('group', { name: `${zhaos} 的操作` })
      .getByRole('button', { name: '记录联系' })
      .waitFor();
    await page.getByText('由 chen.eng 接手').waitFor();
    await shot('my-work.zh-CN');
  });
});
