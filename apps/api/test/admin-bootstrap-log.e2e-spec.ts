// In a file of its own: nestjs-pino writes logs made outside a request with the first app's logger of the
// process (here: of this test file), so the app whose logs are captured must be the only one.
import { createTestDatabase } from '@caseflow/persistence/testing';
import { AdminBootstrapService } from '../src/app.factory';
import { captureLogs, startApi, testConfig } from './support';

it('logs a generated first-admin password exactly once, at warn level', async () => {
  const db = await createTestDatabase();
  const logs = captureLogs();
  const app = await startApi(await testConfig(db, { CASEFLOW_ADMIN_PASSWORD: '' }), { logDestination: logs });
  try {
    const password = app.get(AdminBootstrapService).firstSignIn?.password;
    expect(password).toEqual(expect.any(String));
    expect(logs.entries().filter((e) => String(e.msg).includes(password!))).toEqual([
      expect.objectContaining({ level: 40, context: 'AdminBootstrapService' }),
    ]);
  } finally {
    await app.close();
    await db.drop();
  }
});
