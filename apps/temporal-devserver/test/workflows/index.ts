// Test workflows for the dev server's own suite: plain deterministic code, @temporalio/workflow only.
import * as wf from '@temporalio/workflow';

export interface Activities {
  echo(value: string): Promise<string>;
  failTimes(key: string, times: number): Promise<number>;
  sleepy(ms: number): Promise<string>;
  heartbeater(steps: number): Promise<number>;
  waitForCancel(): Promise<string>;
  asyncComplete(): Promise<string>;
}

const { echo } = wf.proxyActivities<Activities>({ startToCloseTimeout: '10s' });

/** One activity, one 1 s timer, a result. */
export async function activityAndTimer(name: string): Promise<string> {
  const greeting = await echo(`hello ${name}`);
  await wf.sleep('1s');
  return greeting;
}

export const addSignal = wf.defineSignal<[number]>('add');
export const finishSignal = wf.defineSignal('finish');
export const totalQuery = wf.defineQuery<number>('total');
export const setUpdate = wf.defineUpdate<number, [number]>('set');

/** Sums signals until `finish`; answers queries and a validated update (negative values are rejected). */
export async function accumulator(): Promise<number> {
  let total = 0;
  let done = false;
  wf.setHandler(addSignal, (n) => {
    total += n;
  });
  wf.setHandler(finishSignal, () => {
    done = true;
  });
  wf.setHandler(totalQuery, () => total);
  wf.setHandler(
    setUpdate,
    async (n) => {
      await wf.sleep(10);
      total = n;
      return total;
    },
    {
      validator: (n) => {
        if (n < 0) throw new Error('negative values are not allowed');
      },
    },
  );
  await wf.condition(() => done);
  return total;
}

/** Sleeps for the given duration and returns the workflow clock before and after. */
export async function sleeper(ms: number): Promise<[number, number]> {
  const before = Date.now();
  await wf.sleep(ms);
  return [before, Date.now()];
}

/** Waits (forever) until cancelled, then reports it in a cleanup step. */
export async function cancellable(): Promise<string> {
  try {
    await wf.sleep('365 days');
    return 'not cancelled';
  } catch (err) {
    if (wf.isCancellation(err)) {
      await wf.CancellationScope.nonCancellable(() => echo('cleanup'));
      throw err;
    }
    throw err;
  }
}

/** Races a timer against a signal: cancels the timer when the signal wins. */
export async function timerRace(): Promise<string> {
  let signalled = false;
  wf.setHandler(finishSignal, () => {
    signalled = true;
  });
  const won = await wf.condition(() => signalled, '1 hour');
  return won ? 'signal' : 'timer';
}

export async function failing(message: string): Promise<never> {
  throw wf.ApplicationFailure.nonRetryable(message, 'TestFailure');
}

export async function retrying(times: number): Promise<number> {
  const { failTimes } = wf.proxyActivities<Activities>({
    startToCloseTimeout: '10s',
    retry: { initialInterval: '2s', backoffCoefficient: 2, maximumAttempts: 5 },
  });
  return failTimes(wf.workflowInfo().workflowId, times);
}

export async function retryExhausted(): Promise<string> {
  const { failTimes } = wf.proxyActivities<Activities>({
    startToCloseTimeout: '10s',
    retry: { initialInterval: '1s', maximumAttempts: 2 },
  });
  try {
    await failTimes(wf.workflowInfo().workflowId, 10);
    return 'succeeded';
  } catch (err) {
    const f = err as wf.ActivityFailure;
    return `${f.retryState}:${(f.cause as Error)?.message}`;
  }
}

export async function activityTimeout(
  kind: 'startToClose' | 'scheduleToClose' | 'heartbeat' | 'scheduleToStart',
): Promise<string> {
  const base = { retry: { maximumAttempts: 1 } };
  const opts: wf.ActivityOptions =
    kind === 'startToClose'
      ? { ...base, startToCloseTimeout: '1s' }
      : kind === 'scheduleToClose'
        ? { ...base, scheduleToCloseTimeout: '1s' }
        : kind === 'heartbeat'
          ? { ...base, startToCloseTimeout: '30s', heartbeatTimeout: '1s' }
          : {
              ...base,
              startToCloseTimeout: '30s',
              scheduleToStartTimeout: '1s',
              taskQueue: 'nobody-polls-here',
            };
  const { sleepy, heartbeater } = wf.proxyActivities<Activities>(opts);
  try {
    if (kind === 'heartbeat') await heartbeater(-1);
    else await sleepy(5000);
    return 'no timeout';
  } catch (err) {
    const f = err as wf.ActivityFailure;
    const cause = f.cause as wf.TimeoutFailure;
    return `${cause?.timeoutType}`;
  }
}

export async function heartbeating(steps: number): Promise<number> {
  const { heartbeater } = wf.proxyActivities<Activities>({
    startToCloseTimeout: '30s',
    heartbeatTimeout: '5s',
    retry: { initialInterval: '1s', maximumAttempts: 3 },
  });
  return heartbeater(steps);
}

export async function cancelActivity(): Promise<string> {
  const { waitForCancel } = wf.proxyActivities<Activities>({
    startToCloseTimeout: '60s',
    heartbeatTimeout: '2s',
    cancellationType: wf.ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  });
  const scope = new wf.CancellationScope();
  const promise = scope.run(() => waitForCancel());
  await wf.sleep('500ms');
  scope.cancel();
  try {
    return await promise;
  } catch (err) {
    return wf.isCancellation(err) ? 'activity cancelled' : `other: ${(err as Error).message}`;
  }
}

export async function asyncActivity(): Promise<string> {
  const { asyncComplete } = wf.proxyActivities<Activities>({ startToCloseTimeout: '60s' });
  return asyncComplete();
}

export async function child(value: string): Promise<string> {
  if (value === 'fail') throw wf.ApplicationFailure.nonRetryable('child failed', 'ChildFailure');
  if (value === 'wait') {
    let done = false;
    wf.setHandler(finishSignal, () => {
      done = true;
    });
    await wf.condition(() => done);
    return 'child signalled';
  }
  if (value === 'forever') await wf.sleep('365 days');
  return `child:${value}`;
}

export async function parent(mode: 'result' | 'fail' | 'signal' | 'cancel' | 'abandon'): Promise<string> {
  const id = `${wf.workflowInfo().workflowId}-child`;
  if (mode === 'result') return wf.executeChild(child, { args: ['ok'], workflowId: id });
  if (mode === 'fail') {
    try {
      await wf.executeChild(child, { args: ['fail'], workflowId: id });
      return 'no failure';
    } catch (err) {
      const f = err as wf.ChildWorkflowFailure;
      return `${f.name}:${(f.cause as Error).message}`;
    }
  }
  if (mode === 'signal') {
    const handle = await wf.startChild(child, { args: ['wait'], workflowId: id });
    await handle.signal(finishSignal);
    return handle.result();
  }
  if (mode === 'cancel') {
    const scope = new wf.CancellationScope();
    const promise = scope.run(() => wf.executeChild(child, { args: ['forever'], workflowId: id }));
    await wf.sleep('1s');
    scope.cancel();
    try {
      await promise;
      return 'not cancelled';
    } catch (err) {
      return wf.isCancellation(err) ? 'child cancelled' : `other:${(err as Error).message}`;
    }
  }
  // Children that wait for a signal (no timer the virtual clock could skip to).
  await wf.startChild(child, {
    args: ['wait'],
    workflowId: id,
    parentClosePolicy: wf.ParentClosePolicy.ABANDON,
  });
  const term = await wf.startChild(child, { args: ['wait'], workflowId: `${id}-terminated` });
  void term;
  return 'parent done';
}

export async function signalExternal(targetId: string): Promise<string> {
  await wf.getExternalWorkflowHandle(targetId).signal(addSignal, 5);
  await wf.getExternalWorkflowHandle(targetId).signal(finishSignal);
  try {
    await wf.getExternalWorkflowHandle(`${targetId}-missing`).signal(finishSignal);
    return 'missing target signalled?';
  } catch (err) {
    return `signalled; missing: ${(err as Error).name}`;
  }
}

export async function continuer(n: number, stopAt: number): Promise<number> {
  if (n >= stopAt) return n;
  await wf.sleep(10);
  return wf.continueAsNew<typeof continuer>(n + 1, stopAt);
}

export async function manySteps(count: number): Promise<number> {
  let sum = 0;
  for (let i = 0; i < count; i++) sum += (await echo(String(i))).length;
  return sum;
}

export async function searchable(): Promise<void> {
  wf.upsertSearchAttributes({ CustomKeywordField: ['after-upsert'] });
  wf.upsertMemo({ note: 'updated' });
  await wf.condition(() => false, '1 day');
}

export async function runForever(): Promise<void> {
  await wf.condition(() => false);
}

/** A bug in workflow code (not an ApplicationFailure) fails the workflow task, which is retried. */
export async function brokenWorkflow(): Promise<void> {
  throw new Error('bug in workflow code');
}

/** Fails its first two attempts; run with a workflow retry policy. */
export async function flaky(): Promise<number> {
  const { attempt } = wf.workflowInfo();
  if (attempt < 3) throw wf.ApplicationFailure.retryable(`attempt ${attempt} failed`, 'Flaky');
  return attempt;
}

/** One activity, then a long timer: an open workflow as most of Caseflow's are (the benchmark's memory phase). */
export async function activityThenSleep(ms: number): Promise<string> {
  const greeting = await echo('open');
  await wf.sleep(ms);
  return greeting;
}

/** Activities of the persistence tests: each records its attempts, so a test can count effects. */
export interface DurableActivities {
  recordStep(key: string, step: string): Promise<string>;
}

export const proceedSignal = wf.defineSignal<[string]>('proceed');

/**
 * A case in miniature for the restart tests: an activity, a timer, a wait for a signal, another activity
 * and a last timer. Short retries and task timeouts so that work cut off by a crash comes back quickly.
 */
export async function durableCase(key: string, timerMs: number): Promise<string[]> {
  const { recordStep } = wf.proxyActivities<DurableActivities>({
    startToCloseTimeout: '3s',
    retry: { initialInterval: '200ms', maximumInterval: '1s' },
  });
  const log: string[] = [];
  const signals: string[] = [];
  wf.setHandler(proceedSignal, (value) => {
    signals.push(value);
  });
  log.push(await recordStep(key, 'first'));
  await wf.sleep(timerMs);
  await wf.condition(() => signals.length > 0);
  log.push(`signal:${signals[0]}`);
  log.push(await recordStep(key, 'second'));
  await wf.sleep(300);
  return log;
}

export const noteUpdate = wf.defineUpdate<string, [string]>('note');

/**
 * The shape of a Caseflow case at a breach: an update handler that writes a record through a local activity,
 * beside a main loop whose timer fires, takes a patch and runs a slower local activity, then waits again.
 * With `oneAtATime`, local activities run one after another, as Caseflow's case workflow runs its records.
 */
export async function updateBesideTimer(timerMs: number, oneAtATime = false): Promise<string> {
  const local = wf.proxyLocalActivities<Activities>({ startToCloseTimeout: '10s' });
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(run: () => Promise<T>): Promise<T> => {
    if (!oneAtATime) return run();
    const next = queue.then(run, run);
    queue = next.catch(() => undefined);
    return next;
  };
  wf.setHandler(noteUpdate, async (text) => {
    await serial(() => local.echo(text));
    return text;
  });
  await wf.sleep(timerMs);
  wf.patched('breach-step');
  await serial(() => local.sleepy(300));
  await wf.sleep('1 day');
  return 'done';
}
