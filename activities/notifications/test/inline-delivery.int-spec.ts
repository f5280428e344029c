// What the writing activity delivers itself and what it hands to a delivery workflow: in-app messages and
// messages for unconfigured channels need neither waiting nor retrying, so they are delivered on the spot;
// real sends and rows held until later still get their own workflow. On a real PostgreSQL, with a
// recording stand-in for the Temporal side of the dispatcher.
import type { DataSource } from 'typeorm';
import { createDataSource } from '@caseflow/persistence';
import {
  createTestDatabase,
  seedOrganisation,
  type SeededOrganisation,
  type TestDatabase,
} from '@caseflow/persistence/testing';
import { createChannels } from '@caseflow/persistence/outbox';
import { createNotificationActivities } from '../delivery';
import { withInlineDelivery, type NotificationDispatcher } from '../dispatcher';

const settings = { appBaseUrl: 'https://caseflow.example.com' };
let testDb: TestDatabase;
let dataSource: DataSource;
let org: SeededOrganisation;

beforeAll(async () => {
  testDb = await createTestDatabase();
  dataSource = createDataSource(testDb.url);
  await dataSource.initialize();
  org = await seedOrganisation(dataSource);
});

afterAll(async () => {
  await dataSource?.destroy();
  await testDb?.drop();
});

/** The Temporal side: records what would have got a delivery workflow. */
function recordingDispatcher() {
  const handed: { notificationIds: string[]; eventId?: string }[] = [];
  const dispatcher: NotificationDispatcher = {
    dispatch: (input) => {
      handed.push(input);
      return Promise.resolve();
    },
    startDelivery: () => Promise.resolve('started'),
  };
  return { dispatcher, handed };
}

// SMS is configured (a gateway that is never called here), e-mail is not.
const channels = createChannels({ ...settings, sms: { url: 'http://127.0.0.1:9/', token: 't' } });

let counter = 0;
async function outbox(channel: string, fields: { notBefore?: string } = {}): Promise<string> {
  counter++;
  const [row]: { id: string }[] = await dataSource.query(
    `INSERT INTO "notifications" ("idempotency_key", "case_number", "recipient_kind", "recipient_staff_id",
       "recipient_address", "channel", "template", "language", "data", "not_before")
     VALUES ($1, '20261123-07-0001', 'staff', $2, $3, $4, 'commitment_breach', 'zh-CN', $5, $6) RETURNING "id"`,
    [
      `inline:${counter}`,
      org.supervisorId,
      channel === 'in_app' ? null : channel === 'sms' ? '13900001111' : 'li@example.com',
      channel,
      JSON.stringify({ customerName: '张三', commitmentKind: 'first_contact' }),
      fields.notBefore ?? null,
    ],
  );
  return row.id;
}

const status = async (id: string) =>
  (
    (await dataSource.query(`SELECT "status", "attempts" FROM "notifications" WHERE "id" = $1`, [id])) as {
      status: string;
      attempts: number;
    }[]
  )[0];

function inlineDispatcher() {
  const { dispatcher, handed } = recordingDispatcher();
  const send = createNotificationActivities({ dataSource, channels, settings }).sendNotification;
  return {
    wrapped: withInlineDelivery(dispatcher, { dataSource, channels, send, appBaseUrl: settings.appBaseUrl }),
    handed,
  };
}

it('delivers an in-app message and marks an unconfigured channel’s message undeliverable on the spot', async () => {
  const { wrapped, handed } = inlineDispatcher();
  const inApp = await outbox('in_app');
  const email = await outbox('email');
  const sms = await outbox('sms');
  await wrapped.dispatch({ notificationIds: [inApp, email, sms], eventId: inApp });

  expect(await status(inApp)).toEqual({ status: 'sent', attempts: 1 });
  expect(await status(email)).toEqual({ status: 'undeliverable', attempts: 1 });
  // The real send goes to a workflow; the event still reaches webhook subscribers through it.
  expect(handed).toEqual([{ notificationIds: [sms], eventId: inApp }]);
  expect(await status(sms)).toEqual({ status: 'pending', attempts: 0 });
});

it('settles a message for an unconfigured channel as undeliverable with the words it would have sent', async () => {
  const { wrapped } = inlineDispatcher();
  const row = {
    id: '00000000-0000-4000-8000-000000000001',
    template: 'commitment_breached',
    language: 'en',
    data: { customerName: 'Zhang San', commitmentKind: 'first_contact', lateMs: 5 * 60_000 },
    caseNumber: '20261123-07-0001',
    recipientStaffId: org.supervisorId,
    recipientName: 'Li',
    timeZone: 'Asia/Shanghai',
  };
  const [email, missing] = await wrapped.settle!(dataSource, [
    { ...row, channel: 'email' },
    { ...row, channel: 'email', template: 'no_such_template' },
  ]);
  expect(email).toEqual({
    status: 'undeliverable',
    error: expect.stringContaining('The email channel is not configured'),
    subject: 'Breached: first contact (20261123-07-0001)',
    body: expect.stringContaining('Dear Li, the first contact promised to Zhang San'),
  });
  expect(missing).toEqual({ status: 'undeliverable', error: expect.any(String) });
});

it('hands a message held until later to a workflow, even in-app', async () => {
  const { wrapped, handed } = inlineDispatcher();
  const later = await outbox('in_app', { notBefore: new Date(Date.now() + 3_600_000).toISOString() });
  await wrapped.dispatch({ notificationIds: [later] });
  expect(handed).toEqual([{ notificationIds: [later], eventId: undefined }]);
  expect(await status(later)).toEqual({ status: 'pending', attempts: 0 });
});

it('sends nothing twice when the writing activity is retried', async () => {
  const { wrapped } = inlineDispatcher();
  const inApp = await outbox('in_app');
  await wrapped.dispatch({ notificationIds: [inApp] });
  await wrapped.dispatch({ notificationIds: [inApp] });
  expect(await status(inApp)).toEqual({ status: 'sent', attempts: 1 });
});
