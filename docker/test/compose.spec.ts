// Static checks of the deployment in docker/: what can be verified without a Docker engine. The compose
// file, the Dockerfile, docker/README.md and the TypeScript build must agree with one another, so none of
// them can drift unnoticed.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { parseDocument } from 'yaml';

const root = path.resolve(__dirname, '..', '..');
const dockerDir = path.join(root, 'docker');
const composePath = path.join(dockerDir, 'compose.yaml');
const dockerfilePath = path.join(dockerDir, 'Dockerfile');
const readmePath = path.join(dockerDir, 'README.md');

/** Variables that hold secrets and have no safe default: compose must refuse to start without them. */
const REQUIRED_SECRETS = ['JWT_SECRET', 'POSTGRES_PASSWORD', 'CASEFLOW_DB_PASSWORD'];
/** The Caseflow services built from docker/Dockerfile, and the target each one uses. */
const CASEFLOW_TARGETS: Record<string, string> = {
  'caseflow-migrate': 'api',
  'caseflow-api': 'api',
  'caseflow-worker': 'worker',
};

// ---------------------------------------------------------------------------------------------------------
// compose.yaml

interface ComposeBuild {
  context?: string;
  dockerfile?: string;
  target?: string;
}
interface ComposeService {
  image?: string;
  build?: string | ComposeBuild;
  command?: string | string[];
  entrypoint?: string | string[];
  user?: string;
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: (string | number | { target: number; published?: string | number; host_ip?: string })[];
  volumes?: (string | { source?: string; target: string })[];
  depends_on?: string[] | Record<string, { condition?: string }>;
}
interface ComposeFile {
  services: Record<string, ComposeService>;
}

const composeText = readFileSync(composePath, 'utf8');
// Compose resolves YAML anchors and `<<` merge keys; so must we.
const composeDoc = parseDocument(composeText, { merge: true });
const compose = composeDoc.toJS({ maxAliasCount: 100 }) as ComposeFile;
const services = compose?.services ?? {};

function env(service: string): Record<string, string> {
  const raw = services[service]?.environment ?? {};
  if (Array.isArray(raw)) {
    return Object.fromEntries(raw.map((kv) => [kv.split('=')[0], kv.slice(kv.indexOf('=') + 1)]));
  }
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

function build(service: string): ComposeBuild | undefined {
  const b = services[service]?.build;
  return typeof b === 'string' ? { context: b } : b;
}

/** A port entry in compose's short syntax (`[host_ip:][published:]target`), whatever syntax it was written in. */
function portString(p: NonNullable<ComposeService['ports']>[number]): string {
  if (typeof p !== 'object') return String(p);
  return [p.host_ip, p.published, p.target].filter((x) => x !== undefined && x !== '').join(':');
}

function dependsOn(service: string): Record<string, string> {
  const d = services[service]?.depends_on ?? {};
  if (Array.isArray(d)) return Object.fromEntries(d.map((name) => [name, 'service_started']));
  return Object.fromEntries(Object.entries(d).map(([k, v]) => [k, v?.condition ?? 'service_started']));
}

function argv(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value.map(String) : value.split(/\s+/).filter(Boolean);
}

function imageTag(image: string): string | undefined {
  const withoutDigest = image.split('@')[0];
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  return colon === -1 ? undefined : withoutDigest.slice(colon + 1);
}

// ---------------------------------------------------------------------------------------------------------
// Dockerfile

interface Instruction {
  keyword: string;
  args: string;
}
interface Stage {
  name?: string;
  /** The image or earlier stage this stage starts from, with ARG defaults substituted. */
  from: string;
  instructions: Instruction[];
}

function parseDockerfile(text: string): { stages: Stage[] } {
  const logical: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    if (current === '' && /^\s*#/.test(line)) continue;
    if (/\\\s*$/.test(line)) {
      current += line.replace(/\\\s*$/, ' ');
      continue;
    }
    current += line;
    if (current.trim() !== '') logical.push(current.trim());
    current = '';
  }
  if (current.trim() !== '') logical.push(current.trim());

  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const line of logical) {
    const match = /^(\S+)\s*(.*)$/s.exec(line);
    if (!match) continue;
    const keyword = match[1].toUpperCase();
    const args = match[2].trim();
    if (keyword === 'FROM') {
      const from = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      if (!from) throw new Error(`Cannot read Dockerfile line: ${line}`);
      const image = from[1].replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a, b) => globalArgs[a ?? b] ?? '');
      stages.push({ name: from[2], from: image, instructions: [] });
    } else if (stages.length === 0) {
      if (keyword === 'ARG') {
        const [name, value = ''] = args.split('=');
        globalArgs[name] = value.replace(/^["']|["']$/g, '');
      }
    } else {
      stages[stages.length - 1].instructions.push({ keyword, args });
    }
  }
  return { stages };
}

const dockerfile = parseDockerfile(readFileSync(dockerfilePath, 'utf8'));

function stage(name: string): Stage | undefined {
  return dockerfile.stages.find((s) => s.name === name);
}

/** A target and the stages it is built upon, nearest first. */
function stageChain(target: string): Stage[] {
  const chain: Stage[] = [];
  for (let s = stage(target); s !== undefined; s = stage(s.from)) {
    if (chain.includes(s)) break;
    chain.push(s);
  }
  return chain;
}

/** The instruction that is in force in `target` (the last one of its kind up its stage chain). */
function effective(target: string, keyword: string): string | undefined {
  for (const s of stageChain(target)) {
    const found = s.instructions.filter((i) => i.keyword === keyword);
    if (found.length > 0) return found[found.length - 1].args;
  }
  return undefined;
}

/** Images pulled from a registry (FROM lines that do not name an earlier stage). */
const dockerfileBaseImages = dockerfile.stages
  .filter((s, i) => !dockerfile.stages.slice(0, i).some((earlier) => earlier.name === s.from))
  .map((s) => s.from);

// ---------------------------------------------------------------------------------------------------------
// README.md: the "Services and ports" table

interface ReadmeRow {
  service: string;
  image: string;
  published: string[];
}

function readmeTable(): ReadmeRow[] {
  const lines = readFileSync(readmePath, 'utf8').split('\n');
  const heading = lines.findIndex((l) => /^##\s+Services and ports\s*$/.test(l));
  if (heading === -1) throw new Error('docker/README.md has no "## Services and ports" section');
  const table: string[] = [];
  for (const line of lines.slice(heading + 1)) {
    if (line.startsWith('|')) table.push(line);
    else if (table.length > 0) break;
  }
  const cells = (row: string) =>
    row
      .trim()
      .replace(/^\||\|$/g, '')
      .split('|')
      .map((c) => c.trim());
  const header = cells(table[0]).map((h) => h.toLowerCase());
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i === -1) throw new Error(`The services table in docker/README.md has no "${name}" column`);
    return i;
  };
  const [service, image, published] = [col('service'), col('image'), col('published as')];
  const ticks = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
  return table.slice(2).map((row) => {
    const c = cells(row);
    return { service: ticks(c[service])[0] ?? c[service], image: c[image], published: ticks(c[published]) };
  });
}

const readme = readmeTable();

// ---------------------------------------------------------------------------------------------------------
// The TypeScript build (tsconfig.build.json): which sources it compiles, and to where

const buildConfigPath = path.join(root, 'tsconfig.build.json');
const buildConfig = ts.parseJsonConfigFileContent(
  ts.readConfigFile(buildConfigPath, ts.sys.readFile).config,
  ts.sys,
  root,
  undefined,
  buildConfigPath,
);
const compiledSources = new Set(buildConfig.fileNames.map((f) => path.relative(root, f)));
const outDir = path.relative(root, buildConfig.options.outDir ?? root);
const rootDir = buildConfig.options.rootDir ?? root;

/** `dist/apps/api/src/main.js` → `apps/api/src/main.ts`, following the build's outDir and rootDir. */
function sourceOf(compiled: string): string {
  const relativeToOut = path.relative(outDir, path.normalize(compiled));
  return path.relative(root, path.join(rootDir, relativeToOut)).replace(/\.js$/, '.ts');
}

/** What a built Caseflow service runs: its compose command, else its Dockerfile target's CMD. */
function commandOf(service: string): string[] {
  const fromCompose = argv(services[service]?.command);
  if (fromCompose.length > 0) return fromCompose;
  const cmd = effective(build(service)?.target ?? '', 'CMD');
  if (cmd === undefined) return [];
  return cmd.startsWith('[') ? (JSON.parse(cmd) as string[]) : argv(cmd);
}

const entryPoints = Object.keys(CASEFLOW_TARGETS).flatMap((service) =>
  commandOf(service)
    .filter((arg) => arg.endsWith('.js'))
    .map((compiled) => ({ service, compiled, source: sourceOf(compiled) })),
);

// ---------------------------------------------------------------------------------------------------------

describe('docker/compose.yaml', () => {
  it('is valid YAML with a services map', () => {
    expect(composeDoc.errors.map((e) => e.message)).toEqual([]);
    expect(Object.keys(services).length).toBeGreaterThan(0);
  });

  it('defines exactly the services that docker/README.md documents', () => {
    expect(Object.keys(services).sort()).toEqual(readme.map((r) => r.service).sort());
  });

  it('publishes exactly the host ports that docker/README.md documents, service by service', () => {
    const inCompose = Object.fromEntries(
      Object.entries(services).map(([name, s]) => [name, (s.ports ?? []).map(portString).sort()]),
    );
    const inReadme = Object.fromEntries(readme.map((r) => [r.service, [...r.published].sort()]));
    expect(inCompose).toEqual(inReadme);
  });

  it('uses exactly the images and build targets that docker/README.md documents', () => {
    const inCompose = Object.fromEntries(
      Object.keys(services).map((name) => {
        const b = build(name);
        return [name, b ? `built: docker/Dockerfile, target ${b.target}` : services[name].image];
      }),
    );
    const inReadme = Object.fromEntries(readme.map((r) => [r.service, r.image.replace(/`/g, '')]));
    expect(inCompose).toEqual(inReadme);
  });

  it('pins every image to a version tag, never `latest` (compose services and Dockerfile bases)', () => {
    const images = [
      ...Object.values(services).flatMap((s) => (s.image ? [s.image] : [])),
      ...dockerfileBaseImages,
    ];
    const unpinned = images.filter((image) => {
      const tag = imageTag(image);
      return !image.includes('@sha256:') && (tag === undefined || tag === 'latest' || !/\d/.test(tag));
    });
    expect(images.length).toBeGreaterThan(0);
    expect(unpinned).toEqual([]);
  });

  it('builds Caseflow services from docker/Dockerfile with the repository root as context', () => {
    const built = Object.keys(services).filter((name) => build(name) !== undefined);
    expect(Object.fromEntries(built.map((name) => [name, build(name)?.target]))).toEqual(CASEFLOW_TARGETS);
    for (const name of built) {
      const b = build(name)!;
      const context = path.resolve(dockerDir, b.context ?? '.');
      expect({ service: name, context }).toEqual({ service: name, context: root });
      expect({ service: name, dockerfile: path.resolve(context, b.dockerfile ?? 'Dockerfile') }).toEqual({
        service: name,
        dockerfile: dockerfilePath,
      });
    }
  });

  it('only names build targets that exist as `FROM … AS <target>` stages in docker/Dockerfile', () => {
    const stageNames = dockerfile.stages.map((s) => s.name);
    const targets = Object.keys(services).flatMap((name) => build(name)?.target ?? []);
    expect(targets.filter((t) => !stageNames.includes(t))).toEqual([]);
  });

  it('bases PostgreSQL and Caseflow images on Debian bookworm (Temporal’s native bridge needs glibc)', () => {
    const debianOnly = [services.postgres?.image ?? '(no postgres image)', ...dockerfileBaseImages];
    expect(debianOnly.filter((image) => !/bookworm/.test(image))).toEqual([]);
  });

  it('runs the API and the worker as a non-root user', () => {
    const isRoot = (user: string | undefined) => user === undefined || /^(root|0)(:.*)?$/.test(user.trim());
    for (const [service, target] of Object.entries(CASEFLOW_TARGETS)) {
      const user = services[service].user ?? effective(target, 'USER');
      expect({ service, user, root: isRoot(user) }).toEqual({ service, user, root: false });
    }
  });

  it('requires every secret with `${NAME:?message}`, so compose refuses to start while it is unset', () => {
    for (const name of REQUIRED_SECRETS) {
      const uses = [...composeText.matchAll(new RegExp(`\\$\\{${name}(\\W[^}]*)?\\}`, 'g'))].map((m) => m[0]);
      expect({ name, used: uses.length > 0 }).toEqual({ name, used: true });
      expect(uses.filter((u) => !u.startsWith(`\${${name}:?`))).toEqual([]);
    }
  });

  it('never writes a secret, password or key as a literal value', () => {
    const literal = Object.keys(services).flatMap((service) =>
      Object.entries(env(service))
        .filter(([key]) => /SECRET|PASSWORD|PWD|TOKEN|_KEY$/.test(key))
        .filter(([, value]) => !/^\$\{\w+(:?[?-][^}]*)?\}$/.test(value))
        .map(([key]) => `${service}.${key}`),
    );
    expect(literal).toEqual([]);
  });

  it('gives the API and the worker JWT_SECRET (required whenever NODE_ENV=production)', () => {
    for (const service of ['caseflow-api', 'caseflow-worker']) {
      expect({ service, NODE_ENV: env(service).NODE_ENV, JWT_SECRET: env(service).JWT_SECRET }).toEqual({
        service,
        NODE_ENV: 'production',
        JWT_SECRET: expect.stringMatching(/^\$\{JWT_SECRET:\?/),
      });
    }
  });

  it('starts the API and the worker only after caseflow-migrate completed successfully', () => {
    for (const service of ['caseflow-api', 'caseflow-worker']) {
      expect({ service, migrate: dependsOn(service)['caseflow-migrate'] }).toEqual({
        service,
        migrate: 'service_completed_successfully',
      });
      expect({ service, temporal: dependsOn(service).temporal }).toEqual({
        service,
        temporal: 'service_healthy',
      });
      // The server answering is not enough: Caseflow's namespace must exist.
      expect({ service, namespace: dependsOn(service)['temporal-namespace'] }).toEqual({
        service,
        namespace: 'service_completed_successfully',
      });
    }
    expect(dependsOn('caseflow-migrate').postgres).toBe('service_healthy');
    expect(dependsOn('temporal').postgres).toBe('service_healthy');
    expect(commandOf('caseflow-migrate')).toEqual([
      'node',
      'dist/libs/persistence/src/cli/migrate.js',
      'run',
    ]);
  });

  it('only depends on services it defines', () => {
    const missing = Object.keys(services).flatMap((service) =>
      Object.keys(dependsOn(service))
        .filter((dep) => !(dep in services))
        .map((dep) => `${service} → ${dep}`),
    );
    expect(missing).toEqual([]);
  });

  it('points Temporal at PostgreSQL and every Temporal client at temporal:7233', () => {
    expect(env('temporal')).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgres', DB_PORT: '5432' });
    for (const service of ['temporal-ui', ...Object.keys(CASEFLOW_TARGETS)]) {
      expect({ service, address: env(service).TEMPORAL_ADDRESS }).toEqual({
        service,
        address: 'temporal:7233',
      });
    }
  });

  it('keeps Caseflow in its own `caseflow` database, created by an init script, apart from Temporal’s', () => {
    for (const service of Object.keys(CASEFLOW_TARGETS)) {
      const url = env(service).DATABASE_URL ?? '';
      expect({ service, database: /@postgres:5432\/([^?/]+)/.exec(url)?.[1] }).toEqual({
        service,
        database: 'caseflow',
      });
    }
    // Temporal's databases, as temporal-schema creates them and the server's config template names them
    // (DBNAME and VISIBILITY_DBNAME, default temporal and temporal_visibility).
    const schemaScript = readFileSync(path.join(dockerDir, 'temporal', 'setup-schema.sh'), 'utf8');
    const temporalDbs = [...schemaScript.matchAll(/\b(temporal\w*):(?:temporal|visibility)\b/g)].map(
      (m) => m[1],
    );
    expect(temporalDbs).toEqual(['temporal', 'temporal_visibility']);
    expect(env('temporal').DBNAME ?? 'temporal').toBe('temporal');
    expect(env('temporal').VISIBILITY_DBNAME ?? 'temporal_visibility').toBe('temporal_visibility');
    expect(temporalDbs).not.toContain('caseflow');

    const initMount = (services.postgres?.volumes ?? [])
      .map((v) => (typeof v === 'string' ? v.split(':').slice(0, 2) : [v.source ?? '', v.target]))
      .find(([, target]) => target === '/docker-entrypoint-initdb.d');
    expect(initMount).toBeDefined();
    const initDir = path.resolve(dockerDir, initMount![0]);
    const sql = readdirSync(initDir)
      .filter((f) => f.endsWith('.sql'))
      .map((f) => readFileSync(path.join(initDir, f), 'utf8'))
      .join('\n');
    expect(sql).toMatch(/CREATE DATABASE\s+"?caseflow"?\s*;/i);
  });

  it('checks PostgreSQL’s and Temporal’s health, so dependants can wait for `service_healthy`', () => {
    const healthcheck = (s: string) =>
      (services[s] as { healthcheck?: { test?: string[] } }).healthcheck?.test;
    expect(healthcheck('postgres')?.join(' ')).toMatch(/pg_isready/);
    expect(healthcheck('temporal')?.join(' ')).toMatch(/nc -z 127\.0\.0\.1 7233/);
  });
});

describe('Temporal Server in docker/compose.yaml', () => {
  /** The Temporal Server version the real-Temporal test lane runs (scripts/real-temporal.sh's CLI embeds it). */
  const LANE_SERVER_VERSION = '1.29.1';
  const laneScript = readFileSync(path.join(root, 'scripts', 'real-temporal.sh'), 'utf8');

  it('runs temporalio/server, not the deprecated temporalio/auto-setup', () => {
    const images = Object.values(services).map((s) => s.image ?? '');
    expect(images.filter((i) => i.startsWith('temporalio/auto-setup'))).toEqual([]);
    expect(services.temporal.image).toBe(`temporalio/server:${LANE_SERVER_VERSION}`);
  });

  it('pins the server and admin-tools to the server version the real-Temporal lane tests', () => {
    expect(laneScript).toContain(`Temporal Server ${LANE_SERVER_VERSION}`);
    const temporalImages = Object.fromEntries(
      Object.entries(services)
        .filter(([, s]) => /^temporalio\/(server|admin-tools):/.test(s.image ?? ''))
        .map(([name, s]) => [name, s.image]),
    );
    expect(temporalImages).toEqual({
      'temporal-schema': `temporalio/admin-tools:${LANE_SERVER_VERSION}`,
      temporal: `temporalio/server:${LANE_SERVER_VERSION}`,
      'temporal-namespace': `temporalio/admin-tools:${LANE_SERVER_VERSION}`,
    });
  });

  it('sets up the schema in a one-shot admin-tools service that the server waits for', () => {
    expect(dependsOn('temporal')).toEqual({
      postgres: 'service_healthy',
      'temporal-schema': 'service_completed_successfully',
    });
    expect(dependsOn('temporal-schema')).toEqual({ postgres: 'service_healthy' });
    expect(services['temporal-schema']).toMatchObject({ restart: 'no' });
    const [script] = argv(services['temporal-schema'].command);
    const mount = (services['temporal-schema'].volumes ?? [])
      .map((v) => (typeof v === 'string' ? v.split(':') : [v.source ?? '', v.target]))
      .find(([, target]) => target === script);
    expect(mount).toBeDefined();
    expect(path.resolve(dockerDir, mount![0])).toBe(path.join(dockerDir, 'temporal', 'setup-schema.sh'));
  });

  it('creates both databases with temporal-sql-tool for PostgreSQL and migrates each from the image’s versioned schema', () => {
    const script = readFileSync(path.join(dockerDir, 'temporal', 'setup-schema.sh'), 'utf8');
    expect(script).toMatch(/temporal-sql-tool --plugin postgres12 /);
    for (const step of ['create', 'setup-schema -v 0.0', 'update-schema -d "$SCHEMA/$dir/versioned"'])
      expect(script).toContain(`--db "$db" ${step}`);
    expect(script).toContain('SCHEMA=/etc/temporal/schema/postgresql/v12');
    expect(script).toMatch(/^set -eu$/m);
    // The password reaches temporal-sql-tool as SQL_PASSWORD, from the required secret.
    expect(env('temporal-schema').SQL_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
    const db = env('temporal');
    expect(env('temporal-schema')).toMatchObject({
      POSTGRES_SEEDS: db.POSTGRES_SEEDS,
      DB_PORT: db.DB_PORT,
      POSTGRES_USER: db.POSTGRES_USER,
    });
  });

  it('registers the namespace, with its retention, once the server listens', () => {
    expect(dependsOn('temporal-namespace')).toEqual({ temporal: 'service_healthy' });
    const command = argv(services['temporal-namespace'].command).join(' ');
    expect(command).toContain('temporal operator namespace create');
    expect(command).toContain('--retention "$$TEMPORAL_RETENTION"');
    expect(env('temporal-namespace')).toMatchObject({
      TEMPORAL_ADDRESS: 'temporal:7233',
      TEMPORAL_NAMESPACE: '${TEMPORAL_NAMESPACE:-default}',
      TEMPORAL_RETENTION: '${TEMPORAL_RETENTION:-720h}',
    });
  });

  it('keeps the dynamic configuration mounted where DYNAMIC_CONFIG_FILE_PATH points', () => {
    const file = env('temporal').DYNAMIC_CONFIG_FILE_PATH;
    const targets = (services.temporal.volumes ?? []).map((v) =>
      typeof v === 'string' ? v.split(':')[1] : v.target,
    );
    expect(targets).toContain(`/etc/temporal/${file}`);
  });
});

describe('docker/Dockerfile', () => {
  it('has the build, prod-deps, api and worker stages', () => {
    expect(dockerfile.stages.map((s) => s.name)).toEqual(
      expect.arrayContaining(['build', 'prod-deps', 'api', 'worker']),
    );
  });

  it('sets NODE_ENV=production in the api and worker images', () => {
    for (const target of ['api', 'worker']) {
      const envs = stageChain(target).flatMap((s) => s.instructions.filter((i) => i.keyword === 'ENV'));
      expect({ target, production: envs.some((e) => /\bNODE_ENV[= ]production\b/.test(e.args)) }).toEqual({
        target,
        production: true,
      });
    }
  });

  it('gives the api image a HEALTHCHECK on /health that needs no curl', () => {
    const check = effective('api', 'HEALTHCHECK') ?? '';
    expect(check).toMatch(/\/health/);
    expect(check).toMatch(/"node"/);
  });

  it('has a Dockerfile-specific ignore file that keeps local build output and secrets out of the context', () => {
    const ignored = readFileSync(path.join(dockerDir, 'Dockerfile.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    expect(ignored).toEqual(
      expect.arrayContaining(['**/node_modules', 'dist', '.caseflow', '.git', 'coverage', 'reports', '.env']),
    );
  });
});

describe('entry points of the Caseflow images', () => {
  it('are found for the migration, the API and the worker', () => {
    expect(entryPoints.map((e) => e.compiled).sort()).toEqual([
      'dist/apps/api/src/main.js',
      'dist/apps/worker/src/main.js',
      'dist/libs/persistence/src/cli/migrate.js',
    ]);
  });

  it.each(entryPoints)(
    '$service runs $compiled, which the build compiles from $source (present, not excluded by tsconfig.build.json)',
    ({ source }) => {
      expect({
        source,
        exists: existsSync(path.join(root, source)),
        compiled: compiledSources.has(source),
      }).toEqual({
        source,
        exists: true,
        compiled: true,
      });
    },
  );
});

// `docker compose config` validates the file with Compose's own schema and interpolation, offline. It needs
// the Compose plugin; where it is missing these tests are skipped, and their names say so.
const composePlugin = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
const composeMissing =
  composePlugin.error !== undefined
    ? `no docker client: ${composePlugin.error.message}`
    : composePlugin.status !== 0
      ? `no docker compose plugin: ${(composePlugin.stderr || composePlugin.stdout).trim().split('\n')[0]}`
      : undefined;
const withCompose = composeMissing === undefined ? it : it.skip;
const skipped = composeMissing === undefined ? '' : ` [skipped: ${composeMissing}]`;

describe('docker compose config', () => {
  const config = (overrides: Record<string, string | undefined>) => {
    const childEnv: Record<string, string | undefined> = { ...process.env, ...overrides };
    for (const [k, v] of Object.entries(childEnv)) if (v === undefined) delete childEnv[k];
    return spawnSync('docker', ['compose', '-f', composePath, 'config', '-q'], {
      encoding: 'utf8',
      env: childEnv,
    });
  };
  const secrets = {
    POSTGRES_PASSWORD: 'p'.repeat(24),
    CASEFLOW_DB_PASSWORD: 'c'.repeat(24),
    JWT_SECRET: 'j'.repeat(32),
  };

  withCompose(`accepts the file when the required secrets are set${skipped}`, () => {
    const result = config(secrets);
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
  });

  withCompose(`refuses the file, naming the variable, while JWT_SECRET is unset${skipped}`, () => {
    const result = config({ ...secrets, JWT_SECRET: undefined });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/set JWT_SECRET/);
  });
});
