// Staff supervision's side effects: certification reminders and expiry, and flagging an engineer's open
// cases for reassignment when they may no longer work them (certificate lapsed or revoked, disqualified;
// the flags are written by libs/persistence/src/repositories/reassignments.ts).
// Every write is keyed (workflow id + expiry, or the penalty), so a retry leaves what the first call left.
import type { DataSource, EntityManager } from 'typeorm';
import { NotificationType } from '@caseflow/domain';
import { flagCasesForReassignment, handOver, insertStaffNotification } from '@caseflow/persistence';
import type { NotificationDispatcher } from './notifications/dispatcher';
import type { CertificateTimeInput, RemindResult, StaffActivities, WithdrawResult } from './staff-types';

export interface StaffActivityDependencies {
  dataSource: DataSource;
  dispatcher?: NotificationDispatcher;
}

interface CertificateRow {
  id: string;
  staff_id: string;
  state: string;
  expires_at: Date;
  product_lines: string[];
  staff_name: string;
  supervisor_id: string | null;
  language: string;
  supervisor_language: string | null;
}

export function createStaffActivities({
  dataSource,
  dispatcher,
}: StaffActivityDependencies): StaffActivities {
  return {
    async remindCertificationExpiry(input: CertificateTimeInput): Promise<RemindResult> {
      const key = `${input.workflowId}:${input.expiresAt}:remind`;
      const keys: string[] = [];
      const recipients = await dataSource.transaction(async (tx) => {
        const cert = await loadCertificate(tx, input.certificateId);
        if (!cert || cert.state !== 'active' || cert.expires_at.toISOString() !== input.expiresAt) return [];
        const data = {
          certificateId: cert.id,
          staffId: cert.staff_id,
          staffName: cert.staff_name,
          productLines: cert.product_lines,
          expiresAt: input.expiresAt,
        };
        const told: string[] = [];
        const tell = async (staffId: string, language: string, who: string) => {
          const k = `${key}:${who}`;
          await insertStaffNotification(
            tx,
            k,
            staffId,
            NotificationType.CertificationExpiring,
            language,
            data,
          );
          keys.push(k);
          told.push(staffId);
        };
        await tell(cert.staff_id, cert.language, 'engineer');
        if (cert.supervisor_id)
          await tell(cert.supervisor_id, cert.supervisor_language ?? 'zh-CN', 'supervisor');
        await tx.query(
          `UPDATE "certificates" SET "reminded_at" = now() WHERE "id" = $1 AND "reminded_at" IS NULL`,
          [cert.id],
        );
        return told;
      });
      await handOver(dataSource, dispatcher, keys);
      return { recipients };
    },

    async expireCertificate(input: CertificateTimeInput): Promise<WithdrawResult> {
      return dataSource.transaction(async (tx) => {
        // Lapses only the expiry the workflow waited for: a renewal that raced the timer wins.
        const updated: { staff_id: string }[] = await tx.query(
          `UPDATE "certificates" SET "state" = 'expired', "expired_at" = now(), "updated_at" = now()
            WHERE "id" = $1 AND "state" = 'active' AND "expires_at" = $2
            RETURNING "staff_id"`,
          [input.certificateId, input.expiresAt],
        );
        const cert = await loadCertificate(tx, input.certificateId);
        if (
          !cert ||
          (updated.length === 0 && !(cert.state === 'expired' && sameTime(cert.expires_at, input.expiresAt)))
        ) {
          return { withdrawn: false, flagged: 0 };
        }
        await tx.query(`SELECT "refresh_staff_certification"($1)`, [cert.staff_id]);
        const flagged = await flagCasesForReassignment(tx, {
          staffId: cert.staff_id,
          reason: 'certification_expired',
          key: `${input.workflowId}:${input.expiresAt}`,
        });
        return { withdrawn: true, flagged };
      });
    },

    async settleRevokedCertificate(input): Promise<WithdrawResult> {
      return dataSource.transaction(async (tx) => {
        const cert = await loadCertificate(tx, input.certificateId);
        if (!cert || cert.state !== 'revoked') return { withdrawn: false, flagged: 0 };
        await tx.query(`SELECT "refresh_staff_certification"($1)`, [cert.staff_id]);
        const flagged = await flagCasesForReassignment(tx, {
          staffId: cert.staff_id,
          reason: 'certificate_revoked',
          key: `${input.workflowId}:revoked`,
        });
        return { withdrawn: true, flagged };
      });
    },
  };
}

const sameTime = (a: Date, iso: string) => a.getTime() === Date.parse(iso);

async function loadCertificate(tx: EntityManager, id: string): Promise<CertificateRow | undefined> {
  const rows: CertificateRow[] = await tx.query(
    `SELECT c."id", c."staff_id", c."state", c."expires_at", c."product_lines", s."name" AS staff_name,
            s."supervisor_id", s."language", sup."language" AS supervisor_language
       FROM "certificates" c JOIN "staff" s ON s."id" = c."staff_id"
       LEFT JOIN "staff" sup ON sup."id" = s."supervisor_id"
      WHERE c."id" = $1`,
    [id],
  );
  return rows[0];
}
