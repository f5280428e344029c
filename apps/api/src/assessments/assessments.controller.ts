import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Role } from '@caseflow/domain';
import { Roles } from '../auth/decorators';
import { ErrorResponseDto, ValidationErrorResponseDto } from '../common/errors';
import { AssessmentsService, toCsv } from './assessments.service';
import { AssessmentDto, AssessmentQuery } from './dto/assessment.dto';

@ApiTags('assessments')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in, or the token expired' })
@Controller('assessments')
export class AssessmentsController {
  constructor(private readonly assessments: AssessmentsService) {}

  @Get()
  @Roles(Role.Supervisor, Role.Quality, Role.Admin)
  @ApiOperation({
    summary: 'Monthly assessment of every engineer (supervisor, quality, admin)',
    description:
      'Callbacks (reached, satisfaction), complaints and confirmed penalties, evaluation scores, fault ' +
      'grades of resolved cases, commitments met vs breached. `format=csv` downloads it as a spreadsheet.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: AssessmentDto, isArray: true })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  async list(
    @Query() query: AssessmentQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AssessmentDto[] | string> {
    const rows = await this.assessments.month(query.month, query.branch);
    if (query.format !== 'csv') return rows;
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="assessment-${query.month}.csv"`);
    return toCsv(rows);
  }

  @Get(':staffId')
  @Roles(Role.Supervisor, Role.Quality, Role.Admin)
  @ApiOperation({ summary: 'One engineer’s monthly assessment (supervisor, quality, admin)' })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: AssessmentDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  async one(
    @Param('staffId') staffId: string,
    @Query() query: AssessmentQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AssessmentDto | string> {
    const row = await this.assessments.engineer(query.month, staffId);
    if (query.format !== 'csv') return row;
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader(
      'Content-Disposition',
      `attachment; filename="assessment-${query.month}-${staffId}.csv"`,
    );
    return toCsv([row]);
  }
}
