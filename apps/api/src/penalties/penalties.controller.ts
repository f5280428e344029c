import { Body, Controller, Get, HttpCode, Ip, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Role } from '@caseflow/domain';
import { AuditedChange } from '../audit/audited-change';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { ErrorResponseDto, ValidationErrorResponseDto } from '../common/errors';
import {
  DecidePenaltyDto,
  ListPenaltiesQuery,
  PenaltyDto,
  PenaltyPageDto,
  ProposePenaltyDto,
} from './dto/penalty.dto';
import { PenaltiesService } from './penalties.service';

@ApiTags('penalties')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in, or the token expired' })
@Controller('penalties')
export class PenaltiesController {
  constructor(private readonly penalties: PenaltiesService) {}

  @Get()
  @Roles(Role.Supervisor, Role.Quality, Role.Admin)
  @ApiOperation({ summary: 'Penalties, newest first (supervisor, quality, admin)' })
  @ApiOkResponse({ type: PenaltyPageDto })
  list(@Query() query: ListPenaltiesQuery): Promise<PenaltyPageDto> {
    return this.penalties.list(query);
  }

  @Get(':id')
  @Roles(Role.Supervisor, Role.Quality, Role.Admin)
  @ApiOperation({ summary: 'One penalty (supervisor, quality, admin)' })
  @ApiOkResponse({ type: PenaltyDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async get(@Param('id') id: string): Promise<PenaltyDto> {
    return PenaltyDto.from(await this.penalties.get(id));
  }

  @Post()
  @Roles(Role.Supervisor, Role.Admin)
  @AuditedChange()
  @ApiOperation({
    summary: 'Propose a penalty (supervisor, admin)',
    description:
      'Against someone below the proposer in the organisation chart (403 otherwise, and for oneself).',
  })
  @ApiCreatedResponse({ type: PenaltyDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  async propose(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: ProposePenaltyDto,
    @Ip() ip: string,
  ): Promise<PenaltyDto> {
    return PenaltyDto.from(await this.penalties.propose(user, body, ip));
  }

  @Post(':id/confirm')
  @Roles(Role.Supervisor, Role.Admin)
  @AuditedChange()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Confirm a proposed penalty, with a reason (a manager above the person; admin)',
    description:
      'Self-approval is refused (403): the proposer cannot decide their own proposal, nobody their own penalty. ' +
      'A confirmed disqualification suspends the engineer at once and flags their open cases for reassignment.',
  })
  @ApiOkResponse({ type: PenaltyDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Already decided' })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  async confirm(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: DecidePenaltyDto,
    @Ip() ip: string,
  ): Promise<PenaltyDto> {
    return PenaltyDto.from(await this.penalties.confirm(user, id, body, ip));
  }

  @Post(':id/reject')
  @Roles(Role.Supervisor, Role.Admin)
  @AuditedChange()
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject a proposed penalty, with a reason (a manager above the person; admin)' })
  @ApiOkResponse({ type: PenaltyDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Already decided' })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  async reject(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: DecidePenaltyDto,
    @Ip() ip: string,
  ): Promise<PenaltyDto> {
    return PenaltyDto.from(await this.penalties.reject(user, id, body, ip));
  }

  @Post(':id/lift')
  @Roles(Role.Supervisor, Role.Admin)
  @AuditedChange()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Lift the suspension a confirmed disqualification caused, with a reason (a manager above the person; admin)',
    description:
      'The decision is recorded on the penalty (`liftedAt`, `liftedBy`, `liftReason`) and audited; the engineer ' +
      'may be assigned again (when certified) unless another disqualification is still in force. Not a ' +
      'disqualification, not confirmed, or already lifted: 409.',
  })
  @ApiOkResponse({ type: PenaltyDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Nothing to lift' })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  async lift(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: DecidePenaltyDto,
    @Ip() ip: string,
  ): Promise<PenaltyDto> {
    return PenaltyDto.from(await this.penalties.lift(user, id, body, ip));
  }
}
