import { createDataSource } from '../data-source';
import { createTestDatabase, TestDatabase } from '../testing';
import { MIGRATIONS } from '.';

let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createTestDatabase();
});

afterAll(async () => {
  await testDb?.drop();
});

it('reverts every migration down to an empty schema and applies them all again', async () => {
  const dataSource = createDataSource(testDb.url);
  await dataSource.initialize();
  try {
    for (let i = 0; i < MIGRATIONS.length; i++) await dataSource.undoLastMigration({ transaction: 'each' });
    const left: { table_name: string }[] = await dataSource.query(
      `SELECT "table_name" FROM information_schema.tables WHERE "table_schema" = 'public' AND "table_name" <> 'migrations'`,
    );
    expect(left).toEqual([]);
    const ran = await dataSource.runMigrations({ transaction: 'each' });
    expect(ran.map((m) => m.name)).toEqual(MIGRATIONS.map((M) => new M().name));
    const [seeded]: { version: number }[] = await dataSource.query(
      `SELECT "version" FROM "sla_policy_versions" WHERE "policy_id" = 'default'`,
    );
    expect(seeded.version).toBe(1);
  } finally {
    await dataSource.destroy();
  }
});
