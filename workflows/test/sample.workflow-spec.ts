// The month-end sample workflow on the dev server with time skipping: it sleeps on a durable timer until
// the month's last working day at the draw time, draws with the ratio set at that moment, starts a level-3
// callback per chosen customer (due within the next month's first 5 working days) and carries on with the
// next month; an admin's settings change re-plans the timer.
import * as path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { callbackWorkflowId, nextMonth, WORKFLOW_TYPES } from '@caseflow/domain';
import { addDays, createCalendar, DEFAULT_CALENDAR, MINUTE_MS } from '@caseflow/sla';
import { createTestEnvironment, workflowBundle } from '@caseflow/temporal/testing';
import { callbackViewQuery, level3CallbackId, samplingSettingsChangedSignal } from '../callback-messages';
import type { monthEndSampleWorkflow } from '../month-end-sample.workflow';
import { FakeCallbackActivities } from './callback-fakes';
import { FakeCaseRecords } from './fake-case-records';

const WORKFLOWS = path.join(__dirname, '..', 'index.ts');
const taskQueue = 'sample-spec';
const calendar = createCalendar(DEFAULT_CALENDAR);

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
const records = new FakeCaseRecords();
const fake = new FakeCallbackActivities();
const opened: WorkflowHandle[] = [];

beforeAll(async () => {
  env = await createTestEnvironment({ timeSkipping: true });
  fake.clock = () => env.currentTimeMs();
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(WORKFLOWS),
    activities: { ...records.activities, ...fake.activities },
  });
  running = worker.run();
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((h) => h.terminate('test over').catch(() => undefined)));
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

/** Local wall-clock "yyyy-mm-dd hh:mm" in Asia/Shanghai. */
const local = (at: string | number) =>
  new Date(calendar.zone.wallClockAt(typeof at === 'string' ? Date.parse(at) : at))
    .toISOString()
    .slice(0, 16)
    .replace('T', ' ');

async function eventually(assertion: () => void | Promise<void>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

async function start(month: string, id: string): Promise<WorkflowHandle<typeof monthEndSampleWorkflow>> {
  const handle = await env.client.workflow.start<typeof monthEndSampleWorkflow>(
    WORKFLOW_TYPES.monthEndSample,
    {
      taskQueue,
      workflowId: id,
      args: [{ month }],
    },
  );
  opened.push(handle);
  return handle;
}

/** The month the virtual clock is in (local), and its last working day. */
async function thisMonth(): Promise<{ month: string; lastWorkingDay: string }> {
  const month = calendar.localDateOf(await env.currentTimeMs()).slice(0, 7);
  return { month, lastWorkingDay: calendar.previousWorkingDay(`${nextMonth(month)}-01`) };
}

const at = (date: string, time: string) => calendar.zone.instantAt(Date.parse(`${date}T${time}:00Z`));

describe('monthEndSampleWorkflow', () => {
  it('draws at 17:00 on the month’s last working day and starts level-3 callbacks due in the next month’s first 5 working days', async () => {
    fake.settings = { ...fake.settings, ratioBp: 1500, drawTime: '17:00' };
    fake.chosen = ['20261105-01-0001', '20261112-03-0007'].map((caseNumber) => ({
      caseNumber,
      category: 'technical' as const,
      customer: { name: 'Li Lei', phone: `+86138${caseNumber.slice(-4)}`, tier: 'standard' as const },
      branchId: 'branch-sh',
    }));
    const { month, lastWorkingDay } = await thisMonth();
    const drawAt = at(lastWorkingDay, '17:00');
    const handle = await start(month, 'sample-default');

    await env.sleep(drawAt - (await env.currentTimeMs()) - MINUTE_MS);
    expect(fake.draws).toHaveLength(0); // a minute early: nothing yet
    await env.sleep(2 * MINUTE_MS);
    await eventually(() => expect(fake.draws).toHaveLength(1));
    expect(fake.draws[0]).toMatchObject({ month, ratioBp: 1500, trigger: 'schedule', triggeredBy: 'system' });
    expect(local(fake.draws[0].at)).toBe(`${lastWorkingDay} 17:00`);

    const firstDay = calendar.nextWorkingDay(addDays(`${nextMonth(month)}-01`, -1));
    for (const chosen of fake.chosen) {
      const callback = env.client.workflow.getHandle(
        callbackWorkflowId(level3CallbackId(month, chosen.caseNumber)),
      );
      opened.push(callback);
      await eventually(async () => {
        const view = await callback.query(callbackViewQuery);
        expect(view).toMatchObject({
          level: 3,
          caseNumber: chosen.caseNumber,
          state: 'pending',
          maxAttempts: 3,
        });
        expect(local(view.startsAt)).toBe(`${firstDay} 09:00`);
      });
    }
    // Due at the end of the 5th working day of the next month.
    let day = firstDay;
    for (let i = 1; i < 5; i++) day = calendar.nextWorkingDay(day);
    await env.sleep(at(firstDay, '09:00') - (await env.currentTimeMs()) + MINUTE_MS);
    const callback = env.client.workflow.getHandle(
      callbackWorkflowId(level3CallbackId(month, fake.chosen[0].caseNumber)),
    );
    await eventually(async () =>
      expect(local((await callback.query(callbackViewQuery)).dueAt!)).toBe(`${day} 18:30`),
    );

    // The same workflow id carries on with the next month (continue-as-new), without drawing again.
    expect((await handle.describe()).status.name).toBe('RUNNING');
    expect(fake.draws).toHaveLength(1);
  });

  it('applies a changed draw time and ratio from the next draw, re-planning its timer at once', async () => {
    fake.settings = { ...fake.settings, ratioBp: 1500, drawTime: '17:00' };
    fake.chosen = [];
    const before = fake.draws.length;
    const { month, lastWorkingDay } = await thisMonth();
    const handle = await start(month, 'sample-settings');
    await eventually(async () => expect((await handle.describe()).status.name).toBe('RUNNING'));
    fake.settings = { ...fake.settings, ratioBp: 2000, drawTime: '12:00' };
    await handle.signal(samplingSettingsChangedSignal);
    await env.sleep(at(lastWorkingDay, '12:00') - (await env.currentTimeMs()) + MINUTE_MS);
    await eventually(() => expect(fake.draws).toHaveLength(before + 1));
    expect(fake.draws[before]).toMatchObject({ month, ratioBp: 2000 });
    expect(local(fake.draws[before].at)).toBe(`${lastWorkingDay} 12:00`);
  });
});
