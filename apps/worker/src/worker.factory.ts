import { INestApplicationContext, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CaseflowConfig } from '@caseflow/config';
import { WorkerModule } from './worker.module';
import { WorkerHost } from './worker-host.service';

/** A started worker: a Nest application context (no HTTP) whose WorkerHost is polling. */
export interface RunningWorker {
  context: INestApplicationContext;
  host: WorkerHost;
  /** Drains in-flight tasks and closes connections. */
  close(): Promise<void>;
}

export async function startWorker(config: CaseflowConfig, logger?: LoggerService | false): Promise<RunningWorker> {
  const context = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    logger: logger ?? ['error', 'warn', 'log'],
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
