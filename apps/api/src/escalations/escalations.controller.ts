import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
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
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CurrentUser } from '../auth/decorators';
import { ErrorResponseDto, ValidationErrorResponseDto } from '../common/errors';
import { EscalationDto, EscalationListDto, ListEscalationsQuery } from './dto/escalation.dto';
import { EscalationsService } from './escalations.service';

@ApiTags('escalations')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in, or the token expired' })
@Controller('escalations')
export class EscalationsController {
  constructor(private readonly escalations: EscalationsService) {}

  @Get()
  @ApiOperation({
    summary: 'The escalation inbox (mine=true: anyone; all: supervisor, admin)',
    description:
      'Newest first. Reminders, breaches and escalations that the commitment ladders sent to a person.',
  })
  @ApiOkResponse({ type: EscalationListDto })
  @ApiForbiddenResponse({
    type: ErrorResponseDto,
    description: 'Without mine=true, for neither supervisor nor admin',
  })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  list(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: ListEscalationsQuery,
  ): Promise<EscalationListDto> {
    return this.escalations.list(user, query);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Acknowledge an escalation (its recipient, anyone above them in the chart, admin)',
    description:
      'Records when and by whom. Repeating it as the same user answers 200 with the first acknowledgement; ' +
      'once someone else has acknowledged it, 409 says who and when.',
  })
  @ApiOkResponse({ type: EscalationDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Already acknowledged by someone else' })
  acknowledge(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<EscalationDto> {
    return this.escalations.acknowledge(user, id);
  }
}
