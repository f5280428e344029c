// Accessibility in a real browser: axe-core on every page the console has (sign-in, change password, board,
// intake, case, my work, complaint), in both languages, with no serious or critical violation; and a
// keyboard-only journey: sign in, open a case from the board and act on it without the mouse.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { seedOrganisation } from '@caseflow/persistence/testing';
import { createConsoleWorld, SCREENSHOTS, seriousAxeViolations, type ConsoleWorld } from './console-world';

jest.setTimeout(120_000);

const PASSWORD = 'a11y-password-1';

let w: ConsoleWorld;
let context: BrowserContext;
let page: Page;
let caseNumber: string;
let complaintNumber: string;

beforeAll(async () => {
  w = await createConsoleWorld();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const engineer = (
    await w
      .admin('post', '/api/users')
      .send({
        username: 'chen.eng',
        displayName: 'Chen',
        password: PASSWORD,
        roles: ['engineer'],
        language: 'zh-CN',
      })
      .expect(201)
  ).body as { id: string };
  const org = await seedOrganisation({ query: (sql: string, p?: unknown[]) => w.query(sql, p) } as never, {
    userIds: { engineer: engineer.id },
  });
  const created = await w
    .admin('post', '/api/cases')
    .send({
      kind: 'service_request',
      channel: 'phone',
      category: 'technical',
      branchId: 'sh',
      customer: { name: '李雷', phone: '+8613800138000', tier: 'gold' },
      description: '打印机卡纸',
    })
    .expect(201);
  caseNumber = (created.body as { number: string }).number;
  for (let i = 0; i < 100; i++) {
    if ((await w.query(`SELECT 1 FROM "cases" WHERE "number" = $1`, [caseNumber])).length) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await w
    .admin('post', `/api/cases/${caseNumber}/actions/assign`)
    .send({ assigneeId: org.engineerId })
    .expect(200);
  const complaint = await w.admin('post', '/api/complaints').send({
    source: 'phone',
    category: 'service',
    complexity: 'simple',
    branchId: 'sh',
    customer: { name: '韩梅梅', phone: '+8613900139000', tier: 'standard' },
    description: '工程师迟到两小时',
  });
  complaintNumber = (complaint.body as { number?: string }).number ?? 'C20261207-0001';
  context = await w.browser.newContext({ baseURL: w.baseUrl, timezoneId: 'Asia/Shanghai' });
  page = await context.newPage();
});

afterAll(async () => {
  await context?.close();
  await w?.close();
});

/** Tab (forwards) until the focused element satisfies `is`; fails after 40 presses. */
async function tabTo(
  is: (el: { tag: string; text: string; label: string | null; name: string | null }) => boolean,
) {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      type Focused = {
        tagName: string;
        innerText?: string;
        id: string;
        getAttribute(name: string): string | null;
      };
      const el = (globalThis as unknown as { document: { activeElement: Focused | null } }).document
        .activeElement;
      return {
        tag: el?.tagName.toLowerCase() ?? '',
        text: (el?.innerText ?? '').trim(),
        label: el?.getAttribute('aria-label') ?? null,
        name: el?.getAttribute('name') ?? el?.id ?? null,
      };
    });
    if (is(focused)) return;
  }
  throw new Error('the element was not reached by the keyboard');
}

async function expectAccessible(name: string) {
  const found = await seriousAxeViolations(page);
  if (found.length)
    await page.screenshot({ path: path.join(SCREENSHOTS, `a11y-${name}.png`), fullPage: true });
  expect({ page: name, violations: found }).toEqual({ page: name, violations: [] });
}

describe('keyboard only', () => {
  it('signs in, opens a case from the board and adds a note to it without the mouse', async () => {
    await page.goto('/board');
    await page.waitForURL(/\/sign-in/);
    await tabTo((el) => el.tag === 'input' && (el.name ?? '').endsWith('username'));
    await page.keyboard.type('admin');
    await page.keyboard.press('Tab');
    await page.keyboard.type(w.adminPassword);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Open cases' }).waitFor();
    await page.getByRole('link', { name: caseNumber }).waitFor();
    await tabTo((el) => el.tag === 'a' && el.text === caseNumber);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: caseNumber }).waitFor();
    await tabTo((el) => el.tag === 'button' && el.text === 'Add note');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    await tabTo((el) => el.tag === 'textarea');
    await page.keyboard.type('Called from the keyboard');
    await tabTo((el) => el.tag === 'button' && el.text === 'Save');
    await page.keyboard.press('Enter');
    await page.getByText('Called from the keyboard').waitFor();
    // The timeline row is written by the workflow's activity a moment after the update answered.
    let notes: unknown[] = [];
    for (let i = 0; i < 100 && notes.length === 0; i++) {
      if (i > 0) await page.waitForTimeout(100);
      notes = await w.query(`SELECT 1 FROM "case_events" WHERE "case_number" = $1 AND "type" = 'note'`, [
        caseNumber,
      ]);
    }
    expect(notes).toHaveLength(1);
  });
});

describe('axe-core finds no serious or critical violation', () => {
  for (const language of ['en', 'zh-CN'] as const) {
    describe(`in ${language}`, () => {
      beforeAll(async () => {
        await w.admin('patch', '/api/users/me').send({ language }).expect(200);
        await page.goto('/board');
        await page.reload();
      });

      it('on the board', async () => {
        await page.goto('/board');
        await page.getByRole('link', { name: caseNumber }).waitFor();
        await expectAccessible(`board.${language}`);
      });

      it('on the intake form', async () => {
        await page.goto('/intake');
        await page.getByRole('heading', { level: 1 }).waitFor();
        await expectAccessible(`intake.${language}`);
      });

      it('on the case page, and its action dialog', async () => {
        await page.goto(`/cases/${encodeURIComponent(caseNumber)}`);
        await page.getByRole('heading', { level: 1, name: caseNumber }).waitFor();
        await expectAccessible(`case.${language}`);
        await page.getByRole('group').last().getByRole('button').first().click();
        await page.getByRole('dialog').waitFor();
        // Measured once the dialog has finished zooming in (half-faded colours are not its colours).
        await page.waitForFunction(
          () =>
            !(
              globalThis as unknown as { document: { querySelector(s: string): unknown } }
            ).document.querySelector(
              '[class*="-zoom-appear"], [class*="-zoom-enter"], [class*="-fade-appear"], [class*="-fade-enter"]',
            ),
        );
        await expectAccessible(`case-dialog.${language}`);
        await page.keyboard.press('Escape');
      });

      it('on the complaint page', async () => {
        await page.goto(`/complaints/${encodeURIComponent(complaintNumber)}`);
        await page.getByRole('main').or(page.locator('body')).first().waitFor();
        await page.waitForLoadState('networkidle');
        await expectAccessible(`complaint.${language}`);
      });

      it('on the sign-in page', async () => {
        const other = await w.browser.newContext({ baseURL: w.baseUrl });
        const signIn = await other.newPage();
        try {
          await signIn.goto('/sign-in');
          await signIn.getByRole('heading').first().waitFor();
          expect(await seriousAxeViolations(signIn)).toEqual([]);
        } finally {
          await other.close();
        }
      });
    });
  }

  it('on My work, for an engineer', async () => {
    const other = await w.browser.newContext({ baseURL: w.baseUrl, timezoneId: 'Asia/Shanghai' });
    const engineer = await other.newPage();
    try {
      await engineer.goto('/sign-in');
      await engineer.getByLabel('用户名').fill('chen.eng');
      await engineer.getByLabel('密码').fill(PASSWORD);
      await engineer.getByRole('button', { name: '登录' }).click();
      await engineer.getByRole('navigation').getByRole('link', { name: '我的工作' }).click();
      await engineer.getByRole('link', { name: caseNumber }).waitFor();
      expect(await seriousAxeViolations(engineer)).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('on the change-password page', async () => {
    const created = await w
      .admin('post', '/api/users')
      .send({ username: 'xu.qa', displayName: 'Xu', password: PASSWORD, roles: ['quality'], language: 'en' })
      .expect(201);
    await w
      .admin('post', `/api/users/${(created.body as { id: string }).id}/reset-password`)
      .send({ password: 'temporary-password-1' })
      .expect(200);
    const other = await w.browser.newContext({ baseURL: w.baseUrl });
    const quality = await other.newPage();
    try {
      await quality.goto('/sign-in');
      await quality.getByLabel(/^(用户名|Username)$/).fill('xu.qa');
      await quality.getByLabel(/^(密码|Password)$/).fill('temporary-password-1');
      await quality.getByRole('button', { name: /^(登录|Sign in)$/ }).click();
      await quality.waitForURL(/change-password/);
      await quality.getByRole('heading').first().waitFor();
      expect(await seriousAxeViolations(quality)).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
