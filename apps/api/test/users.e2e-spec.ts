import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createTestDatabase, TestDatabase } from '@caseflow/persistence/testing';
import { ADMIN_PASSWORD, countUsers, createUser, signIn, sql, startApi, testConfig } from './support';

const PASSWORD = 'a-long-enough-password';

describe('users', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let adminToken: string;
  let operatorToken: string;

  const post = (body: object, token = adminToken) =>
    request(app.getHttpServer()).post('/api/users').set('Authorization', `Bearer ${token}`).send(body);

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startApi(await testConfig(db));
    adminToken = await signIn(app, 'admin', ADMIN_PASSWORD);
    await createUser(app, adminToken, { username: 'op.wang', password: PASSWORD, roles: ['operator'] });
    operatorToken = await signIn(app, 'op.wang', PASSWORD);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  describe('POST /api/users', () => {
    it('lets an admin create a user who can then sign in; the answer never contains the password or its hash', async () => {
      const response = await post({
        username: 'li.wei',
        displayName: '  李伟 ',
        password: PASSWORD,
        roles: ['engineer', 'supervisor'],
      }).expect(201);
      expect(response.body).toEqual({
        id: expect.any(String),
        username: 'li.wei',
        displayName: '李伟',
        roles: ['engineer', 'supervisor'],
        language: 'zh-CN',
        active: true,
        lockedUntil: null,
        lastLoginAt: null,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(JSON.stringify(response.body)).not.toMatch(/password|\$2[aby]\$/i);
      const [row] = await sql<{ password_hash: string }>(
        db,
        "SELECT password_hash FROM users WHERE username = 'li.wei'",
      );
      expect(row.password_hash).toMatch(/^\$2[aby]\$12\$/);
      await signIn(app, 'li.wei', PASSWORD);
    });

    it('stores the chosen language', async () => {
      const response = await post({
        username: 'en.user',
        displayName: 'English speaker',
        password: PASSWORD,
        roles: ['quality'],
        language: 'en',
      }).expect(201);
      expect(response.body.language).toBe('en');
    });

    it('answers 422 naming every bad field, unknown fields included, and writes nothing', async () => {
      const before = await countUsers(db);
      const response = await post({
        username: 'x',
        displayName: '',
        password: 'short',
        roles: ['operator', 'wizard'],
        language: 'fr',
        isSuperuser: true,
      }).expect(422);
      expect(response.body).toMatchObject({
        statusCode: 422,
        error: 'Unprocessable Entity',
        code: 'VALIDATION_FAILED',
        message: 'Validation failed',
      });
      const errors = response.body.errors as Record<string, string[]>;
      expect(Object.keys(errors).sort()).toEqual(
        ['displayName', 'isSuperuser', 'language', 'password', 'roles', 'username'].sort(),
      );
      expect(errors.isSuperuser).toEqual(['property isSuperuser should not exist']);
      expect(errors.password).toContain('password must be longer than or equal to 12 characters');
      expect(errors.roles.join(' ')).toMatch(/each value in roles must be one of the following values/);
      expect(await countUsers(db)).toBe(before);
    });

    it('answers 422 when fields are missing or roles are empty', async () => {
      const missing = await post({}).expect(422);
      expect(Object.keys(missing.body.errors).sort()).toEqual([
        'displayName',
        'password',
        'roles',
        'username',
      ]);
      const empty = await post({
        username: 'no.roles',
        displayName: 'No roles',
        password: PASSWORD,
        roles: [],
      }).expect(422);
      expect(empty.body.errors).toEqual({ roles: ['roles should not be empty'] });
    });

    it('refuses a password longer than bcrypt can use (72 bytes)', async () => {
      const response = await post({
        username: 'long.pw',
        displayName: 'Long',
        password: '密'.repeat(25), // 75 bytes in UTF-8
        roles: ['operator'],
      }).expect(422);
      expect(Object.keys(response.body.errors)).toEqual(['password']);
    });

    it('answers 409 for a username that is taken, whatever its letter case, and writes nothing', async () => {
      const before = await countUsers(db);
      const response = await post({
        username: 'LI.WEI',
        displayName: 'Another Li Wei',
        password: PASSWORD,
        roles: ['operator'],
      }).expect(409);
      expect(response.body).toMatchObject({
        code: 'CONFLICT',
        message: 'The username "LI.WEI" is already taken.',
      });
      expect(await countUsers(db)).toBe(before);
    });

    it('refuses a caller without a token (401) or without the admin role (403), and writes nothing', async () => {
      const before = await countUsers(db);
      const body = { username: 'sneaky', displayName: 'Sneaky', password: PASSWORD, roles: ['admin'] };
      await request(app.getHttpServer()).post('/api/users').send(body).expect(401);
      await post(body, operatorToken).expect(403);
      // Authorisation comes before validation: a bad body from a non-admin is still a 403.
      await post({ nonsense: true }, operatorToken).expect(403);
      expect(await countUsers(db)).toBe(before);
    });
  });

  describe('GET /api/users', () => {
    it('lists every user for an admin, ordered by username, without password hashes', async () => {
      const response = await request(app.getHttpServer())
        .get('/api/users')
        .set('Authorization', `Bearer ${adminToken}`)
        .expect(200);
      const usernames = (response.body as { username: string }[]).map((u) => u.username);
      expect(usernames).toEqual([...usernames].sort());
      expect(usernames).toEqual(expect.arrayContaining(['admin', 'op.wang', 'li.wei']));
      expect(JSON.stringify(response.body)).not.toMatch(/passwordHash|\$2[aby]\$/);
    });

    it('is refused to a non-admin with 403', async () => {
      await request(app.getHttpServer())
        .get('/api/users')
        .set('Authorization', `Bearer ${operatorToken}`)
        .expect(403);
    });
  });

  describe('GET /api/users/me', () => {
    it('shows any signed-in user their own account', async () => {
      const response = await request(app.getHttpServer())
        .get('/api/users/me')
        .set('Authorization', `Bearer ${operatorToken}`)
        .expect(200);
      expect(response.body).toMatchObject({ username: 'op.wang', roles: ['operator'], active: true });
    });
  });
});
