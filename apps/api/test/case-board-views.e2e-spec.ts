// The board's saved views ask GET /api/cases for "due within 1 h" and "my team", and each row says whether
// its next deadline runs on working time. Rows are written straight into the read model (no workflows
// needed), with deadlines placed around now: two branches, each with its supervisor and engineers.
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createTestDatabase, seedOrganisation, TestDatabase } from '@caseflow/persistence/testing';
import { ADMIN_PASSWORD, createUser, signIn, sql, startApi, testConfig } from './support';

const PASSWORD = 'board-views-password-1';
const SOON_SH = '20261206-07-0001'; // Shanghai, the engineer's, due in 30 min
const LATER_SH = '20261206-07-0002'; // Shanghai, the second engineer's, due in 3 h
const LATE_SH = '20261206-07-0003'; // Shanghai, unassigned, due 10 min ago (breached)
const SOON_BJ = '20261206-08-0001'; // Beijing, its engineer's, due in 20 min
const MINUTE = 60_000;

interface Row {
  number: string;
  nextDueAt: string | null;
  nextStartedAt: string | null;
  nextRemainingMs: number | null;
  allowedActions: string[];
}

describe('the board’s views: due within, my team', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const tokens: Record<string, string> = {};
  const startedAt = new Date(Date.now() - 20 * 3_600_000);

  const list = async (who: string, query: string) => {
    const res = await request(app.getHttpServer())
      .get(`/api/cases?${query}`)
      .set('Authorization', `Bearer ${tokens[who]}`)
      .expect(200);
    return res.body as { items: Row[]; total: number };
  };
  const numbers = (body: { items: Row[] }) => body.items.map((r) => r.number).sort();

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startApi(await testConfig(db));
    tokens.admin = await signIn(app, 'admin', ADMIN_PASSWORD);
    const user = (username: string, roles: string[]) =>
      createUser(app, tokens.admin, { username, password: PASSWORD, roles });
    const shSupervisor = await user('sup.sh', ['supervisor']);
    const bjSupervisor = await user('sup.bj', ['supervisor']);
    const shEngineer = await user('eng.sh', ['engineer']);
    const client = { query: (text: string, values?: unknown[]) => sql(db, text, values) };
    const sh = await seedOrganisation(client as never, {
      userIds: { supervisor: shSupervisor.id, engineer: shEngineer.id },
    });
    const bj = await seedOrganisation(client as never, {
      branchId: 'bj',
      branchName: 'Beijing',
      operatorNo: 8,
      userIds: { supervisor: bjSupervisor.id },
    });
    const rows: [string, string, string | null, number, boolean][] = [
      [SOON_SH, 'sh', sh.engineerId, 30, false],
      [LATER_SH, 'sh', sh.secondEngineerId, 180, false],
      [LATE_SH, 'sh', null, -10, true],
      [SOON_BJ, 'bj', bj.engineerId, 20, false],
    ];
    for (const [number, branch, assignee, dueInMinutes, breached] of rows) {
      const dueAt = new Date(Date.now() + dueInMinutes * MINUTE);
      await sql(
        db,
        `INSERT INTO "cases" ("number", "workflow_id", "kind", "state", "channel", "category", "customer_name",
           "customer_phone", "customer_tier", "description", "branch_id", "assignee_id", "operator_user_id",
           "operator_username", "operator_no", "received_at", "policy_id", "policy_version", "last_seq",
           "next_due_at", "breached")
         VALUES ($1, 'case-' || $1, 'service_request', $2, 'phone', 'technical', 'Customer ' || $1,
                 '+8613900000001', 'standard', 'Printer jams', $3, $4, 'u', 'op', 7, $5, 'default', 1, 1, $6, $7)`,
        [number, assignee ? 'assigned' : 'new', branch, assignee, startedAt, dueAt, breached],
      );
      // The next deadline: 2 working hours, begun 20 wall-clock hours ago (a night and a weekend between).
      await sql(
        db,
        `INSERT INTO "commitments" ("case_number", "commitment_id", "kind", "status", "policy_version",
           "started_at", "due_at", "warn_at", "breached", "remaining_ms")
         VALUES ($1, 'first-contact', 'first_contact', 'running', 1, $2, $3, $4, $5, 7200000)`,
        [number, startedAt, dueAt, new Date(dueAt.getTime() - 15 * MINUTE), breached],
      );
    }
    tokens.sh = await signIn(app, 'sup.sh', PASSWORD);
    tokens.bj = await signIn(app, 'sup.bj', PASSWORD);
    tokens.engineer = await signIn(app, 'eng.sh', PASSWORD);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('dueWithin=60 lists the cases whose next deadline falls in the coming hour, not passed or later ones', async () => {
    expect(numbers(await list('admin', 'dueWithin=60'))).toEqual([SOON_BJ, SOON_SH].sort());
    expect(numbers(await list('admin', 'dueWithin=240'))).toEqual([LATER_SH, SOON_BJ, SOON_SH].sort());
    expect(numbers(await list('admin', 'dueWithin=5'))).toEqual([]);
  });

  it('dueWithin combines with the other filters and counts only what it lets through', async () => {
    const shSoon = await list('admin', 'dueWithin=60&branch=sh');
    expect(numbers(shSoon)).toEqual([SOON_SH]);
    expect(shSoon.total).toBe(1);
  });

  it.each(['0', '-5', '1.5', 'soon', '100000'])(
    'refuses dueWithin=%s with a 422 naming the field',
    async (value) => {
      const res = await request(app.getHttpServer())
        .get(`/api/cases?dueWithin=${value}`)
        .set('Authorization', `Bearer ${tokens.admin}`)
        .expect(422);
      expect(Object.keys(res.body.errors)).toEqual(['dueWithin']);
    },
  );

  it('assignee=team gives a supervisor the cases of everyone below them, not the unassigned pool', async () => {
    expect(numbers(await list('sh', 'assignee=team'))).toEqual([LATER_SH, SOON_SH].sort());
    expect(numbers(await list('bj', 'assignee=team'))).toEqual([SOON_BJ]);
    // The board without the view: the unassigned case of the branch is there too.
    expect(numbers(await list('sh', ''))).toEqual([LATE_SH, LATER_SH, SOON_SH].sort());
  });

  it('assignee=team gives an engineer the cases of those who share their supervisor', async () => {
    expect(numbers(await list('engineer', 'assignee=team'))).toEqual([LATER_SH, SOON_SH].sort());
    expect(numbers(await list('engineer', 'assignee=me'))).toEqual([SOON_SH]);
  });

  it('assignee=team gives nobody’s cases to a user without a staff position', async () => {
    expect(numbers(await list('admin', 'assignee=team'))).toEqual([]);
  });

  it('gives each row the start and budget of its next deadline, so the board can say "2 working hours"', async () => {
    const [row] = (await list('admin', `q=${SOON_SH}`)).items;
    expect(row.number).toBe(SOON_SH);
    expect(row.nextStartedAt).toBe(startedAt.toISOString());
    expect(row.nextRemainingMs).toBe(7_200_000);
  });

  it('gives each row the actions its state allows now, as the case itself does', async () => {
    await sql(db, `UPDATE "cases" SET "allowed_actions" = '{contact,add-note}' WHERE "number" = $1`, [
      SOON_SH,
    ]);
    const [row] = (await list('admin', `q=${SOON_SH}`)).items;
    expect(row.allowedActions).toEqual(['contact', 'add-note']);
  });
});

describe('one’s own saved board views', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const tokens: Record<string, string> = {};
  const as = (who: string) => {
    const agent = request(app.getHttpServer());
    const auth = { Authorization: `Bearer ${tokens[who]}` };
    return {
      get: (url: string) => agent.get(url).set(auth),
      post: (url: string, body: object) => agent.post(url).set(auth).send(body),
      delete: (url: string) => agent.delete(url).set(auth),
    };
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startApi(await testConfig(db));
    tokens.admin = await signIn(app, 'admin', ADMIN_PASSWORD);
    await createUser(app, tokens.admin, { username: 'op.a', password: PASSWORD, roles: ['operator'] });
    await createUser(app, tokens.admin, { username: 'op.b', password: PASSWORD, roles: ['operator'] });
    tokens.a = await signIn(app, 'op.a', PASSWORD);
    tokens.b = await signIn(app, 'op.b', PASSWORD);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('keeps a view for its owner only, without the page, and deletes it for its owner only', async () => {
    const saved = await as('a')
      .post('/api/board-views', { name: 'Gold, due soon', query: '?category=sales&dueWithin=60&page=3' })
      .expect(201);
    expect(saved.body).toMatchObject({ name: 'Gold, due soon', query: 'category=sales&dueWithin=60' });
    expect((await as('a').get('/api/board-views').expect(200)).body).toEqual([saved.body]);
    expect((await as('b').get('/api/board-views').expect(200)).body).toEqual([]);
    await as('b').delete(`/api/board-views/${saved.body.id}`).expect(404);
    await as('a').delete(`/api/board-views/${saved.body.id}`).expect(204);
    expect((await as('a').get('/api/board-views').expect(200)).body).toEqual([]);
    await as('a').delete('/api/board-views/not-a-uuid').expect(404);
  });

  it.each([
    ['an unknown filter', 'colour=red'],
    ['a bad dueWithin', 'dueWithin=0'],
    ['an unknown state', 'state=new,lost'],
    ['a repeated filter', 'kind=inquiry&kind=service_request'],
  ])('refuses a view with %s with a 422 naming the query, keeping nothing', async (_what, query) => {
    const res = await as('a').post('/api/board-views', { name: 'Broken', query }).expect(422);
    expect(Object.keys(res.body.errors)).toEqual(['query']);
    expect((await as('a').get('/api/board-views').expect(200)).body).toEqual([]);
  });

  it('refuses a second view of the same name (any case) and a blank name, with a 422 naming the name', async () => {
    await as('a').post('/api/board-views', { name: 'Mine', query: 'assignee=me' }).expect(201);
    const twice = await as('a').post('/api/board-views', { name: 'MINE', query: 'assignee=me' }).expect(422);
    expect(Object.keys(twice.body.errors)).toEqual(['name']);
    const blank = await as('a').post('/api/board-views', { name: '  ', query: '' }).expect(422);
    expect(Object.keys(blank.body.errors)).toEqual(['name']);
    // Another person may use the same name.
    await as('b').post('/api/board-views', { name: 'Mine', query: 'assignee=me' }).expect(201);
  });

  it('keeps at most 20 views per person', async () => {
    const existing = (await as('b').get('/api/board-views').expect(200)).body as unknown[];
    for (let i = existing.length; i < 20; i += 1) {
      await as('b')
        .post('/api/board-views', { name: `View ${i}`, query: `q=${i}` })
        .expect(201);
    }
    const refused = await as('b').post('/api/board-views', { name: 'One too many', query: '' }).expect(422);
    expect(Object.keys(refused.body.errors)).toEqual(['name']);
    expect(((await as('b').get('/api/board-views').expect(200)).body as unknown[]).length).toBe(20);
  });
});
