import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdConflictPolicy } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { REPORT_PACK_WORKFLOW_ID, WORKFLOW_TYPES } from '@caseflow/domain';
import { TemporalService } from '@caseflow/temporal';
import { readReportPackSettings, REPORT_PACK_SETTING } from '@caseflow/persistence';
import type { monthlyReportPackWorkflow } from '../../../../workflows/report-pack.workflow';
import { AuditService } from '../audit/audit.service';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import type { ReportPackDto, UpdateReportPackDto } from './dto/report-pack.dto';

/** Who receives the monthly report pack (an admin setting, audited), and what each month's run did. */
@Injectable()
export class ReportPackService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async get(): Promise<ReportPackDto> {
    const { recipients } = await readReportPackSettings(this.db);
    const runs: {
      month: string;
      quarter: string | null;
      status: string;
      recipients: string[];
      delivered: string[];
      error: string | null;
      started_at: Date;
      finished_at: Date | null;
    }[] = await this.db.query(`SELECT * FROM "report_pack_runs" ORDER BY "month" DESC LIMIT 24`);
    return {
      recipients,
      schedule: '08:00 on the 1st, default calendar',
      runs: runs.map((r) => ({
        month: r.month,
        quarter: r.quarter,
        status: r.status,
        recipients: r.recipients,
        delivered: r.delivered,
        error: r.error,
        startedAt: r.started_at.toISOString(),
        finishedAt: r.finished_at?.toISOString() ?? null,
      })),
    };
  }

  async update(user: AuthenticatedUser, body: UpdateReportPackDto, ip?: string): Promise<ReportPackDto> {
    const recipients = [...new Set(body.recipients.map((r) => r.trim().toLowerCase()))];
    await this.db.transaction(async (tx) => {
      const before = await readReportPackSettings(tx);
      await tx.query(
        `INSERT INTO "settings" ("key", "value", "updated_by") VALUES ($1, $2::jsonb, $3)
         ON CONFLICT ("key") DO UPDATE SET "value" = EXCLUDED."value", "updated_by" = EXCLUDED."updated_by",
           "updated_at" = now()`,
        [REPORT_PACK_SETTING, JSON.stringify({ recipients }), user.username],
      );
      await this.audit.change(tx, user, {
        action: 'report_pack.update',
        entityType: 'setting',
        entityId: REPORT_PACK_SETTING,
        summary: `${user.username} set the report pack's recipients: ${recipients.join(', ') || 'nobody'}`,
        before,
        after: { recipients },
        ip: ip ?? null,
      });
    });
    return this.get();
  }
}

/**
 * Makes sure the monthly report pack's long-running workflow exists: a fixed id started with USE_EXISTING,
 * so every API replica may try at boot and exactly one runs. Test suites start it only when
 * CASEFLOW_SCHEDULES=on (as the sample schedules).
 */
@Injectable()
export class ReportPackSchedule implements OnApplicationBootstrap {
  private readonly logger = new Logger(ReportPackSchedule.name);
  started?: Promise<void>;

  constructor(private readonly temporal: TemporalService) {}

  onApplicationBootstrap(): void {
    const setting = process.env.CASEFLOW_SCHEDULES;
    if (setting === 'off' || (process.env.NODE_ENV === 'test' && setting !== 'on')) return;
    this.started = this.ensureStarted().catch((error: unknown) =>
      this.logger.warn(`Report pack schedule not started (it will be at the next boot): ${String(error)}`),
    );
  }

  async ensureStarted(): Promise<void> {
    const client = await this.temporal.client();
    try {
      await client.workflow.start<typeof monthlyReportPackWorkflow>(WORKFLOW_TYPES.monthlyReportPack, {
        taskQueue: this.temporal.taskQueue,
        workflowId: REPORT_PACK_WORKFLOW_ID,
        args: [{}],
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }
}
