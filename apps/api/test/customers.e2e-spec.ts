// Customers through the API, with a real worker: records with contacts, sites and equipment; the intake that
// finds a caller by phone (or names the record) and the case that names its customer; the customer page that
// lists its cases, complaints and callbacks; merging duplicates. Every bad input is a clear 4xx, nothing written.
import request from 'supertest';
import { createCasesWorld, eventually, type CasesWorld } from './harness/cases-harness';

let w: CasesWorld;

beforeAll(async () => {
  w = await createCasesWorld();
}, 120_000);

afterAll(async () => {
  await w?.close();
}, 60_000);

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const count = async (table: string) =>
  (await w.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}"`))[0].n;
const patch = (who: 'operator' | 'admin', url: string, body: object) =>
  request(w.app.getHttpServer()).patch(url).set('Authorization', `Bearer ${w.tokens[who]}`).send(body);

interface Customer {
  id: string;
  name: string;
  tier: string;
  phones: string[];
  openCases: number;
  mergedIntoId: string | null;
  contacts: { id: string; name: string; phones: string[]; language: string; consent: boolean }[];
  sites: { id: string; address: string }[];
  equipment: { id: string; model: string; serialNumber: string | null; underWarranty: boolean }[];
  cases: { number: string; kind: string }[];
  callbacks: unknown[];
  evaluations: unknown[];
}

async function register(body: object): Promise<Customer> {
  return (await w.as('operator').post('/api/customers').send(body).expect(201)).body as Customer;
}

async function logCase(body: object): Promise<{ number: string; customer: { id: string | null } }> {
  const created = (
    await w
      .as('operator')
      .post('/api/cases')
      .send({
        kind: 'service_request',
        channel: 'phone',
        category: 'technical',
        description: 'Paper jams on every print',
        branchId: 'sh',
        ...body,
      })
      .expect(201)
  ).body as { number: string; customer: { id: string | null } };
  await eventually(async () =>
    expect(await w.query(`SELECT 1 FROM "cases" WHERE "number" = $1`, [created.number])).toHaveLength(1),
  );
  return created;
}

describe('customer records', () => {
  it('registers an organisation with contacts, sites and equipment, and finds it by a phone as typed', async () => {
    const acme = await register({
      kind: 'organisation',
      name: 'ACME 上海',
      tier: 'gold',
      contacts: [
        {
          name: '王芳',
          phones: ['+86 138-0000-0001', '021 5555 0001'],
          emails: ['Wang@Acme.example'],
          language: 'en',
          consent: true,
        },
      ],
      sites: [{ label: 'HQ', address: '上海市浦东新区世纪大道 100 号', branchId: 'sh' }],
    });
    expect(acme).toMatchObject({
      kind: 'organisation',
      tier: 'gold',
      phones: ['+8613800000001', '02155550001'],
      contacts: [{ name: '王芳', emails: ['wang@acme.example'], language: 'en', consent: true }],
      sites: [{ address: '上海市浦东新区世纪大道 100 号' }],
    });
    const device = await w
      .as('operator')
      .post(`/api/customers/${acme.id}/equipment`)
      .send({
        model: 'Printer X200',
        serialNumber: 'X200-0417',
        installedOn: '2026-03-01',
        warrantyEndsOn: '2099-02-28',
        siteId: acme.sites[0].id,
      })
      .expect(201);
    expect(device.body).toMatchObject({
      model: 'Printer X200',
      installedOn: '2026-03-01',
      underWarranty: true,
    });

    const found = (await w.as('operator').get('/api/customers/lookup?phone=021-5555-0001').expect(200))
      .body as Customer[];
    expect(found.map((c) => c.id)).toEqual([acme.id]);
    expect(found[0].equipment.map((e) => e.serialNumber)).toEqual(['X200-0417']);
    expect(
      (
        await w
          .as('quality')
          .get(`/api/customers/lookup?phone=${encodeURIComponent('+86 139-0000-0000')}`)
          .expect(200)
      ).body,
    ).toEqual([]);
    const listed = await w.as('supervisor').get('/api/customers?q=5555 0001').expect(200);
    expect(listed.body.items.map((c: Customer) => c.id)).toEqual([acme.id]);
    const [entry] = await w.query<{ actor: string }>(
      `SELECT "actor" FROM "audit_log" WHERE "action" = 'customer.create' AND "entity_id" = $1`,
      [acme.id],
    );
    expect(entry).toEqual({ actor: 'operator.e2e' });
  });

  it('answers 404 for an unknown customer and 422 naming the field for a phone that is not a phone, writing nothing', async () => {
    const before = await Promise.all(['customers', 'customer_contacts', 'customer_equipment'].map(count));
    await w.as('operator').get(`/api/customers/${UNKNOWN}`).expect(404);
    await w.as('operator').get('/api/customers/not-a-uuid').expect(404);
    await patch('operator', `/api/customers/${UNKNOWN}`, { tier: 'gold' }).expect(404);
    await w
      .as('operator')
      .post(`/api/customers/${UNKNOWN}/contacts`)
      .send({ name: 'X', phones: ['+8613800000009'] })
      .expect(404);

    const lookup = await w.as('operator').get('/api/customers/lookup?phone=call-me-maybe').expect(422);
    expect(Object.keys(lookup.body.errors)).toEqual(['phone']);
    const badPhone = await w
      .as('operator')
      .post('/api/customers')
      .send({ name: 'Nobody', contacts: [{ name: 'Nobody', phones: ['12ab'] }] })
      .expect(422);
    expect(JSON.stringify(badPhone.body.errors)).toMatch(/phones/);

    const someone = await register({
      name: 'Zhao',
      contacts: [{ name: 'Zhao', phones: ['+8613800000002'] }],
    });
    const other = await register({ name: 'Qian', sites: [{ address: '北京市海淀区 1 号' }] });
    const backwards = await w
      .as('operator')
      .post(`/api/customers/${someone.id}/equipment`)
      .send({ model: 'X', installedOn: '2026-05-01', warrantyEndsOn: '2026-01-01' })
      .expect(422);
    expect(backwards.body.errors).toEqual({
      warrantyEndsOn: ['warrantyEndsOn must not be before installedOn'],
    });
    const notADate = await w
      .as('operator')
      .post(`/api/customers/${someone.id}/equipment`)
      .send({ model: 'X', installedOn: '2026-02-30' })
      .expect(422);
    expect(Object.keys(notADate.body.errors)).toEqual(['installedOn']);
    const foreignSite = await w
      .as('operator')
      .post(`/api/customers/${someone.id}/equipment`)
      .send({ model: 'X', siteId: other.sites[0].id })
      .expect(422);
    expect(Object.keys(foreignSite.body.errors)).toEqual(['siteId']);
    await patch('operator', `/api/customers/${someone.id}/contacts/${UNKNOWN}`, { consent: true }).expect(
      404,
    );
    expect(await Promise.all(['customers', 'customer_contacts', 'customer_equipment'].map(count))).toEqual([
      before[0] + 2,
      before[1] + 1,
      before[2],
    ]);
  });

  it('keeps the directory from engineers (403) and merging to supervisors and admins', async () => {
    await w.as('engineer').get('/api/customers').expect(403);
    await w.as('engineer').get('/api/customers/lookup?phone=%2B8613800000001').expect(403);
    await w.as('quality').post('/api/customers').send({ name: 'X' }).expect(403);
    await w.as('operator').post(`/api/customers/${UNKNOWN}/merge`).send({ duplicateId: UNKNOWN }).expect(403);
  });

  it('records a withdrawn consent at once, audited with before and after', async () => {
    const c = await register({
      name: 'Sun',
      contacts: [{ name: 'Sun', phones: ['+8613800000003'], consent: true }],
    });
    const changed = await patch('operator', `/api/customers/${c.id}/contacts/${c.contacts[0].id}`, {
      consent: false,
    }).expect(200);
    expect(changed.body).toMatchObject({ consent: false });
    const [row] = await w.query<{ consent: boolean; changed: boolean }>(
      `SELECT "consent", "consent_changed_at" IS NOT NULL AS "changed" FROM "customer_contacts" WHERE "id" = $1`,
      [c.contacts[0].id],
    );
    expect(row).toEqual({ consent: false, changed: true });
    const [entry] = await w.query<{ before: { consent: boolean }; after: { consent: boolean } }>(
      `SELECT "before", "after" FROM "audit_log" WHERE "action" = 'customer.contact.update' AND "entity_id" = $1`,
      [c.id],
    );
    expect([entry.before.consent, entry.after.consent]).toEqual([true, false]);
  });
});

describe('cases name their customer', () => {
  it('finds-or-creates the caller’s record by phone and name: a second call from the same phone names the same customer', async () => {
    const before = await count('customers');
    const first = await logCase({
      customer: { name: '李雷', phone: '+86 138-0013-8000', address: '上海市徐汇区 1 号', tier: 'standard' },
    });
    expect(first.customer.id).toEqual(expect.any(String));
    const second = await logCase({ customer: { name: '李雷', phone: '+8613800138000', tier: 'standard' } });
    expect(second.customer.id).toBe(first.customer.id);
    expect(await count('customers')).toBe(before + 1);

    const complaint = (
      await w
        .as('operator')
        .post('/api/complaints')
        .send({
          source: 'phone',
          category: 'technical',
          complexity: 'simple',
          customer: { name: '李雷', phone: '+86 138 0013 8000', tier: 'standard' },
          description: 'Nobody came',
          branchId: 'sh',
        })
        .expect(201)
    ).body as { number: string; customer: { id: string } };
    expect(complaint.customer.id).toBe(first.customer.id);

    const page = await eventually(async () => {
      const body = (await w.as('supervisor').get(`/api/customers/${first.customer.id}`).expect(200))
        .body as Customer;
      expect(body.cases).toHaveLength(3);
      return body;
    });
    expect(page.cases.map((k) => k.number).sort()).toEqual(
      [first.number, second.number, complaint.number].sort(),
    );
    expect(page.sites.map((s) => s.address)).toEqual(['上海市徐汇区 1 号']);
    expect(page.openCases).toBe(3);
    const caseRow = await w.as('supervisor').get(`/api/cases/${first.number}`).expect(200);
    expect(caseRow.body.customer).toMatchObject({ id: first.customer.id, siteId: page.sites[0].id });
  });

  it('takes the customer, contact, site and device by id: the case carries the record’s name, tier, phone, address and model', async () => {
    const org = await register({
      kind: 'organisation',
      name: 'Initech',
      tier: 'gold',
      contacts: [
        { name: 'Peter', phones: ['+8613800000010'] },
        { name: 'Milton', phones: ['+8613800000011'], language: 'en' },
      ],
      sites: [{ address: '杭州市西湖区 9 号' }],
    });
    const device = (
      await w
        .as('operator')
        .post(`/api/customers/${org.id}/equipment`)
        .send({ model: 'Stapler S1' })
        .expect(201)
    ).body as { id: string };
    const created = await logCase({
      customerId: org.id,
      contactId: org.contacts[1].id,
      siteId: org.sites[0].id,
      equipmentId: device.id,
    });
    const shown = (await w.as('supervisor').get(`/api/cases/${created.number}`).expect(200)).body;
    expect(shown).toMatchObject({
      product: 'Stapler S1',
      customer: {
        id: org.id,
        name: 'Initech (Milton)',
        phone: '+8613800000011',
        address: '杭州市西湖区 9 号',
        tier: 'gold',
        contactId: org.contacts[1].id,
        siteId: org.sites[0].id,
        equipmentId: device.id,
      },
    });
    const [row] = await w.query<{ customer_language: string }>(
      `SELECT "customer_language" FROM "cases" WHERE "number" = $1`,
      [created.number],
    );
    expect(row.customer_language).toBe('en');
  });

  it('refuses an intake naming an unknown customer, or a device that is not the customer’s (422), starting nothing', async () => {
    const a = await register({ name: 'A', contacts: [{ name: 'A', phones: ['+8613800000020'] }] });
    const b = await register({ name: 'B' });
    const bDevice = (
      await w.as('operator').post(`/api/customers/${b.id}/equipment`).send({ model: 'M' }).expect(201)
    ).body as { id: string };
    const cases = await count('cases');
    const body = {
      kind: 'service_request',
      channel: 'phone',
      category: 'technical',
      description: 'x',
      branchId: 'sh',
    };
    const unknown = await w
      .as('operator')
      .post('/api/cases')
      .send({ ...body, customerId: UNKNOWN })
      .expect(422);
    expect(Object.keys(unknown.body.errors)).toEqual(['customerId']);
    const foreign = await w
      .as('operator')
      .post('/api/cases')
      .send({ ...body, customerId: a.id, equipmentId: bDevice.id })
      .expect(422);
    expect(Object.keys(foreign.body.errors)).toEqual(['equipmentId']);
    const nobody = await w.as('operator').post('/api/cases').send(body).expect(422);
    expect(Object.keys(nobody.body.errors)).toEqual(['customer']);
    const noPhone = await w
      .as('operator')
      .post('/api/cases')
      .send({ ...body, customerId: b.id })
      .expect(422);
    expect(Object.keys(noPhone.body.errors)).toEqual(['contactId']);
    expect(await count('cases')).toBe(cases);
  });
});

describe('merging duplicates', () => {
  it('moves the duplicate’s cases, complaints and contacts to the survivor, audited; the duplicate points at it', async () => {
    const survivor = await register({
      name: '韩梅梅',
      contacts: [{ name: '韩梅梅', phones: ['+8613900000001'] }],
    });
    const firstCase = await logCase({ customerId: survivor.id });
    const duplicateCase = await logCase({
      customer: { name: '韩 梅梅', phone: '+8613900000002', tier: 'gold' },
    });
    const duplicateId = duplicateCase.customer.id!;
    expect(duplicateId).not.toBe(survivor.id);

    const merged = await w
      .as('supervisor')
      .post(`/api/customers/${survivor.id}/merge`)
      .send({ duplicateId })
      .expect(200);
    expect(merged.body).toMatchObject({ tier: 'gold', phones: ['+8613900000001', '+8613900000002'] });
    const page = (await w.as('operator').get(`/api/customers/${survivor.id}`).expect(200)).body as Customer;
    expect(page.cases.map((k) => k.number).sort()).toEqual([firstCase.number, duplicateCase.number].sort());
    const old = (await w.as('operator').get(`/api/customers/${duplicateId}`).expect(200)).body as Customer;
    expect(old).toMatchObject({ mergedIntoId: survivor.id, cases: [] });
    expect(
      (
        (
          await w
            .as('operator')
            .get(`/api/customers/lookup?phone=${encodeURIComponent('+8613900000002')}`)
            .expect(200)
        ).body as Customer[]
      ).map((c) => c.id),
    ).toEqual([survivor.id]);
    const [entry] = await w.query<{ actor: string; after: { moved: Record<string, number> } }>(
      `SELECT "actor", "after" FROM "audit_log" WHERE "action" = 'customer.merge' AND "entity_id" = $1`,
      [survivor.id],
    );
    expect(entry.actor).toBe('supervisor.e2e');
    expect(entry.after.moved).toMatchObject({ cases: 1, customer_contacts: 1 });
    // The case's next event (from its workflow, which still knows the old id) does not move it back.
    await w
      .as('operator')
      .post(`/api/cases/${duplicateCase.number}/actions/add-note`)
      .send({ text: 'called again' })
      .expect(200);
    const [row] = await w.query<{ customer_id: string }>(
      `SELECT "customer_id" FROM "cases" WHERE "number" = $1`,
      [duplicateCase.number],
    );
    expect(row.customer_id).toBe(survivor.id);
    // A merged record takes no changes (409) and cannot be merged again (422).
    await patch('admin', `/api/customers/${duplicateId}`, { tier: 'standard' }).expect(409);
    const again = await w
      .as('admin')
      .post(`/api/customers/${survivor.id}/merge`)
      .send({ duplicateId })
      .expect(422);
    expect(Object.keys(again.body.errors)).toEqual(['duplicateId']);
  });

  it('refuses to merge a customer into itself (422) and an unknown one (404 / 422), writing nothing', async () => {
    const c = await register({ name: 'Solo' });
    const audits = await count('audit_log');
    const self = await w
      .as('admin')
      .post(`/api/customers/${c.id}/merge`)
      .send({ duplicateId: c.id })
      .expect(422);
    expect(self.body.errors).toEqual({ duplicateId: ['a customer cannot be merged into itself'] });
    await w.as('admin').post(`/api/customers/${UNKNOWN}/merge`).send({ duplicateId: c.id }).expect(404);
    const unknown = await w
      .as('admin')
      .post(`/api/customers/${c.id}/merge`)
      .send({ duplicateId: UNKNOWN })
      .expect(422);
    expect(Object.keys(unknown.body.errors)).toEqual(['duplicateId']);
    const [row] = await w.query<{ merged_into_id: string | null }>(
      `SELECT "merged_into_id" FROM "customers" WHERE "id" = $1`,
      [c.id],
    );
    expect(row.merged_into_id).toBeNull();
    expect(await count('audit_log')).toBe(audits);
  });
});

describe('personal information', () => {
  const phone = '+8613700000001';
  const address = '上海市静安区南京西路 1 号';

  it('masks phones and addresses by role: the hotline sees them, the quality desk the phone only, an admin neither', async () => {
    const logged = await logCase({ customer: { name: '周杰', phone, address, tier: 'standard' } });
    const caseAs = async (who: 'operator' | 'quality' | 'admin') =>
      (await w.as(who).get(`/api/cases/${logged.number}`).expect(200)).body.customer as {
        phone: string;
        address: string;
      };
    expect(await caseAs('operator')).toMatchObject({ phone, address });
    expect(await caseAs('quality')).toMatchObject({ phone, address: '上海市静安区****' });
    expect(await caseAs('admin')).toMatchObject({ phone: '+86137****0001', address: '上海市静安区****' });

    const customerAs = async (who: 'operator' | 'admin') =>
      (await w.as(who).get(`/api/customers/${logged.customer.id}`).expect(200)).body as Customer;
    const full = await customerAs('operator');
    expect(full.phones).toEqual([phone]);
    expect(full.sites[0].address).toBe(address);
    const masked = await customerAs('admin');
    expect(masked.phones).toEqual(['+86137****0001']);
    expect(masked.contacts[0].phones).toEqual(['+86137****0001']);
    expect(masked.sites[0].address).toBe('上海市静安区****');
    const list = await w.as('admin').get('/api/cases?q=周杰').expect(200);
    expect(list.body.items[0].customer.phone).toBe('+86137****0001');
  });

  it('audits every view of a full customer record: who, when, which customer', async () => {
    const c = await register({ name: 'Viewed', contacts: [{ name: 'Viewed', phones: ['+8613700000002'] }] });
    const views = () =>
      w.query<{ actor: string; summary: string }>(
        `SELECT "actor", "summary" FROM "audit_log" WHERE "action" = 'customer.view' AND "entity_id" = $1 ORDER BY "at", "id"`,
        [c.id],
      );
    expect(await views()).toEqual([]);
    await w.as('quality').get(`/api/customers/${c.id}`).expect(200);
    await w.as('operator').get('/api/customers/lookup?phone=13700000002').expect(200); // not that phone
    await w.as('operator').get('/api/customers/lookup?phone=%2B8613700000002').expect(200);
    const seen = await views();
    expect(seen.map((v) => v.actor)).toEqual(['quality.e2e', 'operator.e2e']);
    expect(seen.every((v) => !v.summary.includes('13700000002') && !v.summary.includes('Viewed'))).toBe(true);
  });

  it('erases a customer on request: personal fields anonymised on the record, its cases and complaints, the statistics kept', async () => {
    const erasedPhone = '+8613700000003';
    const logged = await logCase({
      customer: { name: '吴磊', phone: erasedPhone, address: '北京市朝阳区 8 号', tier: 'gold' },
    });
    const id = logged.customer.id!;
    const complaint = (
      await w
        .as('operator')
        .post('/api/complaints')
        .send({
          source: 'phone',
          category: 'technical',
          complexity: 'simple',
          customerId: id,
          description: 'Nobody came',
          branchId: 'sh',
        })
        .expect(201)
    ).body as { number: string };
    await eventually(async () =>
      expect(
        await w.query(`SELECT 1 FROM "complaints" WHERE "number" = $1`, [complaint.number]),
      ).toHaveLength(1),
    );
    const cases = await count('cases');

    await w.as('operator').post(`/api/customers/${id}/erase`).send({ reason: 'asked' }).expect(403);
    const noReason = await w.as('admin').post(`/api/customers/${id}/erase`).send({}).expect(422);
    expect(Object.keys(noReason.body.errors)).toEqual(['reason']);
    await w.as('admin').post(`/api/customers/${UNKNOWN}/erase`).send({ reason: 'asked' }).expect(404);
    const erased = await w
      .as('admin')
      .post(`/api/customers/${id}/erase`)
      .send({ reason: 'Letter of 2026-12-01' })
      .expect(200);
    expect(erased.body).toMatchObject({ name: '(erased)', tier: 'gold', phones: [], totalCases: 2 });
    expect(erased.body.sites.map((s: { address: string }) => s.address)).toEqual(['(erased)']);

    const [row] = await w.query<{
      customer_name: string;
      customer_phone: string;
      customer_address: string | null;
    }>(`SELECT "customer_name", "customer_phone", "customer_address" FROM "cases" WHERE "number" = $1`, [
      logged.number,
    ]);
    expect(row).toEqual({ customer_name: '(erased)', customer_phone: '(erased)', customer_address: null });
    const shown = await w.as('supervisor').get(`/api/complaints/${complaint.number}`).expect(200);
    expect(shown.body.customer).toMatchObject({ name: '(erased)', phone: '(erased)' });
    expect(await count('cases')).toBe(cases);

    // The case's workflow still holds the caller; its next view does not bring them back.
    await w
      .as('operator')
      .post(`/api/cases/${logged.number}/actions/add-note`)
      .send({ text: 'erased' })
      .expect(200);
    const [after] = await w.query<{ customer_name: string; customer_id: string; last_seq: number }>(
      `SELECT "customer_name", "customer_id", "last_seq" FROM "cases" WHERE "number" = $1`,
      [logged.number],
    );
    expect(after).toMatchObject({ customer_name: '(erased)', customer_id: id });
    expect(after.last_seq).toBeGreaterThan(1);

    const lookup = await w
      .as('operator')
      .get(`/api/customers/lookup?phone=${encodeURIComponent(erasedPhone)}`);
    expect(lookup.body).toEqual([]);
    await w.as('admin').post(`/api/customers/${id}/erase`).send({ reason: 'again' }).expect(409);
    await patch('operator', `/api/customers/${id}`, { tier: 'standard' }).expect(409);
    const [entry] = await w.query<Record<string, unknown>>(
      `SELECT * FROM "audit_log" WHERE "action" = 'customer.erase' AND "entity_id" = $1`,
      [id],
    );
    expect(entry.summary).toMatch(/Letter of 2026-12-01/);
    expect(JSON.stringify(entry)).not.toMatch(/13700000003|吴磊|朝阳/);
  });

  it('keeps the retention setting (admin, 1–600 months) and lists the customers kept longer with nothing open', async () => {
    const bad = await request(w.app.getHttpServer())
      .put('/api/privacy/retention')
      .set('Authorization', `Bearer ${w.tokens.admin}`)
      .send({ months: 0 })
      .expect(422);
    expect(Object.keys(bad.body.errors)).toEqual(['months']);
    await request(w.app.getHttpServer())
      .put('/api/privacy/retention')
      .set('Authorization', `Bearer ${w.tokens.operator}`)
      .send({ months: 12 })
      .expect(403);
    const logged = await logCase({ customer: { name: 'Old', phone: '+8613700000004', tier: 'standard' } });
    await w.query(
      `UPDATE "cases" SET "state" = 'closed', "closed_at" = now() - interval '13 months' WHERE "number" = $1`,
      [logged.number],
    );
    const set = await request(w.app.getHttpServer())
      .put('/api/privacy/retention')
      .set('Authorization', `Bearer ${w.tokens.admin}`)
      .send({ months: 12 })
      .expect(200);
    expect(set.body).toMatchObject({ months: 12, updatedBy: 'admin.e2e' });
    expect(set.body.due.map((d: { id: string }) => d.id)).toContain(logged.customer.id);
    const longer = await request(w.app.getHttpServer())
      .put('/api/privacy/retention')
      .set('Authorization', `Bearer ${w.tokens.admin}`)
      .send({ months: 24 })
      .expect(200);
    expect(longer.body.due.map((d: { id: string }) => d.id)).not.toContain(logged.customer.id);
  });
});
