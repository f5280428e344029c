import { Body, Controller, Get, Ip, Post, Query, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
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
import { CreateEvaluationDto, EvaluationDto, ListEvaluationsQuery } from './dto/evaluation.dto';
import { EvaluationsService } from './evaluations.service';
import { PersonalDataInterceptor } from '../customers/personal-data';

@ApiTags('evaluations')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in, or the token expired' })
@UseInterceptors(PersonalDataInterceptor)
@Controller('evaluations')
export class EvaluationsController {
  constructor(private readonly evaluations: EvaluationsService) {}

  @Post()
  @Roles(Role.Quality, Role.Admin)
  @AuditedChange()
  @ApiOperation({
    summary: 'Record a customer’s monthly rating form (quality, admin)',
    description:
      'Items pre-sales support, project implementation, after-sales service; a technical and an attitude ' +
      'score each from −50 to 200 (%). `extremelyDissatisfied` raises a complaint (its number is returned).',
  })
  @ApiCreatedResponse({ type: EvaluationDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  async create(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreateEvaluationDto,
    @Ip() ip: string,
  ): Promise<EvaluationDto> {
    return EvaluationDto.from(await this.evaluations.create(user, body, ip));
  }

  @Get()
  @Roles(Role.Supervisor, Role.Quality, Role.Admin)
  @ApiOperation({ summary: 'Customer evaluations (supervisor, quality, admin)' })
  @ApiOkResponse({ type: EvaluationDto, isArray: true })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  async list(@Query() query: ListEvaluationsQuery): Promise<EvaluationDto[]> {
    return (await this.evaluations.list(query)).map(EvaluationDto.from);
  }
}
