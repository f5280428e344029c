// The service-request workflow with the real case-record activities on a real PostgreSQL (a migrated copy
// of the test template, with the shared organisation fixture): what the workflow decides is what lands in
// the timeline, the read model and the supervisor's inbox. The rules themselves are tested, one by one,
// in service-request.workflow-spec.ts; this is the end-to-end check that the two halves fit.
import * as path from 'node:path';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import type { ActionArgs, Actor, CaseAction, CaseView } from '@caseflow/domain';
import { WORKFLOW_TYPES } from '@caseflow/domain';
import { createDataSource } from '@caseflow/persistence';
import {
  createTestDatabase,
  seedOrganisation,
  type SeededOrganisation,
  type TestDatabase,
} from '@caseflow/persistence/testing';
import {
  createCalendar,
  DEFAULT_CALENDAR,
  DEFAULT_POLICY,
  DEFAULT_SERVICE_SCHEDULE,
  HOUR_MS,
  MINUTE_MS,
} from '@caseflow/sla';
import { createTestEnvironment, workflowBundle } from '@caseflow/temporal/testing';
import { createActivities } from '../../activities';
import { caseActionUpdate, type CaseActionRequest, type CaseWorkflowInput } from '../messages';
import type { serviceRequestWorkflow } from '../service-request.workflow';

const taskQueue = 'service-request-records-spec';
const OPERATOR: Actor = { userId: 'u-liu', username: 'liu' };

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
let testDb: TestDatabase;
let dataSource: DataSource;
let org: SeededOrganisation;

beforeAll(async () => {
  testDb = await createTestDatabase();
  dataSource = createDataSource(testDb.url);
  await dataSource.initialize();
  org = await seedOrganisation(dataSource);
  env = await createTestEnvironment({ timeSkipping: true });
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(path.join(__dirname, '..', 'index.ts')),
    activities: createActivities({ dataSource }),
  });
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
  await dataSource?.destroy();
  await testDb?.drop();
});

function act<A extends CaseAction>(
  handle: WorkflowHandle,
  action: A,
  args: ActionArgs[A],
): Promise<CaseView> {
  return handle.executeUpdate(caseActionUpdate, {
    args: [{ action, args, actor: OPERATOR } as CaseActionRequest],
  });
}

it('a service request escalates, is assigned, and resolves with its timeline, read model and escalations in PostgreSQL', async () => {
  // Start on a working morning in Shanghai, whatever day the suite runs.
  const now = await env.currentTimeMs();
  const start = createCalendar(DEFAULT_CALENDAR).startOfNextWorkingDay(now).getTime();
  await env.sleep(start - now);

  const number = '20261123-07-0001';
  const input: CaseWorkflowInput = {
    intake: {
      number,
      kind: 'service_request',
      channel: 'phone',
      category: 'technical',
      dispatched: false,
      receivedAt: new Date(start).toISOString(),
      customer: { name: 'Zhang San', phone: '13900001111', tier: 'standard' },
      description: 'The printer jams on every page',
      branchId: org.branchId,
      operator: { ...OPERATOR, operatorNo: org.operatorNo },
    },
    policy: DEFAULT_POLICY,
    calendars: [DEFAULT_CALENDAR],
    schedule: DEFAULT_SERVICE_SCHEDULE,
  };
  const handle = await env.client.workflow.start<typeof serviceRequestWorkflow>(
    WORKFLOW_TYPES.serviceRequest,
    {
      taskQueue,
      workflowId: `case-${number}`,
      args: [input],
    },
  );

  // Nobody calls the customer within 1 h: the breach reaches the branch's supervisor.
  await env.sleep(HOUR_MS + MINUTE_MS);
  await eventually(async () => {
    const rows: { step_id: string; recipient_staff_id: string }[] = await dataSource.query(
      `SELECT "step_id", "recipient_staff_id" FROM "escalations"
        WHERE "case_number" = $1 AND "commitment_id" = 'first_contact' ORDER BY "fired_at"`,
      [number],
    );
    expect(rows.find((r) => r.step_id === 'breach')).toEqual({
      step_id: 'breach',
      recipient_staff_id: org.supervisorId,
    });
  });

  // The breach's timeline entry (written right after the escalation) marks the case breached in the list.
  await eventually(async () => {
    const [c] = await dataSource.query(`SELECT "breached" FROM "cases" WHERE "number" = $1`, [number]);
    expect(c).toEqual({ breached: true });
  });

  // An uncertified engineer is refused by the database's staff records; nothing changes.
  const refused = await act(handle, 'assign', { assigneeId: org.uncertifiedEngineerId }).catch((e) => e);
  expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
  expect((refused.cause as ApplicationFailure).type).toBe('VALIDATION_FAILED');

  const assigned = await act(handle, 'assign', { assigneeId: org.engineerId });
  expect(assigned.assignee).toEqual({ id: org.engineerId, name: expect.stringContaining('Chen') });
  await act(handle, 'contact', {});
  const resolved = await act(handle, 'resolve', { summary: 'replaced the pickup roller', faultGrade: 'B' });

  const [row] = await dataSource.query(
    `SELECT "state", "assignee_id", "last_seq", "fault_grade" FROM "cases" WHERE "number" = $1`,
    [number],
  );
  expect(row).toEqual({
    state: 'resolved',
    assignee_id: org.engineerId,
    last_seq: resolved.lastSeq,
    fault_grade: 'B',
  });
  const events: { seq: number; type: string }[] = await dataSource.query(
    `SELECT "seq", "type" FROM "case_events" WHERE "case_number" = $1 ORDER BY "seq"`,
    [number],
  );
  // Every change exactly once, in order, nothing from the refused assignment.
  expect(events.map((e) => e.seq)).toEqual(Array.from({ length: resolved.lastSeq }, (_, i) => i + 1));
  expect(events.map((e) => e.type)).toEqual(
    expect.arrayContaining(['case_received', 'commitment_breached', 'assigned', 'contacted', 'resolved']),
  );
  expect(events[0].type).toBe('case_received');
  expect(events.at(-1)!.type).toBe('resolved');
  const commitments: { commitment_id: string; status: string }[] = await dataSource.query(
    `SELECT "commitment_id", "status" FROM "commitments" WHERE "case_number" = $1 ORDER BY "commitment_id"`,
    [number],
  );
  expect(commitments).toEqual(
    resolved.commitments
      .map((c) => ({ commitment_id: c.id, status: c.status }))
      .sort((a, b) => a.commitment_id.localeCompare(b.commitment_id)),
  );
});

async function eventually(assertion: () => Promise<void>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

it('a case whose data the database refuses (a NUL byte) is not stuck: the entry is written with U+FFFD and says so, the failure is on the failures list, and the case still answers', async () => {
  const number = '20261123-07-0002';
  const input: CaseWorkflowInput = {
    intake: {
      number,
      kind: 'service_request',
      channel: 'phone',
      category: 'technical',
      dispatched: false,
      receivedAt: new Date(await env.currentTimeMs()).toISOString(),
      // What the API now refuses at the edge; a workflow started some other way must survive it.
      customer: { name: 'Li\u0000 Lei', phone: '13900002222', tier: 'standard' },
      description: 'Broken \ud800 text',
      branchId: org.branchId,
      operator: { ...OPERATOR, operatorNo: org.operatorNo },
    },
    policy: DEFAULT_POLICY,
    calendars: [DEFAULT_CALENDAR],
    schedule: DEFAULT_SERVICE_SCHEDULE,
  };
  const handle = await env.client.workflow.start<typeof serviceRequestWorkflow>(
    WORKFLOW_TYPES.serviceRequest,
    {
      taskQueue,
      workflowId: `case-${number}`,
      args: [input],
    },
  );

  await eventually(async () => {
    const [entry] = await dataSource.query(
      `SELECT "summary" FROM "case_events" WHERE "case_number" = $1 ORDER BY "seq" LIMIT 1`,
      [number],
    );
    expect(entry?.summary).toContain('the database refused some characters of this entry');
  });
  const [row] = await dataSource.query(
    `SELECT "customer_name", "description" FROM "cases" WHERE "number" = $1`,
    [number],
  );
  expect(row).toEqual({ customer_name: 'Li\ufffd Lei', description: 'Broken \ufffd text' });
  const failures = await dataSource.query(
    `SELECT "activity", "retryable", "sql_state" FROM "activity_failures" WHERE "workflow_id" = $1`,
    [`case-${number}`],
  );
  // Each write refused for good is listed once (the customer's message holds the same text), none retried.
  expect(failures).toEqual(
    expect.arrayContaining([
      { activity: 'recordCaseEvent', retryable: false, sql_state: expect.stringMatching(/^22/) },
    ]),
  );
  expect(failures.every((f: { retryable: boolean }) => !f.retryable)).toBe(true);

  // The case goes on: the next action is recorded as usual.
  const assigned = await act(handle, 'assign', { assigneeId: org.engineerId });
  expect(assigned.assignee?.id).toBe(org.engineerId);
  await handle.terminate('test done');
});
