import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Ip,
  Param,
  Post,
  Query,
  Res,
  UseInterceptors,
} from '@nestjs/common';
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
import { ApiIdempotencyKey, IdempotencyKey } from '../common/idempotency-key';
import { AssignByRulesDto, AssigneeSuggestionDto } from '../staff/dto/assignment.dto';
import { CaseNumberPipe } from './case-number.pipe';
import { CasesService } from './cases.service';
import { CaseDetailDto, CaseDto, CaseListDto, CaseRoutingDto } from './dto/case.dto';
import { CreateCaseDto } from './dto/create-case.dto';
import { ListCasesQuery } from './dto/list-cases.query';
import { RecordCallbackDto } from './dto/record-callback.dto';
import { RoutingPreviewQuery } from './dto/routing-preview.query';
import { PersonalDataInterceptor } from '../customers/personal-data';

export const CASE_NUMBER_PARAM = {
  name: 'number',
  example: '20261122-07-0003',
  description: 'The case number',
};

@ApiTags('cases')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in, or the token expired' })
@UseInterceptors(PersonalDataInterceptor)
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
      'case belongs to the caller’s branch, and starts under that branch’s case policy. The case is routed by ' +
      'its category (see GET /api/cases/routing; the head is told in-app). A `service` (service-quality) call ' +
      'is refused 422: it is a complaint, and `details.suggested` is the body for POST /api/complaints. With an ' +
      '`Idempotency-Key` header a retried intake answers 200 with the case the first attempt created; no second ' +
      'case is made. The key stands for one request: reused with a different body it answers 422 ' +
      '(`errors["Idempotency-Key"]`).',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'Any 1–200 printable ASCII characters, unique per intake (per user); a retry sends the same body',
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

  // Before `:number`: "routing" is not a case number.
  @Get('routing')
  @Roles(Role.Operator, Role.Engineer, Role.Admin)
  @ApiOperation({
    summary: 'Where a new case would be routed (operator, engineer, admin)',
    description:
      'The routing POST /api/cases gives a case of this category in this branch (default: the caller’s): ' +
      'technical and other → the tech-support department, sales → the product division; the department’s ' +
      'unit in the branch and its head, who is told of the case (`headId: null`: no such unit or no active ' +
      'head). `service` is answered 422: a service-quality call is a complaint (POST /api/complaints).',
  })
  @ApiOkResponse({ type: CaseRoutingDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Wrong role' })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  previewRouting(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: RoutingPreviewQuery,
  ): Promise<CaseRoutingDto> {
    return this.cases.previewRouting(user, query);
  }

  @Get(':number')
  @ApiOperation({
    summary: 'One case with its commitments and timeline (any signed-in user)',
    description:
      'Engineers see the cases of their team, supervisors those of their units (docs/permissions.md); any ' +
      'other case is answered 404, as if it did not exist.',
  })
  @ApiParam(CASE_NUMBER_PARAM)
  @ApiOkResponse({ type: CaseDetailDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such case (or not a case number)' })
  get(
    @CurrentUser() user: AuthenticatedUser,
    @Param('number', CaseNumberPipe) number: string,
    @Ip() ip: string,
  ): Promise<CaseDetailDto> {
    return this.cases.get(number, user, ip);
  }

  @Get(':number/assignment-suggestions')
  @Roles(Role.Operator, Role.Supervisor, Role.Admin)
  @ApiOperation({
    summary: 'Who may take the case, least loaded first (operator, supervisor, admin)',
    description:
      'Active engineers, not suspended, certified now for the product line of the case’s product, in its branch; ' +
      'ordered by their open cases.',
  })
  @ApiParam(CASE_NUMBER_PARAM)
  @ApiOkResponse({ type: AssigneeSuggestionDto, isArray: true })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  suggestAssignees(
    @CurrentUser() user: AuthenticatedUser,
    @Param('number', CaseNumberPipe) number: string,
    @Ip() ip: string,
  ): Promise<AssigneeSuggestionDto[]> {
    return this.cases.suggestAssignees(user, number, ip);
  }

  @Post(':number/assignment')
  @Roles(Role.Operator, Role.Supervisor, Role.Admin)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Assign by the rules (operator, supervisor, admin)',
    description:
      'Without `assigneeId`: the least-loaded eligible engineer. With `overrideReason` (supervisors and admins ' +
      'only; 403 otherwise): an engineer of another branch, recorded and audited. Certification, activity and ' +
      'suspension are always checked (422).',
  })
  @ApiParam(CASE_NUMBER_PARAM)
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: CaseDto, description: 'The case after the assignment' })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'Nobody eligible, or not assignable in its state',
  })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  assignByRules(
    @CurrentUser() user: AuthenticatedUser,
    @Param('number', CaseNumberPipe) number: string,
    @Body() body: AssignByRulesDto,
    @Ip() ip: string,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<CaseDto> {
    return this.cases.assignByRules(user, number, body, ip, idempotencyKey);
  }

  @Post(':number/callbacks')
  @Roles(Role.Quality)
  @ApiOperation({
    summary: 'Record a customer callback (quality)',
    description:
      'Levels 1 (confirmation) and 2 (48 h after service) follow a resolution: the call goes to the case’s ' +
      'callback of that level for this resolution (`L1-<number>-<round>`, on GET /api/callbacks; 409 when it ' +
      'is closed or there is none), level 3 to its open one from the month-end sample. Satisfaction 1–2 or ' +
      '`extremelyDissatisfied` reopens the case with a 2-day resolution commitment (extreme also requests ' +
      'a complaint); a satisfied level-2 callback closes it.',
  })
  @ApiParam(CASE_NUMBER_PARAM)
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: CaseDto, description: 'The case after the callback' })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The case is not resolved (or has ended)' })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  recordCallback(
    @CurrentUser() user: AuthenticatedUser,
    @Param('number', CaseNumberPipe) number: string,
    @Body() body: RecordCallbackDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<CaseDto> {
    return this.cases.recordCallback(user, number, body, { idempotencyKey });
  }
}
