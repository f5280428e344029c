import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
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
import { readsComplaints } from '../complaints/complaint-readers';
import { StaffService } from '../staff/staff.service';
import { ErrorResponseDto, ValidationErrorResponseDto } from '../common/errors';
import {
  ChannelStatusDto,
  ListNotificationsQuery,
  NotificationDto,
  NotificationListDto,
  TestMessageDto,
} from './dto/notification.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in, or the token expired' })
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly staff: StaffService,
  ) {}

  @Get()
  // Recipients' phone numbers and addresses are personal data: only those who follow up on messages see them.
  @Roles(Role.Supervisor, Role.Quality, Role.Admin)
  @ApiOperation({
    summary: 'What was sent, to whom, when, and what became of it [supervisor, quality, admin]',
    description:
      'The outbox, newest first; `case` narrows it to one case. A supervisor sees the rows of the cases they ' +
      'may open (and of complaints), and rows about no case addressed to someone in their part of the chart.',
  })
  @ApiOkResponse({ type: NotificationListDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  async list(
    @CurrentUser() user: AuthenticatedUser,
    @Query() query: ListNotificationsQuery,
  ): Promise<NotificationListDto> {
    const scope = await this.staff.caseScope(user);
    return this.notifications.list(
      query,
      scope.all ? {} : { visibleTo: scope, readsComplaints: readsComplaints(user.roles) },
    );
  }

  @Get('channels')
  @ApiOperation({
    summary: 'Which channels are configured (any signed-in user)',
    description:
      'An unconfigured channel keeps its messages as undeliverable until it is configured and they are retried.',
  })
  @ApiOkResponse({ type: ChannelStatusDto, isArray: true })
  channels(): ChannelStatusDto[] {
    return this.notifications.channels();
  }

  @Post(':id/retry')
  @HttpCode(200)
  @Roles(Role.Admin)
  @ApiOperation({
    summary: 'Re-queue a failed or undeliverable message (admin)',
    description:
      'Delivery starts again at once (quiet hours still apply). A sent message is refused with 409.',
  })
  @ApiOkResponse({ type: NotificationDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Already sent, or being sent' })
  retry(@Param('id') id: string): Promise<NotificationDto> {
    return this.notifications.retry(id);
  }

  @Post('test')
  @HttpCode(202)
  @Roles(Role.Admin)
  @ApiOperation({
    summary: 'Send a test message through a channel (admin)',
    description: 'Checks the SMTP or SMS gateway settings end to end; the message is listed like any other.',
  })
  @ApiOkResponse({ type: NotificationDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({
    type: ValidationErrorResponseDto,
    description: 'Not an e-mail address / phone number',
  })
  sendTest(@Body() dto: TestMessageDto): Promise<NotificationDto> {
    return this.notifications.sendTest(dto);
  }
}
