import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import {
  ApiBearerAuth,
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
import { NotificationTemplateDto, UpdateNotificationTemplateDto } from './dto/notification-template.dto';
import { NotificationTemplatesService } from './notification-templates.service';

@ApiTags('notifications')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in, or the token expired' })
@ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Not an admin' })
@Roles(Role.Admin)
@Controller('notification-templates')
export class NotificationTemplatesController {
  constructor(private readonly templates: NotificationTemplatesService) {}

  @Get()
  @ApiOperation({ summary: 'Every notification template, by type and language (admin)' })
  @ApiOkResponse({ type: NotificationTemplateDto, isArray: true })
  async list(): Promise<NotificationTemplateDto[]> {
    return (await this.templates.list()).map(NotificationTemplateDto.from);
  }

  @Get(':type/:language')
  @ApiOperation({ summary: 'One template (admin)' })
  @ApiOkResponse({ type: NotificationTemplateDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async get(
    @Param('type') type: string,
    @Param('language') language: string,
  ): Promise<NotificationTemplateDto> {
    return NotificationTemplateDto.from(await this.templates.get(type, language));
  }

  @Put(':type/:language')
  @ApiOperation({
    summary: 'Change a template’s words (admin)',
    description: 'Placeholders are written {{name}}; a name the type does not provide is refused with 422.',
  })
  @ApiOkResponse({ type: NotificationTemplateDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  async update(
    @Param('type') type: string,
    @Param('language') language: string,
    @Body() dto: UpdateNotificationTemplateDto,
    @CurrentUser() user: AuthenticatedUser,
  ): Promise<NotificationTemplateDto> {
    return NotificationTemplateDto.from(await this.templates.update(type, language, dto, user.id));
  }
}
