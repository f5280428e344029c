import { Body, Controller, Get, Ip, Param, Patch, Query } from '@nestjs/common';
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
import { AuditedChange } from '../audit/audited-change';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { ErrorResponseDto, ValidationErrorResponseDto } from '../common/errors';
import { ListStaffQuery } from './dto/list-staff-members.query';
import { ListAssignableStaffQuery } from './dto/list-staff.query';
import { StaffDetailDto } from './dto/staff-detail.dto';
import { StaffMemberDto } from './dto/staff-member.dto';
import { UpdateStaffDto } from './dto/update-staff.dto';
import { StaffService } from './staff.service';

@ApiTags('staff')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in, or the token expired' })
@Controller('staff')
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  @Get('assignable')
  @ApiOperation({
    summary: 'Staff who may be assigned a case now (any signed-in user)',
    description:
      'Active, certified staff whose certification has not expired and who are not suspended, by name.',
  })
  @ApiOkResponse({ type: StaffMemberDto, isArray: true })
  async assignable(@Query() query: ListAssignableStaffQuery): Promise<StaffMemberDto[]> {
    return (await this.staff.assignable(query.branch)).map(StaffMemberDto.from);
  }

  @Get()
  @Roles(Role.Supervisor, Role.Quality, Role.Admin)
  @ApiOperation({ summary: 'The organisation chart’s positions (supervisor, quality, admin)' })
  @ApiOkResponse({ type: StaffDetailDto, isArray: true })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  async list(@Query() query: ListStaffQuery): Promise<StaffDetailDto[]> {
    return (await this.staff.list(query)).map(StaffDetailDto.from);
  }

  @Get(':id')
  @Roles(Role.Supervisor, Role.Quality, Role.Admin)
  @ApiOperation({ summary: 'One position (supervisor, quality, admin)' })
  @ApiOkResponse({ type: StaffDetailDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async get(@Param('id') id: string): Promise<StaffDetailDto> {
    return StaffDetailDto.from(await this.staff.get(id));
  }

  @Patch(':id')
  @Roles(Role.Admin)
  @AuditedChange()
  @ApiOperation({
    summary: 'Change a position: supervisor, unit, branch, active (admin)',
    description:
      'A supervisor that would close a cycle in the chart is refused (422, nothing written). Audited.',
  })
  @ApiOkResponse({ type: StaffDetailDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  async update(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: UpdateStaffDto,
    @Ip() ip: string,
  ): Promise<StaffDetailDto> {
    return StaffDetailDto.from(await this.staff.update(user, id, body, ip));
  }
}
