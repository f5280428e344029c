// One world for the case suites: a fresh database with the seeded organisation, a real dev server (real
// time, no skipping: the API runs on the wall clock), a real worker on its own task queue, the API in
// process, and one signed token per role. Build it once per file; it takes a few seconds.
import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { CaseflowConfig } from '@caseflow/config';
import {
  createTestDatabase,
  seedOrganisation,
  type SeededOrganisation,
  type TestDatabase,
} from '@caseflow/persistence/testing';
import { createTestEnvironment } from '@caseflow/temporal/testing';
import { startWorker, type RunningWorker } from '../../../worker/src/worker.factory';
import { startApi, testConfig } from '../support';

export type Who = 'operator' | 'engineer' | 'supervisor' | 'quality' | 'admin';

export interface CasesWorld {
  app: INestApplication;
  db: TestDatabase;
  dataSource: DataSource;
  env: TestWorkflowEnvironment;
  config: CaseflowConfig;
  org: SeededOrganisation;
  /** users.id per role; the admin has no staff position (so no operator number). */
  userIds: Record<Who, string>;
  tokens: Record<Who, string>;
  /** An authenticated supertest agent call for the role. */
  as(who: Who): AuthedRequests;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Stops the worker (a test of what the API does when no worker answers). */
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

export interface AuthedRequests {
  get(url: string): request.Test;
  post(url: string): request.Test;
  patch(url: string): request.Test;
}

export interface CasesWorldOptions {
  /** Runs against the database before the API starts, e.g. to publish a policy version. */
  prepare?: (query: (sql: string, params?: unknown[]) => Promise<unknown[]>) => Promise<void>;
  /** Extra configuration, as environment variables. */
  env?: Record<string, string>;
  /** Runs on the fresh database before anything starts; what it answers is added to `env`. */
  beforeStart?: (db: TestDatabase) => Promise<Record<string, string>>;
}

/**
 * Every world of this file being built or open; test/e2e-environment.js closes whatever is still here
 * after the file's last hook (a world whose `beforeAll` timed out is built anyway, and never handed over).
 */
export const openWorlds: Set<Promise<{ close(): Promise<void> }>> = ((
  globalThis as { __caseflowOpenWorlds?: Set<Promise<{ close(): Promise<void> }>> }
).__caseflowOpenWorlds ??= new Set());

export function createCasesWorld(options: CasesWorldOptions = {}): Promise<CasesWorld> {
  const world = buildCasesWorld(options, () => openWorlds.delete(world));
  openWorlds.add(world);
  world.catch(() => openWorlds.delete(world));
  return world;
}

async function buildCasesWorld(options: CasesWorldOptions, closed: () => void): Promise<CasesWorld> {
  quietTemporalRuntime();
  const [env, db] = await Promise.all([createTestEnvironment(), createTestDatabase()]);
  let app: INestApplication | undefined;
  let worker: RunningWorker | undefined;
  try {
    const config = await testConfig(db, {
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_TASK_QUEUE: `cases-e2e-${randomBytes(4).toString('hex')}`,
      LOG_LEVEL: process.env.CASEFLOW_DEBUG_LOG ?? 'silent',
      ...options.env,
      ...(await options.beforeStart?.(db)),
    });
    const startedApp = startApi(config);
    const startedWorker = startWorker(config, false);
    [app, worker] = await Promise.all([startedApp, startedWorker]);
    const dataSource = app.get(DataSource);
    const query = <T>(sql: string, params: unknown[] = []) => dataSource.query(sql, params) as Promise<T[]>;
    await options.prepare?.(query);

    const userIds = {} as Record<Who, string>;
    for (const [who, roles] of Object.entries(ROLES) as [Who, string[]][]) {
      const [row] = await query<{ id: string }>(
        // English speakers: error answers follow users.language (a new user's default is zh-CN).
        `INSERT INTO "users" ("username", "display_name", "password_hash", "roles", "language")
         VALUES ($1, $2, 'not-a-bcrypt-hash', $3::user_role[], 'en') RETURNING "id"`,
        [`${who}.e2e`, `${who} (e2e)`, roles],
      );
      userIds[who] = row.id;
    }
    const org = await seedOrganisation(dataSource, {
      userIds: {
        operator: userIds.operator,
        engineer: userIds.engineer,
        supervisor: userIds.supervisor,
        quality: userIds.quality,
      },
    });
    // Tokens signed as POST /api/auth/login would (login itself is covered by auth.e2e-spec).
    const jwt = app.get(JwtService);
    const tokens = {} as Record<Who, string>;
    for (const who of Object.keys(ROLES) as Who[]) {
      tokens[who] = await jwt.signAsync({ sub: userIds[who], username: `${who}.e2e` });
    }
    const server = app.getHttpServer();
    const runningApp = app;
    const runningWorker = worker;
    let closing: Promise<void> | undefined;
    return {
      app,
      db,
      dataSource,
      env,
      config,
      org,
      userIds,
      tokens,
      as: (who) => ({
        get: (url) => request(server).get(url).set('Authorization', `Bearer ${tokens[who]}`),
        post: (url) => request(server).post(url).set('Authorization', `Bearer ${tokens[who]}`),
        patch: (url) => request(server).patch(url).set('Authorization', `Bearer ${tokens[who]}`),
      }),
      query,
      stopWorker: () => runningWorker.close(),
      // Each part is stopped even when one before it fails: a worker left running keeps the Jest process
      // (and CI) alive. Closing twice is closing once.
      close: () => (closing ??= closeInOrder(runningApp, runningWorker, env, db).finally(closed)),
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await worker?.close().catch(() => undefined);
    await Promise.all([env.teardown(), db.drop()]).catch(() => undefined);
    throw error;
  }
}

/**
 * Stops each part even when one before it fails: a worker left running keeps the Jest process (and CI)
 * alive. The API first (no new work), then the worker, then what they ran on.
 */
export async function closeInOrder(
  app: INestApplication,
  worker: RunningWorker,
  env: TestWorkflowEnvironment,
  db: TestDatabase,
): Promise<void> {
  try {
    await app.close();
  } finally {
    try {
      await worker.close();
    } finally {
      await Promise.all([env.teardown(), db.drop()]);
    }
  }
}

/** The SDK's process-wide runtime logs every worker state change at INFO; tests want errors only (an expected activity failure, e.g. an uncertified assignee, logs a warning). */
export function quietTemporalRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR'), shutdownSignals: [] });
  } catch {
    // Installed already by an earlier suite in this process.
  }
}

const ROLES: Record<Who, string[]> = {
  operator: ['operator'],
  engineer: ['engineer'],
  supervisor: ['supervisor'],
  quality: ['quality'],
  admin: ['admin'],
};

/** Retries an assertion until it holds (the read model trails the workflow by one activity). */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
