import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CurrentUser } from '../auth/decorators';
import { ErrorResponseDto, ValidationErrorResponseDto } from '../common/errors';
import { HandoverDto, HandoverQuery } from './dto/handover.dto';
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
      'resolved, closed or cancelled by then, with their current state, assignee and open commitments.',
  })
  @ApiOkResponse({ type: HandoverDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto, description: 'Not a date' })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: HandoverQuery): Promise<HandoverDto> {
    return this.handover.list(user, query);
  }
}
