import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import request from 'supertest';
import { createTestDatabase, TestDatabase } from '@caseflow/persistence/testing';
import { ADMIN_PASSWORD, countUsers, createUser, signIn, sql, startApi, testConfig } from './support';

const PASSWORD = 'a-long-enough-password';
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

interface AuditRow {
  actor: string;
  action: string;
  entity_id: string;
  summary: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  ip: string | null;
  outcome: string;
}

describe('users', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let adminToken: string;
  let operatorToken: string;

  const post = (body: object, token = adminToken) =>
    request(app.getHttpServer()).post('/api/users').set('Authorization', `Bearer ${token}`).send(body);
  const call = (method: 'get' | 'post' | 'patch', path: string, token = adminToken) =>
    request(app.getHttpServer())[method](path).set('Authorization', `Bearer ${token}`);
  const login = (username: string, password: string) =>
    request(app.getHttpServer()).post('/api/auth/login').send({ username, password });
  const audits = (action: string, entityId: string) =>
    sql<AuditRow>(db, 'SELECT * FROM audit_log WHERE action = $1 AND entity_id = $2 ORDER BY at, id', [
      action,
      entityId,
    ]);
  const countAudits = async () =>
    Number((await sql<{ n: string }>(db, 'SELECT count(*) AS n FROM audit_log'))[0].n);
  const userRow = async (id: string) =>
    (
      await sql<{
        roles: string;
        active: boolean;
        must_change_password: boolean;
        failed_login_count: number;
      }>(
        db,
        'SELECT roles::text[] AS roles, active, must_change_password, failed_login_count FROM users WHERE id = $1',
        [id],
      )
    )[0];

  /** Makes every audit entry whose summary mentions `marker` fail to insert while `action` runs. */
  async function withAuditRefusing(marker: string, action: () => Promise<void>): Promise<void> {
    await sql(
      db,
      `ALTER TABLE audit_log ADD CONSTRAINT e2e_refuse CHECK (summary NOT LIKE '%${marker}%') NOT VALID`,
    );
    try {
      await action();
    } finally {
      await sql(db, 'ALTER TABLE audit_log DROP CONSTRAINT e2e_refuse');
    }
  }

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
        mustChangePassword: false,
        lockedUntil: null,
        lastLoginAt: null,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(JSON.stringify(response.body)).not.toMatch(/"password(Hash)?"|\$2[aby]\$/i);
      expect(JSON.stringify(response.body)).not.toContain(PASSWORD);
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

    it('records the creation in the audit log: the admin, their address and the account, never the password', async () => {
      const { body } = await post({
        username: 'audited.new',
        displayName: 'Audited',
        password: PASSWORD,
        roles: ['engineer'],
      }).expect(201);
      const [entry] = await audits('user.create', body.id);
      expect(entry).toMatchObject({
        actor: 'admin',
        outcome: 'success',
        after: { username: 'audited.new', roles: ['engineer'], active: true, mustChangePassword: false },
      });
      expect(entry.ip).toMatch(/127\.0\.0\.1|::1/);
      expect(JSON.stringify(entry)).not.toContain(PASSWORD);
      // The route writes its own entry: the generic one for admin writes is not added as well.
      const generic = await sql(
        db,
        `SELECT 1 FROM audit_log WHERE action = 'admin.change' AND summary LIKE '%POST /api/users'`,
      );
      expect(generic).toEqual([]);
    });

    it('commits neither the user nor the audit entry when the audit entry cannot be written (one transaction)', async () => {
      const before = await countUsers(db);
      await withAuditRefusing('doomed.user', async () => {
        await post({
          username: 'doomed.user',
          displayName: 'Doomed',
          password: PASSWORD,
          roles: ['operator'],
        }).expect(500);
      });
      expect(await countUsers(db)).toBe(before);
      await login('doomed.user', PASSWORD).expect(401);
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

  describe('GET /api/users filters', () => {
    let engineerId: string;
    let qualityId: string;
    const list = async (query: string) => {
      const response = await call('get', `/api/users?${query}`).expect(200);
      return (response.body as { username: string }[]).map((u) => u.username);
    };

    beforeAll(async () => {
      ({ id: engineerId } = await createUser(app, adminToken, {
        username: 'filter.eng',
        displayName: 'Zhao Engineer',
        password: PASSWORD,
        roles: ['engineer'],
      }));
      ({ id: qualityId } = await createUser(app, adminToken, {
        username: 'filter.qa',
        displayName: '赵质检',
        password: PASSWORD,
        roles: ['quality'],
      }));
      await call('post', `/api/users/${qualityId}/deactivate`).expect(200);
    });

    it('keeps only users with the given role', async () => {
      const engineers = await list('role=engineer');
      expect(engineers).toContain('filter.eng');
      expect(engineers).not.toContain('op.wang');
      const response = await call('get', '/api/users?role=engineer').expect(200);
      for (const user of response.body as { roles: string[] }[]) expect(user.roles).toContain('engineer');
    });

    it('keeps only deactivated users with active=false, and only active ones with active=true', async () => {
      expect(await list('active=false')).toEqual(['filter.qa']);
      const active = await list('active=true');
      expect(active).toContain('filter.eng');
      expect(active).not.toContain('filter.qa');
    });

    it('matches part of the username or the display name in any letter case with q, and combines filters', async () => {
      expect(await list('q=ZHAO')).toEqual(['filter.eng']);
      expect(await list(`q=${encodeURIComponent('质检')}`)).toEqual(['filter.qa']);
      expect(await list('q=filter.')).toEqual(['filter.eng', 'filter.qa']);
      expect(await list('q=filter.&active=true&role=engineer')).toEqual(['filter.eng']);
      expect(await list('q=filter.&role=engineer&active=false')).toEqual([]);
      // % and _ are taken literally, not as wildcards.
      expect(await list('q=%25')).toEqual([]);
      expect(await list('q=filter_eng')).toEqual([]);
    });

    it('answers 422 naming each bad filter', async () => {
      const response = await call('get', '/api/users?role=wizard&active=maybe').expect(422);
      expect(Object.keys(response.body.errors).sort()).toEqual(['active', 'role']);
    });

    describe('GET /api/users/:id', () => {
      it('shows one user to an admin', async () => {
        const response = await call('get', `/api/users/${engineerId}`).expect(200);
        expect(response.body).toMatchObject({
          id: engineerId,
          username: 'filter.eng',
          displayName: 'Zhao Engineer',
          mustChangePassword: false,
        });
        expect(JSON.stringify(response.body)).not.toMatch(/passwordHash|\$2[aby]\$/);
      });

      it('answers 404 for an unknown id or one that is not an id at all, and 403 to a non-admin', async () => {
        await call('get', `/api/users/${UNKNOWN_ID}`).expect(404);
        await call('get', '/api/users/not-an-id').expect(404);
        await call('get', `/api/users/${engineerId}`, operatorToken).expect(403);
      });
    });
  });

  describe('POST /api/users/me/password', () => {
    const NEW_PASSWORD = 'another-long-password';
    let id: string;
    let token: string;
    const change = (body: object) => call('post', '/api/users/me/password', token).send(body);

    beforeAll(async () => {
      ({ id } = await createUser(app, adminToken, {
        username: 'pw.self',
        password: PASSWORD,
        roles: ['operator'],
      }));
      token = await signIn(app, 'pw.self', PASSWORD);
    });

    it('answers 422 naming currentPassword when it is wrong, changes nothing and records the attempt', async () => {
      const response = await change({ currentPassword: 'not-my-password', newPassword: NEW_PASSWORD }).expect(
        422,
      );
      expect(response.body.errors).toEqual({
        currentPassword: ['currentPassword is not your current password'],
      });
      await login('pw.self', PASSWORD).expect(200);
      await login('pw.self', NEW_PASSWORD).expect(401);
      const [attempt] = await audits('user.password_change', id);
      expect(attempt).toMatchObject({ actor: 'pw.self', outcome: 'failure' });
    });

    it('applies the creation rules to the new password and refuses the current one again (422 naming newPassword)', async () => {
      const short = await change({ currentPassword: PASSWORD, newPassword: 'short' }).expect(422);
      expect(short.body.errors).toEqual({
        newPassword: ['newPassword must be longer than or equal to 12 characters'],
      });
      const long = await change({ currentPassword: PASSWORD, newPassword: '密'.repeat(25) }).expect(422);
      expect(Object.keys(long.body.errors)).toEqual(['newPassword']);
      const same = await change({ currentPassword: PASSWORD, newPassword: PASSWORD }).expect(422);
      expect(same.body.errors).toEqual({
        newPassword: ['newPassword must differ from the current password'],
      });
      await login('pw.self', PASSWORD).expect(200);
    });

    it('changes one’s own password: the old one stops working, the new one signs in; audited without either', async () => {
      const response = await change({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD }).expect(200);
      expect(response.body).toMatchObject({ id, username: 'pw.self', mustChangePassword: false });
      await login('pw.self', PASSWORD).expect(401);
      await login('pw.self', NEW_PASSWORD).expect(200);
      const entries = await audits('user.password_change', id);
      expect(entries.map((e) => e.outcome)).toEqual(['failure', 'success']);
      expect(entries[1].ip).toMatch(/127\.0\.0\.1|::1/);
      expect(JSON.stringify(entries)).not.toContain(NEW_PASSWORD);
      expect(JSON.stringify(entries)).not.toContain(PASSWORD);
    });
  });

  describe('POST /api/users/:id/reset-password', () => {
    let id: string;
    const reset = (body: object = {}, token = adminToken, target = id) =>
      call('post', `/api/users/${target}/reset-password`, token).send(body);

    beforeAll(async () => {
      ({ id } = await createUser(app, adminToken, {
        username: 'pw.reset',
        password: PASSWORD,
        roles: ['engineer'],
      }));
    });

    it('generates a temporary password shown once in the answer and marks the account; audited without it', async () => {
      const response = await reset().expect(200);
      const temporary = response.body.temporaryPassword as string;
      expect(temporary).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect(response.body.user).toMatchObject({ id, username: 'pw.reset', mustChangePassword: true });
      expect((await userRow(id)).must_change_password).toBe(true);
      await login('pw.reset', PASSWORD).expect(401);
      const signIn = await login('pw.reset', temporary).expect(200);
      expect(signIn.body.mustChangePassword).toBe(true);
      const [entry] = await audits('user.password_reset', id);
      expect(entry).toMatchObject({
        actor: 'admin',
        outcome: 'success',
        after: { mustChangePassword: true },
      });
      expect(entry.ip).toMatch(/127\.0\.0\.1|::1/);
      expect(JSON.stringify(entry)).not.toContain(temporary);
    });

    it('uses the password the admin gives, without repeating it in the answer', async () => {
      const response = await reset({ password: 'chosen-by-the-admin' }).expect(200);
      expect(response.body).not.toHaveProperty('temporaryPassword');
      expect(JSON.stringify(response.body)).not.toContain('chosen-by-the-admin');
      await login('pw.reset', 'chosen-by-the-admin').expect(200);
    });

    it('answers 422 naming password when the given one breaks the rules, 404 for an unknown user, 403 to a non-admin; nothing changes', async () => {
      const response = await reset({ password: 'short' }).expect(422);
      expect(Object.keys(response.body.errors)).toEqual(['password']);
      await reset({}, adminToken, UNKNOWN_ID).expect(404);
      await reset({ password: 'operator-chosen-one' }, operatorToken).expect(403);
      await login('pw.reset', 'chosen-by-the-admin').expect(200);
    });

    it('keeps the old password when the audit entry cannot be written (one transaction)', async () => {
      await withAuditRefusing('pw.reset', async () => {
        await reset({ password: 'never-committed-pw' }).expect(500);
      });
      await login('pw.reset', 'never-committed-pw').expect(401);
      await login('pw.reset', 'chosen-by-the-admin').expect(200);
    });
  });

  describe('PATCH /api/users/:id and /api/users/me', () => {
    let id: string;
    let adminId: string;

    beforeAll(async () => {
      ({ id } = await createUser(app, adminToken, {
        username: 'to.change',
        password: PASSWORD,
        roles: ['operator'],
        language: 'zh-CN',
      }));
      const [admin] = await sql<{ id: string }>(db, "SELECT id FROM users WHERE username = 'admin'");
      adminId = admin.id;
    });

    it('lets an admin change display name, roles and language; the new roles apply to the user’s token at once; audited with before and after', async () => {
      const token = await signIn(app, 'to.change', PASSWORD);
      await call('get', '/api/staff', token).expect(403);
      const response = await call('patch', `/api/users/${id}`)
        .send({ displayName: ' 新名字 ', roles: ['supervisor'], language: 'en' })
        .expect(200);
      expect(response.body).toMatchObject({ displayName: '新名字', roles: ['supervisor'], language: 'en' });
      await call('get', '/api/staff', token).expect(200);
      const [entry] = await audits('user.update', id);
      expect(entry).toMatchObject({
        actor: 'admin',
        before: { displayName: 'to.change', roles: ['operator'], language: 'zh-CN' },
        after: { displayName: '新名字', roles: ['supervisor'], language: 'en' },
      });
      expect(entry.ip).toMatch(/127\.0\.0\.1|::1/);
    });

    it('answers 422 naming each bad field, 404 for an unknown user, 403 to a non-admin, and changes nothing', async () => {
      const response = await call('patch', `/api/users/${id}`)
        .send({ roles: [], language: 'fr', displayName: '', username: 'renamed' })
        .expect(422);
      expect(Object.keys(response.body.errors).sort()).toEqual([
        'displayName',
        'language',
        'roles',
        'username',
      ]);
      await call('patch', `/api/users/${UNKNOWN_ID}`).send({ displayName: 'x' }).expect(404);
      await call('patch', `/api/users/${id}`, operatorToken).send({ displayName: 'x' }).expect(403);
      expect((await call('get', `/api/users/${id}`).expect(200)).body).toMatchObject({
        username: 'to.change',
        displayName: '新名字',
      });
    });

    it('refuses to take the admin role from the last active admin (409), inactive admins not counting; then allows it once another is active', async () => {
      const auditsBefore = await countAudits();
      const refused = await call('patch', `/api/users/${adminId}`)
        .send({ roles: ['operator'] })
        .expect(409);
      expect(refused.body.message).toMatch(/last active admin/);
      const { id: secondId } = await createUser(app, adminToken, {
        username: 'admin.two',
        password: PASSWORD,
        roles: ['admin'],
      });
      await call('post', `/api/users/${secondId}/deactivate`).expect(200);
      await call('patch', `/api/users/${adminId}`)
        .send({ roles: ['operator'] })
        .expect(409);
      expect((await userRow(adminId)).roles).toEqual(['admin']);
      expect(await countAudits()).toBe(auditsBefore + 2); // the creation and the deactivation only
      await call('post', `/api/users/${secondId}/reactivate`).expect(200);
      await call('patch', `/api/users/${secondId}`)
        .send({ roles: ['quality'] })
        .expect(200);
      expect((await userRow(secondId)).roles).toEqual(['quality']);
    });

    it('lets any user change their own display name and language, but not their roles', async () => {
      const roles = await call('patch', '/api/users/me', operatorToken)
        .send({ roles: ['admin'] })
        .expect(422);
      expect(roles.body.errors).toEqual({ roles: ['property roles should not exist'] });
      const response = await call('patch', '/api/users/me', operatorToken)
        .send({ displayName: '王操作员', language: 'zh-CN' })
        .expect(200);
      expect(response.body).toMatchObject({
        username: 'op.wang',
        displayName: '王操作员',
        language: 'zh-CN',
      });
      expect((await call('get', '/api/users/me', operatorToken).expect(200)).body.roles).toEqual([
        'operator',
      ]);
      const [entry] = await audits('user.update', response.body.id as string);
      expect(entry).toMatchObject({
        actor: 'op.wang',
        after: { displayName: '王操作员', language: 'zh-CN' },
      });
      // Back to English: later tests read this operator's error messages.
      await call('patch', '/api/users/me', operatorToken).send({ language: 'en' }).expect(200);
    });
  });

  describe('POST /api/users/:id/unlock', () => {
    it('lifts a sign-in lock and forgets the failed attempts; audited', async () => {
      const { id } = await createUser(app, adminToken, {
        username: 'locked.out',
        password: PASSWORD,
        roles: ['quality'],
      });
      for (let i = 0; i < 5; i++) await login('locked.out', 'wrong-password').expect(401);
      await login('locked.out', PASSWORD).expect(429);
      const response = await call('post', `/api/users/${id}/unlock`).expect(200);
      expect(response.body).toMatchObject({ id, lockedUntil: null });
      expect((await userRow(id)).failed_login_count).toBe(0);
      await login('locked.out', PASSWORD).expect(200);
      const [entry] = await audits('user.unlock', id);
      expect(entry).toMatchObject({ actor: 'admin', after: { failedLoginCount: 0, lockedUntil: null } });
      expect(entry.before).toMatchObject({ failedLoginCount: 5 });
    });

    it('answers 404 for an unknown user and 403 to a non-admin', async () => {
      await call('post', `/api/users/${UNKNOWN_ID}/unlock`).expect(404);
      await call('post', `/api/users/${UNKNOWN_ID}/unlock`, operatorToken).expect(403);
    });
  });

  describe('POST /api/users/:id/deactivate and /reactivate', () => {
    it('stops a deactivated user signing in and says they have no staff position; reactivated, they can sign in again', async () => {
      const { id } = await createUser(app, adminToken, {
        username: 'leaver',
        password: PASSWORD,
        roles: ['operator'],
      });
      const token = await signIn(app, 'leaver', PASSWORD);
      const response = await call('post', `/api/users/${id}/deactivate`).expect(200);
      expect(response.body).toMatchObject({ user: { id, active: false }, staffMember: null });
      expect(response.body.message).toMatch(/no staff position/);
      await login('leaver', PASSWORD).expect(401);
      await call('get', '/api/users/me', token).expect(401);
      const back = await call('post', `/api/users/${id}/reactivate`).expect(200);
      expect(back.body).toMatchObject({ user: { id, active: true }, staffMember: null });
      await login('leaver', PASSWORD).expect(200);
      const [off] = await audits('user.deactivate', id);
      const [on] = await audits('user.reactivate', id);
      expect(off).toMatchObject({ actor: 'admin', before: { active: true }, after: { active: false } });
      expect(on).toMatchObject({ actor: 'admin', before: { active: false }, after: { active: true } });
    });

    it('leaves the user’s staff position as it was and names it in the answer', async () => {
      const { id } = await createUser(app, adminToken, {
        username: 'staffed',
        password: PASSWORD,
        roles: ['engineer'],
      });
      const [staff] = await sql<{ id: string; updated_at: Date }>(
        db,
        `INSERT INTO staff (user_id, name, department, role) VALUES ($1, '钱工程师', 'tech_support', 'engineer')
         RETURNING id, updated_at`,
        [id],
      );
      const response = await call('post', `/api/users/${id}/deactivate`).expect(200);
      expect(response.body.staffMember).toEqual({ id: staff.id, name: '钱工程师', active: true });
      expect(response.body.message).toMatch(/staff position "钱工程师" is unchanged/);
      const [after] = await sql<{ active: boolean; updated_at: Date }>(
        db,
        'SELECT active, updated_at FROM staff WHERE id = $1',
        [staff.id],
      );
      expect(after).toEqual({ active: true, updated_at: staff.updated_at });
    });

    it('refuses to deactivate the last active admin, oneself included (409), and writes nothing', async () => {
      const [admin] = await sql<{ id: string }>(db, "SELECT id FROM users WHERE username = 'admin'");
      const auditsBefore = await countAudits();
      const response = await call('post', `/api/users/${admin.id}/deactivate`).expect(409);
      expect(response.body.message).toMatch(/admin is the last active admin \(you\)/);
      expect((await userRow(admin.id)).active).toBe(true);
      expect(await countAudits()).toBe(auditsBefore);
    });

    it('answers 404 for an unknown user and 403 to a non-admin', async () => {
      await call('post', `/api/users/${UNKNOWN_ID}/deactivate`).expect(404);
      await call('post', `/api/users/${UNKNOWN_ID}/reactivate`).expect(404);
      await call('post', `/api/users/${UNKNOWN_ID}/deactivate`, operatorToken).expect(403);
    });
  });

  // Last: it may deactivate the suite's admin.
  describe('two admins deactivating each other at the same moment', () => {
    it('lets exactly one succeed: the other is told it would leave no active admin', async () => {
      const { id: otherId } = await createUser(app, adminToken, {
        username: 'admin.racer',
        password: PASSWORD,
        roles: ['admin'],
      });
      const otherToken = await signIn(app, 'admin.racer', PASSWORD);
      const [admin] = await sql<{ id: string }>(db, "SELECT id FROM users WHERE username = 'admin'");
      // Both requests must be past the auth guard before either commits (else the loser is simply signed
      // out, 401): the test holds the service's lock until both wait on it, then lets them race.
      const holder = new Client({ connectionString: db.url });
      await holder.connect();
      let answers: request.Response[];
      try {
        await holder.query(`SELECT pg_advisory_lock(hashtext('caseflow.users.active-admins'))`);
        const racing = Promise.all([
          call('post', `/api/users/${otherId}/deactivate`).then((r) => r),
          call('post', `/api/users/${admin.id}/deactivate`, otherToken).then((r) => r),
        ]);
        for (let waited = 0; waited < 5000; waited += 50) {
          const { rows } = await holder.query<{ n: string }>(
            `SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`,
          );
          if (Number(rows[0].n) >= 2) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await holder.query(`SELECT pg_advisory_unlock(hashtext('caseflow.users.active-admins'))`);
        answers = await racing;
      } finally {
        await holder.end();
      }
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
      expect(answers.find((a) => a.status === 409)?.body.message).toMatch(/is the last active admin/);
      const [{ n }] = await sql<{ n: string }>(
        db,
        "SELECT count(*) AS n FROM users WHERE active AND 'admin' = ANY(roles)",
      );
      expect(Number(n)).toBe(1);
    });
  });
});
