import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import {
  DomainError,
  DomainErrorCode,
  MONTH_PATTERN,
  ratioToBp,
  sampleWorkflowId,
  WORKFLOW_TYPES,
} from '@caseflow/domain';
import {
  calendarZone,
  drawMonthSample,
  monthBounds,
  type DrawSampleResult,
  type SampleRow,
} from '@caseflow/persistence';
import { TemporalService } from '@caseflow/temporal';
import type { monthEndSampleWorkflow } from '../../../../workflows/month-end-sample.workflow';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { AuditService } from '../audit/audit.service';
import { rowOfVisibleCaseSql } from '../cases/case-read-model';
import { SettingsService } from '../settings/settings.service';
import { StaffService } from '../staff/staff.service';
import type {
  DrawSampleDto,
  PreviewSampleDto,
  SampleDto,
  SampleListDto,
  SampleQuery,
} from './dto/sample.dto';

interface SampleRecordRow extends SampleRow {
  trigger: string;
  triggered_by: string;
  drawn_at: Date;
  callbacks_started_at: Date | null;
  force_reason: string | null;
}

/** The month-end samples: the audit records, previews, and a draw by hand for a month that was missed. */
@Injectable()
export class SamplesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly temporal: TemporalService,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
    private readonly staff: StaffService,
  ) {}

  async list(query: SampleQuery): Promise<SampleListDto> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const [{ total }]: { total: number }[] = await this.db.query(
      `SELECT count(*)::int AS "total" FROM "samples"`,
    );
    const rows: SampleRecordRow[] = await this.db.query(
      `SELECT * FROM "samples" ORDER BY "month" DESC LIMIT $1 OFFSET $2`,
      [pageSize, (page - 1) * pageSize],
    );
    return { items: rows.map(toDto), total, page, pageSize };
  }

  /**
   * One month's sample. Its counts are the whole draw's; its chosen cases (with the customers' phones) are
   * those the user may open — a supervisor's part of the chart — like every list of what belongs to a case.
   */
  async get(month: string, user?: AuthenticatedUser): Promise<SampleDto> {
    checkMonth(month);
    const [row]: SampleRecordRow[] = await this.db.query(`SELECT * FROM "samples" WHERE "month" = $1`, [
      month,
    ]);
    if (!row) throw DomainError.notFound(`No sample has been drawn for ${month}.`, { month });
    const params: unknown[] = [row.id];
    const scope = user ? await this.staff.caseScope(user) : ({ all: true } as const);
    const visible = scope.all
      ? ''
      : `AND ${rowOfVisibleCaseSql(scope, (value) => `$${params.push(value)}`, {
          about: 'sc."case_number"',
          readsComplaints: false,
        })}`;
    const cases: {
      case_number: string;
      branch_id: string;
      customer_name: string;
      customer_phone: string;
      callback_id: string | null;
      state: string | null;
      outcome: string | null;
    }[] = await this.db.query(
      `SELECT sc."case_number", sc."branch_id", k."customer_name", sc."customer_phone", t."id" AS "callback_id",
              t."state", t."outcome"
         FROM "sample_cases" sc
         JOIN "cases" k ON k."number" = sc."case_number"
         LEFT JOIN "callback_tasks" t ON t."sample_id" = sc."sample_id" AND t."case_number" = sc."case_number"
        WHERE sc."sample_id" = $1 ${visible} ORDER BY sc."case_number"`,
      params,
    );
    return {
      ...toDto(row),
      cases: cases.map((c) => ({
        caseNumber: c.case_number,
        branchId: c.branch_id,
        customerName: c.customer_name,
        customerPhone: c.customer_phone,
        callback: c.callback_id ? { id: c.callback_id, state: c.state!, outcome: c.outcome } : null,
      })),
    };
  }

  /**
   * What the draw would choose now, case by case (the month's seed is fixed by the first preview); nothing
   * is stored and nothing starts.
   */
  async preview(month: string, body: PreviewSampleDto): Promise<SampleDto> {
    checkMonth(month);
    const result = await drawMonthSample(this.db, {
      month,
      ratioBp: await this.ratioBp(body),
      trigger: 'admin',
      triggeredBy: 'preview',
      preview: true,
    });
    return {
      ...fromResult(result),
      cases: (result.cases ?? []).map((c) => ({ ...c, callback: null })),
    };
  }

  /**
   * Draws a month by hand (a month the schedule missed) and starts its level-3 callbacks. Idempotent: the
   * same month again answers the stored sample (created: false); a different ratio is a 409 naming it. A
   * month that has not ended is drawn only when forced with a reason. The draw and its audit entry are one
   * transaction.
   */
  async draw(user: AuthenticatedUser, month: string, body: DrawSampleDto, ip?: string): Promise<SampleDto> {
    checkMonth(month);
    const ratioBp = await this.ratioBp(body);
    const force = body.force === true && body.reason ? { reason: body.reason } : undefined;
    const result = await drawMonthSample(
      this.db,
      { month, ratioBp, trigger: 'admin', triggeredBy: user.username, ...(force && { force }) },
      new Date(),
      async (tx, sampleId) => {
        const [drawn]: { population: number; chosen: number }[] = await tx.query(
          `SELECT "population", "chosen" FROM "samples" WHERE "id" = $1`,
          [sampleId],
        );
        await this.audit.change(tx, user, {
          action: force ? 'sample.draw_forced' : 'sample.draw',
          entityType: 'sample',
          entityId: month,
          summary: force
            ? `${user.username} drew ${month} before it had ended: ${force.reason}`
            : `${user.username} drew ${month} by hand`,
          after: { sampleId, ratio: ratioBp / 10_000, ...drawn, ...(force && { reason: force.reason }) },
          ip: ip ?? null,
        });
      },
    );
    if (result.sampleId && result.chosen > 0) await this.startCallbacks(month, result.sampleId);
    return { ...(await this.get(month)), created: result.created };
  }

  /**
   * The month before this one, drawn at start-up when its month-end draw was missed (Caseflow was down at
   * month end, or its schedule was lost): only a month that has ended, has customers served and has no
   * sample yet. Once: the draw is idempotent per month (a second replica, or the schedule waking late,
   * finds the stored sample), and only the draw that stores it writes the audit entry. Undefined when
   * there was nothing to catch up.
   */
  async catchUpMissedMonth(now: Date = new Date()): Promise<DrawSampleResult | undefined> {
    const timeZone = await calendarZone(this.db);
    const month = previousMonth(localMonth(now, timeZone));
    const { from, to } = monthBounds(month, timeZone);
    const [{ drawn, served }]: { drawn: boolean; served: boolean }[] = await this.db.query(
      `SELECT EXISTS (SELECT 1 FROM "samples" WHERE "month" = $1) AS "drawn",
              EXISTS (SELECT 1 FROM "cases"
                       WHERE "kind" IN ('service_request', 'inquiry') AND "state" <> 'cancelled'
                         AND (("resolved_at" >= $2 AND "resolved_at" < $3)
                              OR ("closed_at" >= $2 AND "closed_at" < $3))) AS "served"`,
      [month, from, to],
    );
    if (drawn || !served) return undefined;
    const ratioBp = (await this.settings.sampling()).ratioBp;
    const result = await drawMonthSample(
      this.db,
      { month, ratioBp, trigger: 'schedule', triggeredBy: MISSED_MONTH_TRIGGER },
      now,
      (tx, sampleId) =>
        this.audit.record(
          {
            actor: 'caseflow',
            action: 'sample.draw_missed',
            entityType: 'sample',
            entityId: month,
            summary: `${month} had no month-end sample: drawn at start-up`,
            after: { sampleId, ratio: ratioBp / 10_000 },
          },
          tx,
        ),
    );
    if (result.sampleId && result.chosen > 0) await this.startCallbacks(month, result.sampleId);
    return result;
  }

  /** `sample-<yyyy-mm>` starts the chosen cases' callbacks once (each callback's id is fixed too). */
  private async startCallbacks(month: string, sampleId: string): Promise<void> {
    const client = await this.temporal.client();
    try {
      await client.workflow.start<typeof monthEndSampleWorkflow>(WORKFLOW_TYPES.monthEndSample, {
        taskQueue: this.temporal.taskQueue,
        workflowId: sampleWorkflowId(month),
        args: [{ month, resume: { sampleId }, only: true }],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }

  private async ratioBp(body: DrawSampleDto): Promise<number> {
    if (body.ratio === undefined) return (await this.settings.sampling()).ratioBp;
    const bp = ratioToBp(body.ratio);
    if (bp === undefined) {
      throw new DomainError(DomainErrorCode.ValidationFailed, 'Validation failed', {
        errors: { ratio: ['ratio must have at most 4 decimal places'] },
      });
    }
    return bp;
  }
}

/** `triggered_by` of a sample drawn at start-up for a month whose month-end draw was missed. */
export const MISSED_MONTH_TRIGGER = 'start-up: missed month end';

function localMonth(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
  }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}`;
}

function previousMonth(month: string): string {
  const [year, m] = month.split('-').map(Number);
  return m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, '0')}`;
}

function checkMonth(month: string): void {
  if (!MONTH_PATTERN.test(month)) {
    throw new DomainError(DomainErrorCode.ValidationFailed, 'Validation failed', {
      errors: { month: ['month must be yyyy-mm, e.g. 2026-11'] },
    });
  }
}

function toDto(r: SampleRecordRow): SampleDto {
  return {
    id: r.id,
    month: r.month,
    ratio: r.ratio_bp / 10_000,
    seed: r.seed,
    population: r.population,
    skipped: r.skipped,
    chosen: r.chosen,
    branches: r.branches,
    trigger: r.trigger,
    triggeredBy: r.triggered_by,
    drawnAt: new Date(r.drawn_at).toISOString(),
    callbacksStartedAt: r.callbacks_started_at ? new Date(r.callbacks_started_at).toISOString() : null,
    forceReason: r.force_reason,
  };
}

function fromResult(r: DrawSampleResult): SampleDto {
  return {
    month: r.month,
    ratio: r.ratioBp / 10_000,
    seed: r.seed,
    population: r.population,
    skipped: r.skipped,
    chosen: r.chosen,
    branches: r.branches,
  };
}
