import { Body, Controller, Get, HttpCode, Ip, Param, Patch, Post, Query } from '@nestjs/common';
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
import {
  CreatedStaffDto,
  CreateStaffDto,
  DeactivateStaffDto,
  NextOperatorNumberDto,
  StaffDeactivationDto,
} from './dto/create-staff.dto';
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

  @Get('operator-numbers/next')
  @Roles(Role.Admin)
  @ApiOperation({ summary: 'The next free operator number, to propose for a new operator (admin)' })
  @ApiOkResponse({ type: NextOperatorNumberDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  async nextOperatorNumber(): Promise<NextOperatorNumberDto> {
    return { next: await this.staff.nextOperatorNumber() };
  }

  @Post()
  @Roles(Role.Admin)
  @AuditedChange()
  @ApiOperation({
    summary: 'Add a member of staff, with or without a sign-in (admin)',
    description:
      'A position in the chart: role, department (default: the unit’s, else the role’s), branch, unit, ' +
      'supervisor, operator number (operators get the next free one unless given; a taken one is a 409 ' +
      'naming the next free one), contact details and languages. `signIn` makes their account at once ' +
      '(a generated password is shown once, in this answer); `userId` links an existing one. Audited; a ' +
      'refusal writes nothing.',
  })
  @ApiCreatedResponse({ type: CreatedStaffDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Operator number or username taken' })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  async create(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreateStaffDto,
    @Ip() ip: string,
  ): Promise<CreatedStaffDto> {
    const { staff, signIn } = await this.staff.create(user, body, ip);
    return { staff: StaffDetailDto.from(staff), ...(signIn ? { signIn } : {}) };
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @Roles(Role.Admin)
  @AuditedChange()
  @ApiOperation({
    summary: 'Deactivate a member of staff (admin)',
    description:
      'No new assignments or escalations to them; each open case assigned to them is flagged for their ' +
      'supervisor to reassign (an escalation in the inbox, with a due time). Their sign-in is not touched. ' +
      'Deactivating twice changes nothing. Audited with the reason.',
  })
  @ApiOkResponse({ type: StaffDeactivationDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  async deactivate(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: DeactivateStaffDto,
    @Ip() ip: string,
  ): Promise<StaffDeactivationDto> {
    const { staff, flaggedCases } = await this.staff.deactivate(user, id, body.reason, ip);
    return { staff: StaffDetailDto.from(staff), flaggedCases };
  }

  @Post(':id/reactivate')
  @HttpCode(200)
  @Roles(Role.Admin)
  @AuditedChange()
  @ApiOperation({ summary: 'Reactivate a member of staff (admin)' })
  @ApiOkResponse({ type: StaffDetailDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Their branch is retired' })
  async reactivate(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Ip() ip: string,
  ): Promise<StaffDetailDto> {
    return StaffDetailDto.from(await this.staff.reactivate(user, id, ip));
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
    summary:
      'Change a position: name, role, department, supervisor, unit, branch, operator number, contact, languages, active (admin)',
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
