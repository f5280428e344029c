import { Controller, Get, Headers, Param, Query, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiExtraModels,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError, Role } from '@caseflow/domain';
import { toCsv, toXlsx } from '@caseflow/persistence';
import {
  CallbacksReportDto,
  ComplaintRateReportDto,
  ComplianceReportDto,
  HotlineReportDto,
} from './dto/report-bodies.dto';
import { CurrentUser, Roles } from '../auth/decorators';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ErrorResponseDto, ValidationErrorResponseDto } from '../common/errors';
import { ReportQuery } from './dto/report.query';
import { isReportName, REPORTS, ReportsService } from './reports.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const NAME = /^([a-z-]+)(?:\.(json|csv|xlsx))?$/;

@ApiTags('reports')
@ApiExtraModels(ComplaintRateReportDto, ComplianceReportDto, CallbacksReportDto, HotlineReportDto)
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in, or the token expired' })
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get(':report')
  @Roles(Role.Engineer, Role.Supervisor, Role.Quality, Role.Admin)
  @ApiOperation({
    summary: 'A management report for a period (supervisor, quality, admin; engineers: their own scorecard)',
    description:
      `Reports: ${Object.keys(REPORTS).join(', ')}. Period: month=YYYY-MM, quarter=YYYY-Qn, or from and to ` +
      '(YYYY-MM-DD, both included), cut in the branch calendar’s time zone (the default calendar’s without ' +
      'a branch). JSON by default; CSV with `Accept: text/csv` or a `.csv` suffix ' +
      '(`/api/reports/complaint-rate.csv`); an Excel workbook with a `.xlsx` suffix. Files open with a row ' +
      'naming the period and the filters; a missing rate reads "—".',
  })
  @ApiParam({ name: 'report', example: 'complaint-rate.csv' })
  @ApiProduces('application/json', 'text/csv', XLSX)
  @ApiOkResponse({
    description:
      'The report: complaint-rate answers a ComplaintRateReportDto, compliance a ComplianceReportDto, ' +
      'callbacks a CallbacksReportDto, hotline a HotlineReportDto',
  })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  async report(
    @Param('report') param: string,
    @Query() query: ReportQuery,
    @Headers('accept') accept: string | undefined,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Record<string, unknown> | string | StreamableFile> {
    const match = NAME.exec(param);
    if (!match || !isReportName(match[1]))
      throw DomainError.notFound(`No report is called "${param}": ${Object.keys(REPORTS).join(', ')}.`);
    const name = match[1];
    const format = match[2] ?? (accept?.includes('text/csv') ? 'csv' : accept?.includes(XLSX) ? 'xlsx' : 'json');
    const result = await this.reports.report(name, query, user);
    const file = `${name}-${result.period.label}${result.filters.branch ? `-${result.filters.branch}` : ''}`;
    if (format === 'csv') {
      response.setHeader('Content-Type', 'text/csv; charset=utf-8');
      response.setHeader('Content-Disposition', `attachment; filename="${file}.csv"`);
      return toCsv(result);
    }
    if (format === 'xlsx') {
      return new StreamableFile(await toXlsx(result), {
        type: XLSX,
        disposition: `attachment; filename="${file}.xlsx"`,
      });
    }
    return result.body;
  }
}
