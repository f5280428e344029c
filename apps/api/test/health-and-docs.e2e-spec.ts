import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createTestDatabase, TestDatabase } from '@caseflow/persistence/testing';
import { ADMIN_PASSWORD, signIn, sql, startApi, testConfig } from './support';

describe('health, OpenAPI and request ids', () => {
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

  it('reports 503 "degraded" with the database up and Temporal and the worker down when Temporal is unreachable', async () => {
    const started = Date.now();
    const response = await request(app.getHttpServer()).get('/health').expect(503);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(response.body).toMatchObject({
      status: 'degraded',
      checks: {
        database: { status: 'up' },
        temporal: { status: 'down' },
        worker: { status: 'down', pollers: 0 },
      },
    });
    expect(response.body.checks.temporal.error).toEqual(expect.any(String));
  });

  it('names the workflows stuck on a failing activity: retried now, or refused for good by the database', async () => {
    await sql(
      db,
      `INSERT INTO "activity_failures" ("workflow_id", "activity", "retryable", "attempts", "sql_state", "error", "first_failed_at", "last_failed_at")
       VALUES ('case-20261206-07-0001', 'recordCaseEvent', false, 1, '22021', 'invalid byte sequence', now() - interval '2 hours', now() - interval '2 hours'),
              ('case-20261206-07-0002', 'fireLadderStep', true, 7, NULL, 'connection refused', now() - interval '1 hour', now()),
              ('case-20261206-07-0003', 'recordCaseEvent', true, 4, NULL, 'connection refused', now() - interval '3 hours', now() - interval '1 hour')`,
    );
    const response = await request(app.getHttpServer()).get('/health');
    expect(response.body.checks.failingActivities).toMatchObject({
      status: 'up',
      count: 2,
      rejected: 1,
      // The one retried an hour ago and not since has stopped failing (or its workflow has ended).
      workflowIds: ['case-20261206-07-0001', 'case-20261206-07-0002'],
    });
    await sql(db, `DELETE FROM "activity_failures"`);
  });

  it('serves /health without a token and only without the api prefix', async () => {
    await request(app.getHttpServer()).get('/api/health').expect(404);
  });

  it('serves the OpenAPI document at /docs-json, listing the login route and bearer auth', async () => {
    const response = await request(app.getHttpServer()).get('/docs-json').expect(200);
    expect(response.body.paths['/api/auth/login'].post).toBeDefined();
    expect(response.body.paths['/api/users'].post).toBeDefined();
    expect(response.body.paths['/health'].get).toBeDefined();
    expect(response.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(response.body.components.schemas.CreateUserDto.required).toEqual(
      expect.arrayContaining(['username', 'displayName', 'password', 'roles']),
    );
  });

  it('says in the OpenAPI description that JSON times are UTC with Z, and that errors follow the caller’s language', async () => {
    const { description } = (await request(app.getHttpServer()).get('/docs-json').expect(200)).body.info;
    expect(description).toMatch(/Times in JSON are UTC, ISO 8601 with `Z`/);
    expect(description).toMatch(/\(Asia\/Shanghai\)/);
    expect(description).toMatch(/users\.language/);
  });

  it('writes every time in a JSON answer in UTC with Z', async () => {
    const token = await signIn(app, 'admin', ADMIN_PASSWORD);
    const me = (
      await request(app.getHttpServer())
        .get('/api/users/me')
        .set('Authorization', `Bearer ${token}`)
        .expect(200)
    ).body as Record<string, unknown>;
    const times = Object.entries(me).filter(([key]) => key.endsWith('At'));
    expect(times.length).toBeGreaterThan(0);
    for (const [, value] of times)
      if (value !== null) expect(value).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('serves the interactive docs at /docs', async () => {
    await request(app.getHttpServer()).get('/docs/').expect(200).expect('Content-Type', /html/);
  });

  it('echoes a caller-supplied x-request-id, and puts it in error bodies', async () => {
    const response = await request(app.getHttpServer())
      .get('/api/users/me')
      .set('x-request-id', 'trace-123')
      .expect(401);
    expect(response.headers['x-request-id']).toBe('trace-123');
    expect(response.body.requestId).toBe('trace-123');
  });

  it('makes up a request id when the caller sends none (or an unsafe one)', async () => {
    const none = await request(app.getHttpServer()).get('/health');
    expect(none.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const unsafe = await request(app.getHttpServer()).get('/health').set('x-request-id', 'not <safe> at all');
    expect(unsafe.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unknown route with a 404 in the usual error shape', async () => {
    const response = await request(app.getHttpServer()).get('/api/nope').expect(404);
    expect(response.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('answers malformed JSON with a 400 in the usual error shape', async () => {
    const response = await request(app.getHttpServer())
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"username": ')
      .expect(400);
    expect(response.body).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      requestId: expect.any(String),
    });
  });
});
