// CLI, shaped like the Temporal CLI so @temporalio/testing can launch us as an "existing-path" server:
//   temporal-devserver server start-dev --ip 127.0.0.1 --port 7233 --namespace default [...]
//   temporal-devserver <port>            (the time-skipping test server)
import { startDevServer, DevServerOptions } from './server';

/** Flags of `temporal server start-dev` that take a value; we accept and mostly ignore them. */
const VALUE_FLAGS = new Set([
  '--ip',
  '--port',
  '-p',
  '--namespace',
  '-n',
  '--ui-port',
  '--ui-ip',
  '--ui-asset-path',
  '--ui-codec-endpoint',
  '--ui-public-path',
  '--log-level',
  '--log-format',
  '--log-config',
  '--db-filename',
  '--db-url',
  '--db-schema',
  '-f',
  '--dynamic-config-value',
  '--search-attribute',
  '--metrics-port',
  '--http-port',
  '--sqlite-pragma',
  '--config-file',
  '--env',
  '--tls-ca-path',
  '--tls-cert-path',
  '--tls-key-path',
  '--command-timeout',
  '--grpc-meta',
  '--address',
  '--codec-endpoint',
  '--codec-auth',
  '--time-format',
  '--output',
  '-o',
  '--color',
]);

export function parseArgs(argv: string[]): DevServerOptions {
  if (argv.length >= 1 && /^\d+$/.test(argv[0])) {
    return { port: Number(argv[0]), timeSkipping: true, namespaces: ['default'] };
  }
  if (argv[0] !== 'server' || argv[1] !== 'start-dev') {
    throw new Error(
      'usage: temporal-devserver server start-dev [--ip IP] [--port PORT] [--namespace NS]... | temporal-devserver <port>',
    );
  }
  const options: DevServerOptions = {
    ip: '127.0.0.1',
    port: 7233,
    namespaces: ['default'],
    searchAttributes: {},
  };
  for (let i = 2; i < argv.length; i++) {
    let flag = argv[i];
    let value: string | undefined;
    const eq = flag.indexOf('=');
    if (flag.startsWith('--') && eq > 0) {
      value = flag.slice(eq + 1);
      flag = flag.slice(0, eq);
    } else if (VALUE_FLAGS.has(flag)) {
      value = argv[++i];
    }
    switch (flag) {
      case '--ip':
        options.ip = value;
        break;
      case '--port':
      case '-p':
        options.port = Number(value);
        if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535)
          throw new Error(`invalid port: ${value}`);
        break;
      case '--namespace':
      case '-n':
        if (value && !options.namespaces!.includes(value)) options.namespaces!.push(value);
        break;
      case '--db-url':
        // Persistent state in PostgreSQL (this dev server's own flag; Temporal's CLI has --db-filename).
        if (!value) throw new Error('--db-url needs a postgres:// URL');
        options.dbUrl = value;
        break;
      case '--db-schema':
        if (!value || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(value))
          throw new Error(`invalid --db-schema: ${value}`);
        options.dbSchema = value;
        break;
      case '--search-attribute': {
        const [name, type] = (value ?? '').split('=');
        if (name) options.searchAttributes![name] = type ?? 'Keyword';
        break;
      }
      case '--dynamic-config-value': {
        // KEY=JSON_VALUE as the Temporal CLI takes it; only matching.PollerHistoryTTL has an effect here.
        const at = (value ?? '').indexOf('=');
        const key = at > 0 ? value!.slice(0, at) : '';
        if (key.toLowerCase() === 'matching.pollerhistoryttl') {
          options.pollerHistoryTtlMs = parseDynamicDuration(value!.slice(at + 1));
        }
        break;
      }
      default:
        // Other flags (--headless, --ui-port, --log-level, --db-filename, ...) are accepted and ignored.
        break;
    }
  }
  return options;
}

/** A dynamic-config duration: a JSON string such as "30s"/"1m30s"/"500ms", or a number of seconds. */
function parseDynamicDuration(raw: string): number {
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    // a bare 30s
  }
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value * 1000;
  const text = String(value).trim();
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  let total = 0;
  let rest = text;
  while (rest.length > 0) {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)/.exec(rest);
    if (!m) throw new Error(`invalid duration: ${raw}`);
    total += Number(m[1]) * units[m[2]];
    rest = rest.slice(m[0].length);
  }
  if (!text) throw new Error(`invalid duration: ${raw}`);
  return total;
}

async function main(): Promise<void> {
  let options: DevServerOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  }
  const server = await startDevServer({
    ...options,
    log: (line) => process.stderr.write(`${line}\n`),
    onFatal: (err) => {
      process.stderr.write(`temporal-devserver: ${err.message}\n`);
      process.exit(1);
    },
  });
  const mode = options.timeSkipping ? 'time-skipping test server' : 'dev server';
  process.stdout.write(
    `Temporal ${mode} listening on ${server.address} (namespaces: ${(options.namespaces ?? []).join(', ')})\n`,
  );
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void server.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

export function run(): void {
  main().catch((err) => {
    // Refusals (another server holds the schema, a newer schema) are plain messages, not stack traces.
    const message = (err as Error).message ?? String(err);
    const expected = /^(Another temporal-devserver|The dev server's schema)/.test(message);
    process.stderr.write(
      `temporal-devserver failed to start: ${expected ? message : ((err as Error).stack ?? err)}\n`,
    );
    process.exit(1);
  });
}

if (require.main === module) run();
