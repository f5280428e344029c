import type { INestApplication } from '@nestjs/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import request from 'supertest';
import { createTestDatabase, TestDatabase } from '@caseflow/persistence/testing';
import { createTestEnvironment } from '@caseflow/temporal/testing';
import { startApi, testConfig } from './support';

describe('/health with Temporal running', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  let app: INestApplication;

  beforeAll(async () => {
    [env, db] = await Promise.all([createTestEnvironment(), createTestDatabase()]);
    app = await startApi(
      await testConfig(db, { TEMPORAL_ADDRESS: env.address, TEMPORAL_TASK_QUEUE: 'health-check' }),
    );
  });

  afterAll(async () => {
    await app?.close();
    await Promise.all([env?.teardown(), db?.drop()]);
  });

  it('reports Temporal up, and is still 503 while no worker is seen on the task queue', async () => {
    const response = await request(app.getHttpServer()).get('/health').expect(503);
    expect(response.body).toMatchObject({
      status: 'degraded',
      checks: {
        database: { status: 'up' },
        temporal: { status: 'up' },
        worker: { status: 'down', pollers: 0, taskQueue: 'health-check' },
      },
    });
  });

  // Needs WorkflowService/DescribeTaskQueue, which the dev server does not implement yet: then start
  // `startWorker(config)` from apps/worker and expect 200 with checks.worker.pollers > 0.
  it.todo('is 200 "ok" once a worker polls the task queue');
});
