// The console's typed client (apps/console/src/api/schema.d.ts) is generated from this API's OpenAPI
// document. This suite builds the API in process, generates the types again and fails when the committed
// file differs: a changed DTO must come with `npm run console:schema`, which runs this suite with
// UPDATE_CONSOLE_SCHEMA=1 to write the file instead.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createTestDatabase, TestDatabase } from '@caseflow/persistence/testing';
import { startApi, testConfig } from './support';

const SCHEMA_FILE = path.resolve(__dirname, '../../console/src/api/schema.d.ts');
const HEADER =
  '// Generated from the API’s OpenAPI document by `npm run console:schema`; do not edit by hand.\n' +
  '// apps/api/test/console-client.e2e-spec.ts fails when this file and the API have drifted.\n';

// openapi-typescript is an ES module that Jest's CommonJS runtime cannot load: run its CLI, as a person would.
function generate(document: unknown): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-schema-'));
  try {
    fs.writeFileSync(path.join(dir, 'openapi.json'), JSON.stringify(document));
    execFileSync(
      process.execPath,
      [
        path.resolve(__dirname, '../../../node_modules/openapi-typescript/bin/cli.js'),
        'openapi.json',
        '--alphabetize',
        '-o',
        'schema.d.ts',
      ],
      { cwd: dir, stdio: 'pipe' },
    );
    return HEADER + fs.readFileSync(path.join(dir, 'schema.d.ts'), 'utf8');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('the console’s generated API client', () => {
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

  it('matches the API’s OpenAPI document (regenerate with npm run console:schema)', async () => {
    const document = (await request(app.getHttpServer()).get('/docs-json').expect(200)).body as unknown;
    const generated = generate(document);
    if (process.env.UPDATE_CONSOLE_SCHEMA === '1') fs.writeFileSync(SCHEMA_FILE, generated);
    const committed = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, 'utf8') : '';
    expect(committed).toBe(generated);
  });
});
