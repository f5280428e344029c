// What a browser-facing service owes its browsers: security headers and a content security policy the
// console works under, no CORS unless configured, request budgets per address and per user answered 429
// with Retry-After, and bodies capped with a 413 that names the limit.
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createTestDatabase, TestDatabase } from '@caseflow/persistence/testing';
import { ADMIN_PASSWORD, createUser, signIn, startApi, testConfig } from './support';

const PASSWORD = 'operator-password-1';

describe('browser-facing hardening', () => {
  let db: TestDatabase;
  const apps: INestApplication[] = [];
  const start = async (env: Record<string, string> = {}) => {
    const app = await startApi(await testConfig(db, env));
    apps.push(app);
    return app;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await db?.drop();
  });

  describe('security headers', () => {
    let app: INestApplication;
    beforeAll(async () => {
      app = await start();
    });

    it('sends a content security policy that allows only the site’s own scripts (no inline script), no framing', async () => {
      const response = await request(app.getHttpServer()).get('/cases/20261101-07-0001').expect(200);
      const csp = String(response.headers['content-security-policy']);
      const directives = Object.fromEntries(
        csp.split(';').map((d) => {
          const [name, ...values] = d.trim().split(/\s+/);
          return [name, values.join(' ')];
        }),
      );
      expect(directives).toMatchObject({
        'default-src': "'self'",
        'script-src': "'self'",
        'script-src-attr': "'none'",
        // Ant Design's run-time styles: inline styles only, never inline scripts.
        'style-src': "'self' 'unsafe-inline'",
        'connect-src': "'self'",
        'object-src': "'none'",
        'frame-ancestors': "'none'",
      });
      expect(csp).not.toMatch(/script-src [^;]*unsafe-inline/);
      expect(csp).not.toContain('unsafe-eval');
      // The stand-in console page itself must work under that policy: no inline script or style.
      expect(response.text).not.toMatch(/<script(?![^>]*\bsrc=)|<style|\sstyle=/i);
    });

    it('sends the usual protective headers on API answers too, and no X-Powered-By', async () => {
      const response = await request(app.getHttpServer()).get('/health');
      expect(response.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
        'strict-transport-security': expect.stringContaining('max-age='),
        'cross-origin-opener-policy': 'same-origin',
      });
      expect(response.headers['content-security-policy']).toEqual(expect.any(String));
      expect(response.headers['x-powered-by']).toBeUndefined();
    });

    it('lets the API documentation page use inline styles (Swagger UI needs them), still no inline script', async () => {
      const response = await request(app.getHttpServer()).get('/docs/').expect(200);
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src [^;]*unsafe-inline/);
    });
  });

  describe('CORS', () => {
    it('is off by default: a cross-origin request or preflight gets no Access-Control-Allow-Origin', async () => {
      const app = await start();
      const preflight = await request(app.getHttpServer())
        .options('/api/cases')
        .set('Origin', 'https://evil.example.com')
        .set('Access-Control-Request-Method', 'GET');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      const simple = await request(app.getHttpServer())
        .get('/health')
        .set('Origin', 'https://evil.example.com');
      expect(simple.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('allows exactly the origins in CORS_ORIGINS', async () => {
      const app = await start({ CORS_ORIGINS: 'https://console.example.com, https://ops.example.com' });
      const allowed = await request(app.getHttpServer())
        .options('/api/cases')
        .set('Origin', 'https://ops.example.com')
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization,content-type');
      expect(allowed.status).toBeLessThan(300);
      expect(allowed.headers['access-control-allow-origin']).toBe('https://ops.example.com');
      expect(String(allowed.headers['access-control-allow-headers']).toLowerCase()).toContain(
        'authorization',
      );
      const other = await request(app.getHttpServer())
        .options('/api/cases')
        .set('Origin', 'https://evil.example.com')
        .set('Access-Control-Request-Method', 'POST');
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('request bodies', () => {
    it('refuses a body over REQUEST_BODY_LIMIT with 413 naming the limit, before anything is written', async () => {
      const app = await start({ REQUEST_BODY_LIMIT: '2kb' });
      const admin = await signIn(app, 'admin', ADMIN_PASSWORD);
      const response = await request(app.getHttpServer())
        .post('/api/users')
        .set('Authorization', `Bearer ${admin}`)
        .send({
          username: 'big.body',
          password: PASSWORD,
          roles: ['operator'],
          displayName: 'x'.repeat(3000),
        })
        .expect(413);
      expect(response.body).toMatchObject({
        statusCode: 413,
        code: 'PAYLOAD_TOO_LARGE',
        details: { limitBytes: 2048 },
      });
      expect(response.body.message).toContain('2 kB');
      const users = await request(app.getHttpServer())
        .get('/api/users?q=big.body')
        .set('Authorization', `Bearer ${admin}`)
        .expect(200);
      expect(users.body.total ?? users.body.items?.length ?? users.body.length).toBe(0);
    });

    it('accepts a body just under the limit', async () => {
      const app = await start({ REQUEST_BODY_LIMIT: '2kb' });
      const admin = await signIn(app, 'admin', ADMIN_PASSWORD);
      await request(app.getHttpServer())
        .post('/api/users')
        .set('Authorization', `Bearer ${admin}`)
        .send({
          username: 'small.body',
          password: PASSWORD,
          roles: ['operator'],
          displayName: 'x'.repeat(100),
        })
        .expect(201);
    });
  });

  describe('rate limits', () => {
    it('answers 429 with Retry-After once an address has used its budget, on any route, signed in or not', async () => {
      const app = await start({ RATE_LIMIT_PER_ADDRESS: '5', RATE_LIMIT_WINDOW_SECONDS: '60' });
      for (let i = 0; i < 5; i++) await request(app.getHttpServer()).get('/api/users/me').expect(401);
      const refused = await request(app.getHttpServer()).get('/api/users/me').expect(429);
      expect(refused.body).toMatchObject({
        code: 'RATE_LIMITED',
        details: { retryAfterSeconds: expect.any(Number) },
      });
      const retryAfter = Number(refused.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(refused.body.message).toMatch(/Too many requests from your address/);
    });

    it('gives each signed-in user a budget of their own: one user’s burst does not stop another', async () => {
      const app = await start({ RATE_LIMIT_PER_USER: '3' });
      const admin = await signIn(app, 'admin', ADMIN_PASSWORD);
      await createUser(app, admin, { username: 'op.rate', password: PASSWORD, roles: ['operator'] });
      const operator = await signIn(app, 'op.rate', PASSWORD);
      const me = (token: string) =>
        request(app.getHttpServer()).get('/api/users/me').set('Authorization', `Bearer ${token}`);
      // The admin used one request on creating the user.
      await me(admin).expect(200);
      await me(admin).expect(200);
      const refused = await me(admin).expect(429);
      expect(refused.body.message).toMatch(/by your account/);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      await me(operator).expect(200);
    });

    it('gives sign-in attempts a smaller budget per address, whatever the usernames', async () => {
      const app = await start({ RATE_LIMIT_SIGN_IN_PER_ADDRESS: '3' });
      const login = (username: string) =>
        request(app.getHttpServer()).post('/api/auth/login').send({ username, password: 'wrong-password' });
      await login('a').expect(401);
      await login('b').expect(401);
      await login('c').expect(401);
      const refused = await login('admin').expect(429);
      expect(refused.headers['retry-after']).toEqual(expect.any(String));
      // Other routes from the same address still answer.
      await request(app.getHttpServer())
        .get('/health')
        .expect((r) => expect(r.status).not.toBe(429));
    });
  });
});
