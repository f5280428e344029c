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
