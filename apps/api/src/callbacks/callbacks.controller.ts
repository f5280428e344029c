import { Body, Controller, Get, HttpCode, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Role } from '@caseflow/domain';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { ErrorResponseDto, ValidationErrorResponseDto } from '../common/errors';
import { ApiIdempotencyKey, IdempotencyKey, updateIdFor } from '../common/idempotency-key';
import { CallbacksService } from './callbacks.service';
import { CallbackDto, CallbackListDto, ListCallbacksQuery, RecordAttemptDto } from './dto/callback.dto';
import { PersonalDataInterceptor } from '../customers/personal-data';

@ApiTags('callbacks')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in, or the token expired' })
@ApiForbiddenResponse({ type: ErrorResponseDto })
@UseInterceptors(PersonalDataInterceptor)
@Controller('callbacks')
export class CallbacksController {
  constructor(private readonly callbacks: CallbacksService) {}

  @Get()
  @Roles(Role.Quality, Role.Supervisor, Role.Admin)
  @ApiOperation({
    summary: 'The callback work queue (mine=true: quality desk; all: supervisor, admin)',
    description: 'Soonest due first. Each callback has a due time, an assignee, attempts and an outcome.',
  })
  @ApiOkResponse({ type: CallbackListDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListCallbacksQuery): Promise<CallbackListDto> {
    return this.callbacks.list(user, query);
  }

  @Post(':id/attempts')
  @HttpCode(200)
  @Roles(Role.Quality, Role.Admin)
  @ApiOperation({
    summary: 'Record one call to the customer',
    description:
      'Not reached: the next attempt is planned within the next working day’s calling hours, and after the ' +
      'last one the callback is unreachable. Reached and not satisfied: the case reopens (a closed case ' +
      'gets a new linked case); extremely dissatisfied: a complaint is raised too.',
  })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: CallbackDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The callback is closed' })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  recordAttempt(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: RecordAttemptDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<CallbackDto> {
    return this.callbacks.recordAttempt(user, id, body, updateIdFor(user.id, idempotencyKey));
  }
}
