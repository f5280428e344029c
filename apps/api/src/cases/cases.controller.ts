import { Body, Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Role } from '@caseflow/domain';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { ErrorResponseDto, ValidationErrorResponseDto } from '../common/errors';
import { CaseNumberPipe } from './case-number.pipe';
import { CasesService } from './cases.service';
import { CaseDetailDto, CaseDto, CaseListDto } from './dto/case.dto';
import { CreateCaseDto } from './dto/create-case.dto';
import { ListCasesQuery } from './dto/list-cases.query';
import { RecordCallbackDto } from './dto/record-callback.dto';

export const CASE_NUMBER_PARAM = {
  name: 'number',
  example: '20261122-07-0003',
  description: 'The case number',
};

@ApiTags('cases')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in, or the token expired' })
@Controller('cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Post()
  @Roles(Role.Operator, Role.Engineer, Role.Admin)
  @ApiOperation({
    summary: 'Log a service request or inquiry (operator, engineer, admin)',
    description:
      'Allocates the case number (date of receivedAt in the branch calendar’s time zone, the caller’s ' +
      'operator number, the day’s serial) and starts the case’s workflow with the current SLA policy. ' +
      'The caller’s staff record must have an operator number (403 otherwise). Without `branchId` the ' +
      'case belongs to the caller’s branch. With an `Idempotency-Key` header a retried intake answers ' +
      '200 with the case the first attempt created (whatever the retried body says); no second case is made.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Any 1–200 printable ASCII characters, unique per intake (per user)',
  })
  @ApiCreatedResponse({ type: CaseDto, description: 'The case was created' })
  @ApiOkResponse({ type: CaseDto, description: 'A retry: the case this Idempotency-Key already created' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Wrong role, or no operator number' })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  async create(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreateCaseDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CaseDto> {
    const result = await this.cases.create(user, body, idempotencyKey);
    response.status(result.created ? 201 : 200);
    return result.case;
  }

  @Get()
  @ApiOperation({
    summary: 'Find cases (any signed-in user)',
    description:
      'Filters combine with AND; `q` matches the case number’s start, the customer’s name or phone.',
  })
  @ApiOkResponse({ type: CaseListDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListCasesQuery): Promise<CaseListDto> {
    return this.cases.list(user, query);
  }

  @Get(':number')
  @ApiOperation({ summary: 'One case with its commitments and timeline (any signed-in user)' })
  @ApiParam(CASE_NUMBER_PARAM)
  @ApiOkResponse({ type: CaseDetailDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such case (or not a case number)' })
  get(@Param('number', CaseNumberPipe) number: string): Promise<CaseDetailDto> {
    return this.cases.get(number);
  }

  @Post(':number/callbacks')
  @Roles(Role.Quality)
  @ApiOperation({
    summary: 'Record a customer callback (quality)',
    description:
      'Levels 1 (confirmation) and 2 (48 h after service) follow a resolution. Satisfaction 1–2 or ' +
      '`extremelyDissatisfied` reopens the case with a 2-day resolution commitment (extreme also requests ' +
      'a complaint); a satisfied level-2 callback closes it.',
  })
  @ApiParam(CASE_NUMBER_PARAM)
  @ApiCreatedResponse({ type: CaseDto, description: 'The case after the callback' })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The case is not resolved (or has ended)' })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  recordCallback(
    @CurrentUser() user: AuthenticatedUser,
    @Param('number', CaseNumberPipe) number: string,
    @Body() body: RecordCallbackDto,
  ): Promise<CaseDto> {
    return this.cases.recordCallback(user, number, body);
  }
}
