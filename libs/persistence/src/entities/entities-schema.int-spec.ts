// The entities describe the schema that the migrations build; nothing else keeps them in step (the schema
// changes only through hand-written migrations, never `synchronize`). These tests run every migration on an
// empty database (the Jest global set-up's template) and compare each entity with what PostgreSQL has.
// Constraints, checks and indexes live in the migrations only: the entities do not declare them.
import type { DataSource } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { createDataSource } from '../data-source';
import { createTestDatabase, TestDatabase } from '../testing';

interface DbColumn {
  table_name: string;
  column_name: string;
  data_type: string;
  udt_name: string;
  is_nullable: 'YES' | 'NO';
}

let testDb: TestDatabase;
let dataSource: DataSource;

beforeAll(async () => {
  testDb = await createTestDatabase();
  dataSource = createDataSource(testDb.url);
  await dataSource.initialize();
});

afterAll(async () => {
  await dataSource?.destroy();
  await testDb?.drop();
});

/** PostgreSQL's name for the type TypeORM would create for the column (`text[]` for an array of text). */
function entityType(column: ColumnMetadata): string {
  const normalized = dataSource.driver.normalizeType(column);
  const type = normalized === 'enum' ? `enum ${column.enumName}` : normalized;
  return column.isArray ? `${type}[]` : type;
}

/** information_schema's name for a column's type, arrays and enums spelled like `entityType`. */
function databaseType(column: DbColumn): string {
  if (column.data_type === 'USER-DEFINED') return `enum ${column.udt_name}`;
  if (column.data_type !== 'ARRAY') return column.data_type;
  const element = column.udt_name.slice(1);
  const known = { text: 'text', uuid: 'uuid', int4: 'integer', int2: 'smallint' }[element];
  return `${known ?? `enum ${element}`}[]`;
}

/** Every way an entity's table or columns differ from the database's (information_schema), in words. */
async function disagreements(): Promise<string[]> {
  const rows: DbColumn[] = await dataSource.query(
    `SELECT "table_name", "column_name", "data_type", "udt_name", "is_nullable"
       FROM information_schema.columns WHERE "table_schema" = 'public'`,
  );
  const dbColumns = new Map(rows.map((r) => [`${r.table_name}.${r.column_name}`, r]));
  const found: string[] = [];
  const tables = new Set([...dbColumns.values()].map((c) => c.table_name));
  for (const entity of dataSource.entityMetadatas) {
    if (!tables.has(entity.tableName)) {
      found.push(`${entity.name}: table "${entity.tableName}" does not exist`);
      continue;
    }
    for (const column of entity.columns) {
      const where = `${entity.name}.${column.propertyName} ("${entity.tableName}"."${column.databaseName}")`;
      const db = dbColumns.get(`${entity.tableName}.${column.databaseName}`);
      if (!db) {
        found.push(`${where}: no such column`);
        continue;
      }
      if (entityType(column) !== databaseType(db)) {
        found.push(`${where}: entity says ${entityType(column)}, the database has ${databaseType(db)}`);
      }
      if (column.isNullable !== (db.is_nullable === 'YES')) {
        found.push(
          `${where}: entity says ${column.isNullable ? 'nullable' : 'NOT NULL'}, the database has ${db.is_nullable === 'YES' ? 'nullable' : 'NOT NULL'}`,
        );
      }
    }
  }
  return found;
}

it('maps every entity to a table the migrations create, with every column of the same type and nullability', async () => {
  expect(await disagreements()).toEqual([]);
});

it('leaves TypeORM nothing to change in any column or relation: types, lengths, defaults, keys, foreign keys', async () => {
  // The foreign keys the entities' relations declare (by the migrations' names): TypeORM drops and re-adds
  // one whose target or ON DELETE differs from the entity's.
  const relationForeignKeys = dataSource.entityMetadatas.flatMap((e) => e.foreignKeys.map((fk) => fk.name));
  expect(relationForeignKeys.length).toBeGreaterThan(0);
  const pending = await dataSource.driver.createSchemaBuilder().log();
  // Constraint and index statements are left out: the entities do not declare checks, indexes or the
  // migrations' constraint names, so TypeORM would drop or rename those (see the file's comment).
  const columnChanges = pending.upQueries
    .map((q) => q.query)
    .filter(
      (sql) =>
        /CREATE TABLE|ADD COLUMN|DROP COLUMN|ALTER COLUMN|SEQUENCE|CREATE TYPE|FOREIGN KEY/.test(sql) ||
        relationForeignKeys.some((name) => sql.includes(`"${name}"`)),
    );
  expect(columnChanges).toEqual([]);
});

it('names the column when the database and an entity disagree (so the comparison can fail)', async () => {
  await dataSource.query(`ALTER TABLE "cases" ALTER COLUMN "customer_name" DROP NOT NULL`);
  await dataSource.query(`ALTER TABLE "cases" ALTER COLUMN "customer_address" TYPE varchar(200)`);
  await dataSource.query(`ALTER TABLE "cases" RENAME COLUMN "description" TO "details"`);
  try {
    const found = await disagreements();
    expect(found).toHaveLength(3);
    expect(found).toEqual(
      expect.arrayContaining([
        'CaseEntity.customerName ("cases"."customer_name"): entity says NOT NULL, the database has nullable',
        'CaseEntity.customerAddress ("cases"."customer_address"): entity says text, the database has character varying',
        'CaseEntity.description ("cases"."description"): no such column',
      ]),
    );
  } finally {
    await dataSource.query(`ALTER TABLE "cases" RENAME COLUMN "details" TO "description"`);
    await dataSource.query(`ALTER TABLE "cases" ALTER COLUMN "customer_address" TYPE text`);
    await dataSource.query(`ALTER TABLE "cases" ALTER COLUMN "customer_name" SET NOT NULL`);
  }
  expect(await disagreements()).toEqual([]);
});
