import { applyDecorators, Body, Controller, HttpCode, Param, Post, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { COMPLAINT_ACTIONS, DomainError, Role } from '@caseflow/domain';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { ErrorResponseDto, ValidationErrorResponseDto } from '../common/errors';
import { ApiIdempotencyKey, IdempotencyKey } from '../common/idempotency-key';
import { ComplaintNumberPipe } from './complaint-number.pipe';
import { COMPLAINT_NUMBER_PARAM } from './complaints.controller';
import { ComplaintsService } from './complaints.service';
import {
  AcknowledgeComplaintDto,
  CloseComplaintDto,
  ContactComplaintDto,
  DeliverResultDto,
  HandlingReportDto,
  PromiseAnswerDto,
  RecordComplaintCallbackDto,
} from './dto/complaint-actions.dto';
import { ComplaintDto } from './dto/complaint.dto';
import { PersonalDataInterceptor } from '../customers/personal-data';

/** Complaints are handled by the responsible supervisors and the complaint desk (quality); admins may step in. */
export const HANDLING_COMPLAINTS = [Role.Supervisor, Role.Quality, Role.Admin];

/** One action: its roles, and the answers every action shares. */
function ComplaintAction(summary: string, description: string) {
  const who = HANDLING_COMPLAINTS.join(', ');
  return applyDecorators(
    Roles(...HANDLING_COMPLAINTS),
    HttpCode(200),
    ApiOperation({
      summary: `${summary} (${who})`,
      description:
        `${description}\n\nRoles: ${who}. Runs as a workflow update: an action the complaint’s state does ` +
        'not allow answers 409 with `details.state` and `details.allowedActions` (an archived or closed ' +
        'complaint allows none), leaving nothing written. With an `Idempotency-Key` a retry is applied at ' +
        'most once.',
    }),
    ApiIdempotencyKey(),
    ApiParam(COMPLAINT_NUMBER_PARAM),
    ApiOkResponse({ type: ComplaintDto, description: 'The complaint after the action' }),
    ApiForbiddenResponse({ type: ErrorResponseDto, description: 'The caller’s roles do not allow it' }),
    ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such complaint' }),
    ApiConflictResponse({
      type: ErrorResponseDto,
      description: 'Not allowed in the complaint’s current state',
    }),
    ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto }),
  );
}

@ApiTags('complaint actions')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in, or the token expired' })
@UseInterceptors(PersonalDataInterceptor)
@Controller('complaints/:number/actions')
export class ComplaintActionsController {
  constructor(private readonly complaints: ComplaintsService) {}

  @Post('acknowledge')
  @ComplaintAction(
    'Acknowledge the complaint',
    'The responsible supervisor takes it on; meets the acknowledgement commitment (unacknowledged, it climbs the ladder).',
  )
  acknowledge(
    @CurrentUser() user: AuthenticatedUser,
    @Param('number', ComplaintNumberPipe) number: string,
    @Body() body: AcknowledgeComplaintDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<ComplaintDto> {
    return this.complaints.act(user, number, 'acknowledge', body, { idempotencyKey });
  }

  @Post('promise-answer')
  @ComplaintAction(
    'Promise the customer a clear answer',
    'Once per round, after acknowledging; meets the answer commitment (2 h simple, 24 h complex by default).',
  )
  promiseAnswer(
    @CurrentUser() user: AuthenticatedUser,
    @Param('number', ComplaintNumberPipe) number: string,
    @Body() body: PromiseAnswerDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<ComplaintDto> {
    return this.complaints.act(user, number, 'promise-answer', body, { idempotencyKey });
  }

  @Post('contact')
  @ComplaintAction(
    'Record that the customer was contacted',
    'Meets the contact commitment (24 h; phone complaints: 1 working day); the complaint is then being handled.',
  )
  contact(
    @CurrentUser() user: AuthenticatedUser,
    @Param('number', ComplaintNumberPipe) number: string,
    @Body() body: ContactComplaintDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<ComplaintDto> {
    return this.complaints.act(user, number, 'contact', body, { idempotencyKey });
  }

  @Post('deliver-result')
  @ComplaintAction(
    'Record the result delivered to the customer',
    'Meets the result commitment (in person within 5 working days; phone complaints are also handled within ' +
      '3–5 working days) and starts the handling report’s (the next working day).',
  )
  deliverResult(
    @CurrentUser() user: AuthenticatedUser,
    @Param('number', ComplaintNumberPipe) number: string,
    @Body() body: DeliverResultDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<ComplaintDto> {
    return this.complaints.act(user, number, 'deliver-result', body, { idempotencyKey });
  }

  @Post('report')
  @ComplaintAction(
    'File the handling report',
    'Cause, action taken, staff involved with a penalty proposal each (none, warning, fine with an amount, ' +
      'disqualification). Each proposal becomes a pending penalty for staff supervision to confirm; every ' +
      'staff id must exist (422 naming `staffInvolved.<i>.staffId`). Starts the callback on the result.',
  )
  report(
    @CurrentUser() user: AuthenticatedUser,
    @Param('number', ComplaintNumberPipe) number: string,
    @Body() body: HandlingReportDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<ComplaintDto> {
    return this.complaints.act(user, number, 'report', body, { idempotencyKey });
  }

  @Post('record-callback')
  @ComplaintAction(
    'Record the callback on the result',
    'Satisfied: archived. Not satisfied: recorded again as the next round (forwarded again, fresh ' +
      'commitments) — after the round limit (3 by default) it goes to the GM office instead.',
  )
  recordCallback(
    @CurrentUser() user: AuthenticatedUser,
    @Param('number', ComplaintNumberPipe) number: string,
    @Body() body: RecordComplaintCallbackDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<ComplaintDto> {
    return this.complaints.act(user, number, 'record-callback', body, { idempotencyKey });
  }

  @Post('close')
  @ComplaintAction(
    'Close the complaint with a reason (GM office)',
    'Only once the round limit sent it to the GM office; every open commitment ends.',
  )
  close(
    @CurrentUser() user: AuthenticatedUser,
    @Param('number', ComplaintNumberPipe) number: string,
    @Body() body: CloseComplaintDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<ComplaintDto> {
    return this.complaints.act(user, number, 'close', body, { idempotencyKey });
  }

  /** Declared last, so it only catches what no action above matched. */
  @Post(':action')
  @ApiOperation({ summary: 'Any other action: 404, listing the actions there are' })
  @ApiParam(COMPLAINT_NUMBER_PARAM)
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  unknown(@Param('action') action: string): never {
    throw DomainError.notFound(
      `There is no complaint action "${action}". Actions: ${COMPLAINT_ACTIONS.join(', ')}.`,
      { actions: COMPLAINT_ACTIONS },
    );
  }
}
