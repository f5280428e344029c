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
import { CASE_ACTIONS, DomainError, Role } from '@caseflow/domain';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { ErrorResponseDto, ValidationErrorResponseDto } from '../common/errors';
import { ApiIdempotencyKey, IdempotencyKey } from '../common/idempotency-key';
import { CaseNumberPipe } from './case-number.pipe';
import { CASE_NUMBER_PARAM } from './cases.controller';
import { CasesService } from './cases.service';
import {
  AddNoteDto,
  AssignCaseDto,
  CancelCaseDto,
  ContactCaseDto,
  ForwardCaseDto,
  RecordTestResultDto,
  ReopenCaseDto,
  RequestCustomerTestDto,
  ResolveCaseDto,
  ReturnResultDto,
  ScheduleVisitDto,
  StartWorkDto,
} from './dto/case-actions.dto';
import { CaseDto } from './dto/case.dto';
import { PersonalDataInterceptor } from '../customers/personal-data';

// Who may do what. Routing a case (assign, forward, cancel) is the hotline's and the supervisors' call;
// working it is also the engineers'; a manual reopen is also quality's (a problem heard at a callback);
// anyone signed in may add a note.
const ROUTING = [Role.Operator, Role.Supervisor, Role.Admin];
const WORKING = [Role.Engineer, Role.Operator, Role.Supervisor, Role.Admin];
const REOPENING = [Role.Operator, Role.Supervisor, Role.Quality, Role.Admin];

/** One action: its roles, and the answers every action shares. */
function CaseAction(summary: string, roles: Role[] | 'anyone', description: string) {
  const who = roles === 'anyone' ? 'any signed-in user' : roles.join(', ');
  return applyDecorators(
    ...(roles === 'anyone' ? [] : [Roles(...roles)]),
    HttpCode(200),
    ApiOperation({
      summary: `${summary} (${who})`,
      description:
        `${description}\n\nRoles: ${who}. Runs as a workflow update: an action the case’s state does not ` +
        'allow answers 409 with `details.state` and `details.allowedActions`; so does any action on a ' +
        'closed or cancelled case. With an `Idempotency-Key` a retry is applied at most once.',
    }),
    ApiIdempotencyKey(),
    ApiParam(CASE_NUMBER_PARAM),
    ApiOkResponse({ type: CaseDto, description: 'The case after the action' }),
    ApiForbiddenResponse({ type: ErrorResponseDto, description: 'The caller’s roles do not allow it' }),
    ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such case' }),
    ApiConflictResponse({ type: ErrorResponseDto, description: 'Not allowed in the case’s current state' }),
    ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto }),
  );
}

@ApiTags('case actions')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in, or the token expired' })
@UseInterceptors(PersonalDataInterceptor)
@Controller('cases/:number/actions')
export class CaseActionsController {
  constructor(private readonly cases: CasesService) {}

  @Post('assign')
  @CaseAction(
    'Assign the case to an engineer',
    ROUTING,
    'Only a certified, active engineer whose certification has not expired (422 naming `assigneeId` otherwise). ' +
      'Meets the forwarding commitment.',
  )
  assign(
    @CurrentUser() user: AuthenticatedUser,
    @Param('number', CaseNumberPipe) number: string,
    @Body() body: AssignCaseDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<CaseDto> {
    return this.cases.act(user, number, 'assign', body, { idempotencyKey });
  }

  @Post('contact')
  @CaseAction('Record contact with the customer', WORKING, 'Meets the first-contact commitment.')
  contact(
    @CurrentUser() user: AuthenticatedUser,
    @Param('number', CaseNumberPipe) number: string,
    @Body() body: ContactCaseDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<CaseDto> {
    return this.cases.act(user, number, 'contact', body, { idempotencyKey });
  }

  @Post('schedule')
  @CaseAction(
    'Schedule the visit',
    WORKING,
    'Books the assigned engineer for the visit (`durationMinutes`, default 120) and records the agreed time; the ' +
      'customer is sent the confirmation (or, for a new time, the change). A time outside the engineer’s working ' +
      'time, in their leave or already taken answers 409 with `details.nearestSlots` and the apology to read out ' +
      '(`details.apology`); two bookings of one slot at the same moment: one wins, the other is that 409. ' +
      '`customerWish` records that the wish could not be met and another slot was offered, with an apology.',
  )
  schedule(
    @CurrentUser() user: AuthenticatedUser,
    @Param('number', CaseNumberPipe) number: string,
    @Body() body: ScheduleVisitDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<CaseDto> {
    return this.cases.act(user, number, 'schedule', body, { idempotencyKey });
  }

  @Post('start')
  @CaseAction('Start the work', WORKING, 'Service requests only.')
  start(
    @CurrentUser() user: AuthenticatedUser,
    @Param('number', CaseNumberPipe) number: string,
    @Body() body: StartWorkDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<CaseDto> {
    return this.cases.act(user, number, 'start', body, { idempotencyKey });
  }

  @Post('forward')
  @CaseAction(
    'Forward the case to a handler department',
    ROUTING,
    'Meets the forwarding commitment and starts the handler’s result commitment (2 working days by default).',
  )
  forward(
    @CurrentUser() user: AuthenticatedUser,
    @Param('number', CaseNumberPipe) number: string,
    @Body() body: ForwardCaseDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<CaseDto> {
    return this.cases.act(user, number, 'forward', body, { idempotencyKey });
  }

  @Post('return-result')
  @CaseAction('Return the handler department’s result', WORKING, 'Meets the handler-result commitment.')
  returnResult(
    @CurrentUser() user: AuthenticatedUser,
    @Param('number', CaseNumberPipe) number: string,
    @Body() body: ReturnResultDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<CaseDto> {
    return this.cases.act(user, number, 'return-result', body, { idempotencyKey });
  }

  @Post('request-customer-test')
  @CaseAction(
    'Ask the customer to test and report back',
    WORKING,
    'Starts the customer-test commitment (24 h by default; silence resolves the case as resolved_by_silence) ' +
      'and pauses the clocks that measure our own work.',
  )
  requestCustomerTest(
    @CurrentUser() user: AuthenticatedUser,
    @Param('number', CaseNumberPipe) number: string,
    @Body() body: RequestCustomerTestDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<CaseDto> {
    return this.cases.act(user, number, 'request-customer-test', body, { idempotencyKey });
  }

  @Post('record-test-result')
  @CaseAction(
    'Record the customer’s test result',
    WORKING,
    '`works: true` resolves the case; `false` resumes the paused clocks and returns it to work.',
  )
  recordTestResult(
    @CurrentUser() user: AuthenticatedUser,
    @Param('number', CaseNumberPipe) number: string,
    @Body() body: RecordTestResultDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<CaseDto> {
    return this.cases.act(user, number, 'record-test-result', body, { idempotencyKey });
  }

  @Post('resolve')
  @CaseAction(
    'Resolve the case',
    WORKING,
    'Meets the open commitments and starts the after-service callbacks (level-1 at once, survey after 1 h, level-2 after 48 h).',
  )
  resolve(
    @CurrentUser() user: AuthenticatedUser,
    @Param('number', CaseNumberPipe) number: string,
    @Body() body: ResolveCaseDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<CaseDto> {
    return this.cases.act(user, number, 'resolve', body, { idempotencyKey });
  }

  @Post('reopen')
  @CaseAction('Reopen a resolved case', REOPENING, 'Starts a new resolution commitment (2 days by default).')
  reopen(
    @CurrentUser() user: AuthenticatedUser,
    @Param('number', CaseNumberPipe) number: string,
    @Body() body: ReopenCaseDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<CaseDto> {
    return this.cases.act(user, number, 'reopen', body, { idempotencyKey });
  }

  @Post('cancel')
  @CaseAction(
    'Cancel the case',
    ROUTING,
    'Ends the case and every commitment; nothing more can be done on it.',
  )
  cancel(
    @CurrentUser() user: AuthenticatedUser,
    @Param('number', CaseNumberPipe) number: string,
    @Body() body: CancelCaseDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<CaseDto> {
    return this.cases.act(user, number, 'cancel', body, { idempotencyKey });
  }

  @Post('add-note')
  @CaseAction('Add a note to the timeline', 'anyone', 'Allowed in every state until the case ends.')
  addNote(
    @CurrentUser() user: AuthenticatedUser,
    @Param('number', CaseNumberPipe) number: string,
    @Body() body: AddNoteDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<CaseDto> {
    return this.cases.act(user, number, 'add-note', { text: (body.note ?? body.text)! }, { idempotencyKey });
  }

  /** Declared last, so it only catches what no action above matched. */
  @Post(':action')
  @ApiOperation({ summary: 'Any other action: 404, listing the actions there are' })
  @ApiParam(CASE_NUMBER_PARAM)
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  unknown(@Param('action') action: string): never {
    throw DomainError.notFound(`There is no case action "${action}". Actions: ${CASE_ACTIONS.join(', ')}.`, {
      actions: CASE_ACTIONS,
    });
  }
}
