import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '@caseflow/persistence/testing';
import { ADMIN_PASSWORD, signIn, startApi, testConfig } from './support';

describe('the console’s session cookie', () => {
  let db: TestDatabase;
  let app: INestApplication;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startApi(await testConfig(db));
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  async function cookieSignIn(): Promise<string> {
    const response = await request(app.getHttpServer())
      .post('/api/auth/login')
      .send({ username: 'admin', password: ADMIN_PASSWORD })
      .expect(200);
    const cookie = ([] as string[]).concat(response.headers['set-cookie'] ?? [])[0];
    expect(cookie).toBeDefined();
    return cookie!;
  }

  it('is set at sign-in httpOnly, SameSite=Strict, for /api only, and not Secure over plain http', async () => {
    const cookie = await cookieSignIn();
    expect(cookie).toMatch(/^caseflow_session=[^;]+;/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\/api/);
    expect(cookie).not.toMatch(/; Secure/);
  });

  it('is Secure when the request came over https through a proxy', async () => {
    const response = await request(app.getHttpServer())
      .post('/api/auth/login')
      .set('X-Forwarded-Proto', 'https')
      .send({ username: 'admin', password: ADMIN_PASSWORD })
      .expect(200);
    expect(String(response.headers['set-cookie'])).toMatch(/; Secure/);
  });

  it('signs reads in by itself, and changes only with the X-Caseflow-Client header (a cross-site form cannot send it)', async () => {
    const cookie = (await cookieSignIn()).split(';')[0]!;
    const me = await request(app.getHttpServer()).get('/api/users/me').set('Cookie', cookie).expect(200);
    expect(me.body.username).toBe('admin');

    const refused = await request(app.getHttpServer())
      .patch('/api/users/me')
      .set('Cookie', cookie)
      .send({ language: 'zh-CN' })
      .expect(403);
    expect(refused.body.message).toContain('x-caseflow-client');
    const [unchanged] = await app
      .get(DataSource)
      .query(`SELECT language FROM users WHERE username = 'admin'`);
    expect(unchanged.language).toBe('en');

    await request(app.getHttpServer())
      .patch('/api/users/me')
      .set('Cookie', cookie)
      .set('X-Caseflow-Client', 'console')
      .send({ language: 'zh-CN' })
      .expect(200);
  });

  it('leaves the Bearer header working without the client header', async () => {
    const token = await signIn(app, 'admin', ADMIN_PASSWORD);
    await request(app.getHttpServer())
      .patch('/api/users/me')
      .set('Authorization', `Bearer ${token}`)
      .send({ language: 'en' })
      .expect(200);
  });

  it('is cleared by sign-out (expired at once), which needs no session', async () => {
    const response = await request(app.getHttpServer()).post('/api/auth/logout').expect(204);
    const cleared = String(response.headers['set-cookie']);
    expect(cleared).toMatch(/^caseflow_session=;/);
    expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect(cleared).toMatch(/; Path=\/api/);
  });
});
