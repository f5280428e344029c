// Routing by category at intake, end to end (the hotline procedure: technical → technical support, sales →
// the product division's head, other → technical support; a service-quality call is a complaint). Shanghai
// has a tech-support and a product-division department unit with heads; Beijing has neither.
import { seedOrganisation } from '@caseflow/persistence/testing';
import { createCasesWorld, eventually, type CasesWorld } from './harness/cases-harness';

interface Routing {
  department: string;
  unitId: string | null;
  unitName: string | null;
  headId: string | null;
  headName: string | null;
}
interface Case {
  number: string;
  state: string;
  assignee: unknown;
  routing: Routing | null;
  timeline?: { seq: number; type: string; summary: string; data?: { routing?: Routing } }[];
}
interface OutboxRow {
  channel: string;
  recipient_staff_id: string | null;
  recipient_address: string | null;
  status: string;
  body: string | null;
}

let w: CasesWorld;
const units = { techSupport: '', productDivision: '' };
let productHeadId: string;

beforeAll(async () => {
  w = await createCasesWorld();
  const [head] = await w.query<{ id: string }>(
    `INSERT INTO "staff" ("name", "role", "department", "branch_id", "email", "language")
     VALUES ('Ma (product division, sh)', 'manager', 'product_division', 'sh', 'ma@sh.example.com', 'en')
     RETURNING "id"`,
  );
  productHeadId = head.id;
  const unit = async (name: string, department: string, headId: string) =>
    (
      await w.query<{ id: string }>(
        `INSERT INTO "org_units" ("kind", "name", "department", "branch_id", "head_id")
         VALUES ('department', $1, $2, 'sh', $3) RETURNING "id"`,
        [name, department, headId],
      )
    )[0].id;
  units.techSupport = await unit('Tech support (Shanghai)', 'tech_support', w.org.managerId);
  units.productDivision = await unit('Product division (Shanghai)', 'product_division', productHeadId);
  // A second branch with staff but no department units at all.
  await seedOrganisation(w.dataSource, { branchId: 'bj', branchName: 'Beijing', operatorNo: 8 });
}, 120_000);

afterAll(async () => {
  await w?.close();
}, 60_000);

function intake(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'service_request',
    channel: 'phone',
    category: 'technical',
    customer: { name: 'Han Mei', phone: '+86 139-0013-9000', tier: 'standard' },
    product: 'Printer X200',
    description: 'Paper jams on every print',
    branchId: 'sh',
    ...overrides,
  };
}

async function detail(number: string): Promise<Case> {
  return (await w.as('admin').get(`/api/cases/${number}`).expect(200)).body as Case;
}

/** Logs the case and waits for its intake entry (the read-model row) to land. */
async function logCase(overrides: Record<string, unknown> = {}): Promise<{ created: Case; stored: Case }> {
  const created = (await w.as('operator').post('/api/cases').send(intake(overrides)).expect(201))
    .body as Case;
  const stored = await eventually(async () => {
    const c = await detail(created.number);
    expect(c.timeline).toHaveLength(1);
    return c;
  });
  return { created, stored };
}

const routedMessages = (number: string) =>
  w.query<OutboxRow>(
    `SELECT "channel", "recipient_staff_id", "recipient_address", "status", "body" FROM "notifications"
      WHERE "case_number" = $1 AND "template" = 'case_routed' ORDER BY "channel"`,
    [number],
  );

async function counts() {
  const [row] = await w.query<{ cases: number; serials: number; complaints: number }>(
    `SELECT (SELECT count(*)::int FROM "cases") AS "cases",
            (SELECT COALESCE(sum("last_serial"), 0)::int FROM "case_number_serials") AS "serials",
            (SELECT count(*)::int FROM "complaints") AS "complaints"`,
  );
  return row;
}

describe('routing a new case by its category', () => {
  it('routes a technical call to its branch’s tech-support department, tells the head in-app, and leaves it for an engineer', async () => {
    const { created, stored } = await logCase({ category: 'technical' });
    const routing = {
      department: 'tech_support',
      unitId: units.techSupport,
      unitName: 'Tech support (Shanghai)',
      headId: w.org.managerId,
      headName: 'Wang (manager, sh)',
    };
    expect(created.routing).toEqual(routing);
    expect(stored.routing).toEqual(routing);
    // The case still waits for an engineer to be assigned.
    expect(stored).toMatchObject({ state: 'new', assignee: null });
    expect(stored.timeline![0]).toMatchObject({ seq: 1, type: 'case_received', data: { routing } });
    expect(stored.timeline![0].summary).toContain(
      'routed to the tech support (Tech support (Shanghai), head Wang (manager, sh))',
    );

    const messages = await eventually(async () => {
      const rows = await routedMessages(created.number);
      expect(rows.find((r) => r.channel === 'in_app')?.status).toBe('sent');
      return rows;
    });
    expect(messages.map((m) => [m.channel, m.recipient_staff_id])).toEqual([
      ['email', w.org.managerId],
      ['in_app', w.org.managerId],
    ]);
    expect(messages.find((m) => m.channel === 'email')!.recipient_address).toBe(
      'wang.manager.sh.@sh.example.com',
    );
    // Chinese by default: the head's language.
    expect(messages.find((m) => m.channel === 'in_app')!.body).toContain(`新工单 ${created.number}`);
  });

  it('routes a sales call to the head of its branch’s product division, told in their language', async () => {
    const { created, stored } = await logCase({ category: 'sales', kind: 'inquiry' });
    const routing = {
      department: 'product_division',
      unitId: units.productDivision,
      unitName: 'Product division (Shanghai)',
      headId: productHeadId,
      headName: 'Ma (product division, sh)',
    };
    expect(created.routing).toEqual(routing);
    expect(stored.routing).toEqual(routing);
    expect(stored.timeline![0].summary).toContain(
      'routed to the product division (Product division (Shanghai)',
    );

    const messages = await eventually(async () => {
      const rows = await routedMessages(created.number);
      expect(rows.find((r) => r.channel === 'in_app')?.status).toBe('sent');
      return rows;
    });
    const inApp = messages.find((m) => m.channel === 'in_app')!;
    expect(inApp.recipient_staff_id).toBe(productHeadId);
    expect(inApp.body).toContain(
      `Dear Ma (product division, sh), case ${created.number} from Han Mei has been routed to Product division ` +
        '(Shanghai) by its category.',
    );
  });

  it('routes an “other” call to tech support, like a technical one', async () => {
    const { created, stored } = await logCase({ category: 'other' });
    expect(stored.routing).toMatchObject({ department: 'tech_support', headId: w.org.managerId });
    expect(created.routing).toEqual(stored.routing);
    await eventually(async () =>
      expect((await routedMessages(created.number)).map((m) => m.recipient_staff_id)).toContain(
        w.org.managerId,
      ),
    );
  });

  it('tells the head once when a retried intake (same Idempotency-Key) answers the same case', async () => {
    const send = () =>
      w.as('operator').post('/api/cases').set('Idempotency-Key', 'routing-retry-1').send(intake());
    const first = (await send().expect(201)).body as Case;
    const again = (await send().expect(200)).body as Case;
    expect(again.number).toBe(first.number);
    expect(again.routing).toEqual(first.routing);
    await eventually(async () =>
      expect((await routedMessages(first.number)).map((m) => m.channel)).toEqual(['email', 'in_app']),
    );
  });

  it('keeps showing the routing in the case’s answers after an action', async () => {
    const { created } = await logCase({ category: 'sales' });
    const noted = await w
      .as('operator')
      .post(`/api/cases/${created.number}/actions/add-note`)
      .send({ text: 'Customer wants a quote' })
      .expect(200);
    expect(noted.body.routing).toEqual(created.routing);
    expect((await detail(created.number)).routing).toEqual(created.routing);
  });

  it('shows the routing in the case list', async () => {
    const { created } = await logCase({ category: 'sales' });
    const list = await w.as('operator').get(`/api/cases?q=${created.number}`).expect(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0].routing).toMatchObject({
      department: 'product_division',
      headId: productHeadId,
    });
  });

  it('logs a sales call in a branch without a product division, routed with nobody to tell (headId null)', async () => {
    const { created, stored } = await logCase({ category: 'sales', branchId: 'bj' });
    const routing = {
      department: 'product_division',
      unitId: null,
      unitName: null,
      headId: null,
      headName: null,
    };
    expect(created.routing).toEqual(routing);
    expect(stored.routing).toEqual(routing);
    expect(stored.timeline![0].summary).toContain(
      'routed to the product division: no product division unit in this branch, nobody was told',
    );
    // The intake entry has landed (and with it, any message it would queue): there is none.
    expect(await routedMessages(created.number)).toEqual([]);
  });

  it('logs a case whose unit has no active head with nobody to tell', async () => {
    await w.query(`UPDATE "staff" SET "active" = false WHERE "id" = $1`, [productHeadId]);
    try {
      const { stored } = await logCase({ category: 'sales' });
      expect(stored.routing).toEqual({
        department: 'product_division',
        unitId: units.productDivision,
        unitName: 'Product division (Shanghai)',
        headId: null,
        headName: null,
      });
      expect(stored.timeline![0].summary).toContain('the unit has no active head, nobody was told');
      expect(await routedMessages(stored.number)).toEqual([]);
    } finally {
      await w.query(`UPDATE "staff" SET "active" = true WHERE "id" = $1`, [productHeadId]);
    }
  });
});

describe('a service-quality call', () => {
  it('is refused 422 naming category, pointing at POST /api/complaints with the body to send; nothing is allocated or started', async () => {
    const before = await counts();
    const body = intake({
      category: 'service',
      channel: 'walk_in',
      customer: { name: 'Han Mei', phone: '+86 139-0013-9000', address: 'Century Ave 100', tier: 'gold' },
      description: 'The engineer was rude',
    });
    const res = await w.as('operator').post('/api/cases').send(body).expect(422);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(res.body.errors)).toEqual(['category']);
    expect(res.body.errors.category[0]).toMatch(
      /service-quality call is a complaint.*POST \/api\/complaints/,
    );
    expect(res.body.details.suggested).toEqual({
      source: 'walk_in',
      category: 'service',
      complexity: 'simple',
      customer: { name: 'Han Mei', phone: '+8613900139000', address: 'Century Ave 100', tier: 'gold' },
      description: 'The engineer was rude',
      branchId: 'sh',
    });
    // No number taken (so no workflow started under it), no case row.
    expect(await counts()).toEqual(before);

    // One click: the suggested body is a complaint the complaint intake takes as it is.
    const complaint = await w
      .as('operator')
      .post('/api/complaints')
      .send(res.body.details.suggested)
      .expect(201);
    expect(complaint.body).toMatchObject({ category: 'service', department: 'customer_service' });
    expect(await counts()).toMatchObject({ cases: before.cases, complaints: before.complaints + 1 });
  });
});

describe('GET /api/cases/routing', () => {
  it('previews the routing a new case of the category would get in the branch', async () => {
    const sales = await w.as('operator').get('/api/cases/routing?category=sales&branch=sh').expect(200);
    expect(sales.body).toEqual({
      department: 'product_division',
      unitId: units.productDivision,
      unitName: 'Product division (Shanghai)',
      headId: productHeadId,
      headName: 'Ma (product division, sh)',
    });
    const elsewhere = await w.as('engineer').get('/api/cases/routing?category=sales&branch=bj').expect(200);
    expect(elsewhere.body).toEqual({
      department: 'product_division',
      unitId: null,
      unitName: null,
      headId: null,
      headName: null,
    });
    // Without a branch: the caller's (the operator is in Shanghai).
    const other = await w.as('operator').get('/api/cases/routing?category=other').expect(200);
    expect(other.body).toMatchObject({ department: 'tech_support', unitId: units.techSupport });
    await w.as('admin').get('/api/cases/routing?category=technical&branch=sh').expect(200);
  });

  it('answers what the intake would then do', async () => {
    const preview = await w.as('operator').get('/api/cases/routing?category=sales&branch=sh').expect(200);
    const { created } = await logCase({ category: 'sales' });
    expect(created.routing).toEqual(preview.body);
  });

  it('names the field in a 422: a service-quality category, an unknown branch, an unknown category', async () => {
    const service = await w.as('operator').get('/api/cases/routing?category=service&branch=sh').expect(422);
    expect(Object.keys(service.body.errors)).toEqual(['category']);
    expect(service.body.errors.category[0]).toMatch(/complaint.*POST \/api\/complaints/);
    const branch = await w.as('operator').get('/api/cases/routing?category=sales&branch=nowhere').expect(422);
    expect(branch.body.errors).toEqual({ branch: ['there is no branch "nowhere"'] });
    const category = await w.as('operator').get('/api/cases/routing?category=billing').expect(422);
    expect(Object.keys(category.body.errors)).toEqual(['category']);
  });

  it('is for operators, engineers and admins only', async () => {
    await w.as('quality').get('/api/cases/routing?category=sales').expect(403);
    await w.as('supervisor').get('/api/cases/routing?category=sales').expect(403);
  });
});
