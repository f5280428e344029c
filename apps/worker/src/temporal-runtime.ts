import { LogLevel as TemporalLogLevel, Runtime, type RuntimeOptions } from '@temporalio/worker';
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
 * The SDK's metrics exporter: workflow and activity task latency, failures and slots, served by the SDK
 * core itself at http://0.0.0.0:<WORKER_METRICS_PORT>/metrics (durations in seconds, like Caseflow's own).
 */
export function workerMetricsOptions(port: number | undefined): RuntimeOptions['telemetryOptions'] {
  if (port === undefined) return undefined;
  return {
    metrics: {
      metricPrefix: 'temporal_',
      prometheus: { bindAddress: `0.0.0.0:${port}`, useSecondsForDurations: true },
    },
  };
}

/**
 * Installs Temporal's process-wide runtime once: its log level follows ours, its lines are single JSON lines
 * without customers' data (see log-lines.ts), and it leaves SIGINT/SIGTERM
 * to our own shutdown code (which stops the API first, then drains the worker), instead of shutting the
 * worker down on its own when a signal arrives. With a metrics port it also serves the SDK's metrics.
 */
export function installTemporalRuntime(level: LogLevel, metricsPort?: number): void {
  try {
    Runtime.install({
      logger: createLogLineLogger(LEVELS[level]),
      shutdownSignals: [],
      telemetryOptions: workerMetricsOptions(metricsPort),
    });
  } catch {
    // Already installed (e.g. by a test environment created earlier in this process): keep that one.
  }
}
