// A fresh install, as `npm start` leaves it: migrated database, the first admin (and nothing else), a real
// dev server and worker, the API in process. Nothing is seeded: a test builds the organisation through the
// API, as a new admin would, so a feature nobody can reach through the API cannot pass unnoticed.
import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@caseflow/persistence/testing';
import { createTestEnvironment } from '@caseflow/temporal/testing';
import { startWorker, type RunningWorker } from '../../../worker/src/worker.factory';
import { ADMIN_PASSWORD, startApi, testConfig } from '../support';
import { closeInOrder, openWorlds, quietTemporalRuntime } from './cases-harness';

export interface EmptyWorld {
  app: INestApplication;
  db: TestDatabase;
  /** Signs in through POST /api/auth/login and returns calls made as that person. */
  signIn(username: string, password: string): Promise<Session>;
  /** The first admin's password, as CASEFLOW_ADMIN_PASSWORD set it. */
  adminPassword: string;
  /** Looks behind the API's back: for assertions only, never to set anything up. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export interface Session {
  token: string;
  get(url: string): request.Test;
  post(url: string): request.Test;
  patch(url: string): request.Test;
  put(url: string): request.Test;
}

export function createEmptyWorld(): Promise<EmptyWorld> {
  const world = buildEmptyWorld(() => openWorlds.delete(world));
  openWorlds.add(world);
  world.catch(() => openWorlds.delete(world));
  return world;
}

async function buildEmptyWorld(closed: () => void): Promise<EmptyWorld> {
  quietTemporalRuntime();
  const [env, db] = await Promise.all([createTestEnvironment(), createTestDatabase()]);
  let app: INestApplication | undefined;
  let worker: RunningWorker | undefined;
  try {
    const config = await testConfig(db, {
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_TASK_QUEUE: `day-one-e2e-${randomBytes(4).toString('hex')}`,
      LOG_LEVEL: 'silent',
    });
    [app, worker] = await Promise.all([startApi(config), startWorker(config, false)]);
    const server = app.getHttpServer();
    const dataSource = app.get(DataSource);
    const runningApp = app;
    const runningWorker = worker;
    let closing: Promise<void> | undefined;
    return {
      app,
      db,
      adminPassword: ADMIN_PASSWORD,
      async signIn(username, password) {
        const response = await request(server)
          .post('/api/auth/login')
          .send({ username, password })
          .expect(200);
        const token = (response.body as { accessToken: string }).accessToken;
        const auth = (test: request.Test) => test.set('Authorization', `Bearer ${token}`);
        return {
          token,
          get: (url) => auth(request(server).get(url)),
          post: (url) => auth(request(server).post(url)),
          patch: (url) => auth(request(server).patch(url)),
          put: (url) => auth(request(server).put(url)),
        };
      },
      query: <T>(sql: string, params: unknown[] = []) => dataSource.query(sql, params) as Promise<T[]>,
      close: () => (closing ??= closeInOrder(runningApp, runningWorker, env, db).finally(closed)),
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await worker?.close().catch(() => undefined);
    await Promise.all([env.teardown(), db.drop()]).catch(() => undefined);
    throw error;
  }
}
