import type { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { createTestDatabase, TestDatabase } from '@caseflow/persistence/testing';
import {
  ADMIN_PASSWORD,
  captureLogs,
  createUser,
  signIn,
  sql,
  startApi,
  TEST_JWT_SECRET,
  testConfig,
} from './support';

const PASSWORD = 'operator-password-1';

describe('signing in and access tokens', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let adminToken: string;
  const logs = captureLogs();

  // TRUST_PROXY_HOPS=1: X-Forwarded-For says which address a sign-in comes from.
  const login = (username: string, password: string, from = '198.51.100.1') =>
    request(app.getHttpServer())
      .post('/api/auth/login')
      .set('X-Forwarded-For', from)
      .send({ username, password });

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startApi(await testConfig(db, { LOG_LEVEL: 'info', TRUST_PROXY_HOPS: '1' }), {
      logDestination: logs,
    });
    adminToken = await signIn(app, 'admin', ADMIN_PASSWORD);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  describe('POST /api/auth/login', () => {
    let operatorId: string;
    beforeAll(async () => {
      ({ id: operatorId } = await createUser(app, adminToken, {
        username: 'op.zhang',
        password: PASSWORD,
        roles: ['operator'],
      }));
    });

    it('gives a bearer token for the right username and password, and records the sign-in time', async () => {
      const response = await login('op.zhang', PASSWORD).expect(200);
      expect(response.body).toEqual({
        accessToken: expect.any(String),
        tokenType: 'Bearer',
        expiresIn: 8 * 3600,
        mustChangePassword: false,
      });
      const me = await request(app.getHttpServer())
        .get('/api/users/me')
        .set('Authorization', `Bearer ${response.body.accessToken}`)
        .expect(200);
      expect(me.body).toMatchObject({ id: operatorId, username: 'op.zhang', roles: ['operator'] });
      expect(me.body.lastLoginAt).toEqual(expect.any(String));
    });

    it('accepts the username in any letter case', async () => {
      await login('OP.Zhang', PASSWORD).expect(200);
    });

    it('refuses a wrong password with 401', async () => {
      const response = await login('op.zhang', 'not-the-password').expect(401);
      expect(response.body).toMatchObject({
        code: 'UNAUTHENTICATED',
        message: 'Wrong username or password.',
      });
      await login('op.zhang', PASSWORD).expect(200); // resets the counter for the next tests
    });

    it('answers an unknown username exactly like a wrong password, and about as slowly', async () => {
      let started = Date.now();
      const wrong = await login('op.zhang', 'not-the-password').expect(401);
      const wrongMs = Date.now() - started;
      started = Date.now();
      const unknown = await login('nobody.here', 'not-the-password').expect(401);
      const unknownMs = Date.now() - started;

      const { requestId: _a, ...wrongBody } = wrong.body;
      const { requestId: _b, ...unknownBody } = unknown.body;
      expect(unknownBody).toEqual(wrongBody);
      expect(unknown.headers['www-authenticate']).toBe(wrong.headers['www-authenticate']);
      // Both pay for one bcrypt comparison (~0.25 s); without the dummy hash the unknown one would be ~1 ms.
      expect(unknownMs).toBeGreaterThan(wrongMs / 3);
      await login('op.zhang', PASSWORD).expect(200);
    });

    it('resets the count of failures after a successful sign-in', async () => {
      await createUser(app, adminToken, { username: 'op.reset', password: PASSWORD, roles: ['operator'] });
      for (let i = 0; i < 4; i++) await login('op.reset', 'wrong-password').expect(401);
      await login('op.reset', PASSWORD).expect(200);
      for (let i = 0; i < 4; i++) await login('op.reset', 'wrong-password').expect(401);
      await login('op.reset', PASSWORD).expect(200);
    });

    it('locks the username for that address after 5 failures in a row: even the right password gets 429 with a time to retry', async () => {
      await createUser(app, adminToken, { username: 'op.locked', password: PASSWORD, roles: ['operator'] });
      for (let i = 0; i < 5; i++) await login('op.locked', 'wrong-password').expect(401);

      const refused = await login('op.locked', PASSWORD).expect(429);
      expect(refused.body).toMatchObject({
        code: 'RATE_LIMITED',
        details: { lockedUntil: expect.any(String), retryAfterSeconds: expect.any(Number) },
      });
      expect(refused.body.message).toMatch(/try again after .* or ask an admin to unlock/);
      const retryAfter = Number(refused.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(14 * 60);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
      await login('op.locked', 'wrong-password').expect(429);
    });

    it('does not let a stranger lock an account out for everyone: its owner signs in from another address', async () => {
      await login('admin', 'stranger-guess').expect(401);
      for (let i = 0; i < 10; i++) await login('admin', 'stranger-guess', '203.0.113.66');
      await login('admin', ADMIN_PASSWORD, '203.0.113.66').expect(429);
      await login('admin', ADMIN_PASSWORD, '192.0.2.10').expect(200);
      await login('op.locked', PASSWORD, '192.0.2.10').expect(200);
    });

    it('answers an unknown username exactly like a real one once locked, so a lock tells nothing either', async () => {
      await createUser(app, adminToken, { username: 'op.real', password: PASSWORD, roles: ['operator'] });
      for (let i = 0; i < 5; i++) await login('ghost.user', 'wrong-password', '203.0.113.7').expect(401);
      for (let i = 0; i < 5; i++) await login('op.real', 'wrong-password', '203.0.113.7').expect(401);
      const ghost = await login('ghost.user', 'wrong-password', '203.0.113.7').expect(429);
      const real = await login('op.real', PASSWORD, '203.0.113.7').expect(429);
      const shape = (body: { message: string; details: Record<string, unknown> }) => ({
        ...body,
        message: body.message.replace(/after .* \(about \d+ minutes?\)/, 'after T'),
        details: Object.keys(body.details).sort(),
        requestId: undefined,
      });
      expect(shape(ghost.body)).toEqual(shape(real.body));
      expect(Object.keys(ghost.headers).sort()).toEqual(Object.keys(real.headers).sort());
    });

    it('lets a locked user sign in again from that address once the lock period has passed, with a fresh count', async () => {
      await sql(
        db,
        `UPDATE sign_in_throttle SET locked_until = now() - interval '1 second' WHERE username = 'op.locked'`,
      );
      await login('op.locked', 'wrong-password').expect(401);
      const [row] = await sql<{ failures: number }>(
        db,
        `SELECT failures FROM sign_in_throttle WHERE username = 'op.locked' AND address = '198.51.100.1'`,
      );
      expect(row.failures).toBe(1);
      await login('op.locked', PASSWORD).expect(200);
    });

    it('forgets counts whose window and lock have both ended, so guessed usernames do not pile up', async () => {
      await login('guess.once', 'wrong-password', '203.0.113.200').expect(401);
      await login('still.counting', 'wrong-password', '203.0.113.200').expect(401);
      await sql(
        db,
        `UPDATE sign_in_throttle SET window_started_at = now() - interval '16 minutes'
          WHERE username = 'guess.once'`,
      );
      const purger = await startApi(await testConfig(db, { TRUST_PROXY_HOPS: '1' }));
      try {
        // The first sign-in of a process purges.
        await request(purger.getHttpServer())
          .post('/api/auth/login')
          .send({ username: 'admin', password: ADMIN_PASSWORD })
          .expect(200);
      } finally {
        await purger.close();
      }
      expect(await sql(db, `SELECT 1 FROM sign_in_throttle WHERE username = 'guess.once'`)).toHaveLength(0);
      // A count still in its window stays.
      expect(await sql(db, `SELECT 1 FROM sign_in_throttle WHERE username = 'still.counting'`)).toHaveLength(
        1,
      );
    });

    it('cannot be outrun by many parallel wrong guesses: at most 5 count, then the username is locked for that address', async () => {
      await createUser(app, adminToken, { username: 'op.race', password: PASSWORD, roles: ['operator'] });
      const statuses = (
        await Promise.all(Array.from({ length: 12 }, () => login('op.race', 'wrong-password')))
      ).map((r) => r.status);
      expect(statuses.filter((s) => s === 401)).toHaveLength(5);
      expect(statuses.filter((s) => s === 429)).toHaveLength(7);
      await login('op.race', PASSWORD).expect(429);
    });

    it('locks out an address that fails too often across many usernames (password spraying), and only that address', async () => {
      const sprayed = await startApi(
        await testConfig(db, { TRUST_PROXY_HOPS: '1', AUTH_MAX_FAILED_LOGINS_PER_ADDRESS: '6' }),
      );
      try {
        const spray = (username: string, password: string, from: string) =>
          request(sprayed.getHttpServer())
            .post('/api/auth/login')
            .set('X-Forwarded-For', from)
            .send({ username, password });
        for (let i = 0; i < 6; i++) await spray(`user${i}`, 'Winter2026!', '203.0.113.99').expect(401);
        const refused = await spray('op.zhang', PASSWORD, '203.0.113.99').expect(429);
        expect(refused.body.message).toMatch(/from your address/);
        await spray('op.zhang', PASSWORD, '203.0.113.100').expect(200);
      } finally {
        await sprayed.close();
      }
    });

    it('rejects a sign-in without a password as 422, without counting it as a failure', async () => {
      const response = await request(app.getHttpServer())
        .post('/api/auth/login')
        .send({ username: 'op.zhang' })
        .expect(422);
      expect(Object.keys(response.body.errors)).toEqual(['password']);
      const [row] = await sql<{ failed_login_count: number }>(
        db,
        "SELECT failed_login_count FROM users WHERE username = 'op.zhang'",
      );
      expect(row.failed_login_count).toBe(0);
    });

    it('logs each refused sign-in with the username, the reason and the request id, never the password', async () => {
      await request(app.getHttpServer())
        .post('/api/auth/login')
        .set('x-request-id', 'login-audit-1')
        .send({ username: 'op.zhang', password: 'secret-guess-42' })
        .expect(401);
      await login('ghost', 'secret-guess-43').expect(401);

      const refusals = logs.entries().filter((e) => e.msg === 'Sign-in refused');
      expect(refusals).toContainEqual(
        expect.objectContaining({ username: 'op.zhang', reason: 'wrong-password', reqId: 'login-audit-1' }),
      );
      expect(refusals).toContainEqual(expect.objectContaining({ username: 'ghost', reason: 'unknown-user' }));
      expect(refusals).toContainEqual(expect.objectContaining({ username: 'op.locked', reason: 'locked' }));
      const everything = logs.lines.join('\n');
      expect(everything).not.toContain('secret-guess-4');
      expect(everything).not.toContain(PASSWORD);
      expect(everything).not.toContain(adminToken);
    });
  });

  describe('access tokens', () => {
    const me = (authorization?: string) => {
      const req = request(app.getHttpServer()).get('/api/users/me');
      return authorization ? req.set('Authorization', authorization) : req;
    };

    it('refuses a request without a token with 401 and says how to sign in', async () => {
      const response = await me().expect(401);
      expect(response.headers['www-authenticate']).toBe('Bearer');
      expect(response.body.message).toMatch(/POST \/api\/auth\/login/);
    });

    it('refuses a garbage token with 401', async () => {
      await me('Bearer not.a.token').expect(401);
      await me('Basic YWRtaW46YWRtaW4=').expect(401);
    });

    it('refuses an expired token with 401 and says it expired', async () => {
      const [admin] = await sql<{ id: string }>(db, "SELECT id FROM users WHERE username = 'admin'");
      const expired = new JwtService({ secret: TEST_JWT_SECRET }).sign({
        sub: admin.id,
        username: 'admin',
        exp: Math.floor(Date.now() / 1000) - 60,
      });
      const response = await me(`Bearer ${expired}`).expect(401);
      expect(response.body.message).toMatch(/expired/);
    });

    it('refuses a token signed with another secret with 401', async () => {
      const [admin] = await sql<{ id: string }>(db, "SELECT id FROM users WHERE username = 'admin'");
      const forged = new JwtService({ secret: 'some-other-secret-of-32-characters!!' }).sign({
        sub: admin.id,
        username: 'admin',
      });
      await me(`Bearer ${forged}`).expect(401);
    });

    it('refuses a correctly signed token that has no expiry with 401: a token never lives for ever', async () => {
      const [admin] = await sql<{ id: string }>(db, "SELECT id FROM users WHERE username = 'admin'");
      const forever = new JwtService({ secret: TEST_JWT_SECRET }).sign({ sub: admin.id, username: 'admin' });
      const response = await me(`Bearer ${forever}`).expect(401);
      expect(response.body.message).toMatch(/no expiry/);
    });

    it.each([['not-a-uuid'], ['%00'], [42], [null]])(
      'refuses a correctly signed token whose subject is %p with 401, not a server error',
      async (sub) => {
        const token = new JwtService({ secret: TEST_JWT_SECRET }).sign({ sub, username: 'admin' } as object, {
          expiresIn: 600,
        });
        const response = await me(`Bearer ${token}`).expect(401);
        expect(response.body.message).toMatch(/sign in again/);
      },
    );

    it('stops accepting the token of a user who has been deactivated', async () => {
      await createUser(app, adminToken, { username: 'op.leaver', password: PASSWORD, roles: ['operator'] });
      const token = await signIn(app, 'op.leaver', PASSWORD);
      await me(`Bearer ${token}`).expect(200);
      await sql(db, "UPDATE users SET active = false WHERE username = 'op.leaver'");
      await me(`Bearer ${token}`).expect(401);
      await login('op.leaver', PASSWORD).expect(401);
    });

    it('stops accepting the token of a user deactivated through the API at once, and refuses their sign-in', async () => {
      const { id } = await createUser(app, adminToken, {
        username: 'op.gone',
        password: PASSWORD,
        roles: ['operator'],
      });
      const token = await signIn(app, 'op.gone', PASSWORD);
      await me(`Bearer ${token}`).expect(200);
      await request(app.getHttpServer())
        .post(`/api/users/${id}/deactivate`)
        .set('Authorization', `Bearer ${adminToken}`)
        .expect(200);
      await me(`Bearer ${token}`).expect(401);
      await login('op.gone', PASSWORD).expect(401);
    });

    it('does not bring back a token issued before a deactivation when the account is reactivated', async () => {
      const { id } = await createUser(app, adminToken, {
        username: 'op.returner',
        password: PASSWORD,
        roles: ['operator'],
      });
      const old = await signIn(app, 'op.returner', PASSWORD);
      const admin = (path: string) =>
        request(app.getHttpServer()).post(path).set('Authorization', `Bearer ${adminToken}`).expect(200);
      await admin(`/api/users/${id}/deactivate`);
      await admin(`/api/users/${id}/reactivate`);
      const response = await me(`Bearer ${old}`).expect(401);
      expect(response.body.message).toMatch(/issued before the account was deactivated.*sign in again/);
      const fresh = await signIn(app, 'op.returner', PASSWORD);
      await me(`Bearer ${fresh}`).expect(200);
    });

    it('refuses at once a token issued before an admin reset the password: its owner signs in again with the temporary one', async () => {
      const { id } = await createUser(app, adminToken, {
        username: 'op.stolen',
        password: PASSWORD,
        roles: ['operator'],
      });
      const old = await signIn(app, 'op.stolen', PASSWORD);
      await request(app.getHttpServer())
        .post(`/api/users/${id}/reset-password`)
        .set('Authorization', `Bearer ${adminToken}`)
        .send({ password: 'temporary-password-2' })
        .expect(200);
      await me(`Bearer ${old}`).expect(401);
      const fresh = await signIn(app, 'op.stolen', 'temporary-password-2');
      await me(`Bearer ${fresh}`).expect(200);
    });

    describe('after an admin resets the password', () => {
      const TEMPORARY = 'temporary-password-1';
      const CHOSEN = 'my-own-new-password';
      let token: string;

      const as = (method: 'get' | 'post' | 'patch', path: string) =>
        request(app.getHttpServer())[method](path).set('Authorization', `Bearer ${token}`);

      beforeAll(async () => {
        const { id } = await createUser(app, adminToken, {
          username: 'op.temporary',
          password: PASSWORD,
          roles: ['operator'],
        });
        await request(app.getHttpServer())
          .post(`/api/users/${id}/reset-password`)
          .set('Authorization', `Bearer ${adminToken}`)
          .send({ password: TEMPORARY })
          .expect(200);
      });

      it('signs in with the temporary password and the answer says mustChangePassword: true', async () => {
        await login('op.temporary', PASSWORD).expect(401);
        const response = await login('op.temporary', TEMPORARY).expect(200);
        expect(response.body).toMatchObject({ tokenType: 'Bearer', mustChangePassword: true });
        token = response.body.accessToken as string;
      });

      it('answers 403 on every route but GET /api/users/me and POST /api/users/me/password, saying a new password must be chosen', async () => {
        for (const [method, path] of [
          ['get', '/api/staff/assignable'],
          ['get', '/api/cases'],
          ['patch', '/api/users/me'],
        ] as const) {
          const response = await as(method, path).send({ language: 'en' }).expect(403);
          expect(response.body).toMatchObject({
            code: 'FORBIDDEN',
            details: { mustChangePassword: true },
            message: expect.stringMatching(/choose a new password first.*POST \/api\/users\/me\/password/),
          });
        }
        const self = await as('get', '/api/users/me').expect(200);
        expect(self.body).toMatchObject({ username: 'op.temporary', mustChangePassword: true });
      });

      it('opens every route again once the user has chosen a new password, and later sign-ins say false', async () => {
        const changed = await as('post', '/api/users/me/password')
          .send({ currentPassword: TEMPORARY, newPassword: CHOSEN })
          .expect(200);
        expect(changed.body).toMatchObject({ username: 'op.temporary', mustChangePassword: false });
        await as('get', '/api/staff/assignable').expect(200);
        await login('op.temporary', TEMPORARY).expect(401);
        const again = await login('op.temporary', CHOSEN).expect(200);
        expect(again.body.mustChangePassword).toBe(false);
      });
    });

    it('answers 403 when the signed-in user lacks the required role', async () => {
      const token = await signIn(app, 'op.zhang', PASSWORD);
      const response = await request(app.getHttpServer())
        .get('/api/users')
        .set('Authorization', `Bearer ${token}`)
        .expect(403);
      expect(response.body).toMatchObject({ code: 'FORBIDDEN', details: { requiredRoles: ['admin'] } });
    });
  });
});
