// GET /api/cases over many cases: the total is counted up to a cap (10,000) and says when it stopped there,
// and `after` cursors walk the list in its own order without a row twice or a row skipped, whatever is logged
// between two pages.
//
// Thousands of cases cannot be logged through the API in a test's time, so the rows are written straight into
// the read model with SQL, as `npm run bench:api` does: the list only reads that table, and these cases have
// no workflow because nothing here acts on them.
import { createEmptyWorld, type EmptyWorld, type Session } from './harness/empty-world';

jest.setTimeout(180_000);

interface Row {
  number: string;
  receivedAt: string;
  nextDueAt: string | null;
}
interface Page {
  items: Row[];
  total: number;
  totalCapped: boolean;
  nextCursor: string | null;
  page: number;
  pageSize: number;
}

let w: EmptyWorld;
let admin: Session;

/**
 * Writes read-model rows: `count` cases numbered `<day>-<operator>-<serial>`, of this kind and category,
 * received `receivedAt(i)` (SQL over i), next due `nextDueAt(i)` (SQL; may be NULL).
 */
async function writeCases(options: {
  count: number;
  day: string;
  operatorNo: string;
  kind: string;
  category: string;
  receivedAt: string;
  nextDueAt?: string;
}) {
  await w.query(
    `INSERT INTO "cases" ("number", "workflow_id", "kind", "state", "channel", "category", "customer_name",
       "customer_phone", "customer_tier", "description", "operator_user_id", "operator_username",
       "operator_no", "received_at", "policy_id", "policy_version", "breached", "next_due_at", "last_seq",
       "updated_at")
     SELECT n, 'case-' || n, $3, 'new', 'phone', $4, 'Customer ' || i, '138' || lpad(i::text, 8, '0'),
            'standard', 'Paging case ' || i, 'test', 'test', 98, at, p."id", p."current_version", false,
            ${options.nextDueAt ?? 'NULL'}, 1, at
       FROM (SELECT i, $2 || '-' || lpad((i + 1)::text, 5, '0') AS n, ${options.receivedAt} AS at
               FROM generate_series(0, $1::int - 1) AS i) s
      CROSS JOIN (SELECT "id", "current_version" FROM "sla_policies" ORDER BY "id" LIMIT 1) p`,
    [options.count, `${options.day}-${options.operatorNo}`, options.kind, options.category],
  );
}

/** Every page of `query` through `after`, pageSize at a time; also checks each page's own promises. */
async function walk(query: string, pageSize: number, between?: (pageNo: number) => Promise<void>) {
  const seen: string[] = [];
  let after: string | null = null;
  for (let pageNo = 1; pageNo < 100; pageNo++) {
    const url: string = `/api/cases?${query}&pageSize=${pageSize}${after ? `&after=${after}` : ''}`;
    const page = (await admin.get(url).expect(200)).body as Page;
    seen.push(...page.items.map((r) => r.number));
    if (!page.nextCursor) {
      expect(page.items.length).toBeLessThanOrEqual(pageSize);
      return seen;
    }
    expect(page.items).toHaveLength(pageSize);
    after = page.nextCursor;
    await between?.(pageNo);
  }
  throw new Error('more than 100 pages');
}

/** The list as one page (at most 100 rows), for comparing a walk with. */
async function onePage(query: string) {
  const page = (await admin.get(`/api/cases?${query}&pageSize=100`).expect(200)).body as Page;
  expect(page.nextCursor).toBeNull();
  return page.items.map((r) => r.number);
}

beforeAll(async () => {
  w = await createEmptyWorld();
  admin = await w.signIn('admin', w.adminPassword);
  // More inquiries than the cap: one every 40 s.
  await writeCases({
    count: 10_050,
    day: '20200101',
    operatorNo: '91',
    kind: 'inquiry',
    category: 'other',
    receivedAt: `timestamptz '2020-01-01 00:00:00Z' + i * interval '40 seconds'`,
  });
  // 60 sales requests whose sort values tie in threes and differ by a microsecond (which a JS Date would lose),
  // every fourth with no next deadline.
  await writeCases({
    count: 60,
    day: '20210101',
    operatorNo: '92',
    kind: 'service_request',
    category: 'sales',
    receivedAt: `timestamptz '2021-01-01 00:00:00Z' + (i / 3) * interval '1 microsecond'`,
    nextDueAt: `CASE WHEN i % 4 = 0 THEN NULL ELSE timestamptz '2021-02-01 00:00:00Z' + (i % 7) * interval '1 microsecond' END`,
  });
  await w.query(`VACUUM ANALYZE "cases"`).catch(() => undefined);
}, 180_000);

afterAll(() => w?.close());

describe('the case list’s total', () => {
  it('stops counting at 10,000 and says the total is capped', async () => {
    const page = (await admin.get('/api/cases?kind=inquiry').expect(200)).body as Page;
    expect(page).toMatchObject({ total: 10_000, totalCapped: true, page: 1, pageSize: 20 });
    expect(page.items).toHaveLength(20);
    expect(page.nextCursor).toEqual(expect.any(String));
  });

  it('is exact and not capped when fewer cases match than the cap', async () => {
    const page = (await admin.get('/api/cases?category=sales&pageSize=25').expect(200)).body as Page;
    expect(page).toMatchObject({ total: 60, totalCapped: false });
    expect(page.items).toHaveLength(25);
    const [{ n }] = await w.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "cases" WHERE "category" = 'sales'`,
    );
    expect(page.total).toBe(n);
  });

  it('is exact on the last page even beyond the cap: everything before it plus its own rows', async () => {
    const page = (await admin.get('/api/cases?kind=inquiry&pageSize=100&page=101').expect(200)).body as Page;
    expect(page).toMatchObject({ total: 10_050, totalCapped: false, nextCursor: null });
    expect(page.items).toHaveLength(50);
  });

  it('counts a page past the end as before: no rows, the (capped) total', async () => {
    const page = (await admin.get('/api/cases?kind=inquiry&pageSize=100&page=500').expect(200)).body as Page;
    expect(page).toMatchObject({ items: [], total: 10_000, totalCapped: true, nextCursor: null });
    const sales = (await admin.get('/api/cases?category=sales&page=9').expect(200)).body as Page;
    expect(sales).toMatchObject({ items: [], total: 60, totalCapped: false, nextCursor: null });
  });
});

describe('keyset paging with after', () => {
  it('walks every matching case once, in the order of one long page, for each sort and order', async () => {
    for (const sort of ['receivedAt', 'nextDueAt', 'updatedAt']) {
      for (const order of ['desc', 'asc']) {
        const query = `category=sales&sort=${sort}&order=${order}`;
        const walked = await walk(query, 7);
        expect({ query, walked }).toEqual({ query, walked: await onePage(query) });
        expect(new Set(walked).size).toBe(60);
      }
    }
  });

  it('keeps to the filters on every page', async () => {
    const walked = await walk('kind=service_request&sort=nextDueAt&order=asc', 9);
    const rows = await w.query<{ category: string }>(
      `SELECT "category" FROM "cases" WHERE "number" = ANY ($1)`,
      [walked],
    );
    expect(rows).toHaveLength(60);
    expect(new Set(rows.map((r) => r.category))).toEqual(new Set(['sales']));
  });

  it('starts the first page like page 1 and tells whether another page follows', async () => {
    const first = (await admin.get('/api/cases?category=sales&pageSize=10').expect(200)).body as Page;
    const pageOne = (await admin.get('/api/cases?category=sales&pageSize=10&page=1').expect(200))
      .body as Page;
    expect(first.items.map((r) => r.number)).toEqual(pageOne.items.map((r) => r.number));
    const second = (
      await admin.get(`/api/cases?category=sales&pageSize=10&after=${first.nextCursor}`).expect(200)
    ).body as Page;
    const pageTwo = (await admin.get('/api/cases?category=sales&pageSize=10&page=2').expect(200))
      .body as Page;
    expect(second.items.map((r) => r.number)).toEqual(pageTwo.items.map((r) => r.number));
    expect(second).toMatchObject({ total: 60, totalCapped: false, page: 1 });
    const all = (await admin.get('/api/cases?category=sales&pageSize=60').expect(200)).body as Page;
    expect(all.nextCursor).toBeNull();
  });

  it('shows no case twice and skips none when cases are logged between pages', async () => {
    // Technical requests, one a minute; the list newest first.
    await writeCases({
      count: 30,
      day: '20220101',
      operatorNo: '93',
      kind: 'service_request',
      category: 'technical',
      receivedAt: `timestamptz '2022-01-01 00:00:00Z' + i * interval '1 minute'`,
    });
    const before = await onePage('category=technical');
    let inserted = 0;
    const walked = await walk('category=technical', 8, async (pageNo) => {
      // After each page: a newer case (above the pages already read) and one as old as the last row shown,
      // with a higher number (so below it, in the pages still to come).
      inserted += 1;
      await writeCases({
        count: 1,
        day: '20220102',
        operatorNo: String(pageNo).padStart(2, '0'),
        kind: 'service_request',
        category: 'technical',
        receivedAt: `timestamptz '2022-02-01 00:00:00Z' + ${pageNo} * interval '1 minute'`,
      });
      await writeCases({
        count: 1,
        day: '20220103',
        operatorNo: String(pageNo).padStart(2, '0'),
        kind: 'service_request',
        category: 'technical',
        receivedAt: `timestamptz '2021-12-31 23:00:00Z' - ${pageNo} * interval '1 minute'`,
      });
    });
    expect(inserted).toBeGreaterThan(2);
    expect(new Set(walked).size).toBe(walked.length);
    // Every case there at the start, in the same order; the newer ones never appear (they are above).
    expect(walked.filter((n) => before.includes(n))).toEqual(before);
    expect(walked.filter((n) => n.startsWith('20220102-'))).toEqual([]);
    // The older ones logged meanwhile are below the pages read: all found, in order, after the first 30.
    expect(walked.slice(30)).toEqual(
      Array.from({ length: inserted }, (_, k) => `20220103-${String(k + 1).padStart(2, '0')}-00001`),
    );
  });

  it('refuses a cursor it did not make, with a 422 naming after', async () => {
    for (const bad of ['not-a-cursor', Buffer.from('{"s":"receivedAt"}').toString('base64url'), 'a%00b']) {
      const refused = await admin.get(`/api/cases?after=${bad}`).expect(422);
      expect(Object.keys(refused.body.errors)).toEqual(['after']);
    }
    const tampered = Buffer.from(
      JSON.stringify({ s: 'receivedAt', o: 'desc', k: '2024-02-30T00:00:00.000000Z', n: '20240101-01-0001' }),
    ).toString('base64url');
    expect(Object.keys((await admin.get(`/api/cases?after=${tampered}`).expect(422)).body.errors)).toEqual([
      'after',
    ]);
  });

  it('refuses a cursor made for another sort or order, and a page number beside a cursor', async () => {
    const first = (await admin.get('/api/cases?category=sales&pageSize=5').expect(200)).body as Page;
    const otherOrder = await admin
      .get(`/api/cases?category=sales&order=asc&after=${first.nextCursor}`)
      .expect(422);
    expect(otherOrder.body.errors.after[0]).toMatch(/sort=receivedAt&order=desc/);
    await admin.get(`/api/cases?category=sales&sort=updatedAt&after=${first.nextCursor}`).expect(422);
    const withPage = await admin
      .get(`/api/cases?category=sales&page=2&after=${first.nextCursor}`)
      .expect(422);
    expect(Object.keys(withPage.body.errors)).toEqual(['page']);
  });
});
