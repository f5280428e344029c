import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, FindOptionsWhere } from 'typeorm';
import type { ComplaintIntake } from '@caseflow/domain';
import { EvaluationEntity } from '@caseflow/persistence';
import { AuditService } from '../audit/audit.service';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ComplaintsService } from '../complaints/complaints.service';
import { fieldError } from '../staff/field-error';
import type { CreateEvaluationDto, ListEvaluationsQuery } from './dto/evaluation.dto';

/**
 * Customers' monthly rating forms. One flagged extremely dissatisfied raises a complaint (key
 * `evaluation-<id>`) before the form is committed: if the complaint cannot be raised, nothing is stored.
 */
@Injectable()
export class EvaluationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly complaints: ComplaintsService,
    private readonly audit: AuditService,
  ) {}

  list(query: ListEvaluationsQuery): Promise<EvaluationEntity[]> {
    const where: FindOptionsWhere<EvaluationEntity> = {};
    if (query.month) where.month = `${query.month}-01`;
    if (query.staffId) where.staffId = query.staffId;
    return this.db.getRepository(EvaluationEntity).find({ where, order: { createdAt: 'DESC', id: 'DESC' } });
  }

  async create(user: AuthenticatedUser, body: CreateEvaluationDto, ip?: string): Promise<EvaluationEntity> {
    const { preSales, implementation, afterSales } = body.scores;
    if (!preSales && !implementation && !afterSales) {
      throw fieldError('scores', 'rate at least one item: preSales, implementation or afterSales');
    }
    const [staff]: { id: string; branch_id: string | null; name: string }[] = await this.db.query(
      `SELECT "id", "branch_id", "name" FROM "staff" WHERE "id" = $1`,
      [body.staffId],
    );
    if (!staff) throw fieldError('staffId', `no staff member has the id "${body.staffId}"`);
    const branchId = body.branchId ?? staff.branch_id;
    if (body.branchId) {
      const rows: unknown[] = await this.db.query(`SELECT 1 FROM "branches" WHERE "id" = $1`, [
        body.branchId,
      ]);
      if (rows.length === 0) throw fieldError('branchId', `there is no branch "${body.branchId}"`);
    }
    return this.db.transaction(async (tx) => {
      const [row]: { id: string }[] = await tx.query(
        `INSERT INTO "evaluations" ("month", "staff_id", "branch_id", "customer_name", "customer_phone",
           "pre_sales_technical", "pre_sales_attitude", "implementation_technical", "implementation_attitude",
           "after_sales_technical", "after_sales_attitude", "comments", "extremely_dissatisfied", "recorded_by",
           "recorded_by_user_id")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING "id"`,
        [
          `${body.month}-01`,
          staff.id,
          branchId,
          body.customer.name,
          body.customer.phone,
          preSales?.technical ?? null,
          preSales?.attitude ?? null,
          implementation?.technical ?? null,
          implementation?.attitude ?? null,
          afterSales?.technical ?? null,
          afterSales?.attitude ?? null,
          body.comments ?? null,
          body.extremelyDissatisfied ?? false,
          user.username,
          user.id,
        ],
      );
      if (body.extremelyDissatisfied) {
        const intake: ComplaintIntake = {
          source: 'evaluation',
          category: 'service',
          complexity: 'complex',
          customer: { name: body.customer.name, phone: body.customer.phone, tier: 'standard' },
          description:
            `Customer evaluation for ${body.month} of ${staff.name}: extremely dissatisfied.` +
            (body.comments ? ` Comments: ${body.comments}` : ''),
          ...(branchId ? { branchId } : {}),
          receivedAt: new Date().toISOString(),
          raisedBy: { userId: user.id, username: user.username },
          sourceEvaluationId: row.id,
        };
        const complaint = await this.complaints.raise(intake, `evaluation-${row.id}`);
        await tx.query(`UPDATE "evaluations" SET "complaint_number" = $2 WHERE "id" = $1`, [
          row.id,
          complaint.number,
        ]);
      }
      const evaluation = await tx.getRepository(EvaluationEntity).findOneByOrFail({ id: row.id });
      await this.audit.change(tx, user, {
        action: 'evaluation.record',
        entityType: 'evaluation',
        entityId: row.id,
        summary:
          `${user.username} recorded ${body.customer.name}'s evaluation of ${staff.name} for ${body.month}` +
          (evaluation.complaintNumber ? `; complaint ${evaluation.complaintNumber} raised` : ''),
        ip: ip ?? null,
      });
      return evaluation;
    });
  }
}
