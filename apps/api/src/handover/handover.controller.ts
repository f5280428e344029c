import { Body, Controller, Get, HttpCode, Ip, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CurrentUser } from '../auth/decorators';
import { ErrorResponseDto, ValidationErrorResponseDto } from '../common/errors';
import { AuditedChange } from '../audit/audited-change';
import { HandoverDto, HandoverItemDto, HandoverQuery, PickUpBody } from './dto/handover.dto';
import { HandoverService } from './handover.service';

@ApiTags('handover')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in, or the token expired' })
@Controller('handover')
export class HandoverController {
  constructor(private readonly handover: HandoverService) {}

  @Get()
  @ApiOperation({
    summary: 'The shift handover list for a working day (any signed-in user; the cases they may see)',
    description:
      'Cases received before the end of the previous working day (default business calendar) and not ' +
      'resolved, closed or cancelled by then, and complaints not archived or closed by then (for those ' +
      'who may read complaints), with their current state, assignee, open commitments and who picked ' +
      'them up.',
  })
  @ApiOkResponse({ type: HandoverDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto, description: 'Not a date' })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: HandoverQuery): Promise<HandoverDto> {
    return this.handover.list(user, query);
  }

  @Post(':number/pick-up')
  @HttpCode(200)
  @AuditedChange()
  @ApiOperation({
    summary:
      'Mark an entry of the handover list picked up by the next shift (any signed-in user who sees it)',
    description:
      'Records who picked the case or complaint up and when (audited, `handover.pick_up`); the list ' +
      'shows it. Idempotent: a second pick-up answers the first one’s record. `date` names the list ' +
      '(default: today’s).',
  })
  @ApiOkResponse({ type: HandoverItemDto, description: 'The entry, with `pickedUp`' })
  @ApiNotFoundResponse({
    type: ErrorResponseDto,
    description: 'Not on that day’s list (or not yours to see)',
  })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto, description: 'Not a date' })
  pickUp(
    @CurrentUser() user: AuthenticatedUser,
    @Param('number') number: string,
    @Body() body: PickUpBody,
    @Ip() ip: string,
  ): Promise<HandoverItemDto> {
    return this.handover.pickUp(user, number, body.date, ip);
  }
}
