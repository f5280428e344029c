// The outbox's one writer on a real PostgreSQL: a key writes one row however often it is written, the staff
// fan-out follows the channel registry, and a row's status is the lock its senders take turns on.
import type { DataSource } from 'typeorm';
import { createDataSource } from '../data-source';
import { createTestDatabase, seedOrganisation, type SeededOrganisation, type TestDatabase } from '../testing';
import { createChannels } from './channels';
import {
  ADDRESSABLE_CHANNELS,
  checkAddress,
  deliveredOnWrite,
  NOTIFICATION_CHANNELS,
  STAFF_CHANNELS,
} from './channel-registry';
import {
  claimNotification,
  finishNotification,
  insertNotification,
  notificationIdsByKeys,
  requeueNotification,
  staffNotificationKeys,
  tellStaff,
  type NewNotification,
} from './outbox.repository';

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

let counter = 0;
const key = (what: string) => `outbox-spec:${what}:${++counter}`;

const customerSms = (idempotencyKey: string, address = '13900001111'): NewNotification => ({
  idempotencyKey,
  caseNumber: null,
  recipientKind: 'customer',
  recipientAddress: address,
  channel: 'sms',
  template: 'channel_test',
  language: 'en',
  data: { urgent: true },
});

interface Stored {
  id: string;
  idempotency_key: string;
  channel: string;
  recipient_staff_id: string | null;
  recipient_address: string | null;
  status: string;
  attempts: number;
  requeued: number;
  last_error: string | null;
}

const rowsWithKeys = (keys: string[]): Promise<Stored[]> =>
  dataSource.query(
    `SELECT * FROM "notifications" WHERE "idempotency_key" = ANY ($1) ORDER BY "idempotency_key"`,
    [keys],
  );

describe('insert', () => {
  it('writes one row per idempotency key: a second write answers the first row and changes nothing', async () => {
    const k = key('insert');
    const first = await insertNotification(dataSource, customerSms(k, '13900001111'));
    const second = await insertNotification(dataSource, customerSms(k, '13900002222'));

    expect(second).toBe(first);
    const rows = await rowsWithKeys([k]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: first,
      recipient_address: '13900001111',
      status: 'pending',
      attempts: 0,
    });
  });

  it('writes nothing when the transaction that wrote it is rolled back', async () => {
    const k = key('rollback');
    await expect(
      dataSource.transaction(async (tx) => {
        await insertNotification(tx, customerSms(k));
        throw new Error('the writer failed after writing');
      }),
    ).rejects.toThrow('the writer failed');
    expect(await rowsWithKeys([k])).toEqual([]);
  });
});

describe('the staff fan-out', () => {
  it('tells a member of staff in-app and by e-mail, with the address the chart has for them', async () => {
    const k = key('fan-out');
    const [{ email }]: { email: string }[] = await dataSource.query(
      `SELECT "email" FROM "staff" WHERE "id" = $1`,
      [org.supervisorId],
    );

    const keys = await tellStaff(
      dataSource,
      k,
      { staffId: org.supervisorId, language: 'en' },
      { caseNumber: null, template: 'commitment_breached', data: {} },
    );

    expect(keys).toEqual([`${k}:notify`, `${k}:email`]);
    expect(keys).toEqual(staffNotificationKeys(k));
    const rows = await rowsWithKeys(keys);
    expect(
      rows.map((r) => [r.idempotency_key, r.channel, r.recipient_staff_id, r.recipient_address]),
    ).toEqual([
      [`${k}:email`, 'email', org.supervisorId, email],
      [`${k}:notify`, 'in_app', org.supervisorId, null],
    ]);
  });

  it('tells a member of staff without an e-mail address in-app only', async () => {
    const k = key('no-email');
    const keys = await tellStaff(
      dataSource,
      k,
      { staffId: org.engineerId, language: 'zh-CN', email: null },
      { template: 'commitment_breached', data: {} },
    );
    expect(keys).toEqual([`${k}:notify`]);
    expect((await rowsWithKeys(staffNotificationKeys(k))).map((r) => r.channel)).toEqual(['in_app']);
  });

  it('names its keys as the writer asks, and a retry writes no second row', async () => {
    const keyOf = (channel: string) => `weekly-spec:${org.managerId}:${channel}:${counter}`;
    const write = () =>
      tellStaff(
        dataSource,
        keyOf,
        { staffId: org.managerId, language: 'en', email: 'wang@example.com' },
        { template: 'weekly_summary', data: {} },
      );
    const keys = await write();
    await write();
    expect(keys).toEqual([keyOf('in_app'), keyOf('email')]);
    expect(await rowsWithKeys(keys)).toHaveLength(2);
    expect(await notificationIdsByKeys(dataSource, [...keys, 'never-written'])).toHaveLength(2);
  });
});

describe('the channel registry', () => {
  it('has a sender for every channel it lists, and lists every channel that has a sender', () => {
    const senders = createChannels({ appBaseUrl: 'http://localhost' });
    expect(Object.keys(senders).sort()).toEqual([...NOTIFICATION_CHANNELS].sort());
    for (const [name, sender] of Object.entries(senders)) expect(sender.name).toBe(name);
  });

  it('reaches staff in-app and by e-mail; only in-app is delivered by writing it; addresses are typed only for e-mail and SMS', () => {
    expect(STAFF_CHANNELS).toEqual(['in_app', 'email']);
    expect(NOTIFICATION_CHANNELS.filter(deliveredOnWrite)).toEqual(['in_app']);
    expect([...ADDRESSABLE_CHANNELS].sort()).toEqual(['email', 'sms']);
  });

  it('writes a phone number without spaces or dashes and refuses what is not an address', () => {
    expect(checkAddress('sms', '139 0000-1111')).toEqual({ address: '13900001111' });
    expect(checkAddress('sms', '12ab')).toMatchObject({ problem: 'No usable phone number (invalid)' });
    expect(checkAddress('email', null)).toMatchObject({ problem: 'No usable e-mail address (none)' });
    expect(checkAddress('email', 'a@b.cn')).toEqual({ address: 'a@b.cn' });
    expect(checkAddress('in_app', 'anything')).toBeUndefined();
  });
});

describe('senders', () => {
  it('lets one sender claim a row at a time, and never claims a sent row again', async () => {
    const k = key('claim');
    const id = await insertNotification(dataSource, customerSms(k));
    expect(await claimNotification(dataSource, id, 60_000)).toBe(true);
    expect(await claimNotification(dataSource, id, 60_000)).toBe(false);

    await finishNotification(dataSource, id, 'sent', { providerId: 'p-1' });
    expect(await claimNotification(dataSource, id, 0)).toBe(false);
    expect((await rowsWithKeys([k]))[0]).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('takes over a claim older than the lease (a sender that died)', async () => {
    const id = await insertNotification(dataSource, customerSms(key('lease')));
    expect(await claimNotification(dataSource, id, 60_000)).toBe(true);
    await dataSource.query(
      `UPDATE "notifications" SET "last_attempt_at" = now() - interval '2 minutes' WHERE "id" = $1`,
      [id],
    );
    expect(await claimNotification(dataSource, id, 60_000)).toBe(true);
  });

  it('settles only a claimed row', async () => {
    const k = key('unclaimed');
    const id = await insertNotification(dataSource, customerSms(k));
    await finishNotification(dataSource, id, 'sent');
    expect((await rowsWithKeys([k]))[0].status).toBe('pending');
  });

  it('re-queues a failed row, counting each re-queue, and refuses a sent one', async () => {
    const k = key('requeue');
    const id = await insertNotification(dataSource, customerSms(k));
    await claimNotification(dataSource, id, 60_000);
    await finishNotification(dataSource, id, 'failed', { error: 'gateway down' });
    expect(await requeueNotification(dataSource, id)).toBe(1);
    expect((await rowsWithKeys([k]))[0]).toMatchObject({ status: 'pending', last_error: null, requeued: 1 });

    await claimNotification(dataSource, id, 60_000);
    await finishNotification(dataSource, id, 'sent');
    expect(await requeueNotification(dataSource, id)).toBeUndefined();
    expect((await rowsWithKeys([k]))[0]).toMatchObject({ status: 'sent', requeued: 1 });
  });
});
