import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createTestDatabase, TestDatabase } from '@caseflow/persistence/testing';
import { startApi, testConfig } from './support';

const INDEX = '<!doctype html><title>Caseflow console</title><div id="root"></div>';

describe('the console served at /', () => {
  let db: TestDatabase;
  let withConsole: INestApplication;
  let withoutConsole: INestApplication;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-build-'));
    fs.writeFileSync(path.join(dir, 'index.html'), INDEX);
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
    db = await createTestDatabase();
    const config = await testConfig(db);
    [withConsole, withoutConsole] = await Promise.all([
      startApi(config, { logger: false, consoleDir: dir }),
      startApi(config, { logger: false, consoleDir: null }),
    ]);
  });

  afterAll(async () => {
    await withConsole?.close();
    await withoutConsole?.close();
    await db?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers the console’s page at / and at any page path, including the links messages send', async () => {
    for (const url of [
      '/',
      '/board',
      '/cases/20261122-07-0003',
      '/complaints/C1',
      '/escalations',
      '/callbacks',
    ]) {
      const page = await request(withConsole.getHttpServer()).get(url).expect(200);
      expect([url, page.type, page.text]).toEqual([url, 'text/html', INDEX]);
      expect(page.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves its built files, for a year, and a missing one as 404 rather than the page', async () => {
    const file = await request(withConsole.getHttpServer()).get('/assets/index-abc.js').expect(200);
    expect(file.headers['cache-control']).toContain('immutable');
    await request(withConsole.getHttpServer()).get('/assets/index-gone.js').expect(404);
  });

  it('leaves /api, /docs and /health to the API', async () => {
    const api = await request(withConsole.getHttpServer()).get('/api/cases').expect(401);
    expect(api.type).toBe('application/json');
    await request(withConsole.getHttpServer()).get('/api/nothing-here').expect(404);
    const docs = await request(withConsole.getHttpServer()).get('/docs-json').expect(200);
    expect(docs.body.info.title).toBe('Caseflow API');
    const health = await request(withConsole.getHttpServer()).get('/health');
    expect(health.text).not.toBe(INDEX);
  });

  it('answers the links with the stand-in pages only when there is no console build', async () => {
    const page = await request(withoutConsole.getHttpServer()).get('/cases/20261122-07-0003').expect(200);
    expect(page.text).toContain('工单 20261122-07-0003');
    await request(withoutConsole.getHttpServer()).get('/board').expect(404);
  });
});
