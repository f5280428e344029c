// `npm start`: Caseflow with embedded defaults. With no configuration it starts an embedded PostgreSQL and
// the Temporal dev server itself; with DATABASE_URL and/or TEMPORAL_ADDRESS it uses those instead. Then
// it migrates, starts the worker and the API, and prints where everything is. Ctrl-C stops it all.
import 'reflect-metadata';
import { CaseflowConfig, ConfigError, loadConfig } from '@caseflow/config';
import { runMigrations } from '@caseflow/persistence';
import { installTracing } from '@caseflow/temporal';
import { launch } from './launcher';

const USAGE = 'Usage: npm start [-- --demo]   (--demo: seed a small demo organisation on a new install)';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const unknown = args.filter((arg) => arg !== '--demo');
  if (unknown.length > 0) {
    process.stderr.write(`Unknown option ${unknown.join(' ')}. ${USAGE}\n`);
    process.exit(2);
  }
  const demo = args.includes('--demo') || process.env.CASEFLOW_DEMO === 'true';
  let config: CaseflowConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  // One terminal shows the banner and what goes wrong; LOG_LEVEL=info brings back every request log.
  if (process.env.LOG_LEVEL === undefined) config = { ...config, logLevel: 'warn' };
  // The API and the worker run in this process and share one tracer (service.name "caseflow").
  const tracing = installTracing({
    serviceName: 'caseflow',
    otlpEndpoint: config.observability.otlpEndpoint,
  });
  const running = await launch(config, { runMigrations }, { demo });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      // A second Ctrl-C means "now": the next start stops any PostgreSQL left behind.
      process.stderr.write('Forced exit.\n');
      process.exit(130);
    }
    stopping = true;
    process.stdout.write(`\n${signal}: stopping Caseflow…\n`);
    running
      .stop()
      .then(() => tracing?.shutdown())
      .then(() => {
        process.stdout.write('Caseflow stopped.\n');
        process.exit(0);
      })
      .catch((error: unknown) => {
        process.stderr.write(`Shutdown failed: ${String(error)}\n`);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Caseflow could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
