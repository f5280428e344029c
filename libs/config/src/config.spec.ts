import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, parseDurationSeconds } from './config';

describe('loadConfig', () => {
  it('starts with embedded defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.databaseUrl).toBeUndefined();
    expect(config.temporal).toEqual({
      address: undefined,
      namespace: 'default',
      taskQueue: 'caseflow',
      actionTimeoutMs: 20_000,
      notificationsTaskQueue: 'caseflow-notifications',
      maxCachedWorkflows: undefined,
      maxConcurrentWorkflowTasks: 20,
    });
    expect(config.http.port).toBe(3000);
    expect(config.dataDir).toBe('.caseflow');
    expect(config.auth.maxFailedLogins).toBe(5);
    expect(config.auth.lockoutMinutes).toBe(15);
    expect(config.auth.jwtExpiresInSeconds).toBe(8 * 3600);
  });

  it('names every bad variable at once, so one restart fixes them all', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'abc',
        DATABASE_URL: 'mysql://x',
        TEMPORAL_ADDRESS: 'no-port',
        JWT_EXPIRES_IN: 'soon',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/PORT/);
    expect(problems).toMatch(/DATABASE_URL/);
    expect(problems).toMatch(/TEMPORAL_ADDRESS/);
    expect(problems).toMatch(/JWT_EXPIRES_IN/);
  });

  it('sizes the worker from WORKER_MAX_CACHED_WORKFLOWS and WORKER_MAX_CONCURRENT_WORKFLOW_TASKS, refusing nonsense', () => {
    const config = loadConfig({
      WORKER_MAX_CACHED_WORKFLOWS: '11000',
      WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '4',
    });
    expect(config.temporal).toMatchObject({ maxCachedWorkflows: 11_000, maxConcurrentWorkflowTasks: 4 });
    expect(() => loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: 'lots' })).toThrow(/WORKER_MAX_CACHED_WORKFLOWS/);
    expect(() => loadConfig({ WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: '0' })).toThrow(
      /WORKER_MAX_CONCURRENT_WORKFLOW_TASKS must be a whole number from 2/,
    );
  });

  it('requires a JWT secret in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET is required/);
  });

  it('uses the external PostgreSQL and Temporal when their addresses are set', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u:p@db:5432/caseflow',
      TEMPORAL_ADDRESS: 'temporal:7233',
    });
    expect(config.databaseUrl).toBe('postgres://u:p@db:5432/caseflow');
    expect(config.temporal.address).toBe('temporal:7233');
  });
});

describe('parseDurationSeconds', () => {
  it.each([
    ['900', 900],
    ['30m', 1800],
    ['8h', 28800],
    ['1d', 86400],
  ])('reads %s as %i seconds', (input, seconds) => {
    expect(parseDurationSeconds(input)).toBe(seconds);
  });

  it('rejects text it cannot read', () => {
    expect(parseDurationSeconds('eight hours')).toBeUndefined();
  });
});

describe('notification settings', () => {
  it('leaves channels unconfigured without their variables, with quiet hours 21:00–08:00', () => {
    const config = loadConfig({});
    expect(config.notifications).toEqual({
      appBaseUrl: 'http://localhost:3000',
      smtp: undefined,
      sms: undefined,
      quietHours: { startMinute: 21 * 60, endMinute: 8 * 60 },
    });
  });

  it('reads SMTP, the SMS gateway and the base URL', () => {
    const config = loadConfig({
      SMTP_URL: 'smtp://u:p@mail.example.com:587',
      SMTP_FROM: 'Caseflow <service@example.com>',
      SMS_GATEWAY_URL: 'https://sms.example.com/send',
      SMS_GATEWAY_TOKEN: 't0ken',
      APP_BASE_URL: 'https://caseflow.example.com/',
      SMS_QUIET_HOURS: 'off',
    });
    expect(config.notifications).toEqual({
      appBaseUrl: 'https://caseflow.example.com',
      smtp: { url: 'smtp://u:p@mail.example.com:587', from: 'Caseflow <service@example.com>' },
      sms: { url: 'https://sms.example.com/send', token: 't0ken' },
      quietHours: undefined,
    });
  });

  it('refuses bad values by name, without echoing the SMTP password', () => {
    let error: unknown;
    try {
      loadConfig({
        SMTP_URL: 'mail://u:secret@x',
        SMS_GATEWAY_URL: 'ftp://sms',
        APP_BASE_URL: 'nope',
        SMS_QUIET_HOURS: '9pm-8am',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['SMTP_URL', 'SMS_GATEWAY_URL', 'APP_BASE_URL', 'SMS_QUIET_HOURS']) {
      expect(message).toContain(name);
    }
    expect(message).not.toContain('secret');
    expect(() => loadConfig({ SMS_GATEWAY_URL: 'https://sms' })).toThrow(/SMS_GATEWAY_TOKEN is required/);
    expect(() => loadConfig({ SMTP_URL: 'smtp://mail:25' })).toThrow(/SMTP_FROM is required/);
  });
});

describe('loadConfig: Temporal over TLS (Temporal Cloud)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'caseflow-tls-'));
  const cert = join(dir, 'client.pem');
  const key = join(dir, 'client.key');
  const notPem = join(dir, 'notes.txt');
  writeFileSync(cert, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
  writeFileSync(key, '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n');
  writeFileSync(notPem, 'hello');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cloud = { TEMPORAL_ADDRESS: 'caseflow.a1b2c.tmprl.cloud:7233', TEMPORAL_NAMESPACE: 'caseflow.a1b2c' };
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig(env);
    } catch (error) {
      return (error as ConfigError).problems;
    }
    return [];
  };

  it('has no TLS unless asked for', () => {
    expect(loadConfig(cloud).temporal).not.toHaveProperty('tls');
    expect(loadConfig({ ...cloud, TEMPORAL_TLS: 'false' }).temporal).not.toHaveProperty('tls');
  });

  it('turns TLS on with TEMPORAL_TLS=true, a client certificate (mTLS) or an API key', () => {
    expect(loadConfig({ ...cloud, TEMPORAL_TLS: 'true' }).temporal.tls).toEqual({});
    expect(loadConfig({ ...cloud, TEMPORAL_TLS_CERT: cert, TEMPORAL_TLS_KEY: key }).temporal.tls).toEqual({
      clientCertPath: cert,
      clientKeyPath: key,
    });
    const withKey = loadConfig({ ...cloud, TEMPORAL_API_KEY: 'eyJhbGciOi.key' }).temporal;
    expect(withKey).toMatchObject({ tls: {}, apiKey: 'eyJhbGciOi.key' });
  });

  it('names the variable: a certificate without its key, unreadable or non-PEM files, a bad flag', () => {
    expect(problems({ ...cloud, TEMPORAL_TLS_CERT: cert })).toEqual([
      expect.stringMatching(/^TEMPORAL_TLS_KEY is required with TEMPORAL_TLS_CERT/),
    ]);
    expect(problems({ ...cloud, TEMPORAL_TLS_KEY: key })).toEqual([
      expect.stringMatching(/^TEMPORAL_TLS_CERT is required with TEMPORAL_TLS_KEY/),
    ]);
    expect(
      problems({ ...cloud, TEMPORAL_TLS_CERT: join(dir, 'missing.pem'), TEMPORAL_TLS_KEY: notPem }),
    ).toEqual([
      expect.stringMatching(
        /^TEMPORAL_TLS_CERT must name a readable file \(cannot read ".*missing\.pem": ENOENT\)/,
      ),
      expect.stringMatching(/^TEMPORAL_TLS_KEY must be a PEM file holding a private key/),
    ]);
    expect(problems({ ...cloud, TEMPORAL_TLS_CERT: key, TEMPORAL_TLS_KEY: cert })).toEqual([
      expect.stringMatching(/^TEMPORAL_TLS_CERT must be a PEM file holding a certificate/),
      expect.stringMatching(/^TEMPORAL_TLS_KEY must be a PEM file holding a private key/),
    ]);
    expect(problems({ ...cloud, TEMPORAL_TLS: 'yes' })).toEqual([
      expect.stringMatching(/^TEMPORAL_TLS must be true or false/),
    ]);
    expect(problems({ ...cloud, TEMPORAL_API_KEY: 'two words' })).toEqual([
      expect.stringMatching(/^TEMPORAL_API_KEY must not contain spaces/),
    ]);
  });

  it('refuses TLS settings that contradict TEMPORAL_TLS=false, or that have no TEMPORAL_ADDRESS to use them on', () => {
    expect(problems({ ...cloud, TEMPORAL_TLS: 'false', TEMPORAL_API_KEY: 'k' })).toEqual([
      expect.stringMatching(/^TEMPORAL_TLS=false contradicts TEMPORAL_API_KEY/),
    ]);
    expect(problems({ TEMPORAL_API_KEY: 'k' })).toEqual([expect.stringMatching(/need TEMPORAL_ADDRESS/)]);
  });
});

describe('observability settings', () => {
  it('leaves /metrics public, worker metrics unserved and traces unexported when nothing is set', () => {
    expect(loadConfig({}).observability).toEqual({
      metricsToken: undefined,
      workerMetricsPort: undefined,
      otlpEndpoint: undefined,
    });
  });

  it('reads METRICS_TOKEN, WORKER_METRICS_PORT and OTEL_EXPORTER_OTLP_ENDPOINT', () => {
    const config = loadConfig({
      METRICS_TOKEN: 'a-long-enough-scrape-token',
      WORKER_METRICS_PORT: '9464',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318',
    });
    expect(config.observability).toEqual({
      metricsToken: 'a-long-enough-scrape-token',
      workerMetricsPort: 9464,
      otlpEndpoint: 'http://otel-collector:4318',
    });
  });

  it('refuses a short token, a port out of range and an endpoint that is not a URL, by name', () => {
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN must be at least 16/);
    expect(() => loadConfig({ WORKER_METRICS_PORT: '70000' })).toThrow(/WORKER_METRICS_PORT must be/);
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector' })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT must be an http/,
    );
  });
});

describe('browser-facing limits', () => {
  it('has no CORS, a 100 kB body cap and per-minute budgets by default', () => {
    expect(loadConfig({}).httpLimits).toEqual({
      trustProxyHops: 0,
      corsOrigins: [],
      bodyLimitBytes: 100 * 1024,
      rateLimitWindowSeconds: 60,
      perAddress: 1200,
      perUser: 600,
      signInPerAddress: 20,
    });
    expect(loadConfig({}).auth.maxFailedLoginsPerAddress).toBe(30);
  });

  it('reads a list of origins, sizes in kb or mb, and 0 as "no limit"', () => {
    const config = loadConfig({
      CORS_ORIGINS: 'https://console.example.com, http://localhost:5173',
      REQUEST_BODY_LIMIT: '1mb',
      RATE_LIMIT_PER_USER: '0',
      TRUST_PROXY_HOPS: '1',
    });
    expect(config.httpLimits).toMatchObject({
      corsOrigins: ['https://console.example.com', 'http://localhost:5173'],
      bodyLimitBytes: 1024 * 1024,
      perUser: 0,
      trustProxyHops: 1,
    });
  });

  it('refuses bad values by name', () => {
    const problems = (() => {
      try {
        loadConfig({
          CORS_ORIGINS: 'https://ok.example.com,*',
          REQUEST_BODY_LIMIT: 'huge',
          RATE_LIMIT_PER_ADDRESS: '-1',
          RATE_LIMIT_SIGN_IN_PER_ADDRESS: 'ten',
          AUTH_MAX_FAILED_LOGINS_PER_ADDRESS: '0',
        });
      } catch (error) {
        return (error as ConfigError).problems.join('\n');
      }
      return '';
    })();
    for (const name of [
      'CORS_ORIGINS',
      'REQUEST_BODY_LIMIT',
      'RATE_LIMIT_PER_ADDRESS',
      'RATE_LIMIT_SIGN_IN_PER_ADDRESS',
      'AUTH_MAX_FAILED_LOGINS_PER_ADDRESS',
    ]) {
      expect(problems).toContain(name);
    }
  });

  it('takes DATABASE_MIGRATION_URL only beside DATABASE_URL, and never echoes it', () => {
    expect(
      loadConfig({
        DATABASE_URL: 'postgres://caseflow_app:app@db/caseflow',
        DATABASE_MIGRATION_URL: 'postgres://caseflow_owner:secret@db/caseflow',
      }).databaseMigrationUrl,
    ).toBe('postgres://caseflow_owner:secret@db/caseflow');
    expect(() => loadConfig({ DATABASE_MIGRATION_URL: 'postgres://owner:secret@db/caseflow' })).toThrow(
      /DATABASE_MIGRATION_URL needs DATABASE_URL/,
    );
    expect(() =>
      loadConfig({ DATABASE_URL: 'postgres://a@db/c', DATABASE_MIGRATION_URL: 'mysql://owner:secret@db' }),
    ).toThrow(expect.objectContaining({ message: expect.not.stringContaining('secret') }));
  });
});
