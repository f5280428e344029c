import { TestWorkflowEnvironment } from '@temporalio/testing';
import { loadConfig } from '@caseflow/config';
import { TemporalService } from '@caseflow/temporal';
import { createTestEnvironment } from '@caseflow/temporal/testing';
import { createTestDatabase, TestDatabase } from '@caseflow/persistence/testing';
import { startWorker } from '../src/worker.factory';

describe('the worker process', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;

  beforeAll(async () => {
    [env, db] = await Promise.all([createTestEnvironment(), createTestDatabase()]);
  });

  afterAll(async () => {
    await Promise.all([env?.teardown(), db?.drop()]);
  });

  const configFor = (taskQueue: string) =>
    loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_TASK_QUEUE: taskQueue,
    });

  it('polls Caseflow’s task queue, so /health can see it, and stops polling once closed', async () => {
    const config = configFor('worker-lifecycle');
    const worker = await startWorker(config, false);
    const temporal = new TemporalService(config);
    try {
      const status = await temporal.workerStatus();
      expect(status.pollers.length).toBeGreaterThan(0);
      expect(worker.host.state).toBe('RUNNING');
    } finally {
      await worker.close();
      await temporal.onApplicationShutdown();
    }
    expect(worker.host.state).toBe('STOPPED');
  });

  it('refuses to start without a database, naming what to set', async () => {
    const config = { ...configFor('worker-no-db'), databaseUrl: undefined };
    await expect(startWorker(config, false)).rejects.toThrow(/DATABASE_URL/);
  });
});
