// Customers as the hotline knows them: a person or an organisation with contacts (phones, e-mails, language,
// consent to care messages), sites and installed equipment. Intake finds a caller by phone and names the
// record on the case; duplicates are merged, their cases and complaints following the survivor. Every change
// is one transaction with its audit entry; a refusal writes nothing.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { caseIsOpenSql, complaintIsOpenSql } from '@caseflow/persistence';
import { DomainError, type Customer, type CustomerTier } from '@caseflow/domain';
import { AuditService } from '../audit/audit.service';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { fieldError, isUuid } from '../staff/field-error';
import type {
  ContactDto,
  CreateContactDto,
  CreateCustomerDto,
  CreateEquipmentDto,
  CreateSiteDto,
  CustomerDetailDto,
  CustomerRecordDto,
  CustomerListDto,
  CustomerSummaryDto,
  EquipmentDto,
  ListCustomersQuery,
  RetentionDto,
  SiteDto,
  UpdateContactDto,
  UpdateCustomerDto,
  UpdateEquipmentDto,
  UpdateSiteDto,
} from './dto/customer.dto';

/** What intake names: a customer record (and optionally its contact, site and device). */
export interface CustomerReference {
  customerId: string;
  contactId?: string;
  siteId?: string;
  equipmentId?: string;
}

/** The old inline customer of an intake: found by phone and name, or created. */
export interface InlineCustomer {
  name: string;
  phone: string;
  address?: string;
  tier: CustomerTier;
}

interface CustomerRow {
  id: string;
  kind: 'person' | 'organisation';
  name: string;
  tier: CustomerTier;
  notes: string | null;
  merged_into_id: string | null;
  erased_at: Date | null;
  created_at: Date;
  updated_at: Date;
  phones: string[];
  open_cases: number;
  total_cases: number;
}

interface ContactRow {
  id: string;
  customer_id: string;
  name: string;
  phones: string[];
  emails: string[];
  language: 'zh-CN' | 'en';
  consent: boolean;
}

interface SiteRow {
  id: string;
  customer_id: string;
  label: string | null;
  address: string;
  branch_id: string | null;
}

interface EquipmentRow {
  id: string;
  customer_id: string;
  site_id: string | null;
  model: string;
  serial_number: string | null;
  installed_on: string | null;
  warranty_ends_on: string | null;
}

/** The columns of a customer's part; dates as text (YYYY-MM-DD), not as midnight in some zone. */
const PART_COLUMNS: Record<string, string> = {
  customer_contacts: '*',
  customer_sites: '*',
  customer_equipment: `"id", "customer_id", "site_id", "model", "serial_number", "created_at",
    to_char("installed_on", 'YYYY-MM-DD') AS "installed_on", to_char("warranty_ends_on", 'YYYY-MM-DD') AS "warranty_ends_on"`,
};

/** What an erased personal field reads (the masking in personal-data.ts leaves it as it is). */
export const ERASED = '(erased)';
/** Personal fields are kept this long after a customer's last case closes, until an admin says otherwise. */
export const DEFAULT_RETENTION_MONTHS = 36;

const OPEN_CASE = caseIsOpenSql('k."state"');
const OPEN_COMPLAINT = complaintIsOpenSql('k."state"');

/** A customer row with its phones and case counts; `$WHERE` is replaced by the caller's condition. */
const SELECT_CUSTOMERS = `
  SELECT c.*,
         COALESCE((SELECT array_agg(DISTINCT p ORDER BY p) FROM "customer_contacts" t, unnest(t."phones") p
                    WHERE t."customer_id" = c."id"), '{}') AS "phones",
         (SELECT count(*)::int FROM "cases" k WHERE k."customer_id" = c."id" AND ${OPEN_CASE})
         + (SELECT count(*)::int FROM "complaints" k WHERE k."customer_id" = c."id" AND ${OPEN_COMPLAINT})
           AS "open_cases",
         (SELECT count(*)::int FROM "cases" k WHERE k."customer_id" = c."id")
         + (SELECT count(*)::int FROM "complaints" k WHERE k."customer_id" = c."id") AS "total_cases"
    FROM "customers" c`;

@Injectable()
export class CustomersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(query: ListCustomersQuery): Promise<CustomerListDto> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const where = ['c."merged_into_id" IS NULL', 'c."erased_at" IS NULL'];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (query.tier) where.push(`c."tier" = ${param(query.tier)}`);
    const q = query.q?.trim();
    if (q) {
      const digits = q.replace(/[\s-]/g, '');
      const like = param(`%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
      const phoneMatch = /^\+?\d+$/.test(digits)
        ? ` OR EXISTS (SELECT 1 FROM "customer_contacts" t, unnest(t."phones") p
                        WHERE t."customer_id" = c."id" AND strpos(p, ${param(digits)}) > 0)`
        : '';
      where.push(
        `(c."name" ILIKE ${like} OR EXISTS (SELECT 1 FROM "customer_contacts" t
            WHERE t."customer_id" = c."id" AND t."name" ILIKE ${like})${phoneMatch})`,
      );
    }
    const condition = where.join(' AND ');
    const [{ total }]: { total: number }[] = await this.db.query(
      `SELECT count(*)::int AS "total" FROM "customers" c WHERE ${condition}`,
      params,
    );
    const rows: CustomerRow[] = await this.db.query(
      `${SELECT_CUSTOMERS} WHERE ${condition} ORDER BY c."name", c."id"
        LIMIT ${param(pageSize)} OFFSET ${param((page - 1) * pageSize)}`,
      params,
    );
    return { items: rows.map(toSummary), total, page, pageSize };
  }

  /**
   * The customers one of whose contacts has this phone (normalised), most open cases first. Each full record
   * answered is a view of personal information: audited (who, when, which customer).
   */
  async lookup(phone: string, user?: AuthenticatedUser, ip?: string): Promise<CustomerRecordDto[]> {
    const rows: CustomerRow[] = await this.db.query(
      `${SELECT_CUSTOMERS}
        WHERE c."merged_into_id" IS NULL
          AND EXISTS (SELECT 1 FROM "customer_contacts" t WHERE t."customer_id" = c."id" AND t."phones" @> ARRAY[$1])
        ORDER BY "open_cases" DESC, c."updated_at" DESC, c."id"
        LIMIT 20`,
      [phone],
    );
    const found = await this.withParts(rows, this.db.manager);
    if (user) for (const c of found) await this.recordView(user, c.id, 'looked up by phone', ip);
    return found;
  }

  /** A view of a customer's full record, in the audit log (no personal field in the entry itself). */
  private async recordView(user: AuthenticatedUser, id: string, how: string, ip?: string): Promise<void> {
    await this.audit.record({
      actorId: user.id,
      actor: user.username,
      action: 'customer.view',
      entityType: 'customer',
      entityId: id,
      summary: `${user.username} viewed customer ${id} (${how})`,
      ip: ip ?? null,
    });
  }

  async get(id: string, manager: EntityManager = this.db.manager): Promise<CustomerRecordDto> {
    const row = await this.row(id, manager);
    return (await this.withParts([row], manager))[0];
  }

  /**
   * The customer with everything it ever asked of us: cases, complaints, callbacks, evaluations. A view of
   * personal information: audited (who, when, which customer).
   */
  async detail(id: string, user?: AuthenticatedUser, ip?: string): Promise<CustomerDetailDto> {
    const customer = await this.get(id);
    if (user) await this.recordView(user, id, 'the customer page', ip);
    const cases: {
      number: string;
      kind: string;
      state: string;
      category: string;
      description: string;
      product: string | null;
      equipment_id: string | null;
      received_at: Date;
    }[] = await this.db.query(
      `SELECT "number", "kind", "state", "category", "description", "product", "equipment_id", "received_at"
         FROM "cases" WHERE "customer_id" = $1
       UNION ALL
       SELECT "number", 'complaint', "state", "category", "description", NULL, NULL, "received_at"
         FROM "complaints" WHERE "customer_id" = $1
       ORDER BY "received_at" DESC, "number"`,
      [id],
    );
    const callbacks: {
      id: string;
      case_number: string;
      level: number;
      reached: boolean;
      satisfaction: number | null;
      remarks: string | null;
      recorded_at: Date;
    }[] = await this.db.query(
      `SELECT b."id", b."case_number", b."level", b."reached", b."satisfaction", b."remarks", b."recorded_at"
         FROM "callbacks" b
        WHERE b."case_number" IN (SELECT "number" FROM "cases" WHERE "customer_id" = $1
                                  UNION ALL SELECT "number" FROM "complaints" WHERE "customer_id" = $1)
        ORDER BY b."recorded_at" DESC, b."id"`,
      [id],
    );
    const evaluations: {
      id: string;
      month: string;
      staff_id: string;
      comments: string | null;
      extremely_dissatisfied: boolean;
      created_at: Date;
    }[] = customer.phones.length
      ? await this.db.query(
          `SELECT "id", to_char("month", 'YYYY-MM-DD') AS "month", "staff_id", "comments",
                  "extremely_dissatisfied", "created_at"
             FROM "evaluations" WHERE "customer_phone" = ANY ($1::text[])
            ORDER BY "created_at" DESC, "id"`,
          [customer.phones],
        )
      : [];
    return {
      ...customer,
      cases: cases.map((k) => ({
        number: k.number,
        kind: k.kind,
        state: k.state,
        category: k.category,
        description: k.description,
        product: k.product,
        equipmentId: k.equipment_id,
        receivedAt: k.received_at.toISOString(),
      })),
      callbacks: callbacks.map((b) => ({
        id: b.id,
        caseNumber: b.case_number,
        level: b.level,
        reached: b.reached,
        satisfaction: b.satisfaction,
        remarks: b.remarks,
        recordedAt: b.recorded_at.toISOString(),
      })),
      evaluations: evaluations.map((e) => ({
        id: e.id,
        month: e.month,
        staffId: e.staff_id,
        comments: e.comments,
        extremelyDissatisfied: e.extremely_dissatisfied,
        createdAt: e.created_at.toISOString(),
      })),
    };
  }

  async create(user: AuthenticatedUser, body: CreateCustomerDto, ip?: string): Promise<CustomerRecordDto> {
    return this.db.transaction(async (tx) => {
      for (const [i, site] of (body.sites ?? []).entries())
        await this.checkBranch(tx, site.branchId, `sites.${i}.branchId`);
      const id = await this.insertCustomer(tx, body);
      const customer = await this.get(id, tx);
      await this.audit.change(tx, user, {
        action: 'customer.create',
        entityType: 'customer',
        entityId: id,
        summary: `${user.username} registered customer ${id}`,
        after: { kind: customer.kind, tier: customer.tier, contacts: customer.contacts.length },
        ip: ip ?? null,
      });
      return customer;
    });
  }

  async update(
    user: AuthenticatedUser,
    id: string,
    body: UpdateCustomerDto,
    ip?: string,
  ): Promise<CustomerRecordDto> {
    return this.db.transaction(async (tx) => {
      const before = await this.lockLive(tx, id);
      await tx.query(
        `UPDATE "customers" SET "kind" = COALESCE($2, "kind"), "name" = COALESCE($3, "name"),
                "tier" = COALESCE($4, "tier"), "notes" = COALESCE($5, "notes"), "updated_at" = now()
          WHERE "id" = $1`,
        [id, body.kind ?? null, body.name ?? null, body.tier ?? null, body.notes ?? null],
      );
      const after = await this.get(id, tx);
      await this.audit.change(tx, user, {
        action: 'customer.update',
        entityType: 'customer',
        entityId: id,
        summary: `${user.username} changed customer ${id}`,
        before: { kind: before.kind, tier: before.tier },
        after: {
          kind: after.kind,
          tier: after.tier,
          ...(after.name !== before.name ? { nameChanged: true } : {}),
          ...(after.notes !== before.notes ? { notesChanged: true } : {}),
        },
        ip: ip ?? null,
      });
      return after;
    });
  }

  async addContact(
    user: AuthenticatedUser,
    id: string,
    body: CreateContactDto,
    ip?: string,
  ): Promise<ContactDto> {
    return this.db.transaction(async (tx) => {
      await this.lockLive(tx, id);
      const contactId = await this.insertContact(tx, id, body);
      const contact = toContact(
        (await this.parts<ContactRow>(tx, 'customer_contacts', [id])).find((c) => c.id === contactId)!,
      );
      await this.touchAndAudit(
        tx,
        user,
        id,
        'customer.contact.add',
        'added a contact',
        undefined,
        contact,
        ip,
      );
      return contact;
    });
  }

  async updateContact(
    user: AuthenticatedUser,
    id: string,
    contactId: string,
    body: UpdateContactDto,
    ip?: string,
  ): Promise<ContactDto> {
    return this.db.transaction(async (tx) => {
      await this.lockLive(tx, id);
      const before = await this.part<ContactRow>(tx, 'customer_contacts', id, contactId, 'contact');
      await tx.query(
        `UPDATE "customer_contacts" SET "name" = COALESCE($3, "name"), "phones" = COALESCE($4, "phones"),
                "emails" = COALESCE($5, "emails"), "language" = COALESCE($6, "language"),
                "consent" = COALESCE($7, "consent"),
                "consent_changed_at" = CASE WHEN $7::boolean IS DISTINCT FROM "consent" AND $7 IS NOT NULL
                                            THEN now() ELSE "consent_changed_at" END,
                "updated_at" = now()
          WHERE "id" = $2 AND "customer_id" = $1`,
        [
          id,
          contactId,
          body.name ?? null,
          body.phones ? unique(body.phones) : null,
          body.emails ? unique(body.emails) : null,
          body.language ?? null,
          body.consent ?? null,
        ],
      );
      const after = toContact(await this.part<ContactRow>(tx, 'customer_contacts', id, contactId, 'contact'));
      await this.touchAndAudit(
        tx,
        user,
        id,
        'customer.contact.update',
        'changed a contact',
        toContact(before),
        after,
        ip,
      );
      return after;
    });
  }

  async addSite(user: AuthenticatedUser, id: string, body: CreateSiteDto, ip?: string): Promise<SiteDto> {
    return this.db.transaction(async (tx) => {
      await this.lockLive(tx, id);
      await this.checkBranch(tx, body.branchId, 'branchId');
      const [{ id: siteId }]: { id: string }[] = await tx.query(
        `INSERT INTO "customer_sites" ("customer_id", "label", "address", "branch_id") VALUES ($1, $2, $3, $4)
         RETURNING "id"`,
        [id, body.label ?? null, body.address, body.branchId ?? null],
      );
      const site = toSite(await this.part<SiteRow>(tx, 'customer_sites', id, siteId, 'site'));
      await this.touchAndAudit(tx, user, id, 'customer.site.add', 'added a site', undefined, site, ip);
      return site;
    });
  }

  async updateSite(
    user: AuthenticatedUser,
    id: string,
    siteId: string,
    body: UpdateSiteDto,
    ip?: string,
  ): Promise<SiteDto> {
    return this.db.transaction(async (tx) => {
      await this.lockLive(tx, id);
      const before = toSite(await this.part<SiteRow>(tx, 'customer_sites', id, siteId, 'site'));
      await this.checkBranch(tx, body.branchId, 'branchId');
      await tx.query(
        `UPDATE "customer_sites" SET "label" = COALESCE($3, "label"), "address" = COALESCE($4, "address"),
                "branch_id" = COALESCE($5, "branch_id"), "updated_at" = now()
          WHERE "id" = $2 AND "customer_id" = $1`,
        [id, siteId, body.label ?? null, body.address ?? null, body.branchId ?? null],
      );
      const after = toSite(await this.part<SiteRow>(tx, 'customer_sites', id, siteId, 'site'));
      await this.touchAndAudit(tx, user, id, 'customer.site.update', 'changed a site', before, after, ip);
      return after;
    });
  }

  async addEquipment(
    user: AuthenticatedUser,
    id: string,
    body: CreateEquipmentDto,
    ip?: string,
  ): Promise<EquipmentDto> {
    return this.db.transaction(async (tx) => {
      await this.lockLive(tx, id);
      await this.checkEquipment(tx, id, body);
      const [{ id: equipmentId }]: { id: string }[] = await tx.query(
        `INSERT INTO "customer_equipment" ("customer_id", "site_id", "model", "serial_number", "installed_on",
           "warranty_ends_on") VALUES ($1, $2, $3, $4, $5, $6) RETURNING "id"`,
        [
          id,
          body.siteId ?? null,
          body.model,
          body.serialNumber || null,
          body.installedOn ?? null,
          body.warrantyEndsOn ?? null,
        ],
      );
      const device = toEquipment(
        await this.part<EquipmentRow>(tx, 'customer_equipment', id, equipmentId, 'equipment'),
      );
      await this.touchAndAudit(
        tx,
        user,
        id,
        'customer.equipment.add',
        'added a device',
        undefined,
        device,
        ip,
      );
      return device;
    });
  }

  async updateEquipment(
    user: AuthenticatedUser,
    id: string,
    equipmentId: string,
    body: UpdateEquipmentDto,
    ip?: string,
  ): Promise<EquipmentDto> {
    return this.db.transaction(async (tx) => {
      await this.lockLive(tx, id);
      const row = await this.part<EquipmentRow>(tx, 'customer_equipment', id, equipmentId, 'equipment');
      await this.checkEquipment(tx, id, {
        siteId: body.siteId,
        installedOn: body.installedOn ?? row.installed_on ?? undefined,
        warrantyEndsOn: body.warrantyEndsOn ?? row.warranty_ends_on ?? undefined,
      });
      await tx.query(
        `UPDATE "customer_equipment" SET "site_id" = COALESCE($3, "site_id"), "model" = COALESCE($4, "model"),
                "serial_number" = COALESCE($5, "serial_number"), "installed_on" = COALESCE($6, "installed_on"),
                "warranty_ends_on" = COALESCE($7, "warranty_ends_on"), "updated_at" = now()
          WHERE "id" = $2 AND "customer_id" = $1`,
        [
          id,
          equipmentId,
          body.siteId ?? null,
          body.model ?? null,
          body.serialNumber ?? null,
          body.installedOn ?? null,
          body.warrantyEndsOn ?? null,
        ],
      );
      const after = toEquipment(
        await this.part<EquipmentRow>(tx, 'customer_equipment', id, equipmentId, 'equipment'),
      );
      await this.touchAndAudit(
        tx,
        user,
        id,
        'customer.equipment.update',
        'changed a device',
        toEquipment(row),
        after,
        ip,
      );
      return after;
    });
  }

  /**
   * Merges a duplicate into this customer: its contacts, sites and equipment, its cases and complaints (and so
   * their callbacks) move here; the duplicate stays as a pointer (`mergedIntoId`). Audited with what moved.
   */
  async merge(
    user: AuthenticatedUser,
    id: string,
    duplicateId: string,
    ip?: string,
  ): Promise<CustomerRecordDto> {
    if (duplicateId === id) throw fieldError('duplicateId', 'a customer cannot be merged into itself');
    return this.db.transaction(async (tx) => {
      // Both rows locked in id order, so two merges of the same pair cannot deadlock.
      await tx.query(`SELECT 1 FROM "customers" WHERE "id" = ANY ($1::uuid[]) ORDER BY "id" FOR UPDATE`, [
        [id, duplicateId].filter(isUuid),
      ]);
      const survivor = await this.lockLive(tx, id);
      const [duplicate]: { merged_into_id: string | null; erased_at: Date | null }[] = isUuid(duplicateId)
        ? await tx.query(`SELECT "merged_into_id", "erased_at" FROM "customers" WHERE "id" = $1`, [
            duplicateId,
          ])
        : [];
      if (!duplicate) throw fieldError('duplicateId', `there is no customer "${duplicateId}"`);
      if (duplicate.erased_at)
        throw fieldError('duplicateId', `customer "${duplicateId}" was erased on request`);
      if (duplicate.merged_into_id)
        throw fieldError(
          'duplicateId',
          `customer "${duplicateId}" was already merged into ${duplicate.merged_into_id}`,
        );
      const moved: Record<string, number> = {};
      for (const [table, column] of [
        ['customer_contacts', 'customer_id'],
        ['customer_sites', 'customer_id'],
        ['customer_equipment', 'customer_id'],
        ['cases', 'customer_id'],
        ['complaints', 'customer_id'],
      ] as const) {
        const [{ n }]: { n: number }[] = await tx.query(
          `WITH "moved" AS (UPDATE "${table}" SET "${column}" = $1 WHERE "${column}" = $2 RETURNING 1)
           SELECT count(*)::int AS "n" FROM "moved"`,
          [id, duplicateId],
        );
        moved[table] = n;
      }
      await tx.query(
        `UPDATE "customers" SET "merged_into_id" = $1, "merged_at" = now(), "updated_at" = now() WHERE "id" = $2`,
        [id, duplicateId],
      );
      // A gold duplicate keeps its gold service in the survivor.
      await tx.query(
        `UPDATE "customers" SET "tier" = 'gold', "updated_at" = now()
          WHERE "id" = $1 AND EXISTS (SELECT 1 FROM "customers" WHERE "id" = $2 AND "tier" = 'gold')`,
        [id, duplicateId],
      );
      const after = await this.get(id, tx);
      await this.audit.change(tx, user, {
        action: 'customer.merge',
        entityType: 'customer',
        entityId: id,
        summary:
          `${user.username} merged customer ${duplicateId} into ${id}: ` +
          `${moved.cases} cases, ${moved.complaints} complaints, ${moved.customer_contacts} contacts moved`,
        before: { duplicateId, survivorTier: survivor.tier },
        after: { mergedInto: id, moved, tier: after.tier },
        ip: ip ?? null,
      });
      return after;
    });
  }

  /**
   * Erasure on request: the customer's personal fields (names, phones, e-mails, addresses, serial numbers)
   * are anonymised in its record, its merged duplicates, and everywhere they were copied — its cases' and
   * complaints' customer snapshot and timelines, callbacks, evaluations, the month-end sample, notifications
   * (a customer message not yet sent is not sent). Kind, tier, equipment models and every case statistic stay.
   * One transaction, audited with the reason and the counts (no personal field in the entry).
   */
  async erase(user: AuthenticatedUser, id: string, reason: string, ip?: string): Promise<CustomerRecordDto> {
    return this.db.transaction(async (tx) => {
      const row = await this.lockLive(tx, id);
      const ids: string[] = [
        id,
        ...(
          (await tx.query(`SELECT "id" FROM "customers" WHERE "merged_into_id" = $1`, [id])) as {
            id: string;
          }[]
        ).map((r) => r.id),
      ];
      const [{ numbers, names, phones }]: { numbers: string[]; names: string[]; phones: string[] }[] =
        await tx.query(
          `SELECT
             ARRAY(SELECT "number" FROM "cases" WHERE "customer_id" = $1
                   UNION SELECT "number" FROM "complaints" WHERE "customer_id" = $1) AS "numbers",
             ARRAY(SELECT DISTINCT n FROM (
                     SELECT "customer_name" AS n FROM "cases" WHERE "customer_id" = $1
                     UNION SELECT "customer_name" FROM "complaints" WHERE "customer_id" = $1
                     UNION SELECT "name" FROM "customers" WHERE "id" = ANY ($2::uuid[])
                     UNION SELECT "name" FROM "customer_contacts" WHERE "customer_id" = ANY ($2::uuid[])) x
                   WHERE length(btrim(n)) > 1 ORDER BY n) AS "names",
             ARRAY(SELECT DISTINCT p FROM (
                     SELECT "customer_phone" AS p FROM "cases" WHERE "customer_id" = $1
                     UNION SELECT "customer_phone" FROM "complaints" WHERE "customer_id" = $1
                     UNION SELECT unnest("phones") FROM "customer_contacts" WHERE "customer_id" = ANY ($2::uuid[])) y
                   ORDER BY p) AS "phones"`,
          [id, ids],
        );
      const count = async (sql: string, params: unknown[]) =>
        (
          (await tx.query(
            `WITH "changed" AS (${sql} RETURNING 1) SELECT count(*)::int AS "n" FROM "changed"`,
            params,
          )) as {
            n: number;
          }[]
        )[0].n;
      const erased: Record<string, number> = {};
      erased.customers = await count(
        `UPDATE "customers" SET "name" = '${ERASED}', "notes" = NULL, "erased_at" = now(), "updated_at" = now()
          WHERE "id" = ANY ($1::uuid[])`,
        [ids],
      );
      erased.contacts = await count(
        `UPDATE "customer_contacts" SET "name" = '${ERASED}', "phones" = '{}', "emails" = '{}', "consent" = false,
                "consent_changed_at" = now(), "updated_at" = now() WHERE "customer_id" = ANY ($1::uuid[])`,
        [ids],
      );
      erased.sites = await count(
        `UPDATE "customer_sites" SET "address" = '${ERASED}', "label" = NULL, "updated_at" = now()
          WHERE "customer_id" = ANY ($1::uuid[])`,
        [ids],
      );
      erased.equipment = await count(
        `UPDATE "customer_equipment" SET "serial_number" = NULL, "updated_at" = now()
          WHERE "customer_id" = ANY ($1::uuid[]) AND "serial_number" IS NOT NULL`,
        [ids],
      );
      erased.cases = await count(
        `UPDATE "cases" SET "customer_name" = '${ERASED}', "customer_phone" = '${ERASED}', "customer_address" = NULL
          WHERE "customer_id" = $1`,
        [id],
      );
      erased.complaints = await count(
        `UPDATE "complaints" SET "customer_name" = '${ERASED}', "customer_phone" = '${ERASED}',
                "view" = jsonb_set("view", '{customer}',
                  (COALESCE("view" -> 'customer', '{}'::jsonb) - 'address')
                  || '{"name": "${ERASED}", "phone": "${ERASED}"}'::jsonb)
          WHERE "customer_id" = $1`,
        [id],
      );
      erased.callbacks = await count(
        `UPDATE "callback_tasks" SET "customer_name" = '${ERASED}', "customer_phone" = '${ERASED}'
          WHERE "case_number" = ANY ($1::text[]) OR "customer_phone" = ANY ($2::text[])`,
        [numbers, phones],
      );
      erased.evaluations = await count(
        `UPDATE "evaluations" SET "customer_name" = '${ERASED}', "customer_phone" = NULL
          WHERE "customer_phone" = ANY ($1::text[])`,
        [phones],
      );
      erased.sampled = await count(
        `UPDATE "sample_cases" SET "customer_phone" = '${ERASED}' WHERE "case_number" = ANY ($1::text[])`,
        [numbers],
      );
      // Words already written (timelines, messages) lose the names and phones they quote.
      const scrub = (column: string) =>
        [...names, ...phones].reduce(
          (sql, _value, i) => `replace(${sql}, $${i + 2}::text, '${ERASED}')`,
          `"${column}"`,
        );
      const words = [...names, ...phones];
      erased.caseEvents = await count(
        `UPDATE "case_events" SET "summary" = ${scrub('summary')} WHERE "case_number" = ANY ($1::text[])
            AND "summary" IS DISTINCT FROM ${scrub('summary')}`,
        [numbers, ...words],
      );
      erased.complaintEvents = await count(
        `UPDATE "complaint_events" SET "summary" = ${scrub('summary')} WHERE "complaint_number" = ANY ($1::text[])
            AND "summary" IS DISTINCT FROM ${scrub('summary')}`,
        [numbers, ...words],
      );
      erased.notifications = await count(
        `UPDATE "notifications"
            SET "recipient_address" = CASE WHEN "recipient_kind" = 'customer' THEN '${ERASED}' ELSE "recipient_address" END,
                "data" = CASE WHEN "data" ? 'customerName' THEN "data" || '{"customerName": "${ERASED}"}'::jsonb ELSE "data" END,
                "subject" = ${scrub('subject')}, "body" = ${scrub('body')},
                "status" = CASE WHEN "recipient_kind" = 'customer' AND "status" IN ('pending', 'failed')
                                THEN 'undeliverable' ELSE "status" END,
                "last_error" = CASE WHEN "recipient_kind" = 'customer' AND "status" IN ('pending', 'failed')
                                    THEN 'the customer was erased on request' ELSE "last_error" END
          WHERE "case_number" = ANY ($1::text[])`,
        [numbers, ...words],
      );
      const after = await this.get(id, tx);
      await this.audit.change(tx, user, {
        action: 'customer.erase',
        entityType: 'customer',
        entityId: id,
        summary: `${user.username} erased the personal fields of customer ${id} on request: ${reason}`,
        before: { tier: row.tier, cases: row.total_cases },
        after: { reason, erased },
        ip: ip ?? null,
      });
      return after;
    });
  }

  /** The retention setting: how many months after its last case closes a customer's personal fields are kept. */
  async retention(): Promise<RetentionDto> {
    const [row]: { value: { months?: number }; updated_by: string | null; updated_at: Date }[] =
      await this.db.query(
        `SELECT "value", "updated_by", "updated_at" FROM "settings" WHERE "key" = 'customer-retention'`,
      );
    const months = row?.value.months ?? DEFAULT_RETENTION_MONTHS;
    // Due: not erased, nothing open, the last case or complaint closed more than `months` ago.
    const due: { id: string; last_closed_at: Date }[] = await this.db.query(
      `SELECT c."id", x."last_closed_at" FROM "customers" c
         JOIN LATERAL (
           SELECT max(COALESCE(k."closed_at", k."updated_at")) AS "last_closed_at",
                  bool_or(k."open") AS "open"
             FROM (SELECT "closed_at", "updated_at", ${caseIsOpenSql('"state"')} AS "open"
                     FROM "cases" WHERE "customer_id" = c."id"
                   UNION ALL
                   SELECT "closed_at", "updated_at", ${complaintIsOpenSql('"state"')}
                     FROM "complaints" WHERE "customer_id" = c."id") k) x ON true
        WHERE c."erased_at" IS NULL AND c."merged_into_id" IS NULL AND NOT COALESCE(x."open", false)
          AND x."last_closed_at" < now() - make_interval(months => $1)
        ORDER BY x."last_closed_at", c."id" LIMIT 100`,
      [months],
    );
    return {
      months,
      updatedBy: row?.updated_by ?? null,
      updatedAt: row ? row.updated_at.toISOString() : null,
      due: due.map((d) => ({ id: d.id, lastClosedAt: d.last_closed_at.toISOString() })),
    };
  }

  async setRetention(user: AuthenticatedUser, months: number, ip?: string): Promise<RetentionDto> {
    await this.db.transaction(async (tx) => {
      const [before]: { value: { months?: number } }[] = await tx.query(
        `SELECT "value" FROM "settings" WHERE "key" = 'customer-retention' FOR UPDATE`,
      );
      await tx.query(
        `INSERT INTO "settings" ("key", "value", "updated_by", "updated_at") VALUES ('customer-retention', $1::jsonb, $2, now())
         ON CONFLICT ("key") DO UPDATE SET "value" = EXCLUDED."value", "updated_by" = EXCLUDED."updated_by",
           "updated_at" = now()`,
        [JSON.stringify({ months }), user.username],
      );
      await this.audit.change(tx, user, {
        action: 'customer.retention',
        entityType: 'setting',
        entityId: 'customer-retention',
        summary: `${user.username} set customers' personal fields to be kept ${months} months after their last case closes`,
        before: { months: before?.value.months ?? DEFAULT_RETENTION_MONTHS },
        after: { months },
        ip: ip ?? null,
      });
    });
    return this.retention();
  }

  /**
   * The customer snapshot a new case or complaint carries, from a reference (checked: a 422 naming the field
   * when the customer, contact, site or device is not the customer's) or from an inline customer (found by
   * phone and name among the records, created when there is none).
   */
  async forIntake(
    reference: Partial<CustomerReference>,
    inline: InlineCustomer | undefined,
  ): Promise<{ customer: Customer; product?: string }> {
    if (reference.customerId !== undefined) return this.fromReference(reference as CustomerReference, inline);
    if (!inline)
      throw fieldError('customer', 'name the customer: customerId, or customer with name, phone and tier');
    return this.db.transaction(async (tx) => {
      // One caller at a time per phone: two intakes of a new caller at the same moment make one record.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('customer-phone:' || $1, 0))`, [
        inline.phone,
      ]);
      const [found]: { customer_id: string; contact_id: string; language: 'zh-CN' | 'en' }[] = await tx.query(
        `SELECT t."customer_id", t."id" AS "contact_id", t."language"
           FROM "customer_contacts" t JOIN "customers" c ON c."id" = t."customer_id"
          WHERE t."phones" @> ARRAY[$1] AND c."merged_into_id" IS NULL
            AND (lower(btrim(c."name")) = lower(btrim($2)) OR lower(btrim(t."name")) = lower(btrim($2)))
          ORDER BY t."created_at", t."id" LIMIT 1`,
        [inline.phone, inline.name],
      );
      let customerId: string;
      let contactId: string;
      let language: 'zh-CN' | 'en' = 'zh-CN';
      if (found) {
        ({ customer_id: customerId, contact_id: contactId, language } = found);
      } else {
        customerId = await this.insertCustomer(tx, {
          name: inline.name,
          tier: inline.tier,
          contacts: [{ name: inline.name, phones: [inline.phone] }],
        });
        [{ id: contactId }] = await tx.query(
          `SELECT "id" FROM "customer_contacts" WHERE "customer_id" = $1`,
          [customerId],
        );
      }
      let siteId: string | undefined;
      if (inline.address) {
        const [site]: { id: string }[] = await tx.query(
          `SELECT "id" FROM "customer_sites" WHERE "customer_id" = $1 AND btrim("address") = btrim($2)
            ORDER BY "created_at", "id" LIMIT 1`,
          [customerId, inline.address],
        );
        siteId =
          site?.id ??
          (
            (await tx.query(
              `INSERT INTO "customer_sites" ("customer_id", "address") VALUES ($1, $2) RETURNING "id"`,
              [customerId, inline.address],
            )) as { id: string }[]
          )[0].id;
      }
      return {
        customer: {
          name: inline.name,
          phone: inline.phone,
          ...(inline.address ? { address: inline.address } : {}),
          tier: inline.tier,
          language,
          id: customerId,
          contactId,
          ...(siteId ? { siteId } : {}),
        },
      };
    });
  }

  private async fromReference(
    reference: CustomerReference,
    inline: InlineCustomer | undefined,
  ): Promise<{ customer: Customer; product?: string }> {
    const m = this.db.manager;
    const [row]: CustomerRow[] = isUuid(reference.customerId)
      ? await m.query(`SELECT * FROM "customers" WHERE "id" = $1`, [reference.customerId])
      : [];
    if (!row) throw fieldError('customerId', `there is no customer "${reference.customerId}"`);
    if (row.erased_at)
      throw fieldError('customerId', `customer "${reference.customerId}" was erased on request`);
    if (row.merged_into_id)
      throw fieldError(
        'customerId',
        `customer "${reference.customerId}" was merged into ${row.merged_into_id}: name that one`,
      );
    const own = async <T>(table: string, field: keyof CustomerReference, partId: string | undefined) => {
      if (partId === undefined) return undefined;
      const [part]: T[] = isUuid(partId)
        ? await m.query(
            `SELECT ${PART_COLUMNS[table]} FROM "${table}" WHERE "id" = $1 AND "customer_id" = $2`,
            [partId, row.id],
          )
        : [];
      if (!part)
        throw fieldError(field, `"${partId}" is not one of this customer’s ${field.replace(/Id$/, 's')}`);
      return part;
    };
    const contacts: ContactRow[] = await m.query(
      `SELECT * FROM "customer_contacts" WHERE "customer_id" = $1 ORDER BY "created_at", "id"`,
      [row.id],
    );
    const contact =
      (await own<ContactRow>('customer_contacts', 'contactId', reference.contactId)) ?? contacts[0];
    const site = await own<SiteRow>('customer_sites', 'siteId', reference.siteId);
    const device = await own<EquipmentRow>('customer_equipment', 'equipmentId', reference.equipmentId);
    const phone = inline?.phone ?? contact?.phones[0];
    if (!phone)
      throw fieldError(
        'contactId',
        'the customer has no phone on record: give customer.phone, or add one to a contact',
      );
    const address = site?.address ?? inline?.address;
    return {
      customer: {
        name: row.kind === 'organisation' && contact ? `${row.name} (${contact.name})` : row.name,
        phone,
        ...(address ? { address } : {}),
        tier: row.tier,
        language: contact?.language ?? 'zh-CN',
        id: row.id,
        ...(contact ? { contactId: contact.id } : {}),
        ...(site ? { siteId: site.id } : {}),
        ...(device ? { equipmentId: device.id } : {}),
      },
      ...(device ? { product: device.model } : {}),
    };
  }

  private async insertCustomer(tx: EntityManager, body: CreateCustomerDto): Promise<string> {
    const [{ id }]: { id: string }[] = await tx.query(
      `INSERT INTO "customers" ("kind", "name", "tier", "notes") VALUES ($1, $2, $3, $4) RETURNING "id"`,
      [body.kind ?? 'person', body.name, body.tier ?? 'standard', body.notes ?? null],
    );
    for (const contact of body.contacts ?? []) await this.insertContact(tx, id, contact);
    for (const site of body.sites ?? []) {
      await tx.query(
        `INSERT INTO "customer_sites" ("customer_id", "label", "address", "branch_id") VALUES ($1, $2, $3, $4)`,
        [id, site.label ?? null, site.address, site.branchId ?? null],
      );
    }
    return id;
  }

  private async insertContact(
    tx: EntityManager,
    customerId: string,
    body: CreateContactDto,
  ): Promise<string> {
    const [{ id }]: { id: string }[] = await tx.query(
      `INSERT INTO "customer_contacts" ("customer_id", "name", "phones", "emails", "language", "consent",
         "consent_changed_at")
       VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $6 THEN now() END) RETURNING "id"`,
      [
        customerId,
        body.name,
        unique(body.phones ?? []),
        unique(body.emails ?? []),
        body.language ?? 'zh-CN',
        body.consent ?? false,
      ],
    );
    return id;
  }

  private async row(id: string, manager: EntityManager): Promise<CustomerRow> {
    const [row]: CustomerRow[] = isUuid(id)
      ? await manager.query(`${SELECT_CUSTOMERS} WHERE c."id" = $1`, [id])
      : [];
    if (!row) throw DomainError.notFound(`There is no customer "${id}".`, { id });
    return row;
  }

  /** Locks a customer for a change; a merged one is refused (409), its survivor is where changes go. */
  private async lockLive(tx: EntityManager, id: string): Promise<CustomerRow> {
    if (isUuid(id)) await tx.query(`SELECT 1 FROM "customers" WHERE "id" = $1 FOR UPDATE`, [id]);
    const row = await this.row(id, tx);
    if (row.erased_at) {
      throw DomainError.conflict(`Customer "${id}" was erased on request; it takes no changes.`, { id });
    }
    if (row.merged_into_id) {
      throw DomainError.conflict(
        `Customer "${id}" was merged into ${row.merged_into_id}; change that one instead.`,
        { id, mergedIntoId: row.merged_into_id },
      );
    }
    return row;
  }

  private async part<T>(
    tx: EntityManager,
    table: string,
    customerId: string,
    partId: string,
    what: string,
  ): Promise<T> {
    const [row]: T[] = isUuid(partId)
      ? await tx.query(
          `SELECT ${PART_COLUMNS[table]} FROM "${table}" WHERE "id" = $1 AND "customer_id" = $2`,
          [partId, customerId],
        )
      : [];
    if (!row)
      throw DomainError.notFound(`Customer "${customerId}" has no ${what} "${partId}".`, { id: partId });
    return row;
  }

  private async parts<T>(manager: EntityManager, table: string, ids: string[]): Promise<T[]> {
    return manager.query(
      `SELECT ${PART_COLUMNS[table]} FROM "${table}" WHERE "customer_id" = ANY ($1::uuid[]) ORDER BY "created_at", "id"`,
      [ids],
    );
  }

  private async withParts(rows: CustomerRow[], manager: EntityManager): Promise<CustomerRecordDto[]> {
    const ids = rows.map((r) => r.id);
    // One after another: inside a transaction the three share one connection.
    const contacts = await this.parts<ContactRow>(manager, 'customer_contacts', ids);
    const sites = await this.parts<SiteRow>(manager, 'customer_sites', ids);
    const equipment = await this.parts<EquipmentRow>(manager, 'customer_equipment', ids);
    return rows.map((row) => ({
      ...toSummary(row),
      notes: row.notes,
      mergedIntoId: row.merged_into_id,
      contacts: contacts.filter((c) => c.customer_id === row.id).map(toContact),
      sites: sites.filter((s) => s.customer_id === row.id).map(toSite),
      equipment: equipment.filter((e) => e.customer_id === row.id).map(toEquipment),
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    }));
  }

  private async checkBranch(tx: EntityManager, branchId: string | undefined, field: string): Promise<void> {
    if (branchId === undefined) return;
    const [branch]: unknown[] = await tx.query(`SELECT 1 FROM "branches" WHERE "id" = $1`, [branchId]);
    if (!branch) throw fieldError(field, `there is no branch "${branchId}"`);
  }

  private async checkEquipment(
    tx: EntityManager,
    customerId: string,
    body: { siteId?: string; installedOn?: string; warrantyEndsOn?: string },
  ): Promise<void> {
    for (const field of ['installedOn', 'warrantyEndsOn'] as const) {
      const value = body[field];
      if (value !== undefined && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
        throw fieldError(field, `${field} must be a real date, YYYY-MM-DD`);
      }
    }
    if (body.installedOn && body.warrantyEndsOn && body.warrantyEndsOn < body.installedOn) {
      throw fieldError('warrantyEndsOn', 'warrantyEndsOn must not be before installedOn');
    }
    if (body.siteId !== undefined) {
      const [site]: unknown[] = await tx.query(
        `SELECT 1 FROM "customer_sites" WHERE "id" = $1 AND "customer_id" = $2`,
        [body.siteId, customerId],
      );
      if (!site) throw fieldError('siteId', `"${body.siteId}" is not one of this customer’s sites`);
    }
  }

  private async touchAndAudit(
    tx: EntityManager,
    user: AuthenticatedUser,
    id: string,
    action: string,
    what: string,
    before: unknown,
    after: unknown,
    ip: string | undefined,
  ): Promise<void> {
    await tx.query(`UPDATE "customers" SET "updated_at" = now() WHERE "id" = $1`, [id]);
    await this.audit.change(tx, user, {
      action,
      entityType: 'customer',
      entityId: id,
      summary: `${user.username} ${what} of customer ${id}`,
      ...(before === undefined ? {} : { before: auditable(before) }),
      after: auditable(after),
      ip: ip ?? null,
    });
  }
}

/**
 * A contact, site or device as the audit log keeps it: no names, phones, e-mails or addresses — the log is
 * append-only, so a personal field written there could never be erased.
 */
function auditable(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const {
    name: _name,
    address: _address,
    label: _label,
    phones,
    emails,
    ...rest
  } = value as Record<string, unknown>;
  return {
    ...rest,
    ...(Array.isArray(phones) ? { phones: phones.length } : {}),
    ...(Array.isArray(emails) ? { emails: emails.length } : {}),
  };
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

function toSummary(row: CustomerRow): CustomerSummaryDto {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    tier: row.tier,
    phones: row.phones,
    openCases: row.open_cases,
    totalCases: row.total_cases,
  };
}

function toContact(row: ContactRow): ContactDto {
  return {
    id: row.id,
    name: row.name,
    phones: row.phones,
    emails: row.emails,
    language: row.language,
    consent: row.consent,
  };
}

function toSite(row: SiteRow): SiteDto {
  return { id: row.id, label: row.label, address: row.address, branchId: row.branch_id };
}

function toEquipment(row: EquipmentRow): EquipmentDto {
  const today = new Date().toISOString().slice(0, 10);
  return {
    id: row.id,
    siteId: row.site_id,
    model: row.model,
    serialNumber: row.serial_number,
    installedOn: row.installed_on,
    warrantyEndsOn: row.warranty_ends_on,
    underWarranty: row.warranty_ends_on !== null && row.warranty_ends_on >= today,
  };
}
