import { ConsoleLogger, INestApplicationContext, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CaseflowConfig } from '@caseflow/config';
import { WorkerModule } from './worker.module';
import { WorkerHost } from './worker-host.service';
import { installTemporalRuntime } from './temporal-runtime';

const ORDER: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
const FROM_CONFIG: Record<CaseflowConfig['logLevel'], number> = {
  silent: 0,
  fatal: 1,
  error: 2,
  warn: 3,
  info: 4,
  debug: 5,
  trace: 6,
};

/** Structured JSON lines, like the API's, at the configured level. */
function jsonLogger(level: CaseflowConfig['logLevel']): LoggerService | false {
  const count = FROM_CONFIG[level];
  return count === 0 ? false : new ConsoleLogger('worker', { json: true, logLevels: ORDER.slice(0, count) });
}

/** A started worker: a Nest application context (no HTTP) whose WorkerHost is polling. */
export interface RunningWorker {
  context: INestApplicationContext;
  host: WorkerHost;
  /** Drains in-flight tasks and closes connections. */
  close(): Promise<void>;
}

export async function startWorker(
  config: CaseflowConfig,
  logger?: LoggerService | false,
): Promise<RunningWorker> {
  installTemporalRuntime(config.logLevel, config.observability.workerMetricsPort);
  const context = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    logger: logger ?? jsonLogger(config.logLevel),
  });
  const host = context.get(WorkerHost);
  try {
    await host.start();
  } catch (error) {
    await context.close();
    throw error;
  }
  return { context, host, close: () => context.close() };
}
