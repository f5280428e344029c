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
import { BranchesService } from './branches.service';
import {
  BranchChangeDto,
  BranchDto,
  CreateBranchDto,
  ListBranchesQuery,
  RetireBranchDto,
  UpdateBranchDto,
} from './dto/branch.dto';

@ApiTags('branches')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in, or the token expired' })
@Controller('branches')
export class BranchesController {
  constructor(private readonly branches: BranchesService) {}

  @Get()
  @ApiOperation({ summary: 'The branches, with their calendar, time zone and policies (any signed-in user)' })
  @ApiOkResponse({ type: BranchDto, isArray: true })
  list(@Query() query: ListBranchesQuery): Promise<BranchDto[]> {
    return this.branches.list(query.includeRetired ?? false);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One branch (any signed-in user)' })
  @ApiOkResponse({ type: BranchDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@Param('id') id: string): Promise<BranchDto> {
    return this.branches.get(id);
  }

  @Post()
  @Roles(Role.Admin)
  @AuditedChange()
  @ApiOperation({
    summary: 'Create a branch (admin)',
    description:
      'Its calendar (default `default`) gives its working time and time zone; its policies (default `default` ' +
      'and `complaints`) the commitments of its new cases and complaints. Audited.',
  })
  @ApiCreatedResponse({ type: BranchDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'A branch with this id exists' })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  create(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreateBranchDto,
    @Ip() ip: string,
  ): Promise<BranchDto> {
    return this.branches.create(user, body, ip);
  }

  @Patch(':id')
  @Roles(Role.Admin)
  @AuditedChange()
  @ApiOperation({
    summary: 'Rename a branch, or change its calendar or policies (admin)',
    description:
      'New policies apply to cases and complaints logged from now on. A new calendar also re-plans the ' +
      'branch’s open cases (the answer names the rollout). Audited.',
  })
  @ApiOkResponse({ type: BranchChangeDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The branch is retired' })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: UpdateBranchDto,
    @Ip() ip: string,
  ): Promise<BranchChangeDto> {
    return this.branches.update(user, id, body, ip);
  }

  @Post(':id/retire')
  @HttpCode(200)
  @Roles(Role.Admin)
  @AuditedChange()
  @ApiOperation({
    summary: 'Retire a branch (admin)',
    description:
      'No new cases, complaints, staff or units in it; its open cases and complaints go on to the end. ' +
      'Retiring twice changes nothing. Audited with the reason.',
  })
  @ApiOkResponse({ type: BranchDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  retire(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: RetireBranchDto,
    @Ip() ip: string,
  ): Promise<BranchDto> {
    return this.branches.retire(user, id, body.reason, ip);
  }

  @Post(':id/reinstate')
  @HttpCode(200)
  @Roles(Role.Admin)
  @AuditedChange()
  @ApiOperation({ summary: 'Reinstate a retired branch (admin)' })
  @ApiOkResponse({ type: BranchDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  reinstate(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Ip() ip: string,
  ): Promise<BranchDto> {
    return this.branches.reinstate(user, id, ip);
  }
}
