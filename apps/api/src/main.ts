// `npm run start:api`: the API alone, against the PostgreSQL in DATABASE_URL (already migrated) and the
// Temporal at TEMPORAL_ADDRESS. `npm start` runs everything, embedded, instead.
import 'reflect-metadata';
import { ConfigError, loadConfig } from '@caseflow/config';
import { installTracing } from '@caseflow/temporal';
import { createApiApp } from './app.factory';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl) {
    process.stderr.write(
      'DATABASE_URL is not set. The API on its own needs a migrated PostgreSQL: set ' +
        'DATABASE_URL=postgres://user:password@host:5432/caseflow, or run `npm start` for the embedded default.\n',
    );
    process.exit(2);
  }
  installTracing({ serviceName: 'caseflow-api', otlpEndpoint: config.observability.otlpEndpoint });
  const app = await createApiApp(config);
  await app.listen(config.http.port, config.http.host);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(
    `The API failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
