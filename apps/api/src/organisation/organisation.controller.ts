import { Body, Controller, Get, Ip, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
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
import { CreateOrgUnitDto, EscalationStepDto, OrgUnitDto, UpdateOrgUnitDto } from './dto/org-unit.dto';
import { OrganisationService } from './organisation.service';

@ApiTags('organisation')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in, or the token expired' })
@Controller('organisation')
export class OrganisationController {
  constructor(private readonly organisation: OrganisationService) {}

  @Get('units')
  @ApiOperation({ summary: 'Departments and teams with their heads (any signed-in user)' })
  @ApiOkResponse({ type: OrgUnitDto, isArray: true })
  async list(): Promise<OrgUnitDto[]> {
    return (await this.organisation.list()).map(OrgUnitDto.from);
  }

  @Get('units/:id')
  @ApiOperation({ summary: 'One department or team (any signed-in user)' })
  @ApiOkResponse({ type: OrgUnitDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async get(@Param('id') id: string): Promise<OrgUnitDto> {
    return OrgUnitDto.from(await this.organisation.get(id));
  }

  @Post('units')
  @Roles(Role.Admin)
  @AuditedChange()
  @ApiOperation({ summary: 'Create a department or a team (admin)' })
  @ApiCreatedResponse({ type: OrgUnitDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  async create(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreateOrgUnitDto,
    @Ip() ip: string,
  ): Promise<OrgUnitDto> {
    return OrgUnitDto.from(await this.organisation.create(user, body, ip));
  }

  @Patch('units/:id')
  @Roles(Role.Admin)
  @AuditedChange()
  @ApiOperation({ summary: 'Rename a unit, move a team, or fill (or vacate) its head (admin)' })
  @ApiOkResponse({ type: OrgUnitDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  async update(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: UpdateOrgUnitDto,
    @Ip() ip: string,
  ): Promise<OrgUnitDto> {
    return OrgUnitDto.from(await this.organisation.update(user, id, body, ip));
  }

  @Get('escalation-path/:staffId')
  @Roles(Role.Supervisor, Role.Quality, Role.Admin)
  @ApiOperation({
    summary: 'Where escalations about this person’s cases land now (supervisor, quality, admin)',
    description:
      'assignee → supervisor → manager → GM office; a vacancy passes the step to the next level up.',
  })
  @ApiOkResponse({ type: EscalationStepDto, isArray: true })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  escalationPath(@Param('staffId') staffId: string): Promise<EscalationStepDto[]> {
    return this.organisation.escalationPath(staffId);
  }
}
