// The outbox has one writer: no source file outside libs/persistence/src/outbox writes `notifications`
// (migrations and tests aside). A new writer elsewhere fails here, naming the file.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../../..');
const SEARCHED = ['activities', 'apps/api/src', 'apps/worker/src', 'libs', 'workflows'];
const OWNER = 'libs/persistence/src/outbox/';
/**
 * Erasure on request rewrites every table that quotes the customer, notifications among them, in one
 * statement per table of one transaction (with the words it scrubs): it stays beside its siblings.
 */
const EXCEPTIONS = new Set(['apps/api/src/customers/customers.service.ts']);
const WRITE = /\b(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?notifications"?[\s(]/i;

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory())
      return ['node_modules', 'migrations', 'test', 'testing'].includes(entry.name) ? [] : sources(relative);
    return /\.ts$/.test(entry.name) && !/[.-]spec\.ts$/.test(entry.name) ? [relative] : [];
  });
}

const writers = () =>
  SEARCHED.flatMap(sources).filter(
    (file) => !file.startsWith(OWNER) && WRITE.test(readFileSync(path.join(ROOT, file), 'utf8')),
  );

it('lets no file but the outbox repository write the notifications table', () => {
  expect(writers().filter((file) => !EXCEPTIONS.has(file))).toEqual([]);
});

it('finds a writer when there is one (the check can fail)', () => {
  expect(WRITE.test('await db.query(`INSERT INTO "notifications" ("id") VALUES ($1)`)')).toBe(true);
  expect(WRITE.test('UPDATE notifications SET "status" = $2')).toBe(true);
  expect(WRITE.test('SELECT "id" FROM "notifications"')).toBe(false);
  expect(writers()).toContain('apps/api/src/customers/customers.service.ts');
});
