import { createDataSource } from '../data-source';
import { createTestDatabase, TestDatabase } from '../testing';
import { Customers1801200000000 } from './1801200000000-Customers';
import { CustomerErasure1801200000001 } from './1801200000001-CustomerErasure';
import { CareAudienceFromCustomers1801400000000 } from './1801400000000-CareAudienceFromCustomers';

let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createTestDatabase();
});

afterAll(async () => {
  await testDb?.drop();
});

it('moves existing cases and complaints onto one customer record per normalised phone + name, keeping every row and field', async () => {
  const dataSource = createDataSource(testDb.url);
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  const migration = new Customers1801200000000();
  // The later migrations on these tables (erasure, the care-message audience) step back and forward with it,
  // as a revert and a run in order would.
  const erasure = new CustomerErasure1801200000001();
  const audience = new CareAudienceFromCustomers1801400000000();
  const insertCase = (
    number: string,
    name: string,
    phone: string,
    extra: { address?: string; tier?: string; language?: string; receivedAt?: string } = {},
  ) =>
    runner.query(
      `INSERT INTO "cases" ("number", "workflow_id", "kind", "state", "channel", "category", "customer_name",
         "customer_phone", "customer_address", "customer_tier", "customer_language", "product", "description",
         "operator_user_id", "operator_username", "operator_no", "received_at", "policy_id", "policy_version", "last_seq")
       VALUES ($1, 'case-' || $1, 'service_request', 'new', 'phone', 'technical', $2, $3, $4, $5, $6, 'Printer X200',
               'Paper jams', 'u', 'op', 7, $7, 'default', 1, 1)`,
      [
        number,
        name,
        phone,
        extra.address ?? null,
        extra.tier ?? 'standard',
        extra.language ?? 'zh-CN',
        extra.receivedAt ?? '2026-11-01T01:00:00Z',
      ],
    );
  const insertComplaint = (number: string, name: string, phone: string) =>
    runner.query(
      `INSERT INTO "complaints" ("number", "workflow_id", "state", "source", "category", "complexity", "department",
         "customer_name", "customer_phone", "customer_tier", "description", "raised_by", "received_at", "round",
         "round_limit", "policy_id", "policy_version", "view", "last_seq", "updated_at")
       VALUES ($1, 'complaint-' || $1, 'forwarded', 'phone', 'technical', 'simple', 'tech_support', $2, $3,
               'standard', 'Nobody came', 'op', '2026-11-03T00:00:00Z', 1, 3, 'complaints', 1, '{}'::jsonb, 1, now())`,
      [number, name, phone],
    );
  const snapshot = async () => ({
    cases: await runner.query(`SELECT * FROM "cases" ORDER BY "number"`),
    complaints: await runner.query(`SELECT * FROM "complaints" ORDER BY "number"`),
  });
  const withoutCustomerIds = (rows: Record<string, unknown>[]) =>
    rows.map(({ customer_id: _a, contact_id: _b, site_id: _c, equipment_id: _d, ...rest }) => rest);
  try {
    await audience.down(runner);
    await erasure.down(runner);
    await migration.down(runner);
    // Li Lei called three times (phone written two ways, two addresses, gold once, in English last);
    // his colleague Han Mei from the same phone is another customer; Wei once, and complained once.
    await insertCase('20261101-07-0001', '李雷', '+8613800138000', { address: '上海市徐汇区 1 号' });
    await insertCase('20261102-07-0001', ' 李雷 ', '+86 138-0013-8000', {
      address: '上海市徐汇区 1 号',
      tier: 'gold',
      language: 'en',
      receivedAt: '2026-11-02T01:00:00Z',
    });
    await insertCase('20261103-07-0001', '李雷', '+8613800138000', { address: '上海市浦东新区 2 号' });
    await insertCase('20261103-07-0002', '韩梅梅', '+8613800138000');
    await insertCase('20261104-07-0001', 'Wei', '+8613900139000');
    await insertComplaint('C20261104-0001', 'Wei', '+8613900139000');
    const before = await snapshot();

    await migration.up(runner);
    await erasure.up(runner);
    await audience.up(runner);
    const after = await snapshot();
    expect(after.cases).toHaveLength(before.cases.length);
    expect(after.complaints).toHaveLength(before.complaints.length);
    expect(withoutCustomerIds(after.cases)).toEqual(before.cases);
    expect(withoutCustomerIds(after.complaints)).toEqual(
      before.complaints.map((c: Record<string, unknown>) => ({ ...c })),
    );

    const customers: { id: string; name: string; tier: string }[] = await runner.query(
      `SELECT "id", "name", "tier" FROM "customers" ORDER BY "name"`,
    );
    expect(customers.map((c) => [c.name, c.tier])).toEqual([
      ['Wei', 'standard'],
      ['李雷', 'gold'],
      ['韩梅梅', 'standard'],
    ]);
    const byName = Object.fromEntries(customers.map((c) => [c.name, c.id]));
    const named: {
      number: string;
      customer_id: string;
      site: string | null;
      language: string;
      phones: string[];
    }[] = await runner.query(
      `SELECT k."number", k."customer_id", s."address" AS "site", t."language", t."phones"
           FROM "cases" k JOIN "customer_contacts" t ON t."id" = k."contact_id"
           LEFT JOIN "customer_sites" s ON s."id" = k."site_id"
          ORDER BY k."number"`,
    );
    expect(named).toEqual([
      {
        number: '20261101-07-0001',
        customer_id: byName['李雷'],
        site: '上海市徐汇区 1 号',
        language: 'en',
        phones: ['+8613800138000'],
      },
      {
        number: '20261102-07-0001',
        customer_id: byName['李雷'],
        site: '上海市徐汇区 1 号',
        language: 'en',
        phones: ['+8613800138000'],
      },
      {
        number: '20261103-07-0001',
        customer_id: byName['李雷'],
        site: '上海市浦东新区 2 号',
        language: 'en',
        phones: ['+8613800138000'],
      },
      {
        number: '20261103-07-0002',
        customer_id: byName['韩梅梅'],
        site: null,
        language: 'zh-CN',
        phones: ['+8613800138000'],
      },
      {
        number: '20261104-07-0001',
        customer_id: byName['Wei'],
        site: null,
        language: 'zh-CN',
        phones: ['+8613900139000'],
      },
    ]);
    const [complaint]: { customer_id: string }[] = await runner.query(
      `SELECT "customer_id" FROM "complaints"`,
    );
    expect(complaint.customer_id).toBe(byName['Wei']);
    expect(await runner.query(`SELECT count(*)::int AS n FROM "customer_sites"`)).toEqual([{ n: 2 }]);
  } finally {
    await runner.release();
    await dataSource.destroy();
  }
});
