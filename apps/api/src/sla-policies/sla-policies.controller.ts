import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
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
import type { Response } from 'express';
import { Role } from '@caseflow/domain';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { ErrorResponseDto, ValidationErrorResponseDto } from '../common/errors';
import { IntParamPipe } from '../common/validation/int-param.pipe';
import {
  CreateDraftDto,
  CreatePolicyDto,
  ImpactDto,
  ImpactResultDto,
  PolicyDetailDto,
  PolicySummaryDto,
  PolicyVersionDto,
  PolicyVersionSummaryDto,
  PreviewDto,
  PreviewResultDto,
  PublishDto,
  PublishResultDto,
  RolloutDto,
} from './dto/sla-policy.dto';
import { RolloutsService } from './rollouts.service';
import { SlaPoliciesService } from './sla-policies.service';

@ApiTags('sla-policies')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in, or the token expired' })
@ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Not an admin' })
@Roles(Role.Admin)
@Controller('sla-policies')
export class SlaPoliciesController {
  constructor(
    private readonly policies: SlaPoliciesService,
    private readonly rollouts: RolloutsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Commitment policies, each with its current version and open drafts (admin)' })
  @ApiOkResponse({ type: PolicySummaryDto, isArray: true })
  list(): Promise<PolicySummaryDto[]> {
    return this.policies.list();
  }

  @Post()
  @ApiOperation({
    summary: 'Create a policy, in force at once as version 1 (admin)',
    description: 'The rules are validated in full (422 with the path of every bad field). Audited.',
  })
  @ApiCreatedResponse({ type: PolicyDetailDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'A policy with this id exists' })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  create(@CurrentUser() user: AuthenticatedUser, @Body() body: CreatePolicyDto): Promise<PolicyDetailDto> {
    return this.policies.create(user, body);
  }

  @Post('preview')
  @HttpCode(200)
  @ApiOperation({
    summary: 'The commitments and due times a case would get (admin)',
    description:
      'Pure calculation, no case is made: under the current version, a named version (drafts too) or unsaved ' +
      'rules. Each commitment is timed as if it started when the case is received.',
  })
  @ApiOkResponse({ type: PreviewResultDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  preview(@Body() body: PreviewDto): Promise<PreviewResultDto> {
    return this.policies.preview(body);
  }

  @Get('jobs/:id')
  @ApiOperation({
    summary: 'Progress of a rollout: open cases re-planned after a publish or a calendar change (admin)',
  })
  @ApiOkResponse({ type: RolloutDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  job(@Param('id') id: string): Promise<RolloutDto> {
    return this.rollouts.progress(id);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A policy with its current version’s rules (admin)' })
  @ApiOkResponse({ type: PolicyDetailDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@Param('id') id: string): Promise<PolicyDetailDto> {
    return this.policies.get(id);
  }

  @Get(':id/versions')
  @ApiOperation({
    summary: 'Every version of a policy, newest first: drafts, the published one, superseded ones (admin)',
  })
  @ApiOkResponse({ type: PolicyVersionSummaryDto, isArray: true })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  versions(@Param('id') id: string): Promise<PolicyVersionSummaryDto[]> {
    return this.policies.versions(id);
  }

  @Get(':id/versions/:version')
  @ApiOperation({ summary: 'One version with its rules (admin)' })
  @ApiOkResponse({ type: PolicyVersionDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  version(
    @Param('id') id: string,
    @Param('version', IntParamPipe) version: number,
  ): Promise<PolicyVersionDto> {
    return this.policies.version(id, version);
  }

  @Post(':id/versions')
  @ApiOperation({
    summary: 'Draft a new version (admin)',
    description: 'Validated in full; stored as a draft, not in force until published. Audited.',
  })
  @ApiCreatedResponse({ type: PolicyVersionDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  draft(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: CreateDraftDto,
  ): Promise<PolicyVersionDto> {
    return this.policies.createDraft(user, id, body);
  }

  @Post(':id/impact')
  @HttpCode(200)
  @ApiOperation({
    summary: 'How the open cases’ deadlines would move if a version were published to them (admin)',
    description:
      'Pure calculation, nothing changes: for each running commitment of an open case under the policy, its ' +
      'deadline now and after a publish with applyToOpenCases (time used stays used), for a stored version ' +
      '(default: the newest draft) or unsaved rules (validated like a draft: 422 naming each bad field).',
  })
  @ApiOkResponse({ type: ImpactResultDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  impact(@Param('id') id: string, @Body() body: ImpactDto): Promise<ImpactResultDto> {
    return this.policies.impact(id, body);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Publish a draft: new cases only, or open cases too (admin)',
    description:
      'The version becomes the one new cases start under. With applyToOpenCases the open cases are re-planned ' +
      'in the background: 202 with the rollout, whose progress GET /api/sla-policies/jobs/{id} shows. The ' +
      'rollout is recorded with the publish, so it resumes after a crash; publishing the same version again ' +
      'resumes it or reaches the cases still behind. Audited.',
  })
  @ApiOkResponse({ type: PublishResultDto, description: 'Published; no open case to re-plan' })
  @ApiAcceptedResponse({ type: PublishResultDto, description: 'Published; open cases are being re-planned' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'No draft, or the version is superseded or older',
  })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  async publish(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: PublishDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PublishResultDto> {
    const result = await this.policies.publish(user, id, body);
    if (result.rollout?.status === 'running') response.status(202);
    return result;
  }
}
