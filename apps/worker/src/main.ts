// The worker process: `node dist/apps/worker/src/main.js` with DATABASE_URL and TEMPORAL_ADDRESS set.
import 'reflect-metadata';
import { loadConfig } from '@caseflow/config';
import { installTracing } from '@caseflow/temporal';
import { startWorker } from './worker.factory';

async function main(): Promise<void> {
  const config = loadConfig();
  const tracing = installTracing({
    serviceName: 'caseflow-worker',
    otlpEndpoint: config.observability.otlpEndpoint,
  });
  const worker = await startWorker(config);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal} received: draining the worker…\n`);
    worker
      .close()
      .then(() => tracing?.shutdown())
      .catch((error: unknown) => {
        process.stderr.write(`Worker shutdown failed: ${String(error)}\n`);
        process.exitCode = 1;
      });
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  await worker.host.untilStopped();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
