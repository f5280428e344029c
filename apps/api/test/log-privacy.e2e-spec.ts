// Logs never carry customers' personal data: a search's words stay out of the request log, and a failure
// is one line with its request id and what failed, not the data it was about.
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createTestDatabase, TestDatabase } from '@caseflow/persistence/testing';
import { ADMIN_PASSWORD, captureLogs, signIn, sql, startApi, testConfig } from './support';

describe('what the API logs', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let token: string;
  const logs = captureLogs();

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startApi(await testConfig(db, { LOG_LEVEL: 'info' }), { logDestination: logs });
    token = await signIn(app, 'admin', ADMIN_PASSWORD);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('logs a case search by its path and parameter names, never the searched name or phone', async () => {
    await request(app.getHttpServer())
      .get('/api/cases?q=13912345678&branch=sh')
      .set('Authorization', `Bearer ${token}`)
      .set('x-request-id', 'search-1')
      .expect(200);
    await request(app.getHttpServer())
      .get(`/api/cases?q=${encodeURIComponent('张三丰')}`)
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    const line = logs.entries().find((e) => e.reqId === 'search-1' && e.msg === 'request completed');
    expect(line).toMatchObject({ req: { url: '/api/cases?q=…&branch=…', method: 'GET' } });
    const everything = logs.lines.join('\n');
    expect(everything).not.toContain('13912345678');
    expect(everything).not.toContain('张三丰');
    expect(everything).not.toContain(encodeURIComponent('张三丰'));
  });

  it('logs a failed request as one line with its request id and the failure, without the values it wrote', async () => {
    await sql(
      db,
      `ALTER TABLE audit_log ADD CONSTRAINT e2e_refuse CHECK (summary NOT LIKE '%hu.private%') NOT VALID`,
    );
    try {
      const before = logs.lines.length;
      const response = await request(app.getHttpServer())
        .post('/api/users')
        .set('Authorization', `Bearer ${token}`)
        .set('x-request-id', 'failing-1')
        .send({
          username: 'hu.private',
          password: 'operator-password-1',
          roles: ['operator'],
          displayName: 'Hu Secretname',
        })
        .expect(500);
      expect(response.body.requestId).toBe('failing-1');
      const failures = logs
        .entries()
        .slice(before)
        .filter((e) => e.level === 50 && e.msg === 'Request failed unexpectedly');
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatchObject({
        requestId: 'failing-1',
        err: { message: expect.stringContaining('e2e_refuse') },
      });
      expect(logs.lines.slice(before).join('\n')).not.toContain('Secretname');
    } finally {
      await sql(db, 'ALTER TABLE audit_log DROP CONSTRAINT e2e_refuse');
    }
  });
});
