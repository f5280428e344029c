import { Body, Controller, Get, HttpCode, Ip, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Role } from '@caseflow/domain';
import { AuditedChange } from '../audit/audited-change';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { ErrorResponseDto, ValidationErrorResponseDto } from '../common/errors';
import { CareCampaignsService } from './care-campaigns.service';
import { CancelCareCampaignDto, CareCampaignDto, CreateCareCampaignDto } from './dto/care-campaign.dto';

@ApiTags('care campaigns')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in, or the token expired' })
@ApiForbiddenResponse({ type: ErrorResponseDto })
@Controller('care-campaigns')
export class CareCampaignsController {
  constructor(private readonly campaigns: CareCampaignsService) {}

  @Get()
  @Roles(Role.Quality, Role.Admin)
  @ApiOperation({ summary: 'Care campaigns with their deliveries by status (quality, admin)' })
  @ApiOkResponse({ type: CareCampaignDto, isArray: true })
  list(): Promise<CareCampaignDto[]> {
    return this.campaigns.list();
  }

  @Get(':id')
  @Roles(Role.Quality, Role.Admin)
  @ApiOperation({ summary: 'One care campaign (quality, admin)' })
  @ApiOkResponse({ type: CareCampaignDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@Param('id') id: string): Promise<CareCampaignDto> {
    return this.campaigns.get(id);
  }

  @Post()
  @Roles(Role.Admin)
  @AuditedChange()
  @ApiOperation({
    summary: 'Schedule a care campaign: holiday greetings or company news (admin; audited)',
    description:
      'Sent from `sendAt` to the contacts who consented, each in their language, `ratePerMinute` a minute, each ' +
      'contact once; an opt-out before their turn is honoured; SMS wait out quiet hours. A forbidden phrase in ' +
      'the words is a 422 naming the field.',
  })
  @ApiCreatedResponse({ type: CareCampaignDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  create(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreateCareCampaignDto,
    @Ip() ip: string,
  ): Promise<CareCampaignDto> {
    return this.campaigns.create(user, body, ip);
  }

  @Post(':id/cancel')
  @Roles(Role.Admin)
  @AuditedChange()
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a campaign: nothing more is queued (admin; audited)' })
  @ApiOkResponse({ type: CareCampaignDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Already completed or cancelled' })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  cancel(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: CancelCareCampaignDto,
    @Ip() ip: string,
  ): Promise<CareCampaignDto> {
    return this.campaigns.cancel(user, id, body, ip);
  }
}
