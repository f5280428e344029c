// Shared set-up for the dev server's own tests: one environment and one worker per test file.
import * as path from 'node:path';
import { Context, CompleteAsyncError } from '@temporalio/activity';
import { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  createTestEnvironment,
  onRealTemporal,
  workflowBundle,
  type TestEnvironmentOptions,
} from '@caseflow/temporal/testing';
import type { Activities } from './workflows';

/**
 * Whether these conformance tests run on the dev server's virtual clock. In the real-Temporal lane they run on
 * Temporal Server in real time instead (its CLI has no time-skipping server), so they prove the same rules there.
 */
export const virtualClock = !onRealTemporal();

/** A test of the virtual clock itself (or of hours-long timers): skipped on real Temporal, saying why. */
export function itOnVirtualClock(name: string, fn: () => Promise<void>): void {
  if (virtualClock) it(name, fn);
  else it.skip(`${name} [needs the dev server's virtual clock]`, fn);
}

export const workflowsPath = path.join(__dirname, 'workflows', 'index.ts');

export interface AsyncActivityInfo {
  taskToken: Uint8Array;
  workflowId: string;
  runId: string;
  activityId: string;
}

export function testActivities(asyncStarted?: (info: AsyncActivityInfo) => void): Activities {
  const failures = new Map<string, number>();
  return {
    echo: async (v) => v,
    failTimes: async (key, times) => {
      const n = (failures.get(key) ?? 0) + 1;
      failures.set(key, n);
      if (n <= times) throw new Error(`failure ${n}`);
      return Context.current().info.attempt;
    },
    sleepy: async (ms) => {
      await Context.current().sleep(ms);
      return 'slept';
    },
    heartbeater: async (steps) => {
      const ctx = Context.current();
      if (steps < 0) {
        await ctx.sleep(20_000);
        return -1;
      }
      const start = (ctx.info.heartbeatDetails as number | undefined) ?? 0;
      for (let i = start + 1; i <= steps; i++) {
        ctx.heartbeat(i);
        if (ctx.info.attempt === 1 && i === 2) throw new Error('crash after step 2');
      }
      return start * 100 + ctx.info.attempt;
    },
    waitForCancel: async () => {
      const ctx = Context.current();
      for (;;) {
        ctx.heartbeat();
        await ctx.sleep(100);
      }
    },
    asyncComplete: async () => {
      const info = Context.current().info;
      asyncStarted?.({
        taskToken: info.taskToken,
        workflowId: info.workflowExecution?.workflowId ?? '',
        runId: info.workflowExecution?.runId ?? '',
        activityId: info.activityId,
      });
      throw new CompleteAsyncError();
    },
  };
}

export interface Harness {
  env: TestWorkflowEnvironment;
  taskQueue: string;
  worker: Worker;
  stop(): Promise<void>;
}

/** An environment plus a worker that runs in the background until stop(). */
export async function startHarness(
  taskQueue: string,
  options: TestEnvironmentOptions = {},
  asyncStarted?: (info: AsyncActivityInfo) => void,
): Promise<Harness> {
  const [env, bundle] = await Promise.all([createTestEnvironment(options), workflowBundle(workflowsPath)]);
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: options.namespace ?? 'default',
    taskQueue,
    workflowBundle: bundle,
    activities: testActivities(asyncStarted),
  });
  const running = worker.run();
  return {
    env,
    taskQueue,
    worker,
    stop: async () => {
      worker.shutdown();
      await running.catch(() => undefined);
      await env.teardown();
    },
  };
}

let seq = 0;
export const uniqueId = (prefix: string): string => `${prefix}-${process.pid}-${++seq}`;

/** A raw grpc-js method: request object in, callback out. */
export type RawMethod = (
  request: object,
  callback: (err: Error | null, response: Record<string, any>) => void,
) => void;
export type RawGrpcClient = Record<string, RawMethod> & import('@grpc/grpc-js').Client;
