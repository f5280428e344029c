// The deliverNotification workflow with the real activities, a real PostgreSQL and a real local SMS
// gateway, on the dev server's virtual clock: quiet hours hold an SMS until morning, a row is delivered
// once however often delivery is started (or the writing activity retried, or the worker restarted),
// and a failing gateway is retried with backoff without anyone waiting on it.
import * as path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { createDataSource } from '@caseflow/persistence';
import { createTestDatabase, seedOrganisation, type TestDatabase } from '@caseflow/persistence/testing';
import { HOUR_MS, MINUTE_MS, TimeZone } from '@caseflow/sla';
import { createTestEnvironment, workflowBundle } from '@caseflow/temporal/testing';
import { createActivities } from '../..';
import { createChannels } from '@caseflow/persistence/outbox';
import { createNotificationDispatcher, deliveryWorkflowId, type NotificationDispatcher } from '../dispatcher';
import { startSmsPeer } from './peers';

const taskQueue = 'notification-delivery-spec';
const TOKEN = 'gateway-token';
const SHANGHAI = TimeZone.of('Asia/Shanghai');

let env: TestWorkflowEnvironment;
let testDb: TestDatabase;
let dataSource: DataSource;
let sms: Awaited<ReturnType<typeof startSmsPeer>>;
let dispatcher: NotificationDispatcher;
let worker: { stop(): Promise<void> };
let bundle: { code: string };

/** SMS through the local gateway; e-mail unconfigured. */
function notifications() {
  return {
    channels: createChannels(
      { appBaseUrl: 'https://caseflow.example.com', sms: { url: sms.url, token: TOKEN } },
      { httpTimeoutMs: 2000 },
    ),
    settings: {
      appBaseUrl: 'https://caseflow.example.com',
      quietHours: { startMinute: 21 * 60, endMinute: 8 * 60 },
    },
  };
}

async function startWorker() {
  const w = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    activities: createActivities({ dataSource, dispatcher, notifications: notifications() }),
  });
  const running = w.run();
  return {
    async stop() {
      w.shutdown();
      await running;
    },
  };
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  dataSource = createDataSource(testDb.url);
  await dataSource.initialize();
  await seedOrganisation(dataSource);
  sms = await startSmsPeer(TOKEN);
  env = await createTestEnvironment({ timeSkipping: true });
  // Only this workflow's file: its bundle does not depend on the case workflows.
  bundle = await workflowBundle(
    path.join(__dirname, '..', '..', '..', 'workflows', 'notification-delivery.workflow.ts'),
  );
  dispatcher = createNotificationDispatcher({ dataSource, client: async () => env.client, taskQueue });
  worker = await startWorker();
});

afterAll(async () => {
  await worker?.stop();
  await env?.teardown();
  await sms?.close();
  await dataSource?.destroy();
  await testDb?.drop();
});

beforeEach(() => {
  sms.respond = undefined;
});

let counter = 0;
async function customerSms(data: Record<string, unknown> = {}): Promise<string> {
  counter++;
  const [row]: { id: string }[] = await dataSource.query(
    `INSERT INTO "notifications" ("idempotency_key", "case_number", "recipient_kind", "recipient_address",
       "channel", "template", "language", "data")
     VALUES ($1, $2, 'customer', '13900001111', 'sms', 'delay_apology', 'zh-CN', $3) RETURNING "id"`,
    [
      `spec:${counter}`,
      `20261123-07-${String(counter).padStart(4, '0')}`,
      JSON.stringify({ customerName: '张三', ...data }),
    ],
  );
  return row.id;
}

/** Moves the virtual clock to the next time Shanghai's clock reads hh:mm. */
async function advanceToShanghai(hour: number, minute = 0): Promise<number> {
  const now = await env.currentTimeMs();
  const wall = SHANGHAI.wallClockAt(now);
  const day = wall - (wall % (24 * HOUR_MS));
  let target = SHANGHAI.instantAt(day + hour * HOUR_MS + minute * MINUTE_MS);
  if (target <= now) target = SHANGHAI.instantAt(day + 24 * HOUR_MS + hour * HOUR_MS + minute * MINUTE_MS);
  await env.sleep(target - now);
  return target;
}

const sentTo = (id: string) => sms.requests.filter((r) => r.body.reference === id);
const row = async (id: string) =>
  (
    (await dataSource.query(`SELECT * FROM "notifications" WHERE "id" = $1`, [id])) as Record<
      string,
      unknown
    >[]
  )[0];

it('holds an SMS to a customer due at 22:00 until 08:00 the next morning, Shanghai time', async () => {
  const evening = await advanceToShanghai(22);
  const id = await customerSms();
  await dispatcher.startDelivery(id);
  const handle = env.client.workflow.getHandle(deliveryWorkflowId(id));

  await env.sleep(9 * HOUR_MS); // 07:00: still quiet
  expect(sentTo(id)).toHaveLength(0);
  expect(await row(id)).toMatchObject({ status: 'pending', attempts: 0 });

  await expect(handle.result()).resolves.toMatchObject({ outcome: 'sent' });
  expect(sentTo(id)).toHaveLength(1);
  const sentAt = await env.currentTimeMs();
  expect(sentAt).toBeGreaterThanOrEqual(evening + 10 * HOUR_MS);
  expect(sentAt).toBeLessThan(evening + 10 * HOUR_MS + MINUTE_MS);
});

it('sends an urgent SMS at once, even at 22:00', async () => {
  const evening = await advanceToShanghai(22);
  const id = await customerSms({ urgent: true });
  await dispatcher.startDelivery(id);
  await expect(env.client.workflow.getHandle(deliveryWorkflowId(id)).result()).resolves.toMatchObject({
    outcome: 'sent',
  });
  expect(sentTo(id)).toHaveLength(1);
  expect(await env.currentTimeMs()).toBeLessThan(evening + MINUTE_MS);
});

it('delivers a row once however often delivery is started, before or after it finished', async () => {
  await advanceToShanghai(10);
  const id = await customerSms();
  expect(await dispatcher.startDelivery(id)).toBe('started');
  expect(await dispatcher.startDelivery(id)).toBe('already_started');
  await env.client.workflow.getHandle(deliveryWorkflowId(id)).result();
  expect(await dispatcher.startDelivery(id)).toBe('already_started');
  expect(sentTo(id)).toHaveLength(1);
});

it('a retried notifyCustomer writes one row and sends one SMS', async () => {
  await advanceToShanghai(10);
  const activities = createActivities({ dataSource, dispatcher, notifications: notifications() });
  const input = {
    idempotencyKey: 'case-20261123-07-0999:survey:0',
    caseNumber: '20261123-07-0999',
    customer: { name: 'Zhang San', phone: '13900002222', tier: 'standard' as const },
    template: 'survey' as const,
  };
  await activities.notifyCustomer(input);
  await activities.notifyCustomer(input); // the retry after a lost reply
  const rows: { id: string }[] = await dataSource.query(
    `SELECT "id" FROM "notifications" WHERE "idempotency_key" = $1`,
    [input.idempotencyKey],
  );
  expect(rows).toHaveLength(1);
  await env.client.workflow.getHandle(deliveryWorkflowId(rows[0].id)).result();
  expect(sentTo(rows[0].id)).toHaveLength(1);
  expect(sentTo(rows[0].id)[0].body.to).toBe('13900002222');
});

it('retries a failing gateway with backoff, recording each attempt, and sends once it recovers', async () => {
  await advanceToShanghai(10);
  const id = await customerSms();
  let failures = 0;
  sms.respond = (req, res) => {
    if (req.body.reference !== id || failures >= 3) return false;
    failures++;
    res.writeHead(503).end('maintenance');
    return true;
  };
  const started = await env.currentTimeMs();
  await dispatcher.startDelivery(id);
  await expect(env.client.workflow.getHandle(deliveryWorkflowId(id)).result()).resolves.toMatchObject({
    outcome: 'sent',
  });
  // 30 s, then 1 min, then 2 min between the attempts.
  expect(await env.currentTimeMs()).toBeGreaterThanOrEqual(started + 3.5 * MINUTE_MS);
  expect(sentTo(id)).toHaveLength(4);
  expect(await row(id)).toMatchObject({ status: 'sent', attempts: 4, last_error: null });
});

it('gives up after ten attempts, leaving the row failed with its last error', async () => {
  await advanceToShanghai(10);
  const id = await customerSms();
  sms.respond = (req, res) => (req.body.reference === id ? (res.writeHead(500).end('down'), true) : false);
  await dispatcher.startDelivery(id);
  await expect(env.client.workflow.getHandle(deliveryWorkflowId(id)).result()).resolves.toMatchObject({
    outcome: 'failed',
  });
  expect(await row(id)).toMatchObject({
    status: 'failed',
    attempts: 10,
    last_error: expect.stringContaining('500: down'),
  });
});

it('survives a worker restart while an SMS waits for morning, and sends it once', async () => {
  await advanceToShanghai(23);
  const id = await customerSms();
  await dispatcher.startDelivery(id);
  await env.sleep(HOUR_MS);
  await worker.stop();
  worker = await startWorker();
  await expect(env.client.workflow.getHandle(deliveryWorkflowId(id)).result()).resolves.toMatchObject({
    outcome: 'sent',
  });
  expect(sentTo(id)).toHaveLength(1);
});
