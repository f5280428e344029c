import { Body, Controller, Get, HttpCode, Ip, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
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
import { AuditedChange } from '../audit/audited-change';
import { DrawSampleDto, PreviewSampleDto, SampleDto, SampleListDto, SampleQuery } from './dto/sample.dto';
import { SamplesService } from './samples.service';
import { PersonalDataInterceptor } from '../customers/personal-data';

@ApiTags('samples')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in, or the token expired' })
@ApiForbiddenResponse({ type: ErrorResponseDto })
@UseInterceptors(PersonalDataInterceptor)
@Controller('samples')
export class SamplesController {
  constructor(private readonly samples: SamplesService) {}

  @Get()
  @Roles(Role.Quality, Role.Supervisor, Role.Admin)
  @ApiOperation({ summary: 'The month-end samples drawn so far, newest month first' })
  @ApiOkResponse({ type: SampleListDto })
  list(@Query() query: SampleQuery): Promise<SampleListDto> {
    return this.samples.list(query);
  }

  @Get(':month')
  @Roles(Role.Quality, Role.Supervisor, Role.Admin)
  @ApiOperation({
    summary: 'One month’s sample: ratio, seed, population per branch, trigger and the chosen cases',
    description: 'A supervisor sees, among the chosen cases, those they may open.',
  })
  @ApiOkResponse({ type: SampleDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Not drawn (yet)' })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  get(@CurrentUser() user: AuthenticatedUser, @Param('month') month: string): Promise<SampleDto> {
    return this.samples.get(month, user);
  }

  @Post(':month/preview')
  @HttpCode(200)
  @Roles(Role.Quality, Role.Admin)
  @ApiOperation({
    summary: 'What the draw would choose for a month now, without storing a sample or starting callbacks',
    description:
      'The numbers per branch and the cases the draw would choose (number, customer, branch). A month ' +
      'not yet ended shows the customers served so far.',
  })
  @ApiOkResponse({ type: SampleDto })
  @ApiUnprocessableEntityResponse({
    type: ValidationErrorResponseDto,
    description: 'Bad month or ratio, or a future month',
  })
  preview(@Param('month') month: string, @Body() body: PreviewSampleDto): Promise<SampleDto> {
    return this.samples.preview(month, body);
  }

  @Post(':month/draw')
  @HttpCode(200)
  @Roles(Role.Admin)
  @ApiOperation({
    summary: 'Draw a month by hand (admin), e.g. one the schedule missed, and start its level-3 callbacks',
    description:
      'Idempotent: a month already drawn answers its sample (created: false). The same month with another ' +
      'ratio is a 409 carrying the existing sample’s id; a month that has not begun is a 422. A month ' +
      'that has not ended in the sampling calendar’s time zone is a 422 naming `month`, unless forced ' +
      '(`force: true` with a `reason`, kept with the sample as `forceReason`). Audited (`sample.draw`, ' +
      '`sample.draw_forced`).',
  })
  @AuditedChange()
  @ApiOkResponse({ type: SampleDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Already drawn with another ratio' })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  draw(
    @CurrentUser() user: AuthenticatedUser,
    @Param('month') month: string,
    @Body() body: DrawSampleDto,
    @Ip() ip: string,
  ): Promise<SampleDto> {
    return this.samples.draw(user, month, body, ip);
  }
}
