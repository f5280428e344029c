import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CurrentUser } from '../auth/decorators';
import { ErrorResponseDto } from '../common/errors';
import { InboxDto, InboxMessageDto, ListInboxQuery } from './inbox.dto';
import { InboxService } from './inbox.service';

@ApiTags('inbox')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in, or the token expired' })
@Controller('inbox')
export class InboxController {
  constructor(private readonly inbox: InboxService) {}

  @Get()
  @ApiOperation({
    summary: 'My in-app messages, with the unread count (any signed-in user with a staff position)',
  })
  @ApiOkResponse({ type: InboxDto })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListInboxQuery): Promise<InboxDto> {
    return this.inbox.list(user, query);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark one of my messages read' })
  @ApiOkResponse({ type: InboxMessageDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  markRead(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string): Promise<InboxMessageDto> {
    return this.inbox.markRead(user, id);
  }
}
