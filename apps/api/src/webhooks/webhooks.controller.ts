import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
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
import { ListNotificationsQuery, NotificationListDto } from '../notifications/dto/notification.dto';
import { CreatedWebhookDto, CreateWebhookDto, WebhookDto } from './dto/webhook.dto';
import { WebhooksService } from './webhooks.service';

@ApiTags('webhooks')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in, or the token expired' })
@ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Not an admin' })
@Roles(Role.Admin)
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @ApiOperation({ summary: 'Active webhook subscriptions (admin); secrets are never shown again' })
  @ApiOkResponse({ type: WebhookDto, isArray: true })
  async list(): Promise<WebhookDto[]> {
    return (await this.webhooks.list()).map(WebhookDto.from);
  }

  @Post()
  @ApiOperation({
    summary: 'Subscribe a URL to events (admin)',
    description:
      'Each event is POSTed as JSON with `X-Caseflow-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`, ' +
      'retried with exponential backoff until a 2xx. The secret is in this answer only.',
  })
  @ApiCreatedResponse({ type: CreatedWebhookDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  async create(
    @Body() dto: CreateWebhookDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<CreatedWebhookDto> {
    const { entity, secret } = await this.webhooks.create(dto, user.id);
    return { ...WebhookDto.from(entity), secret };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Unsubscribe (admin); its delivery log stays' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  remove(@Param('id') id: string): Promise<void> {
    return this.webhooks.remove(id);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: 'The subscription’s delivery log, newest first (admin)' })
  @ApiOkResponse({ type: NotificationListDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  deliveries(@Param('id') id: string, @Query() query: ListNotificationsQuery): Promise<NotificationListDto> {
    return this.webhooks.deliveries(id, query);
  }
}
