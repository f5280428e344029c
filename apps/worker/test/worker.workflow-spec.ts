import { TestWorkflowEnvironment } from '@temporalio/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { loadConfig } from '@caseflow/config';
import { WORKFLOW_TYPES } from '@caseflow/domain';
import { TemporalService } from '@caseflow/temporal';
import { createTestEnvironment } from '@caseflow/temporal/testing';
import { createTestDatabase, TestDatabase } from '@caseflow/persistence/testing';
import type { Activities } from '../../../activities';
import type { deliverNotification } from '../../../workflows/notification-delivery.workflow';
import { startWorker } from '../src/worker.factory';
import { WorkerHost } from '../src/worker-host.service';
import { WORKER_DATA_SOURCE } from '../src/worker.module';

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
      // Temporal Server lists a poller once its first poll has arrived: ask again for up to 10 s.
      let status = await temporal.workerStatus();
      for (const until = Date.now() + 10_000; status.pollers.length === 0 && Date.now() < until;) {
        await new Promise((r) => setTimeout(r, 200));
        status = await temporal.workerStatus();
      }
      expect(status.pollers.length).toBeGreaterThan(0);
      expect(worker.host.state).toBe('RUNNING');
    } finally {
      await worker.close();
      await temporal.onApplicationShutdown();
    }
    expect(worker.host.state).toBe('STOPPED');
  });

  it('drains the worker before it closes the database, so no in-flight activity loses its connection', async () => {
    // A local activity whose pool closed under it fails on every retry, and the worker waits for it
    // forever: shutdown must stop the worker first, then close what its activities use.
    const worker = await startWorker(configFor('worker-shutdown-order'), false);
    const dataSource = worker.context.get<DataSource>(getDataSourceToken(WORKER_DATA_SOURCE));
    const destroy = dataSource.destroy.bind(dataSource);
    let workerWhenDatabaseClosed: string | undefined;
    dataSource.destroy = () => {
      workerWhenDatabaseClosed = worker.host.state;
      return destroy();
    };
    try {
      await worker.close();
    } finally {
      if (worker.host.state !== 'STOPPED') await worker.host.stop();
    }
    expect(workerWhenDatabaseClosed).toBe('STOPPED');
  });

  it('stops even when an activity never settles, instead of holding the process for ever', async () => {
    const config = configFor('worker-stuck-activity');
    let started!: () => void;
    const activityStarted = new Promise<void>((resolve) => (started = resolve));
    // Every activity hangs: it ignores cancellation and never answers (a call to a peer that went silent).
    const hang = () => {
      started();
      return new Promise(() => undefined);
    };
    const hanging = { planNotification: hang, sendNotification: hang } as unknown as Activities;
    const host = new WorkerHost(config, hanging);
    await host.start();
    await env.client.workflow.start<typeof deliverNotification>(WORKFLOW_TYPES.notificationDelivery, {
      taskQueue: config.temporal.notificationsTaskQueue,
      workflowId: 'stuck-delivery',
      args: [{ notificationId: '00000000-0000-4000-8000-000000000000' }],
    });
    await activityStarted;
    const stopping = Date.now();
    await host.stop();
    // 10 s for activities to finish, 20 s more before the worker stops regardless.
    expect(Date.now() - stopping).toBeLessThan(45_000);
    expect(host.state).toBe('STOPPED');
  }, 90_000);

  it('refuses to start without a database, naming what to set', async () => {
    const config = { ...configFor('worker-no-db'), databaseUrl: undefined };
    await expect(startWorker(config, false)).rejects.toThrow(/DATABASE_URL/);
  });
});
