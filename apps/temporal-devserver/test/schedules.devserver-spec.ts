// Temporal Schedules, driven by the real @temporalio/client (client.schedule.*). Every test here runs against
// the dev server and, with CASEFLOW_TEMPORAL_CLI set, against real Temporal Server: where they differ,
// Temporal is right. Intervals are seconds, so a test takes seconds.
import { ScheduleHandle, ScheduleNotFoundError, ScheduleDescription } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { Harness, startHarness, uniqueId } from './helpers';

jest.setTimeout(60_000);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** `<action workflow id>-<RFC 3339 nominal time>`: the id Temporal gives a scheduled run. */
const ID_TIME = /-(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)$/;
const nominalOf = (workflowId: string): Date => new Date(ID_TIME.exec(workflowId)![1]);

describe('Temporal Schedules (the real client; both servers)', () => {
  let h: Harness;
  const handles: ScheduleHandle[] = [];

  beforeAll(async () => {
    h = await startHarness('schedules');
  });
  afterAll(async () => {
    for (const handle of handles) await handle.delete().catch(() => undefined);
    await h?.stop();
  });

  async function create(
    options: Omit<Parameters<Harness['env']['client']['schedule']['create']>[0], 'scheduleId'> & {
      scheduleId?: string;
    },
  ): Promise<ScheduleHandle> {
    const handle = await h.env.client.schedule.create({ scheduleId: uniqueId('sched'), ...options });
    handles.push(handle);
    return handle;
  }

  async function until(
    handle: ScheduleHandle,
    done: (d: ScheduleDescription) => boolean,
    timeoutMs = 20_000,
  ): Promise<ScheduleDescription> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const d = await handle.describe();
      if (done(d)) return d;
      if (Date.now() > deadline) throw new Error(`timed out; last description: ${JSON.stringify(d.info)}`);
      await sleep(200);
    }
  }

  const workflowIds = (d: ScheduleDescription): string[] =>
    d.info.recentActions.map((a) => a.action.workflow.workflowId);

  it('fires an interval spec with an offset at its times, naming each run <workflowId>-<nominal time>', async () => {
    const handle = await create({
      spec: { intervals: [{ every: '2s', offset: '1s' }] },
      action: {
        type: 'startWorkflow',
        workflowType: 'sleeper',
        args: [10],
        taskQueue: h.taskQueue,
        workflowId: 'interval-run',
        memo: { purpose: 'test' },
      },
    });
    const d = await until(handle, (x) => x.info.recentActions.length >= 2);
    const [first, second] = d.info.recentActions;
    for (const action of [first, second]) {
      const id = action.action.workflow.workflowId;
      expect(id).toMatch(/^interval-run-\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      const nominal = nominalOf(id);
      expect((nominal.getTime() / 1000) % 2).toBe(1);
      expect(action.scheduledAt.getTime()).toBe(nominal.getTime());
      expect(action.takenAt.getTime()).toBeGreaterThanOrEqual(nominal.getTime());
    }
    expect(nominalOf(second.action.workflow.workflowId).getTime()).toBe(
      nominalOf(first.action.workflow.workflowId).getTime() + 2000,
    );
    // The next times: ten of them, 2 s apart, on odd seconds.
    expect(d.info.nextActionTimes).toHaveLength(10);
    for (let i = 1; i < 10; i++) {
      expect(d.info.nextActionTimes[i].getTime() - d.info.nextActionTimes[i - 1].getTime()).toBe(2000);
    }
    expect((d.info.nextActionTimes[0].getTime() / 1000) % 2).toBe(1);
    // The started workflow carries the action's memo and the scheduler's search attributes.
    const run = await h.env.client.workflow.getHandle(first.action.workflow.workflowId).describe();
    expect(run.memo).toEqual({ purpose: 'test' });
    expect(run.searchAttributes.TemporalScheduledById).toEqual([handle.scheduleId]);
    expect(run.searchAttributes.TemporalScheduledStartTime).toEqual([nominalOf(run.workflowId)]);
  });

  it('describes what was created: the spec, the action, the policies, the state and the memo', async () => {
    const handle = await create({
      spec: {
        calendars: [{ hour: 9, minute: 30, dayOfWeek: ['MONDAY', 'FRIDAY'], comment: 'twice a week' }],
        intervals: [{ every: '1h', offset: '5m' }],
        timezone: 'Asia/Shanghai',
        jitter: '10s',
      },
      action: { type: 'startWorkflow', workflowType: 'sleeper', args: [5], taskQueue: h.taskQueue },
      policies: { overlap: 'BUFFER_ALL', catchupWindow: '5m', pauseOnFailure: true },
      state: { paused: true, note: 'created paused', remainingActions: 3 },
      memo: { owner: 'quality' },
    });
    const d = await handle.describe();
    expect(d.spec.calendars).toEqual([
      {
        second: [{ start: 0, end: 0, step: 1 }],
        minute: [{ start: 30, end: 30, step: 1 }],
        hour: [{ start: 9, end: 9, step: 1 }],
        dayOfMonth: [{ start: 1, end: 31, step: 1 }],
        month: [{ start: 'JANUARY', end: 'DECEMBER', step: 1 }],
        year: [],
        dayOfWeek: [
          { start: 'MONDAY', end: 'MONDAY', step: 1 },
          { start: 'FRIDAY', end: 'FRIDAY', step: 1 },
        ],
        comment: 'twice a week',
      },
    ]);
    expect(d.spec.intervals).toEqual([{ every: 3_600_000, offset: 300_000 }]);
    expect(d.spec.timezone).toBe('Asia/Shanghai');
    expect(d.spec.jitter).toBe(10_000);
    expect(d.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'sleeper',
      workflowId: `${handle.scheduleId}-workflow`,
      args: [5],
      taskQueue: h.taskQueue,
    });
    expect(d.policies).toEqual({ overlap: 'BUFFER_ALL', catchupWindow: 300_000, pauseOnFailure: true });
    expect(d.state).toMatchObject({ paused: true, note: 'created paused', remainingActions: 3 });
    expect(d.memo).toEqual({ owner: 'quality' });
    expect(d.info.createdAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    expect(d.info.nextActionTimes).toHaveLength(3);
  });

  it('keeps a calendar on wall-clock time across a DST change (America/New_York, 09:00)', async () => {
    const handle = await create({
      spec: { calendars: [{ hour: 9, minute: 0 }], timezone: 'America/New_York' },
      action: { type: 'startWorkflow', workflowType: 'sleeper', args: [5], taskQueue: h.taskQueue },
      state: { paused: true },
    });
    const times = await matchingTimes(handle.scheduleId, '2027-03-12T00:00:00Z', '2027-03-17T00:00:00Z');
    // DST starts on Sunday 14 March 2027: 09:00 EST is 14:00Z, 09:00 EDT is 13:00Z.
    expect(times).toEqual([
      '2027-03-12T14:00:00.000Z',
      '2027-03-13T14:00:00.000Z',
      '2027-03-14T13:00:00.000Z',
      '2027-03-15T13:00:00.000Z',
      '2027-03-16T13:00:00.000Z',
    ]);
  });

  it('skips a wall-clock time the zone skips (spring forward) and takes one it repeats twice (fall back)', async () => {
    const handle = await create({
      spec: {
        calendars: [
          { hour: 2, minute: 30 },
          { hour: 1, minute: 15 },
        ],
        timezone: 'America/New_York',
      },
      action: { type: 'startWorkflow', workflowType: 'sleeper', args: [5], taskQueue: h.taskQueue },
      state: { paused: true },
    });
    // 14 March 2027: 02:00 EST jumps to 03:00 EDT, so there is no 02:30 that day.
    expect(await matchingTimes(handle.scheduleId, '2027-03-13T12:00:00Z', '2027-03-15T12:00:00Z')).toEqual([
      '2027-03-14T06:15:00.000Z',
      '2027-03-15T05:15:00.000Z',
      '2027-03-15T06:30:00.000Z',
    ]);
    // 7 November 2027: 02:00 EDT falls back to 01:00 EST, so 01:15 happens twice (EDT, then EST).
    expect(await matchingTimes(handle.scheduleId, '2027-11-06T12:00:00Z', '2027-11-07T12:00:00Z')).toEqual([
      '2027-11-07T05:15:00.000Z',
      '2027-11-07T06:15:00.000Z',
      '2027-11-07T07:30:00.000Z',
    ]);
  });

  it('takes month-end times in the business time zone: the last day of each month, 23:00 in Shanghai', async () => {
    const handle = await create({
      spec: {
        calendars: [{ dayOfMonth: [28, 29, 30, 31], hour: 23, minute: 0 }],
        skip: [],
        timezone: 'Asia/Shanghai',
      },
      action: { type: 'startWorkflow', workflowType: 'sleeper', args: [5], taskQueue: h.taskQueue },
      state: { paused: true },
    });
    const times = await matchingTimes(handle.scheduleId, '2027-02-01T00:00:00Z', '2027-03-01T00:00:00Z');
    // 2027 is not a leap year: 28 February 23:00 +08:00 is 15:00Z, and nothing on the 29th to 31st.
    expect(times).toEqual(['2027-02-28T15:00:00.000Z']);
  });

  async function matchingTimes(scheduleId: string, from: string, to: string): Promise<string[]> {
    const res: temporal.api.workflowservice.v1.IListScheduleMatchingTimesResponse =
      await h.env.client.workflowService.listScheduleMatchingTimes({
        namespace: 'default',
        scheduleId,
        startTime: msToTs(Date.parse(from)),
        endTime: msToTs(Date.parse(to)),
      });
    return (res.startTime ?? []).map((t) => new Date(Number(t.seconds) * 1000).toISOString());
  }

  it('compiles a cron string into a calendar in its CRON_TZ, and leaves out the skipped days', async () => {
    const handle = await create({
      spec: {
        cronExpressions: ['CRON_TZ=Asia/Shanghai 30 17 * * 1-5'],
        skip: [{ dayOfWeek: 'WEDNESDAY', hour: '*', minute: '*', second: '*' }],
      },
      action: { type: 'startWorkflow', workflowType: 'sleeper', args: [5], taskQueue: h.taskQueue },
      state: { paused: true },
    });
    const d = await handle.describe();
    expect(d.spec.timezone).toBe('Asia/Shanghai');
    expect(d.spec.calendars).toHaveLength(1);
    expect(d.spec.calendars![0]).toMatchObject({
      second: [{ start: 0, end: 0, step: 1 }],
      minute: [{ start: 30, end: 30, step: 1 }],
      hour: [{ start: 17, end: 17, step: 1 }],
      dayOfWeek: [{ start: 'MONDAY', end: 'FRIDAY', step: 1 }],
    });
    // Monday 1 March 2027 to the next Monday: weekdays at 17:30 in Shanghai (09:30Z), not the Wednesday.
    expect(await matchingTimes(handle.scheduleId, '2027-03-01T00:00:00Z', '2027-03-08T00:00:00Z')).toEqual([
      '2027-03-01T09:30:00.000Z',
      '2027-03-02T09:30:00.000Z',
      '2027-03-04T09:30:00.000Z',
      '2027-03-05T09:30:00.000Z',
    ]);
  });

  it('takes no time before its start or after its end (both inclusive)', async () => {
    const handle = await create({
      spec: {
        intervals: [{ every: '1h' }],
        startAt: new Date('2027-01-01T01:00:00Z'),
        endAt: new Date('2027-01-01T03:00:00Z'),
      },
      action: { type: 'startWorkflow', workflowType: 'sleeper', args: [5], taskQueue: h.taskQueue },
      state: { paused: true },
    });
    expect(await matchingTimes(handle.scheduleId, '2026-12-31T00:00:00Z', '2027-01-02T00:00:00Z')).toEqual([
      '2027-01-01T01:00:00.000Z',
      '2027-01-01T02:00:00.000Z',
      '2027-01-01T03:00:00.000Z',
    ]);
  });

  it('stores unset policies as their defaults: overlap SKIP, a catch-up window of one year', async () => {
    const handle = await create({
      spec: { intervals: [{ every: '1h' }] },
      action: { type: 'startWorkflow', workflowType: 'sleeper', args: [5], taskQueue: h.taskQueue },
    });
    const raw = await h.env.client.workflowService.describeSchedule({
      namespace: 'default',
      scheduleId: handle.scheduleId,
    });
    expect(raw.schedule?.policies?.overlapPolicy).toBe(
      temporal.api.enums.v1.ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP,
    );
    expect(Number(raw.schedule?.policies?.catchupWindow?.seconds)).toBe(365 * 24 * 3600);
  });

  it('pauses itself when a run times out (pause on failure), with a note naming the run', async () => {
    const handle = await create({
      spec: { intervals: [{ every: '1s' }] },
      action: {
        type: 'startWorkflow',
        workflowType: 'sleeper',
        args: [60_000],
        taskQueue: h.taskQueue,
        workflowRunTimeout: '1s',
      },
      policies: { pauseOnFailure: true },
    });
    const d = await until(handle, (x) => x.state.paused);
    expect(d.state.note).toBe(`paused due to workflow timeout: ${workflowIds(d)[0]}`);
  });

  it('takes no action while paused; unpausing resumes, and the note says who did what', async () => {
    const handle = await create({
      spec: { intervals: [{ every: '1s' }] },
      action: { type: 'startWorkflow', workflowType: 'sleeper', args: [10], taskQueue: h.taskQueue },
      state: { paused: true, note: 'wait' },
    });
    await sleep(2500);
    let d = await handle.describe();
    expect(d.info.numActionsTaken).toBe(0);
    expect(d.state).toMatchObject({ paused: true, note: 'wait' });
    await handle.unpause('go');
    d = await until(handle, (x) => x.info.numActionsTaken >= 1);
    expect(d.state).toMatchObject({ paused: false, note: 'go' });
    await handle.pause('stop');
    d = await handle.describe();
    expect(d.state).toMatchObject({ paused: true, note: 'stop' });
    const taken = d.info.numActionsTaken;
    await sleep(2500);
    expect((await handle.describe()).info.numActionsTaken).toBe(taken);
  });

  it('triggers immediately even when paused; the run is named by the trigger time', async () => {
    const handle = await create({
      spec: { intervals: [{ every: '1h' }] },
      action: {
        type: 'startWorkflow',
        workflowType: 'sleeper',
        args: [10],
        taskQueue: h.taskQueue,
        workflowId: 'triggered',
      },
      state: { paused: true },
    });
    const before = Date.now();
    await handle.trigger();
    const d = await until(handle, (x) => x.info.recentActions.length === 1);
    const id = workflowIds(d)[0];
    expect(id).toMatch(/^triggered-/);
    expect(nominalOf(id).getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 - 1000);
    expect(nominalOf(id).getTime()).toBeLessThanOrEqual(Date.now());
    expect(d.info.numActionsTaken).toBe(1);
  });

  it('backfills every time in [start, end] (start inclusive), whatever the pause', async () => {
    const handle = await create({
      spec: { intervals: [{ every: '1m' }] },
      action: {
        type: 'startWorkflow',
        workflowType: 'sleeper',
        args: [10],
        taskQueue: h.taskQueue,
        workflowId: 'backfilled',
      },
      state: { paused: true },
    });
    const minute = 60_000;
    const base = Math.floor(Date.now() / minute) * minute - 10 * minute;
    await handle.backfill({ start: new Date(base), end: new Date(base + 3 * minute), overlap: 'ALLOW_ALL' });
    const d = await until(handle, (x) => x.info.recentActions.length === 4);
    expect(workflowIds(d).sort()).toEqual(
      [0, 1, 2, 3].map(
        (i) => `backfilled-${new Date(base + i * minute).toISOString().replace('.000Z', 'Z')}`,
      ),
    );
  });

  it('skips a time while the last run is still running (overlap SKIP, the default)', async () => {
    const handle = await create({
      spec: { intervals: [{ every: '1s' }] },
      action: { type: 'startWorkflow', workflowType: 'sleeper', args: [60_000], taskQueue: h.taskQueue },
    });
    const d = await until(handle, (x) => x.info.numActionsSkippedOverlap >= 2);
    expect(d.info.numActionsTaken).toBe(1);
    expect(d.info.runningActions).toHaveLength(1);
    expect(d.info.runningActions[0].workflow.workflowId).toBe(workflowIds(d)[0]);
  });

  it('keeps one time waiting and drops the rest (BUFFER_ONE), starting it when the run closes', async () => {
    const handle = await create({
      spec: { intervals: [{ every: '1s' }] },
      action: { type: 'startWorkflow', workflowType: 'sleeper', args: [2500], taskQueue: h.taskQueue },
      policies: { overlap: 'BUFFER_ONE' },
    });
    const d = await until(handle, (x) => x.info.numActionsTaken >= 2, 30_000);
    expect(d.info.numActionsSkippedOverlap).toBeGreaterThanOrEqual(1);
    const [first, second] = d.info.recentActions;
    const firstRun = await h.env.client.workflow.getHandle(first.action.workflow.workflowId).describe();
    // The buffered time started only once the first run had closed.
    expect(firstRun.closeTime).toBeDefined();
    expect(second.takenAt.getTime()).toBeGreaterThanOrEqual(firstRun.closeTime!.getTime() - 1000);
    expect(second.scheduledAt.getTime()).toBeLessThan(second.takenAt.getTime() - 500);
  });

  it('buffers every time (BUFFER_ALL) and starts them one after another', async () => {
    const handle = await create({
      spec: { intervals: [{ every: '1s' }] },
      action: { type: 'startWorkflow', workflowType: 'sleeper', args: [1500], taskQueue: h.taskQueue },
      policies: { overlap: 'BUFFER_ALL' },
    });
    const d = await until(handle, (x) => x.info.numActionsTaken >= 3, 30_000);
    await handle.pause();
    expect(d.info.numActionsSkippedOverlap).toBe(0);
    const nominal = workflowIds(d).map((id) => nominalOf(id).getTime());
    // Consecutive seconds, none skipped.
    expect(nominal[1] - nominal[0]).toBe(1000);
    expect(nominal[2] - nominal[1]).toBe(1000);
  });

  it('cancels the running run and then starts the new one (CANCEL_OTHER)', async () => {
    const handle = await create({
      spec: { intervals: [{ every: '2s' }] },
      action: { type: 'startWorkflow', workflowType: 'cancellable', taskQueue: h.taskQueue },
      policies: { overlap: 'CANCEL_OTHER' },
    });
    const d = await until(handle, (x) => x.info.numActionsTaken >= 2, 30_000);
    await handle.pause();
    const first = await h.env.client.workflow.getHandle(workflowIds(d)[0]).describe();
    expect(first.status.name).toBe('CANCELLED');
    const ids = workflowIds(d);
    expect(d.info.runningActions.map((a) => a.workflow.workflowId)).toEqual([ids[ids.length - 1]]);
  });

  it('terminates the running run and starts the new one (TERMINATE_OTHER)', async () => {
    const handle = await create({
      spec: { intervals: [{ every: '2s' }] },
      action: { type: 'startWorkflow', workflowType: 'runForever', taskQueue: h.taskQueue },
      policies: { overlap: 'TERMINATE_OTHER' },
    });
    const d = await until(handle, (x) => x.info.numActionsTaken >= 2, 30_000);
    await handle.pause();
    const first = await h.env.client.workflow.getHandle(workflowIds(d)[0]).describe();
    expect(first.status.name).toBe('TERMINATED');
  });

  it('runs overlapping runs side by side (ALLOW_ALL), tracking none of them as the running one', async () => {
    const handle = await create({
      spec: { intervals: [{ every: '1s' }] },
      action: { type: 'startWorkflow', workflowType: 'sleeper', args: [30_000], taskQueue: h.taskQueue },
      policies: { overlap: 'ALLOW_ALL' },
    });
    const d = await until(handle, (x) => x.info.numActionsTaken >= 3);
    await handle.pause();
    expect(d.info.numActionsSkippedOverlap).toBe(0);
    const statuses = await Promise.all(
      workflowIds(d).map(async (id) => (await h.env.client.workflow.getHandle(id).describe()).status.name),
    );
    // A loaded server may take a few due times in one wake-up: all of them run at once, whatever their number.
    expect(statuses.length).toBeGreaterThanOrEqual(3);
    expect(statuses).toEqual(statuses.map(() => 'RUNNING'));
    expect(d.info.runningActions).toEqual([]);
  });

  it('stops after its remaining actions (limited actions) and says it has no next time', async () => {
    const handle = await create({
      spec: { intervals: [{ every: '1s' }] },
      action: { type: 'startWorkflow', workflowType: 'sleeper', args: [10], taskQueue: h.taskQueue },
      state: { remainingActions: 2 },
    });
    await until(handle, (x) => x.info.numActionsTaken >= 2);
    await sleep(2500);
    const d = await handle.describe();
    expect(d.info.numActionsTaken).toBe(2);
    expect(d.state.remainingActions).toBe(0);
    expect(d.info.nextActionTimes).toEqual([]);
  });

  it('delays each time by its jitter, never past the next time, and names the run by the nominal time', async () => {
    const handle = await create({
      spec: { intervals: [{ every: '2s' }], jitter: '1500ms' },
      action: { type: 'startWorkflow', workflowType: 'sleeper', args: [10], taskQueue: h.taskQueue },
    });
    const d = await until(handle, (x) => x.info.recentActions.length >= 2);
    await handle.pause();
    for (const action of d.info.recentActions) {
      const nominal = nominalOf(action.action.workflow.workflowId).getTime();
      expect(action.scheduledAt.getTime()).toBeGreaterThanOrEqual(nominal);
      expect(action.scheduledAt.getTime()).toBeLessThan(nominal + 1500);
      expect(action.takenAt.getTime()).toBeGreaterThanOrEqual(action.scheduledAt.getTime() - 50);
    }
  });

  it('pauses itself when a run fails (pause on failure), with a note naming the run', async () => {
    const handle = await create({
      spec: { intervals: [{ every: '1s' }] },
      action: { type: 'startWorkflow', workflowType: 'failing', args: ['boom'], taskQueue: h.taskQueue },
      policies: { pauseOnFailure: true },
    });
    const d = await until(handle, (x) => x.state.paused);
    const taken = d.info.numActionsTaken;
    expect(taken).toBeGreaterThanOrEqual(1);
    expect(d.state.note).toBe(`paused due to workflow failure: ${workflowIds(d)[0]}: boom`);
    await sleep(2000);
    expect((await handle.describe()).info.numActionsTaken).toBe(taken);
  });

  it('updates the spec and the action; a run after the update follows the new action', async () => {
    const handle = await create({
      spec: { intervals: [{ every: '1h' }] },
      action: { type: 'startWorkflow', workflowType: 'sleeper', args: [10], taskQueue: h.taskQueue },
    });
    await handle.update((prev) => ({
      ...prev,
      spec: { intervals: [{ every: '1s' }] },
      action: { ...prev.action, workflowId: 'updated-run', args: [20] } as typeof prev.action,
      state: { ...prev.state, note: 'faster' },
    }));
    const d = await until(handle, (x) => x.info.numActionsTaken >= 1);
    expect(d.spec.intervals).toEqual([{ every: 1000 }]);
    expect(d.state.note).toBe('faster');
    expect(d.info.lastUpdatedAt).toBeDefined();
    expect(workflowIds(d)[0]).toMatch(/^updated-run-/);
  });

  it('drops an update made from a stale description (an old conflict token) and applies a current one', async () => {
    const handle = await create({
      spec: { intervals: [{ every: '1h' }] },
      action: { type: 'startWorkflow', workflowType: 'sleeper', args: [10], taskQueue: h.taskQueue },
      state: { paused: true, note: 'first' },
    });
    const ws = h.env.client.workflowService;
    const current = await ws.describeSchedule({ namespace: 'default', scheduleId: handle.scheduleId });
    const withNote = (notes: string) => ({
      ...current.schedule,
      state: { ...current.schedule?.state, notes },
    });
    const stale = Buffer.alloc(8);
    stale.writeBigInt64BE(99n);
    // Temporal answers OK and ignores it; the description still shows the first note.
    await ws.updateSchedule({
      namespace: 'default',
      scheduleId: handle.scheduleId,
      schedule: withNote('stale'),
      conflictToken: stale,
      requestId: uniqueId('stale'),
    });
    await sleep(1000);
    expect((await handle.describe()).state.note).toBe('first');
    await ws.updateSchedule({
      namespace: 'default',
      scheduleId: handle.scheduleId,
      schedule: withNote('current'),
      conflictToken: current.conflictToken,
      requestId: uniqueId('current'),
    });
    const d = await until(handle, (x) => x.state.note === 'current', 5000);
    expect(d.state.note).toBe('current');
  });

  it('lists schedules with their next times, and forgets a deleted one', async () => {
    const handle = await create({
      spec: { intervals: [{ every: '1h' }] },
      action: { type: 'startWorkflow', workflowType: 'sleeper', args: [10], taskQueue: h.taskQueue },
      memo: { listed: true },
    });
    const find = async (): Promise<unknown> => {
      for await (const s of h.env.client.schedule.list()) if (s.scheduleId === handle.scheduleId) return s;
      return undefined;
    };
    // Real Temporal lists from visibility, which may lag a moment behind a create.
    let listed: any;
    for (let i = 0; i < 50 && !listed; i++) {
      listed = await find();
      if (!listed) await sleep(200);
    }
    expect(listed).toMatchObject({
      scheduleId: handle.scheduleId,
      memo: { listed: true },
      action: { type: 'startWorkflow', workflowType: 'sleeper' },
      state: { paused: false },
    });
    expect(listed.info.nextActionTimes.length).toBeGreaterThan(0);
    await handle.delete();
    await expect(handle.describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
    let gone = false;
    for (let i = 0; i < 50 && !gone; i++) {
      gone = (await find()) === undefined;
      if (!gone) await sleep(200);
    }
    expect(gone).toBe(true);
  });

  it('refuses a second schedule with the same id, and a spec it cannot read, naming the problem', async () => {
    const handle = await create({
      spec: { intervals: [{ every: '1h' }] },
      action: { type: 'startWorkflow', workflowType: 'sleeper', args: [10], taskQueue: h.taskQueue },
    });
    await expect(
      h.env.client.schedule.create({
        scheduleId: handle.scheduleId,
        spec: { intervals: [{ every: '1h' }] },
        action: { type: 'startWorkflow', workflowType: 'sleeper', args: [10], taskQueue: h.taskQueue },
      }),
    ).rejects.toThrow(/already/i);
    await expect(
      h.env.client.schedule.create({
        scheduleId: uniqueId('bad-tz'),
        spec: { intervals: [{ every: '1h' }], timezone: 'Mars/Olympus_Mons' },
        action: { type: 'startWorkflow', workflowType: 'sleeper', args: [10], taskQueue: h.taskQueue },
      }),
    ).rejects.toThrow(/Mars\/Olympus_Mons/);
  });
});
