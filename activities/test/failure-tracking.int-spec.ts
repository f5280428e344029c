import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DataSource } from 'typeorm';
import { createDataSourceOptions } from '@caseflow/persistence';
import { createTestDatabase, type TestDatabase } from '@caseflow/persistence/testing';
import {
  DATA_REJECTED,
  isPermanentDataError,
  RECORD_FROM_ATTEMPT,
  withFailureTracking,
} from '../failure-tracking';

let testDb: TestDatabase;
let dataSource: DataSource;

beforeAll(async () => {
  testDb = await createTestDatabase();
  dataSource = await new DataSource(createDataSourceOptions(testDb.url)).initialize();
  await dataSource.query(`CREATE TABLE "probe" ("value" text NOT NULL)`);
});

afterAll(async () => {
  await dataSource?.destroy();
  await testDb?.drop();
});

const failures = () =>
  dataSource.query<
    {
      workflow_id: string;
      activity: string;
      retryable: boolean;
      attempts: number;
      sql_state: string | null;
      error: string;
    }[]
  >(
    `SELECT "workflow_id", "activity", "retryable", "attempts", "sql_state", "error" FROM "activity_failures" ORDER BY 1, 2`,
  );

function inWorkflow(workflowId: string, attempt: number) {
  return new MockActivityEnvironment({
    attempt,
    workflowExecution: { workflowId, runId: 'run-1' },
  } as never);
}

async function failureOf(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    return error;
  }
  throw new Error('expected the activity to fail');
}

const writer = () =>
  withFailureTracking(
    {
      write: async (value: string | null) => {
        await dataSource.query(`INSERT INTO "probe" ("value") VALUES ($1)`, [value]);
      },
    },
    { dataSource },
  );

describe('an activity whose write the database refuses for good', () => {
  let activities: ReturnType<typeof writer>;
  beforeAll(() => {
    activities = writer();
  });

  it('fails non-retryably on its first attempt (a NUL byte: SQLSTATE 22021), without the value in the message', async () => {
    const error = await failureOf(
      inWorkflow('case-20261206-07-0001', 1).run(activities.write, 'Li Lei\u0000 13800138000'),
    );
    expect(error).toBeInstanceOf(ApplicationFailure);
    const failure = error as ApplicationFailure;
    expect(failure).toMatchObject({ type: DATA_REJECTED, nonRetryable: true });
    expect(failure.details).toEqual([{ activity: 'write', sqlState: '22021' }]);
    expect(failure.message).not.toContain('13800138000');
    expect(await failures()).toEqual([
      expect.objectContaining({
        workflow_id: 'case-20261206-07-0001',
        activity: 'write',
        retryable: false,
        attempts: 1,
        sql_state: '22021',
      }),
    ]);
  });

  it('fails non-retryably on a NOT NULL violation (23502): the same write fails every time', async () => {
    const error = await failureOf(inWorkflow('case-20261206-07-0002', 1).run(activities.write, null));
    expect(error).toMatchObject({ type: DATA_REJECTED, nonRetryable: true });
    expect((await failures()).map((f) => [f.workflow_id, f.sql_state])).toContainEqual([
      'case-20261206-07-0002',
      '23502',
    ]);
  });
});

describe('an activity that fails for a reason a retry may cure', () => {
  let outage = true;
  const reader = () =>
    withFailureTracking(
      {
        read: async () => {
          if (outage)
            throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
          return 'ok';
        },
      },
      { dataSource },
    );
  let activities: ReturnType<typeof reader>;
  beforeAll(() => {
    activities = reader();
  });

  it('is retried as before, is on the failures list from its third attempt, and leaves it when it succeeds', async () => {
    const first = await failureOf(inWorkflow('case-20261206-07-0003', 1).run(activities.read));
    expect(first).not.toBeInstanceOf(ApplicationFailure);
    expect((await failures()).some((f) => f.workflow_id === 'case-20261206-07-0003')).toBe(false);

    await failureOf(inWorkflow('case-20261206-07-0003', RECORD_FROM_ATTEMPT).run(activities.read));
    expect(await failures()).toContainEqual(
      expect.objectContaining({
        workflow_id: 'case-20261206-07-0003',
        activity: 'read',
        retryable: true,
        attempts: RECORD_FROM_ATTEMPT,
      }),
    );

    outage = false;
    await expect(
      inWorkflow('case-20261206-07-0003', RECORD_FROM_ATTEMPT + 1).run(activities.read),
    ).resolves.toBe('ok');
    expect((await failures()).some((f) => f.workflow_id === 'case-20261206-07-0003')).toBe(false);
  });
});

describe('isPermanentDataError', () => {
  it.each([
    ['22021', true], // invalid byte sequence (NUL)
    ['22003', true], // numeric value out of range
    ['22P02', true], // invalid text representation
    ['23502', true], // not null
    ['23514', true], // check
    ['23505', false], // unique: a concurrent writer, the retry finds its row
    ['23503', false], // foreign key: the parent may be on its way
    ['40001', false], // serialization failure
    ['57P01', false], // admin shutdown
    [undefined, false],
  ])('%s → %s', (state, permanent) => {
    expect(isPermanentDataError(state)).toBe(permanent);
  });
});
