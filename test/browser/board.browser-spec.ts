// The board's views in a real browser, in both languages: the built-in views ("mine", "my team", "breached",
// "due within 1 h"), the filters in the address (the back button returns to the previous view), a working-time
// deadline with its wall-clock due time, and a person's own saved views kept by the API. The cases are
// written straight into the read model with deadlines placed around now (the board only reads it).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { seedOrganisation } from '@caseflow/persistence/testing';
import { createConsoleWorld, SCREENSHOTS, type ConsoleWorld } from './console-world';

jest.setTimeout(120_000);

const PASSWORD = 'board-password-1';
const SOON = '20261206-07-0001'; // the engineer's, due in 30 min, 2 working hours begun last Friday
const LATER = '20261206-07-0002'; // the second engineer's, due in 3 h
const LATE = '20261206-07-0003'; // unassigned, due 10 min ago: breached
const MINUTE = 60_000;

let w: ConsoleWorld;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  w = await createConsoleWorld();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const user = async (username: string, roles: string[], language: string) =>
    (
      await w
        .admin('post', '/api/users')
        .send({ username, displayName: username, password: PASSWORD, roles, language })
        .expect(201)
    ).body as { id: string };
  const supervisor = await user('li.sup', ['supervisor'], 'zh-CN');
  const engineer = await user('chen.eng', ['engineer'], 'en');
  const org = await seedOrganisation({ query: (sql: string, p?: unknown[]) => w.query(sql, p) } as never, {
    userIds: { supervisor: supervisor.id, engineer: engineer.id },
  });
  // Started 20 wall-clock hours ago with a budget of 2 (working) hours: a working-time deadline.
  const startedAt = new Date(Date.now() - 20 * 3_600_000);
  for (const [number, assignee, dueIn, breached, name] of [
    [SOON, org.engineerId, 30, false, '王女士'],
    [LATER, org.secondEngineerId, 180, false, '赵先生'],
    [LATE, null, -10, true, '孙女士'],
  ] as const) {
    const dueAt = new Date(Date.now() + dueIn * MINUTE);
    await w.query(
      `INSERT INTO "cases" ("number", "workflow_id", "kind", "state", "channel", "category", "customer_name",
         "customer_phone", "customer_tier", "description", "branch_id", "assignee_id", "operator_user_id",
         "operator_username", "operator_no", "received_at", "policy_id", "policy_version", "last_seq",
         "next_due_at", "breached")
       VALUES ($1, 'case-' || $1, 'service_request', $2, 'phone', 'technical', $3, '+8613900000001',
               'standard', 'Printer jams', 'sh', $4, 'u', 'op', 7, $5, 'default', 1, 1, $6, $7)`,
      [number, assignee ? 'assigned' : 'new', name, assignee, startedAt, dueAt, breached],
    );
    await w.query(
      `INSERT INTO "commitments" ("case_number", "commitment_id", "kind", "status", "policy_version",
         "started_at", "due_at", "warn_at", "breached", "remaining_ms")
       VALUES ($1, 'first-contact', 'first_contact', 'running', 1, $2, $3, $4, $5, 7200000)`,
      [number, startedAt, dueAt, new Date(dueAt.getTime() - 15 * MINUTE), breached],
    );
  }
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

/** The case numbers the board shows, once it shows exactly `expected` (the list loads asynchronously). */
async function boardShows(expected: string[]): Promise<void> {
  const links = page.getByRole('table').getByRole('link', { name: /^\d{8}-\d{2}-\d{4}$/ });
  let shown: string[] = [];
  for (let i = 0; i < 100; i++) {
    shown = (await links.allTextContents()).sort();
    if (JSON.stringify(shown) === JSON.stringify([...expected].sort())) return;
    await page.waitForTimeout(100);
  }
  expect(shown).toEqual([...expected].sort());
}

async function signIn(username: string, labels: { user: string; password: string; submit: string }) {
  await page.goto('/board');
  await page.getByLabel(labels.user).fill(username);
  await page.getByLabel(labels.password).fill(PASSWORD);
  await page.getByRole('button', { name: labels.submit }).click();
}

describe('the board’s views, in Chinese, for a supervisor', () => {
  it('opens "my team": the cases of the supervisor’s people, not the unassigned pool', async () => {
    await signIn('li.sup', { user: '用户名', password: '密码', submit: '登录' });
    await page.getByRole('heading', { name: '未结工单' }).waitFor();
    await boardShows([SOON, LATER, LATE]);
    await page.getByRole('button', { name: '我的团队', exact: true }).click();
    await page.waitForURL(/assignee=team/);
    await boardShows([SOON, LATER]);
    await shot('board-team.zh-CN');
  });

  it('narrows to the cases due within 1 h, showing a working-time deadline with its weekday and working hours', async () => {
    await page.getByRole('switch', { name: '1 小时内到期' }).click();
    await page.waitForURL(/dueWithin=60/);
    await boardShows([SOON]);
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: SOON }) });
    await row.getByText(/^周. \d\d:\d\d 截止 · 2 个工作小时/).waitFor();
    await shot('board-due-soon.zh-CN');
  });

  it('goes back to the previous view with the browser’s back button', async () => {
    await page.goBack();
    await page.waitForURL((url) => !url.search.includes('dueWithin'));
    expect(page.url()).toContain('assignee=team');
    await boardShows([SOON, LATER]);
    await page.getByRole('button', { name: '我的团队', exact: true, pressed: true }).waitFor();
  });

  it('shows the breached cases in the built-in "breached" view', async () => {
    await page.getByRole('button', { name: '已超时', exact: true }).click();
    await page.waitForURL(/breached=true/);
    await boardShows([LATE]);
  });

  it('saves the filters as the person’s own view, kept by the API, and opens it again from another page load', async () => {
    await page.goto('/board?assignee=team&q=' + encodeURIComponent('赵'));
    await boardShows([LATER]);
    await page.getByRole('button', { name: '保存视图' }).click();
    await page.getByRole('dialog').getByLabel('名称').fill('赵先生的单');
    await shot('board-save-view.zh-CN');
    await page.getByRole('dialog').getByRole('button', { name: '保存视图' }).click();
    await page.getByRole('button', { name: '赵先生的单', exact: true }).waitFor();
    const [kept] = await w.query<{ query: string }>(
      `SELECT v."query" FROM "board_views" v JOIN "users" u ON u."id" = v."user_id" WHERE u."username" = 'li.sup'`,
    );
    expect(kept!.query).toBe(`assignee=team&q=${encodeURIComponent('赵')}`);
    await page.getByRole('button', { name: '全部未结', exact: true }).click();
    await boardShows([SOON, LATER, LATE]);
    await page.reload();
    await page.getByRole('button', { name: '赵先生的单', exact: true }).click();
    await boardShows([LATER]);
  });

  it('deletes the person’s own view', async () => {
    await page.getByRole('button', { name: '删除视图 赵先生的单' }).click();
    await page.getByText('视图已删除。').waitFor();
    await expect(page.getByRole('button', { name: '赵先生的单', exact: true }).count()).resolves.toBe(0);
    expect(await w.query(`SELECT 1 FROM "board_views"`)).toHaveLength(0);
  });
});

describe('the board’s views, in English, for an engineer', () => {
  it('opens "mine": the engineer’s own cases, from a shared address', async () => {
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(/\/sign-in/);
    await signIn('chen.eng', { user: '用户名', password: '密码', submit: '登录' });
    await page.getByRole('heading', { name: 'Open cases' }).waitFor();
    await page.getByRole('button', { name: 'Mine', exact: true }).click();
    await page.waitForURL(/assignee=me/);
    await boardShows([SOON]);
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: SOON }) });
    await row.getByText(/^due (Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d\d:\d\d · 2 working hours/).waitFor();
    await shot('board-mine.en');
    // The same address, opened afresh, shows the same view.
    await page.goto('/board?dueWithin=60');
    await boardShows([SOON]);
    await page.getByRole('button', { name: 'Due within 1 h', exact: true, pressed: true }).waitFor();
    expect(await page.getByRole('switch', { name: 'Due within 1 h' }).isChecked()).toBe(true);
  });

  it('places the API’s refusal of a second view of the same name on the name field', async () => {
    // Two different sets of filters, both named "Team": the second is refused.
    for (const kind of ['service_request', 'inquiry']) {
      await page.goto(`/board?assignee=team&kind=${kind}`);
      await page.getByRole('heading', { name: 'Open cases' }).waitFor();
      await page.getByRole('button', { name: 'Save view' }).click();
      await page.getByRole('dialog').getByLabel('Name').fill('Team');
      await page.getByRole('dialog').getByRole('button', { name: 'Save view' }).click();
    }
    await page.getByRole('dialog').getByText('you already have a view named "Team"').waitFor();
    await expect(page.getByRole('dialog').getByLabel('Name').getAttribute('aria-invalid')).resolves.toBe(
      'true',
    );
    await shot('board-save-view-refused.en');
    expect(await w.query(`SELECT 1 FROM "board_views"`)).toHaveLength(1);
  });
});
