import { createDataSource } from '../data-source';
import { createTestDatabase, TestDatabase } from '../testing';
import { ComplaintSourcePhone1795420300000 } from './1795420300000-ComplaintSourcePhone';

let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createTestDatabase();
});

afterAll(async () => {
  await testDb?.drop();
});

it('renames stored hotline complaints to phone, in the column and the view, and refuses hotline afterwards', async () => {
  const dataSource = createDataSource(testDb.url);
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  const migration = new ComplaintSourcePhone1795420300000();
  const insert = (number: string, source: string) =>
    runner.query(
      `INSERT INTO "complaints" ("number", "workflow_id", "state", "source", "category", "complexity", "department",
         "customer_name", "customer_phone", "customer_tier", "description", "raised_by", "received_at", "round",
         "round_limit", "policy_id", "policy_version", "view", "last_seq", "updated_at")
       VALUES ($1, 'complaint-' || $1, 'forwarded', $2, 'technical', 'simple', 'tech_support', 'Wei', '+8613900000000',
               'standard', 'Nobody came', 'op', now(), 1, 3, 'complaints', 1,
               jsonb_build_object('number', $1::text, 'source', $2::text), 1, now())`,
      [number, source],
    );
  try {
    await migration.down(runner); // the schema as it was: hotline
    await insert('C20261201-0001', 'hotline');
    await insert('C20261201-0002', 'web');
    await migration.up(runner);
    const rows = await runner.query(
      `SELECT "number", "source", "view"->>'source' AS "viewed" FROM "complaints" ORDER BY "number"`,
    );
    expect(rows).toEqual([
      { number: 'C20261201-0001', source: 'phone', viewed: 'phone' },
      { number: 'C20261201-0002', source: 'web', viewed: 'web' },
    ]);
    await expect(insert('C20261201-0003', 'hotline')).rejects.toThrow(/complaints_source_check/);
  } finally {
    await runner.release();
    await dataSource.destroy();
  }
});
