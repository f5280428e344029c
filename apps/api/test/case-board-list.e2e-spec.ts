// What the console's board needs from GET /api/cases beyond the classic filters: a category filter, and the
// warning point of each row's next deadline so the row can turn amber without reading the case.
import { createEmptyWorld, type EmptyWorld, type Session } from './harness/empty-world';
import { eventually } from './harness/cases-harness';

jest.setTimeout(120_000);

let w: EmptyWorld;
let admin: Session;
const numbers: Record<string, string> = {};

const intake = (category: string) => ({
  kind: 'service_request',
  channel: 'phone',
  category,
  customer: { name: '王女士', phone: '+8613900001111', tier: 'standard' },
  description: 'The label printer jams on every page',
});

interface Row {
  number: string;
  category: string;
  nextDueAt: string | null;
  nextWarnAt: string | null;
}

beforeAll(async () => {
  w = await createEmptyWorld();
  admin = await w.signIn('admin', w.adminPassword);
  for (const category of ['technical', 'sales']) {
    numbers[category] = (await admin.post('/api/cases').send(intake(category)).expect(201)).body.number;
  }
  await eventually(async () => {
    const list = (await admin.get('/api/cases').expect(200)).body as { items: Row[] };
    if (list.items.filter((r) => r.nextDueAt).length < 2) throw new Error('not yet written');
  });
}, 120_000);

afterAll(() => w?.close());

describe('the case list for the board', () => {
  it('filters by category', async () => {
    const sales = (await admin.get('/api/cases?category=sales').expect(200)).body as { items: Row[] };
    expect(sales.items.map((r) => r.number)).toEqual([numbers.sales]);
    const technical = (await admin.get('/api/cases?category=technical').expect(200)).body as { items: Row[] };
    expect(technical.items.map((r) => r.number)).toEqual([numbers.technical]);
  });

  it('refuses an unknown category with a 422 naming the field', async () => {
    const refused = await admin.get('/api/cases?category=plumbing').expect(422);
    expect(Object.keys(refused.body.errors)).toEqual(['category']);
  });

  it('gives each row the warning point of the commitment due next', async () => {
    const list = (await admin.get('/api/cases').expect(200)).body as { items: Row[] };
    for (const row of list.items) {
      const detail = (await admin.get(`/api/cases/${row.number}`).expect(200)).body as {
        commitments: { status: string; dueAt?: string; warnAt?: string }[];
      };
      const next = detail.commitments
        .filter((c) => c.status === 'running' && c.dueAt)
        .sort((a, b) => Date.parse(a.dueAt!) - Date.parse(b.dueAt!))[0]!;
      expect(row.nextDueAt).toBe(next.dueAt);
      expect(row.nextWarnAt).toBe(next.warnAt);
      expect(Date.parse(row.nextWarnAt!)).toBeLessThan(Date.parse(row.nextDueAt!));
    }
  });
});
