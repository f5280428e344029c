import { Body, Controller, Get, Ip, Put } from '@nestjs/common';
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
import { AuditedChange } from '../audit/audited-change';
import { CurrentUser, Roles } from '../auth/decorators';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ErrorResponseDto, ValidationErrorResponseDto } from '../common/errors';
import { ReportPackDto, UpdateReportPackDto } from './dto/report-pack.dto';
import { ReportPackService } from './report-pack.service';

@ApiTags('reports')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in, or the token expired' })
@ApiForbiddenResponse({ type: ErrorResponseDto })
@Controller('report-pack')
export class ReportPackController {
  constructor(private readonly pack: ReportPackService) {}

  @Get()
  @Roles(Role.Admin)
  @ApiOperation({
    summary: 'The monthly report pack: its recipients and its last runs (admin)',
    description:
      'At 08:00 on each 1st (default calendar) the month before — complaint rate and compliance, and the ' +
      'quarter’s at a quarter’s end — is e-mailed as a workbook to the recipients, once per month.',
  })
  @ApiOkResponse({ type: ReportPackDto })
  get(): Promise<ReportPackDto> {
    return this.pack.get();
  }

  @Put()
  @Roles(Role.Admin)
  @AuditedChange()
  @ApiOperation({ summary: 'Set who receives the monthly report pack (admin, audited)' })
  @ApiOkResponse({ type: ReportPackDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: UpdateReportPackDto,
    @Ip() ip: string,
  ): Promise<ReportPackDto> {
    return this.pack.update(user, body, ip);
  }
}
