// The real embedded stack for browser tests: a fresh install (migrated PostgreSQL, the first admin, the dev
// server and a worker), the API listening on a free port and serving the built console, and Debian's
// Chromium driven by playwright-core (Playwright's own browser download cannot work here).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { chromium, type Browser } from 'playwright-core';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@caseflow/persistence/testing';
import { createTestEnvironment } from '@caseflow/temporal/testing';
import { startWorker, type RunningWorker } from '../../apps/worker/src/worker.factory';
import { ADMIN_PASSWORD, startApi, testConfig } from '../../apps/api/test/support';
import { closeInOrder, openWorlds, quietTemporalRuntime } from '../../apps/api/test/harness/cases-harness';

const ROOT = path.resolve(__dirname, '../..');
export const CONSOLE_DIR = path.join(ROOT, 'dist', 'console');
export const SCREENSHOTS = path.join(ROOT, 'reports', 'console');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface ConsoleWorld {
  app: INestApplication;
  baseUrl: string;
  browser: Browser;
  adminPassword: string;
  /** Calls the API as the first admin (set-up and assertions the page cannot make). */
  admin(method: 'get' | 'post' | 'patch', url: string): request.Test;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** Builds the console once per run when there is no build (CI builds it before the tests). */
function ensureConsoleBuild(): void {
  if (fs.existsSync(path.join(CONSOLE_DIR, 'index.html'))) return;
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const built = spawnSync(process.execPath, [vite, 'build', '--config', 'apps/console/vite.config.mts'], {
    cwd: ROOT,
    stdio: 'pipe',
  });
  if (built.status !== 0) throw new Error(`The console did not build:\n${built.stderr.toString()}`);
}

export function createConsoleWorld(): Promise<ConsoleWorld> {
  const world = build(() => openWorlds.delete(world));
  openWorlds.add(world);
  world.catch(() => openWorlds.delete(world));
  return world;
}

async function build(closed: () => void): Promise<ConsoleWorld> {
  ensureConsoleBuild();
  quietTemporalRuntime();
  const [env, db]: [Awaited<ReturnType<typeof createTestEnvironment>>, TestDatabase] = await Promise.all([
    createTestEnvironment(),
    createTestDatabase(),
  ]);
  let app: INestApplication | undefined;
  let worker: RunningWorker | undefined;
  let browser: Browser | undefined;
  try {
    const config = await testConfig(db, {
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_TASK_QUEUE: `console-browser-${randomBytes(4).toString('hex')}`,
      LOG_LEVEL: 'silent',
    });
    [app, worker] = await Promise.all([
      startApi(config, { logger: false, consoleDir: CONSOLE_DIR }),
      startWorker(config, false),
    ]);
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address() as { port: number };
    const baseUrl = `http://127.0.0.1:${address.port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const server = app.getHttpServer();
    const token = (
      (
        await request(server)
          .post('/api/auth/login')
          .send({ username: 'admin', password: ADMIN_PASSWORD })
          .expect(200)
      ).body as { accessToken: string }
    ).accessToken;
    const dataSource = app.get(DataSource);
    const runningApp = app;
    const runningWorker = worker;
    const runningBrowser = browser;
    let closing: Promise<void> | undefined;
    return {
      app,
      baseUrl,
      browser,
      adminPassword: ADMIN_PASSWORD,
      admin: (method, url) => request(server)[method](url).set('Authorization', `Bearer ${token}`),
      query: <T>(sql: string, params: unknown[] = []) => dataSource.query(sql, params) as Promise<T[]>,
      close: () =>
        (closing ??= runningBrowser
          .close()
          .catch(() => undefined)
          .then(() => closeInOrder(runningApp, runningWorker, env, db))
          .finally(closed)),
    };
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await worker?.close().catch(() => undefined);
    await Promise.all([env.teardown(), db.drop()]).catch(() => undefined);
    throw error;
  }
}

/** An axe-core finding that blocks someone: its rule, impact, and where (the first few targets). */
export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core (WCAG 2.x A and AA rules) on the page as it is now and returns its serious and critical
 * violations; a test expects none. The script is injected from node_modules, so no network is needed.
 */
export async function seriousAxeViolations(page: import('playwright-core').Page): Promise<AxeFinding[]> {
  const source = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated over the DevTools protocol: the console's Content-Security-Policy forbids an inline script tag.
  await page.evaluate(source);
  // The page at rest: a button the test just clicked would otherwise be measured in its lighter hover colours.
  // (Ant Design eases colours over 0.2 s: wait for the rest colours before measuring.)
  await page.mouse.move(0, 0);
  await page.waitForTimeout(300);
  const violations = await page.evaluate(async () => {
    const { axe, document } = globalThis as unknown as {
      axe: { run: (...args: unknown[]) => Promise<unknown> };
      document: unknown;
    };
    // An open Select's or DatePicker's popup is Ant Design's own (its virtual list's listbox has no name; its
    // Chinese year button reads "2026年" but is named "选择年份"); the fields that open them are checked.
    const result = (await axe.run(
      { include: [document], exclude: [['.ant-select-dropdown'], ['.ant-picker-dropdown']] } as unknown,
      {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      },
    )) as {
      violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
    };
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
