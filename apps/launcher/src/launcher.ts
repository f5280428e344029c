import { INestApplication } from '@nestjs/common';
import { CaseflowConfig } from '@caseflow/config';
import { migrateForApp } from '@caseflow/persistence';
import { createApiApp } from '../../api/src/app.factory';
import { AdminBootstrapService } from '../../api/src/auth/admin-bootstrap.service';
import { findConsoleBuild } from '../../api/src/console-pages/console-app';
import { DemoOrganisationService, type DemoOutcome } from '../../api/src/demo/demo-organisation.service';
import { loadOrCreateSecrets, prepareDataDir } from './data-dir';
import { EmbeddedPostgresHandle, startEmbeddedPostgres } from './embedded-postgres';
import { startEmbeddedTemporal, temporalDatabaseUrl } from './embedded-temporal';
import { Supervisor } from './supervisor';
import { startWorkerProcess } from './worker-process';

export interface RunningCaseflow {
  config: CaseflowConfig;
  stop(): Promise<void>;
}

const say = (line = '') => process.stdout.write(`${line}\n`);
const complain = (line: string) => process.stderr.write(`${line}\n`);

/** Starts everything `npm start` needs, in dependency order; stops it all in reverse on failure. */
export async function launch(
  base: CaseflowConfig,
  deps: { runMigrations: (url: string) => Promise<string[]> },
  options: { demo?: boolean } = {},
): Promise<RunningCaseflow> {
  const stack: { name: string; stop: () => Promise<void> }[] = [];
  const supervisors: Supervisor[] = [];
  const stopAll = async () => {
    // First no more restarts: a Ctrl-C reaches the children too, and they end on their own.
    for (const supervisor of supervisors) supervisor.hold();
    for (const item of stack.reverse()) {
      try {
        await item.stop();
      } catch (error) {
        process.stderr.write(`Stopping ${item.name} failed: ${String(error)}\n`);
      }
    }
    stack.length = 0;
  };

  try {
    const dataDir = prepareDataDir(base.dataDir);
    const secrets = loadOrCreateSecrets(dataDir);
    const config: CaseflowConfig = {
      ...base,
      dataDir,
      auth: { ...base.auth, jwtSecret: base.auth.jwtSecret ?? secrets.jwtSecret },
      temporal: { ...base.temporal },
    };

    if (!config.databaseUrl) {
      say(
        `Starting embedded PostgreSQL (data in ${dataDir}/postgres, port ${config.embedded.postgresPort})…`,
      );
      const pg: EmbeddedPostgresHandle = await startEmbeddedPostgres({
        dataDir,
        port: config.embedded.postgresPort,
        password: secrets.postgresPassword,
        appPassword: secrets.appPassword,
      });
      stack.push({ name: 'PostgreSQL', stop: pg.stop });
      config.databaseUrl = pg.appUrl;
      config.databaseMigrationUrl = pg.url;
    }
    // The owner migrates (and creates the dev server's database); the app connects as its own role.
    const ownerUrl = config.databaseMigrationUrl ?? config.databaseUrl;

    if (!config.temporal.address) {
      say(`Starting the Temporal dev server on 127.0.0.1:${config.embedded.temporalPort}…`);
      const databaseUrl = await temporalDatabaseUrl(ownerUrl);
      let address = '';
      // Cases' workflows and timers survive a restart: the dev server keeps them in PostgreSQL too. When it
      // dies, it is started again on the same port, and the API and the worker reconnect.
      const temporal = new Supervisor(
        'Temporal dev server',
        async () => {
          const handle = await startEmbeddedTemporal({
            port: config.embedded.temporalPort,
            namespace: config.temporal.namespace,
            dataDir,
            databaseUrl,
          });
          address = handle.address;
          return handle;
        },
        { log: complain },
      );
      await temporal.start();
      supervisors.push(temporal);
      stack.push({ name: 'Temporal dev server', stop: () => temporal.stop() });
      config.temporal.address = address;
    }

    const applied = await migrateForApp(deps.runMigrations, config.databaseUrl, ownerUrl);
    say(applied.length ? `Database migrated: ${applied.join(', ')}` : 'Database schema is up to date.');

    // The worker runs as a process of its own, started again when it dies.
    const worker = new Supervisor('worker', () => startWorkerProcess(config), { log: complain });
    await worker.start();
    supervisors.push(worker);
    stack.push({ name: 'worker', stop: () => worker.stop() });

    const api: INestApplication = await createApiApp(config, { shutdownHooks: false });
    await api.listen(config.http.port, config.http.host);
    stack.push({ name: 'API', stop: () => api.close() });

    const firstSignIn = api.get(AdminBootstrapService).firstSignIn;
    const url = `http://localhost:${config.http.port}`;
    say();
    say('Caseflow is running.');
    say(
      findConsoleBuild()
        ? `  Open           ${url}/   (the console: sign in there)`
        : '  Console        not built (npm run build builds it)',
    );
    say(`  API            ${url}/api`);
    say(`  OpenAPI docs   ${url}/docs`);
    say(`  Health         ${url}/health`);
    say(
      `  PostgreSQL     ${base.databaseUrl ? 'DATABASE_URL' : `embedded, 127.0.0.1:${config.embedded.postgresPort}`}`,
    );
    say(`  Temporal       ${config.temporal.address} (namespace ${config.temporal.namespace})`);
    if (firstSignIn?.password) {
      say(`  First sign-in  username "${firstSignIn.username}", password "${firstSignIn.password}"`);
      say('                 (shown once: keep it, or set CASEFLOW_ADMIN_PASSWORD before the first start)');
    } else if (firstSignIn?.created) {
      say(`  First sign-in  username "${firstSignIn.username}" with the password in CASEFLOW_ADMIN_PASSWORD`);
    } else {
      say('  Sign in        as "admin" (created on the first start) or any user an admin created');
    }
    if (options.demo) printDemo(await api.get(DemoOrganisationService).seed());
    say();
    say('Press Ctrl-C to stop.');
    return { config, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

function printDemo(outcome: DemoOutcome): void {
  say();
  if (!outcome.seeded) {
    say(`Demo organisation not seeded: ${outcome.reason}.`);
    return;
  }
  say('Demo organisation seeded: branches sh (上海) and bj (北京), their units, and these sign-ins');
  say('(shown once; an admin can reset any of them with POST /api/users/{id}/reset-password):');
  for (const signIn of outcome.signIns) {
    say(`  ${signIn.username.padEnd(16)} ${signIn.password}   ${signIn.who}`);
  }
}
