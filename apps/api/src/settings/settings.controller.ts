import { Body, Controller, Get, Put } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
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
import { SamplingSettingsDto, UpdateSamplingSettingsDto } from './dto/sampling-settings.dto';
import { SettingsService } from './settings.service';

@ApiTags('settings')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in, or the token expired' })
@ApiForbiddenResponse({ type: ErrorResponseDto })
@Controller('settings')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get('sampling')
  @Roles(Role.Admin, Role.Quality)
  @ApiOperation({ summary: 'The month-end sample’s settings (ratio, draw time, attempts, weekly summary)' })
  @ApiOkResponse({ type: SamplingSettingsDto })
  sampling(): Promise<SamplingSettingsDto> {
    return this.settings.samplingDto();
  }

  @Put('sampling')
  @Roles(Role.Admin)
  @ApiOperation({
    summary: 'Change the sampling settings (admin); they apply from the next draw',
    description: 'A ratio outside 10–20 % or a time not HH:mm is a 422 naming the field; nothing is stored.',
  })
  @ApiOkResponse({ type: SamplingSettingsDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: UpdateSamplingSettingsDto,
  ): Promise<SamplingSettingsDto> {
    return this.settings.updateSampling(user, body);
  }
}
