import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { DEPARTMENTS, DomainError, Role } from '@caseflow/domain';
import {
  branchExists,
  breachesReport,
  callbacksReport,
  complaintRateReport,
  complaintRateSheets,
  complianceReport,
  complianceSheets,
  callbacksSheets,
  hotlineSheets,
  hotlineReport,
  reportTimeZone,
  type RenderedReport,
  type ReportWindow,
  type Sheet,
} from '@caseflow/persistence';
import { AssessmentsService } from '../assessments/assessments.service';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { fieldError } from '../staff/field-error';
import { localDay, parsePeriod, type ReportPeriod } from './period';
import type { ReportQuery } from './dto/report.query';

export const REPORTS = {
  'complaint-rate': 'Complaint rate per department',
  compliance: 'Commitment compliance',
  callbacks: 'Callbacks',
  hotline: 'Hotline statistics',
  scorecard: 'Engineer scorecard',
} as const;
export type ReportName = keyof typeof REPORTS;
export const isReportName = (name: string): name is ReportName => Object.hasOwn(REPORTS, name);

/** What a report answers: the rendered sheets for the files, and the JSON body. */
export interface ReportResult extends RenderedReport {
  body: Record<string, unknown>;
}

const col = (key: string, header = key) => ({ key, header });
const MANAGEMENT: Role[] = [Role.Supervisor, Role.Quality, Role.Admin];

@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly assessments: AssessmentsService,
  ) {}

  async report(name: ReportName, query: ReportQuery, user: AuthenticatedUser): Promise<ReportResult> {
    const management = user.roles.some((role) => MANAGEMENT.includes(role));
    if (!management && name !== 'scorecard')
      throw DomainError.forbidden('Engineers see only their own scorecard.', { report: name });

    const { window, period } = await this.resolve(query);
    // One snapshot for every query of the report, with room to sort a quarter's commitments in memory.
    return this.db.transaction('REPEATABLE READ', async (tx) => {
      await tx.query(`SET TRANSACTION READ ONLY`);
      await tx.query(`SET LOCAL work_mem = '64MB'`);
      return this.build(tx, name, query, user, management, window, period);
    });
  }

  private async build(
    db: EntityManager,
    name: ReportName,
    query: ReportQuery,
    user: AuthenticatedUser,
    management: boolean,
    window: ReportWindow,
    period: ReportPeriod,
  ): Promise<ReportResult> {
    const previous: ReportWindow = { ...window, from: period.previous.from, to: period.previous.to };
    let sheets: Sheet[];
    let data: Record<string, unknown>;
    switch (name) {
      case 'complaint-rate': {
        const rows = await complaintRateReport(db, window, previous);
        data = { previousPeriod: period.previous.label, rows };
        sheets = complaintRateSheets(rows, period.previous.label);
        break;
      }
      case 'compliance': {
        const [rows, breaches] = await Promise.all([
          complianceReport(db, window),
          breachesReport(db, window),
        ]);
        data = { rows, breaches };
        sheets = complianceSheets(rows, breaches);
        break;
      }
      case 'callbacks': {
        const report = await callbacksReport(db, window);
        data = { ...report, customersCountedBy: 'phone' };
        sheets = callbacksSheets(report);
        break;
      }
      case 'hotline': {
        const report = await hotlineReport(db, window);
        data = { ...report };
        sheets = hotlineSheets(report);
        break;
      }
      case 'scorecard': {
        const rows = await this.scorecard(db, query, period, window, user, management);
        data = { rows };
        sheets = scorecardSheets(rows);
        break;
      }
    }
    const rendered: RenderedReport = {
      report: name,
      title: REPORTS[name],
      period: {
        kind: period.kind,
        label: period.label,
        from: period.from,
        to: period.last,
        timeZone: window.timeZone,
      },
      filters: { branch: window.branch ?? null, department: window.department ?? null },
      sheets,
    };
    return {
      ...rendered,
      body: { report: name, title: rendered.title, period: rendered.period, filters: rendered.filters, ...data },
    };
  }

  /** Checks the filters, then cuts the period in the branch calendar's (or the default calendar's) zone. */
  private async resolve(query: ReportQuery): Promise<{ window: ReportWindow; period: ReportPeriod }> {
    if (query.department !== undefined && !(DEPARTMENTS as readonly string[]).includes(query.department))
      throw fieldError('department', `must be one of ${DEPARTMENTS.join(', ')}`);
    if (query.branch !== undefined && !(await branchExists(this.db, query.branch)))
      throw fieldError('branch', `no branch has the id "${query.branch}"`);
    const timeZone = await reportTimeZone(this.db, query.branch);
    const period = parsePeriod(query, localDay(timeZone));
    return {
      period,
      window: {
        from: period.from,
        to: period.to,
        timeZone,
        branch: query.branch ?? null,
        department: query.department ?? null,
      },
    };
  }

  /**
   * The monthly assessment, one row per engineer, with their commitments (due in the month, met on time,
   * breached, median time to meet) and fault grades. An engineer sees only their own row.
   */
  private async scorecard(
    db: EntityManager,
    query: ReportQuery,
    period: ReportPeriod,
    window: ReportWindow,
    user: AuthenticatedUser,
    management: boolean,
  ): Promise<Record<string, unknown>[]> {
    if (period.kind !== 'month') throw fieldError('month', 'the scorecard is monthly: give month=YYYY-MM');
    let staffId = query.staff;
    if (!management) {
      const own: { id: string }[] = await db.query(`SELECT "id" FROM "staff" WHERE "user_id" = $1`, [
        user.id,
      ]);
      if (!own[0]) throw DomainError.forbidden('Only engineers on the staff list have a scorecard.');
      if (staffId !== undefined && staffId !== own[0].id)
        throw DomainError.forbidden('Engineers see only their own scorecard.');
      staffId = own[0].id;
    }
    const [assessed, compliance, inDepartment] = await Promise.all([
      this.assessments.month(period.label, window.branch ?? undefined),
      complianceReport(db, window, { engineersOnly: true }),
      window.department
        ? db.query(`SELECT "id" FROM "staff" WHERE "department" = $1`, [window.department])
        : Promise.resolve(null),
    ]);
    const departmentIds = inDepartment && new Set((inDepartment as { id: string }[]).map((r) => r.id));
    const byEngineer = new Map(
      compliance.filter((r) => r.dimension === 'engineer').map((r) => [r.key as string, r]),
    );
    return assessed
      .filter((a) => staffId === undefined || a.staffId === staffId)
      .filter((a) => !departmentIds || departmentIds.has(a.staffId))
      .map((a) => {
        const c = byEngineer.get(a.staffId);
        const { faultGrades, commitmentsMet: _met, commitmentsBreached: _breached, ...rest } = a;
        return {
          ...rest,
          gradeA: faultGrades.A,
          gradeB: faultGrades.B,
          gradeC: faultGrades.C,
          gradeD: faultGrades.D,
          commitmentsDue: c?.due ?? 0,
          commitmentsMetOnTime: c?.metOnTime ?? 0,
          commitmentsBreached: c?.breached ?? 0,
          onTimeRate: c?.onTimeRate ?? null,
          medianMinutesToMeet: c?.medianMinutesToMeet ?? null,
        };
      });
  }
}

function scorecardSheets(rows: Record<string, unknown>[]): Sheet[] {
  return [
    {
      name: 'Scorecard',
      columns: [
        col('staffId', 'staff id'),
        col('name'),
        col('branchId', 'branch'),
        col('callbacks'),
        col('callbacksReached', 'callbacks reached'),
        col('satisfaction'),
        col('engineerRating', 'engineer rating'),
        col('complaints'),
        col('warnings'),
        col('fines'),
        col('finesAmount', 'fines amount'),
        col('disqualifications'),
        col('evaluations'),
        col('technicalScore', 'technical score'),
        col('attitudeScore', 'attitude score'),
        col('resolved'),
        col('gradeA', 'grade A'),
        col('gradeB', 'grade B'),
        col('gradeC', 'grade C'),
        col('gradeD', 'grade D'),
        col('commitmentsDue', 'commitments due'),
        col('commitmentsMetOnTime', 'met on time'),
        col('commitmentsBreached', 'breached'),
        col('onTimeRate', 'on-time rate'),
        col('medianMinutesToMeet', 'median minutes to meet'),
      ],
      rows,
    },
  ];
}
