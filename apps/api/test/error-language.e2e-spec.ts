// Error answers in the caller's language: the signed-in user's (users.language), else Accept-Language;
// English for anything else. The message and every 422 field message follow it; the field names do not.
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createTestDatabase, TestDatabase } from '@caseflow/persistence/testing';
import { ADMIN_PASSWORD, createUser, signIn, startApi, testConfig } from './support';

let db: TestDatabase;
let app: INestApplication;
let english: string; // the bootstrapped admin, language en
let chinese: string; // an admin whose language is zh-CN
let chineseOperator: string;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApi(await testConfig(db));
  english = await signIn(app, 'admin', ADMIN_PASSWORD);
  await createUser(app, english, {
    username: 'admin.zh',
    password: 'admin-zh-password-1',
    roles: ['admin'],
    language: 'zh-CN',
  });
  await createUser(app, english, {
    username: 'op.zh',
    password: 'operator-zh-password-1',
    roles: ['operator'],
    language: 'zh-CN',
  });
  chinese = await signIn(app, 'admin.zh', 'admin-zh-password-1');
  chineseOperator = await signIn(app, 'op.zh', 'operator-zh-password-1');
});

afterAll(async () => {
  await app?.close();
  await db?.drop();
});

const badUser = { username: 'x y', password: 'short', roles: ['wizard'], surprise: true };
const hasChinese = /[\u4e00-\u9fff]/;

it('answers a signed-in zh-CN user’s 422 in Chinese: the message and each field’s messages, names kept', async () => {
  const zh = await request(app.getHttpServer())
    .post('/api/users')
    .set('Authorization', `Bearer ${chinese}`)
    .send(badUser)
    .expect(422);
  const en = await request(app.getHttpServer())
    .post('/api/users')
    .set('Authorization', `Bearer ${english}`)
    .send(badUser)
    .expect(422);
  expect(zh.body.code).toBe('VALIDATION_FAILED');
  expect(zh.body.message).toBe('请求有误：请按各字段的说明修改。');
  expect(Object.keys(zh.body.errors).sort()).toEqual(Object.keys(en.body.errors).sort());
  for (const messages of Object.values(zh.body.errors) as string[][])
    for (const message of messages) expect(message).toMatch(hasChinese);
  expect(zh.body.errors.surprise).toEqual(['不认识的字段 surprise：请删除它（注意拼写）']);
  expect(en.body.message).toBe('Validation failed');
  expect(en.body.errors.surprise).toEqual(['property surprise should not exist']);
});

it('follows the user’s setting over Accept-Language', async () => {
  const en = await request(app.getHttpServer())
    .post('/api/users')
    .set('Authorization', `Bearer ${english}`)
    .set('Accept-Language', 'zh-CN')
    .send(badUser)
    .expect(422);
  expect(en.body.message).toBe('Validation failed');
  const forbidden = await request(app.getHttpServer())
    .get('/api/users')
    .set('Authorization', `Bearer ${chineseOperator}`)
    .set('Accept-Language', 'en')
    .expect(403);
  expect(forbidden.body.message).toBe('此操作需要以下角色之一：admin。');
});

it('uses Accept-Language when nobody is signed in, and English for a language it does not speak', async () => {
  const zh = await request(app.getHttpServer())
    .get('/api/users')
    .set('Accept-Language', 'zh-CN,zh;q=0.9,en;q=0.8')
    .expect(401);
  expect(zh.body.message).toMatch(/^请先登录/);
  const login = await request(app.getHttpServer())
    .post('/api/auth/login')
    .set('Accept-Language', 'zh')
    .send({})
    .expect(422);
  expect(Object.keys(login.body.errors).sort()).toEqual(['password', 'username']);
  for (const messages of Object.values(login.body.errors) as string[][])
    for (const message of messages) expect(message).toMatch(hasChinese);
  const fr = await request(app.getHttpServer()).get('/api/users').set('Accept-Language', 'fr-FR').expect(401);
  expect(fr.body.message).toMatch(/^Sign in first/);
  const none = await request(app.getHttpServer())
    .get('/api/nowhere')
    .set('Accept-Language', 'zh-CN')
    .expect(404);
  expect(none.body.message).toMatch(hasChinese);
});
