import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '@caseflow/domain';
import { CertificateEntity, ProductLineEntity } from '@caseflow/persistence';
import { AuditService } from '../audit/audit.service';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CertificationWorkflowClient } from './certification-workflow.client';
import type {
  CreateCertificateDto,
  PutProductLineDto,
  RenewCertificateDto,
  RevokeCertificateDto,
} from './dto/certificate.dto';
import { fieldError, isUuid } from './field-error';

/**
 * Certificates (上岗证) and the product lines they cover. The database is written first and the
 * certificate's workflow told after the commit, so the workflow never reads a row that might still roll
 * back; a workflow that cannot be started undoes the certificate (nothing half-written).
 */
@Injectable()
export class CertificatesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly workflows: CertificationWorkflowClient,
    private readonly audit: AuditService,
  ) {}

  async list(staffId: string): Promise<CertificateEntity[]> {
    await this.staffExists(this.db.manager, staffId);
    return this.db.getRepository(CertificateEntity).find({ where: { staffId }, order: { issuedAt: 'DESC' } });
  }

  async get(id: string): Promise<CertificateEntity> {
    const cert = isUuid(id) ? await this.db.getRepository(CertificateEntity).findOneBy({ id }) : null;
    if (!cert) throw DomainError.notFound(`There is no certificate "${id}".`);
    return cert;
  }

  async create(user: AuthenticatedUser, staffId: string, body: CreateCertificateDto, ip?: string) {
    const issuedAt = new Date(body.issuedAt);
    const expiresAt = new Date(body.expiresAt);
    if (expiresAt.getTime() <= issuedAt.getTime())
      throw fieldError('expiresAt', 'expiresAt must be after issuedAt');
    if (expiresAt.getTime() <= Date.now()) throw fieldError('expiresAt', 'expiresAt must be in the future');
    const cert = await this.db.transaction(async (tx) => {
      await this.staffExists(tx, staffId);
      await this.productLinesExist(tx, body.productLines);
      const [row]: { id: string }[] = await tx.query(
        `INSERT INTO "certificates" ("staff_id", "product_lines", "issued_at", "expires_at", "created_by")
         VALUES ($1, $2, $3, $4, $5) RETURNING "id"`,
        [staffId, body.productLines, issuedAt, expiresAt, user.username],
      );
      await tx.query(`SELECT "refresh_staff_certification"($1)`, [staffId]);
      const created = await tx.getRepository(CertificateEntity).findOneByOrFail({ id: row.id });
      await this.audit.change(tx, user, {
        action: 'certificate.issue',
        entityType: 'certificate',
        entityId: created.id,
        summary: `${user.username} recorded a certificate for ${body.productLines.join(', ')} until ${expiresAt.toISOString()}`,
        after: { staffId, productLines: body.productLines, issuedAt, expiresAt },
        ip: ip ?? null,
      });
      return created;
    });
    try {
      await this.workflows.start({
        certificateId: cert.id,
        staffId,
        expiresAt: cert.expiresAt.toISOString(),
      });
    } catch (error) {
      // Undo: a certificate nobody keeps time for would never expire. The log says so (it is append-only).
      await this.db.transaction(async (tx) => {
        await tx.query(`DELETE FROM "certificates" WHERE "id" = $1`, [cert.id]);
        await tx.query(`SELECT "refresh_staff_certification"($1)`, [staffId]);
        await this.audit.change(tx, user, {
          action: 'certificate.issue_undone',
          entityType: 'certificate',
          entityId: cert.id,
          summary: 'The certificate was withdrawn again: its certification workflow could not be started',
          outcome: 'failure',
          ip: ip ?? null,
        });
      });
      throw error;
    }
    return cert;
  }

  /**
   * A renewal moves the expiry (and the workflow's timers). Repeating it is harmless. An expired certificate
   * is renewed only by a recorded decision (`reason`, kept on the certificate and audited): it becomes
   * active again, the engineer returns to the pool, and a new run of its workflow keeps time for it.
   */
  async renew(user: AuthenticatedUser, id: string, body: RenewCertificateDto, ip?: string) {
    const expiresAt = new Date(body.expiresAt);
    const { cert, wasExpired } = await this.db.transaction(async (tx) => {
      const before = await this.locked(tx, id);
      if (before.state === 'revoked') {
        throw DomainError.invalidState(`The certificate is ${before.state}: issue a new one instead.`, {
          state: before.state,
        });
      }
      if (before.state === 'expired' && !body.reason) {
        throw fieldError(
          'reason',
          'reason is required to renew an expired certificate: the decision is recorded',
        );
      }
      if (expiresAt.getTime() <= before.issuedAt.getTime()) {
        throw fieldError('expiresAt', 'expiresAt must be after the issue date');
      }
      if (expiresAt.getTime() <= Date.now()) throw fieldError('expiresAt', 'expiresAt must be in the future');
      await tx.query(
        `UPDATE "certificates" SET "expires_at" = $2, "state" = 'active', "updated_at" = now() WHERE "id" = $1`,
        [id, expiresAt],
      );
      await tx.query(`SELECT "refresh_staff_certification"($1)`, [before.staffId]);
      const expired = before.state === 'expired';
      await this.audit.change(tx, user, {
        action: expired ? 'certificate.renew_expired' : 'certificate.renew',
        entityType: 'certificate',
        entityId: id,
        summary: expired
          ? `${user.username} renewed an expired certificate until ${expiresAt.toISOString()}: ${body.reason}`
          : `${user.username} renewed a certificate until ${expiresAt.toISOString()}`,
        before: { state: before.state, expiresAt: before.expiresAt },
        after: { state: 'active', expiresAt, ...(body.reason ? { reason: body.reason } : {}) },
        ip: ip ?? null,
      });
      return { cert: await tx.getRepository(CertificateEntity).findOneByOrFail({ id }), wasExpired: expired };
    });
    if (wasExpired) {
      await this.workflows.restart({
        certificateId: cert.id,
        staffId: cert.staffId,
        expiresAt: cert.expiresAt.toISOString(),
      });
    } else {
      await this.workflows.renewed(id, cert.expiresAt.toISOString());
    }
    return cert;
  }

  /** A revocation takes effect at once; the workflow then flags the engineer's open cases. Repeating it re-tells the workflow. */
  async revoke(user: AuthenticatedUser, id: string, body: RevokeCertificateDto, ip?: string) {
    const cert = await this.db.transaction(async (tx) => {
      const before = await this.locked(tx, id);
      if (before.state === 'expired') {
        throw DomainError.invalidState('The certificate has already expired.', { state: before.state });
      }
      if (before.state === 'active') {
        await tx.query(
          `UPDATE "certificates" SET "state" = 'revoked', "revoked_at" = now(), "revocation_reason" = $2,
                  "updated_at" = now() WHERE "id" = $1`,
          [id, body.reason],
        );
        await tx.query(`SELECT "refresh_staff_certification"($1)`, [before.staffId]);
        await this.audit.change(tx, user, {
          action: 'certificate.revoke',
          entityType: 'certificate',
          entityId: id,
          summary: `${user.username} revoked a certificate: ${body.reason}`,
          before: { state: before.state },
          after: { state: 'revoked', reason: body.reason },
          ip: ip ?? null,
        });
      }
      return tx.getRepository(CertificateEntity).findOneByOrFail({ id });
    });
    await this.workflows.revoked(id, cert.revocationReason ?? body.reason);
    return cert;
  }

  listProductLines(): Promise<ProductLineEntity[]> {
    return this.db.getRepository(ProductLineEntity).find({ order: { id: 'ASC' } });
  }

  async putProductLine(user: AuthenticatedUser, id: string, body: PutProductLineDto, ip?: string) {
    return this.db.transaction(async (tx) => {
      const before = await tx.getRepository(ProductLineEntity).findOneBy({ id });
      await tx.query(
        `INSERT INTO "product_lines" ("id", "name", "model_prefixes") VALUES ($1, $2, $3)
         ON CONFLICT ("id") DO UPDATE SET "name" = EXCLUDED."name", "model_prefixes" = EXCLUDED."model_prefixes"`,
        [id, body.name, body.modelPrefixes],
      );
      const after = await tx.getRepository(ProductLineEntity).findOneByOrFail({ id });
      await this.audit.change(tx, user, {
        action: 'product_line.put',
        entityType: 'product_line',
        entityId: id,
        summary: `${user.username} ${before ? 'changed' : 'created'} product line ${id}`,
        before: before ?? undefined,
        after,
        ip: ip ?? null,
      });
      return { line: after, created: !before };
    });
  }

  private async locked(tx: EntityManager, id: string): Promise<CertificateEntity> {
    const rows = isUuid(id)
      ? await tx.getRepository(CertificateEntity).find({ where: { id }, lock: { mode: 'pessimistic_write' } })
      : [];
    if (!rows[0]) throw DomainError.notFound(`There is no certificate "${id}".`);
    return rows[0];
  }

  private async staffExists(tx: EntityManager, staffId: string): Promise<void> {
    const rows: unknown[] = isUuid(staffId)
      ? await tx.query(`SELECT 1 FROM "staff" WHERE "id" = $1`, [staffId])
      : [];
    if (rows.length === 0) throw DomainError.notFound(`No staff member has the id "${staffId}".`);
  }

  private async productLinesExist(tx: EntityManager, ids: string[]): Promise<void> {
    const rows: { id: string }[] = await tx.query(`SELECT "id" FROM "product_lines" WHERE "id" = ANY ($1)`, [
      ids,
    ]);
    const unknown = ids.filter((id) => !rows.some((row) => row.id === id));
    if (unknown.length > 0) throw fieldError('productLines', `unknown product lines: ${unknown.join(', ')}`);
  }
}
