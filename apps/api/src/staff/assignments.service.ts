import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { OPEN_CASE_STATES } from '@caseflow/domain';
import { AuditService } from '../audit/audit.service';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import type { AssigneeSuggestionDto } from './dto/assignment.dto';

/**
 * The assignment rules in SQL: who may take a case (an active engineer, not suspended, certified now for
 * the case's product line, in its branch) and who should (the least loaded first). The case workflow's
 * assignment check enforces the same rules when the assignment happens.
 */
@Injectable()
export class AssignmentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Eligible engineers for the case, fewest open cases first; undefined when there is no such case. */
  async candidates(caseNumber: string): Promise<AssigneeSuggestionDto[] | undefined> {
    const [kase]: unknown[] = await this.db.query(`SELECT 1 FROM "cases" WHERE "number" = $1`, [caseNumber]);
    if (!kase) return undefined;
    const rows: { id: string; name: string; branch_id: string | null; open_cases: number }[] =
      await this.db.query(
        `SELECT s."id", s."name", s."branch_id",
              (SELECT count(*)::int FROM "cases" o WHERE o."assignee_id" = s."id" AND o."state" = ANY ($2::text[])) AS open_cases
         FROM "cases" c, "staff" s
        WHERE c."number" = $1 AND s."role" = 'engineer' AND s."active" AND s."suspended_at" IS NULL
          AND (c."branch_id" IS NULL OR s."branch_id" = c."branch_id")
          AND s."certified" AND (s."certification_expires_at" IS NULL OR s."certification_expires_at" > now())
          AND (product_line_of(c."product") IS NULL OR EXISTS (
                SELECT 1 FROM "certificates" cert
                 WHERE cert."staff_id" = s."id" AND cert."state" = 'active' AND cert."expires_at" > now()
                   AND product_line_of(c."product") = ANY (cert."product_lines")))
        ORDER BY open_cases, s."name", s."id"`,
        [caseNumber, OPEN_CASE_STATES],
      );
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      branchId: row.branch_id,
      openCases: row.open_cases,
    }));
  }

  /** A supervisor's exception to the branch rule for this case and this engineer, with its reason; audited. */
  async recordOverride(
    user: AuthenticatedUser,
    caseNumber: string,
    staffId: string,
    reason: string,
    ip?: string,
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO "assignment_overrides" ("case_number", "staff_id", "reason", "by_user_id", "by_username")
         VALUES ($1, $2, $3, $4, $5)`,
        [caseNumber, staffId, reason, user.id, user.username],
      );
      await this.audit.change(tx, user, {
        action: 'assignment.override',
        entityType: 'case',
        entityId: caseNumber,
        summary: `${user.username} overrode the assignment rules for case ${caseNumber}: ${reason}`,
        after: { assigneeId: staffId, reason },
        ip: ip ?? null,
      });
    });
  }
}
