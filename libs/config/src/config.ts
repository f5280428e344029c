// Caseflow's configuration: read once from the environment, validated, typed. Every variable is listed in
// the README with its default; a bad value stops start-up with a message that names the variable.
import { readFileSync } from 'node:fs';

export type NodeEnv = 'development' | 'production' | 'test';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface CaseflowConfig {
  nodeEnv: NodeEnv;
  /** Where embedded PostgreSQL and dev-server data live. */
  dataDir: string;
  /** PostgreSQL connection URL; undefined means "start an embedded PostgreSQL". */
  databaseUrl?: string;
  /**
   * The schema owner's URL, for migrations only (`npm start` migrates with it, then grants the role of
   * DATABASE_URL what the app needs and nothing more). Unset: DATABASE_URL migrates too.
   */
  databaseMigrationUrl?: string;
  temporal: {
    /** host:port of Temporal's frontend; undefined means "start the embedded dev server". */
    address?: string;
    /**
     * TLS to Temporal (Temporal Cloud, or a server behind TLS): set by TEMPORAL_TLS=true, by a client
     * certificate (mTLS) or by an API key. Only the files' paths are kept; the connection reads them.
     */
    tls?: { clientCertPath?: string; clientKeyPath?: string };
    /** Temporal Cloud API key (sent as a bearer token, over TLS). */
    apiKey?: string;
    namespace: string;
    taskQueue: string;
    /** How long an operator's action waits for the case's workflow to answer before the API gives up. */
    actionTimeoutMs: number;
    /**
     * Notification delivery runs on its own task queue with bounded concurrency, so a burst of messages
     * can never delay a case's escalation timer on the main queue.
     */
    notificationsTaskQueue: string;
    /**
     * How many case workflows a worker keeps in memory; a case not cached replays its history on its next
     * event. Unset: the SDK's default, sized from the heap.
     */
    maxCachedWorkflows?: number;
    /**
     * Case workflow tasks a worker runs at once. A timer a task starts runs from the moment the server
     * receives the task's result, so the longer a task takes the later its timers fire. The SDK's 40 let a
     * task under load take up to a second; 20 keep tasks short (the rest wait on the server, not half-done
     * in the worker) and still overlap enough database round trips (8 halved the intake rate).
     */
    maxConcurrentWorkflowTasks: number;
  };
  /**
   * When the level-2 callback is made after the service (the repair standard: 48 h). Before it, recording
   * one is refused. Tests that run on the wall clock set it to seconds.
   */
  level2CallbackAfterMs: number;
  http: { port: number; host: string };
  auth: {
    /** Secret used to sign access tokens; required in production. */
    jwtSecret?: string;
    /** Access token lifetime in seconds. */
    jwtExpiresInSeconds: number;
    /** Password for the first `admin`; random (and printed once) when unset. */
    adminPassword?: string;
    /** Consecutive failed sign-ins that lock an account, and for how long. */
    maxFailedLogins: number;
    lockoutMinutes: number;
    /** Failed sign-ins from one address (any usernames) within the lockout period that lock that address out. */
    maxFailedLoginsPerAddress: number;
  };
  /** What a browser-facing service needs: who may call it cross-origin, how much, how large. */
  httpLimits: HttpLimitsConfig;
  logLevel: LogLevel;
  /** Ports of the services `npm start` runs itself when DATABASE_URL / TEMPORAL_ADDRESS are unset. */
  embedded: { postgresPort: number; temporalPort: number };
  notifications: NotificationsConfig;
  observability: ObservabilityConfig;
}

/** Metrics and traces: everything off (or public, for /metrics) unless configured. */
export interface ObservabilityConfig {
  /** When set, `GET /metrics` on the API answers only `Authorization: Bearer <token>`. */
  metricsToken?: string;
  /** When set, the worker serves the Temporal SDK's Prometheus metrics at http://0.0.0.0:<port>/metrics. */
  workerMetricsPort?: number;
  /** OTLP/HTTP endpoint for traces (`OTEL_EXPORTER_OTLP_ENDPOINT`); unset: no traces are exported. */
  otlpEndpoint?: string;
}

/**
 * Where messages go. A channel without its settings is not an error: its messages are kept as
 * `undeliverable` (and reported at start-up) until it is configured and they are retried.
 */
export interface NotificationsConfig {
  /** Links in messages (an escalation's "open the case") start with this; no trailing slash. */
  appBaseUrl: string;
  /** E-mail over SMTP: `smtp://user:pass@host:587` or `smtps://…:465`. */
  smtp?: { url: string; from: string };
  /** The SMS gateway's HTTP endpoint (see the README for its JSON contract) and its bearer token. */
  sms?: { url: string; token: string };
  /** No SMS to a customer in this local-time window (minutes after midnight); undefined = never quiet. */
  quietHours?: { startMinute: number; endMinute: number };
}

export interface HttpLimitsConfig {
  /**
   * How many proxies in front of the API to believe about the client's address (X-Forwarded-For); 0: none,
   * the socket's address is the client's. Per-address limits count by that address.
   */
  trustProxyHops: number;
  /** Origins allowed to call the API from a browser (CORS); empty: no cross-origin calls at all. */
  corsOrigins: string[];
  /** Largest request body accepted, in bytes (413 beyond it). */
  bodyLimitBytes: number;
  /** Length of a rate-limit window, in seconds. */
  rateLimitWindowSeconds: number;
  /** Requests per window from one address (before sign-in is even checked); 0: no limit. */
  perAddress: number;
  /** Requests per window by one signed-in user; 0: no limit. */
  perUser: number;
  /** Sign-in attempts per window from one address; 0: no limit. */
  signInPerAddress: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const NODE_ENVS: NodeEnv[] = ['development', 'production', 'test'];

/** Parses a duration such as `8h`, `30m`, `900s` or a bare number of seconds. */
export function parseDurationSeconds(value: string): number | undefined {
  const match = /^(\d+)\s*(s|m|h|d)?$/.exec(value.trim());
  if (!match) return undefined;
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[(match[2] ?? 's') as 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

export function loadConfig(env: Env = process.env): CaseflowConfig {
  const problems: string[] = [];
  const str = (name: string) => {
    const v = env[name]?.trim();
    return v === '' ? undefined : v;
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = str(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return n;
  };
  const oneOf = <T extends string>(name: string, allowed: T[], fallback: T): T => {
    const raw = str(name);
    if (raw === undefined) return fallback;
    if (!allowed.includes(raw as T)) {
      problems.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
      return fallback;
    }
    return raw as T;
  };

  const nodeEnv = oneOf('NODE_ENV', NODE_ENVS, 'development');

  const databaseUrl = str('DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push(`DATABASE_URL must be a postgres:// URL (got "${databaseUrl}")`);
  }

  const temporalAddress = str('TEMPORAL_ADDRESS');
  if (temporalAddress !== undefined && !/^[^\s:/]+:\d+$/.test(temporalAddress)) {
    problems.push(`TEMPORAL_ADDRESS must be host:port, e.g. temporal:7233 (got "${temporalAddress}")`);
  }

  const { tls, apiKey } = loadTemporalTls(str, problems, temporalAddress);

  const expiresRaw = str('JWT_EXPIRES_IN') ?? '8h';
  const jwtExpiresInSeconds = parseDurationSeconds(expiresRaw);
  if (jwtExpiresInSeconds === undefined || jwtExpiresInSeconds <= 0) {
    problems.push(`JWT_EXPIRES_IN must be a duration such as 8h, 30m or 900 (got "${expiresRaw}")`);
  }

  const jwtSecret = str('JWT_SECRET');
  if (jwtSecret !== undefined && jwtSecret.length < 32) {
    problems.push('JWT_SECRET must be at least 32 characters long');
  }
  if (nodeEnv === 'production' && jwtSecret === undefined) {
    problems.push('JWT_SECRET is required when NODE_ENV=production');
  }

  const databaseMigrationUrl = str('DATABASE_MIGRATION_URL');
  if (databaseMigrationUrl !== undefined) {
    // Never echo it: it carries the owner's password.
    if (!/^postgres(ql)?:\/\//.test(databaseMigrationUrl)) {
      problems.push('DATABASE_MIGRATION_URL must be a postgres:// URL (the schema owner, for migrations)');
    } else if (databaseUrl === undefined) {
      problems.push('DATABASE_MIGRATION_URL needs DATABASE_URL (the role the app connects as) as well');
    }
  }

  const adminPassword = str('CASEFLOW_ADMIN_PASSWORD');
  if (adminPassword !== undefined && adminPassword.length < 8) {
    problems.push('CASEFLOW_ADMIN_PASSWORD must be at least 8 characters long');
  }

  const port = int('PORT', 3000, 0, 65535);
  const notifications = loadNotificationsConfig(str, problems, port);

  const metricsToken = str('METRICS_TOKEN');
  if (metricsToken !== undefined && metricsToken.length < 16) {
    problems.push('METRICS_TOKEN must be at least 16 characters long');
  }
  const otlpEndpoint = str('OTEL_EXPORTER_OTLP_ENDPOINT');
  if (otlpEndpoint !== undefined && !/^https?:\/\/[^\s/]+/.test(otlpEndpoint)) {
    problems.push(
      `OTEL_EXPORTER_OTLP_ENDPOINT must be an http:// or https:// URL, e.g. http://otel-collector:4318 (got "${otlpEndpoint}")`,
    );
  }

  const config: CaseflowConfig = {
    nodeEnv,
    dataDir: str('CASEFLOW_DATA_DIR') ?? '.caseflow',
    databaseUrl,
    databaseMigrationUrl,
    temporal: {
      address: temporalAddress,
      ...(tls && { tls }),
      ...(apiKey && { apiKey }),
      namespace: str('TEMPORAL_NAMESPACE') ?? 'default',
      taskQueue: str('TEMPORAL_TASK_QUEUE') ?? 'caseflow',
      actionTimeoutMs: int('CASE_ACTION_TIMEOUT_MS', 20_000, 1_000, 600_000),
      notificationsTaskQueue:
        str('TEMPORAL_NOTIFICATIONS_TASK_QUEUE') ??
        `${str('TEMPORAL_TASK_QUEUE') ?? 'caseflow'}-notifications`,
      maxCachedWorkflows:
        str('WORKER_MAX_CACHED_WORKFLOWS') === undefined
          ? undefined
          : int('WORKER_MAX_CACHED_WORKFLOWS', 0, 0, 1_000_000),
      maxConcurrentWorkflowTasks: int('WORKER_MAX_CONCURRENT_WORKFLOW_TASKS', 20, 2, 1_000),
    },
    level2CallbackAfterMs: int('LEVEL2_CALLBACK_AFTER_MS', 48 * 3600_000, 1_000, 30 * 24 * 3600_000),
    http: { port, host: str('HOST') ?? '0.0.0.0' },
    auth: {
      jwtSecret,
      jwtExpiresInSeconds: jwtExpiresInSeconds ?? 8 * 3600,
      adminPassword,
      maxFailedLogins: int('AUTH_MAX_FAILED_LOGINS', 5, 1, 100),
      lockoutMinutes: int('AUTH_LOCKOUT_MINUTES', 15, 1, 24 * 60),
      maxFailedLoginsPerAddress: int('AUTH_MAX_FAILED_LOGINS_PER_ADDRESS', 30, 1, 1_000_000),
    },
    httpLimits: loadHttpLimitsConfig(str, int, problems),
    logLevel: oneOf('LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'warn' : 'info'),
    embedded: {
      postgresPort: int('CASEFLOW_PG_PORT', 54329, 1, 65535),
      temporalPort: int('CASEFLOW_TEMPORAL_PORT', 7233, 1, 65535),
    },
    notifications,
    observability: {
      metricsToken,
      workerMetricsPort:
        str('WORKER_METRICS_PORT') === undefined ? undefined : int('WORKER_METRICS_PORT', 0, 1, 65535),
      otlpEndpoint,
    },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/**
 * TEMPORAL_TLS, TEMPORAL_TLS_CERT / TEMPORAL_TLS_KEY (mTLS, PEM files) and TEMPORAL_API_KEY: how to reach a
 * Temporal that wants TLS, such as Temporal Cloud. A certificate or an API key implies TLS.
 */
function loadTemporalTls(
  str: (name: string) => string | undefined,
  problems: string[],
  address: string | undefined,
): { tls?: { clientCertPath?: string; clientKeyPath?: string }; apiKey?: string } {
  const flag = str('TEMPORAL_TLS');
  if (flag !== undefined && flag !== 'true' && flag !== 'false') {
    problems.push(`TEMPORAL_TLS must be true or false (got "${flag}")`);
  }
  const cert = str('TEMPORAL_TLS_CERT');
  const key = str('TEMPORAL_TLS_KEY');
  const apiKey = str('TEMPORAL_API_KEY');
  if (cert !== undefined && key === undefined)
    problems.push('TEMPORAL_TLS_KEY is required with TEMPORAL_TLS_CERT: the client key of the certificate');
  if (key !== undefined && cert === undefined)
    problems.push('TEMPORAL_TLS_CERT is required with TEMPORAL_TLS_KEY: the client certificate of the key');
  const pem = (name: string, path: string | undefined, what: string, begins: RegExp) => {
    if (path === undefined) return;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      problems.push(
        `${name} must name a readable file (cannot read "${path}"${code ? `: ${String(code)}` : ''})`,
      );
      return;
    }
    if (!begins.test(text)) problems.push(`${name} must be a PEM file holding ${what} ("${path}")`);
  };
  pem('TEMPORAL_TLS_CERT', cert, 'a certificate', /-----BEGIN (?:TRUSTED )?CERTIFICATE-----/);
  pem('TEMPORAL_TLS_KEY', key, 'a private key', /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/);
  if (apiKey !== undefined && /\s/.test(apiKey)) problems.push('TEMPORAL_API_KEY must not contain spaces');

  const wanted = flag === 'true' || cert !== undefined || key !== undefined || apiKey !== undefined;
  if (flag === 'false' && wanted) {
    const by = [
      cert !== undefined && 'TEMPORAL_TLS_CERT',
      key !== undefined && 'TEMPORAL_TLS_KEY',
      apiKey !== undefined && 'TEMPORAL_API_KEY',
    ]
      .filter(Boolean)
      .join(', ');
    problems.push(
      `TEMPORAL_TLS=false contradicts ${by}, which need TLS: remove TEMPORAL_TLS or set it to true`,
    );
  }
  if (wanted && address === undefined) {
    problems.push(
      'TEMPORAL_TLS, TEMPORAL_TLS_CERT, TEMPORAL_TLS_KEY and TEMPORAL_API_KEY need TEMPORAL_ADDRESS: the embedded ' +
        'dev server speaks plain gRPC',
    );
  }
  if (!wanted) return {};
  return {
    tls: { ...(cert && { clientCertPath: cert }), ...(key && { clientKeyPath: key }) },
    ...(apiKey && { apiKey }),
  };
}

function loadNotificationsConfig(
  str: (name: string) => string | undefined,
  problems: string[],
  port: number,
): NotificationsConfig {
  const httpUrl = (name: string): string | undefined => {
    const raw = str(name);
    if (raw === undefined) return undefined;
    try {
      const url = new URL(raw);
      if (url.protocol === 'http:' || url.protocol === 'https:') return raw.replace(/\/+$/, '');
    } catch {
      // reported below
    }
    problems.push(`${name} must be an http:// or https:// URL (got "${raw}")`);
    return undefined;
  };

  const appBaseUrl = httpUrl('APP_BASE_URL') ?? `http://localhost:${port}`;

  let smtp: NotificationsConfig['smtp'];
  const smtpUrl = str('SMTP_URL');
  if (smtpUrl !== undefined) {
    // Never echo the URL: it usually carries the SMTP password.
    if (!/^smtps?:\/\/[^\s/]+/.test(smtpUrl)) {
      problems.push(
        'SMTP_URL must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.com:587',
      );
    } else {
      const from = str('SMTP_FROM');
      if (from === undefined)
        problems.push('SMTP_FROM is required with SMTP_URL, e.g. "Caseflow <service@example.com>"');
      else if (!/^[^<>]*<?[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>?$/.test(from)) {
        problems.push(`SMTP_FROM must be an e-mail address, optionally with a name (got "${from}")`);
      } else smtp = { url: smtpUrl, from };
    }
  }

  let sms: NotificationsConfig['sms'];
  const smsUrl = httpUrl('SMS_GATEWAY_URL');
  if (smsUrl !== undefined) {
    const token = str('SMS_GATEWAY_TOKEN');
    if (token === undefined) problems.push('SMS_GATEWAY_TOKEN is required with SMS_GATEWAY_URL');
    else sms = { url: smsUrl, token };
  }

  let quietHours: NotificationsConfig['quietHours'];
  const quietRaw = str('SMS_QUIET_HOURS') ?? '21:00-08:00';
  if (quietRaw !== 'off') {
    const match = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/.exec(quietRaw);
    if (!match || match[1] + match[2] === match[3] + match[4]) {
      problems.push(`SMS_QUIET_HOURS must be HH:MM-HH:MM (e.g. 21:00-08:00) or off (got "${quietRaw}")`);
    } else {
      quietHours = {
        startMinute: Number(match[1]) * 60 + Number(match[2]),
        endMinute: Number(match[3]) * 60 + Number(match[4]),
      };
    }
  }

  return { appBaseUrl, smtp, sms, quietHours };
}

/** `100kb`, `1mb`, `512b` or a bare number of bytes. */
export function parseByteSize(value: string): number | undefined {
  const match = /^(\d+)\s*(b|kb|mb)?$/i.exec(value.trim());
  if (!match) return undefined;
  return Number(match[1]) * { b: 1, kb: 1024, mb: 1024 * 1024 }[(match[2] ?? 'b').toLowerCase() as 'b'];
}

function loadHttpLimitsConfig(
  str: (name: string) => string | undefined,
  int: (name: string, fallback: number, min: number, max: number) => number,
  problems: string[],
): HttpLimitsConfig {
  const corsOrigins: string[] = [];
  for (const origin of (str('CORS_ORIGINS') ?? '').split(',').map((o) => o.trim())) {
    if (origin === '') continue;
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      // reported below
    }
    if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== origin) {
      problems.push(
        `CORS_ORIGINS must be a comma-separated list of origins such as https://console.example.com ` +
          `(scheme, host and port only; got "${origin}")`,
      );
    } else corsOrigins.push(origin);
  }

  const bodyRaw = str('REQUEST_BODY_LIMIT') ?? '100kb';
  const bodyLimitBytes = parseByteSize(bodyRaw);
  if (bodyLimitBytes === undefined || bodyLimitBytes < 1024 || bodyLimitBytes > 64 * 1024 * 1024) {
    problems.push(
      `REQUEST_BODY_LIMIT must be a size from 1kb to 64mb, such as 100kb or 1mb (got "${bodyRaw}")`,
    );
  }

  return {
    trustProxyHops: int('TRUST_PROXY_HOPS', 0, 0, 10),
    corsOrigins,
    bodyLimitBytes: bodyLimitBytes ?? 100 * 1024,
    rateLimitWindowSeconds: int('RATE_LIMIT_WINDOW_SECONDS', 60, 1, 3600),
    perAddress: int('RATE_LIMIT_PER_ADDRESS', 1200, 0, 1_000_000),
    perUser: int('RATE_LIMIT_PER_USER', 600, 0, 1_000_000),
    signInPerAddress: int('RATE_LIMIT_SIGN_IN_PER_ADDRESS', 20, 0, 1_000_000),
  };
}
