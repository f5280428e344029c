// The one way Caseflow's tests get a Temporal environment: our in-repo dev server (apps/temporal-devserver),
// launched the way @temporalio/testing launches the Temporal CLI, plus a workflow bundle cached per Jest run.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode } from '@temporalio/worker';
import { repoRoot, workflowBundleOptions } from '../workflow-bundle';

export interface TestEnvironmentOptions {
  /** A virtual clock that jumps to the next timer when nothing runs (`env.sleep`, long timers in ms). */
  timeSkipping?: boolean;
  /** Namespace for the (non time-skipping) dev server; `default` always exists. */
  namespace?: string;
  /** Custom search attributes to register, as the CLI's `--search-attribute name=Type`. */
  searchAttributes?: Record<
    string,
    'Text' | 'Keyword' | 'Int' | 'Double' | 'Bool' | 'Datetime' | 'KeywordList'
  >;
}

/** Path of the dev server's launcher script. */
export function devServerExecutable(): string {
  return path.join(repoRoot(), 'apps', 'temporal-devserver', 'bin', 'temporal-devserver');
}

/**
 * The server a non time-skipping environment launches: the dev server, or, when $CASEFLOW_TEMPORAL_CLI names
 * a real Temporal CLI binary (the real-Temporal lane), that — both take `server start-dev` arguments.
 */
export function localServerExecutable(): string {
  return process.env.CASEFLOW_TEMPORAL_CLI || devServerExecutable();
}

/** True when tests run against real Temporal Server rather than Caseflow's dev server. */
export function onRealTemporal(): boolean {
  return Boolean(process.env.CASEFLOW_TEMPORAL_CLI);
}

/** Starts a dev server (as a child process) and connects a client and a native connection to it. */
export async function createTestEnvironment(
  options: TestEnvironmentOptions = {},
): Promise<TestWorkflowEnvironment> {
  const executable = {
    type: 'existing-path' as const,
    path: options.timeSkipping ? devServerExecutable() : localServerExecutable(),
  };
  const extraArgs: string[] = [];
  for (const [name, type] of Object.entries(options.searchAttributes ?? {}))
    extraArgs.push('--search-attribute', `${name}=${type}`);
  // The SDK gives a server 5 s to listen; on a loaded 2-core machine a cold start of the dev server can
  // take longer. A late start is not a test failure: start it again, a few times.
  for (let attempt = 1; ; attempt++) {
    try {
      return options.timeSkipping
        ? await TestWorkflowEnvironment.createTimeSkipping({ server: { executable } })
        : await TestWorkflowEnvironment.createLocal({
            server: { executable, namespace: options.namespace ?? 'default', extraArgs },
          });
    } catch (error) {
      // Not `instanceof Error`: the native bridge's errors come from another realm under Jest.
      const message = (error as { message?: unknown } | null)?.message;
      const late = typeof message === 'string' && /did not start within/.test(message);
      if (!late || attempt >= START_ATTEMPTS) throw error;
    }
  }
}

const START_ATTEMPTS = 3;

const memoryCache = new Map<string, Promise<{ code: string }>>();

/**
 * Bundles a workflows entry once per Jest run and shares it between test files through
 * $CASEFLOW_TEST_RUN_DIR (set by test/global-setup.js); keyed by the entry's absolute path.
 */
export function workflowBundle(workflowsPath: string): Promise<{ code: string }> {
  const entry = path.resolve(workflowsPath);
  let cached = memoryCache.get(entry);
  if (!cached) {
    cached = loadOrBuildBundle(entry);
    memoryCache.set(entry, cached);
    cached.catch(() => memoryCache.delete(entry));
  }
  return cached;
}

async function loadOrBuildBundle(entry: string): Promise<{ code: string }> {
  const runDir =
    process.env.CASEFLOW_TEST_RUN_DIR ?? path.join(os.tmpdir(), `caseflow-bundles-${process.pid}`);
  const dir = path.join(runDir, 'workflow-bundles');
  const file = path.join(dir, `${createHash('sha256').update(entry).digest('hex').slice(0, 16)}.js`);
  try {
    return { code: await fs.promises.readFile(file, 'utf8') };
  } catch {
    // not bundled yet in this run
  }
  const { code } = await bundleWorkflowCode({ ...workflowBundleOptions(entry), logger: quietLogger });
  await fs.promises.mkdir(dir, { recursive: true });
  // Write then rename: a concurrent test file never reads half a bundle.
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await fs.promises.writeFile(tmp, code);
  await fs.promises.rename(tmp, file);
  return { code };
}

const noop = (): void => {};
const quietLogger = {
  log: noop,
  trace: noop,
  debug: noop,
  info: noop,
  warn: (message: string, meta?: Record<string, unknown>) => console.warn(message, meta ?? ''),
  error: (message: string, meta?: Record<string, unknown>) => console.error(message, meta ?? ''),
};
