import { LogLevel as TemporalLogLevel, Runtime } from '@temporalio/worker';
import { LogLevel } from '@caseflow/config';
import { createLogLineLogger } from './log-lines';

const LEVELS: Record<LogLevel, TemporalLogLevel> = {
  fatal: 'ERROR',
  error: 'ERROR',
  warn: 'WARN',
  info: 'INFO',
  debug: 'DEBUG',
  trace: 'TRACE',
  silent: 'ERROR',
};

/**
 * Installs Temporal's process-wide runtime once: its log level follows ours, its lines are single JSON lines
 * without customers' data (see log-lines.ts), and it leaves SIGINT/SIGTERM
 * to our own shutdown code (which stops the API first, then drains the worker), instead of shutting the
 * worker down on its own when a signal arrives.
 */
export function installTemporalRuntime(level: LogLevel): void {
  try {
    Runtime.install({ logger: createLogLineLogger(LEVELS[level]), shutdownSignals: [] });
  } catch {
    // Already installed (e.g. by a test environment created earlier in this process): keep that one.
  }
}
