import { Body, Controller, Get, Headers, Param, Post, Query, Res, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { LOGGING_COMPLAINTS, READING_COMPLAINTS } from './complaint-readers';
import { ErrorResponseDto, ValidationErrorResponseDto } from '../common/errors';
import { ComplaintNumberPipe } from './complaint-number.pipe';
import { ComplaintsService } from './complaints.service';
import { ComplaintDetailDto, ComplaintDto, ComplaintListDto } from './dto/complaint.dto';
import { CreateComplaintDto } from './dto/create-complaint.dto';
import { ListComplaintsQuery } from './dto/list-complaints.query';
import { PersonalDataInterceptor } from '../customers/personal-data';

export const COMPLAINT_NUMBER_PARAM = {
  name: 'number',
  example: 'C20261122-0003',
  description: 'The complaint number',
};

export { LOGGING_COMPLAINTS, READING_COMPLAINTS } from './complaint-readers';

@ApiTags('complaints')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in, or the token expired' })
@UseInterceptors(PersonalDataInterceptor)
@Controller('complaints')
export class ComplaintsController {
  constructor(private readonly complaints: ComplaintsService) {}

  @Post()
  @Roles(...LOGGING_COMPLAINTS)
  @ApiOperation({
    summary: 'Log a complaint (operator, supervisor, quality, admin)',
    description:
      'Starts the complaint’s workflow: it takes the next complaint number, forwards the complaint at once ' +
      'to the supervisor of the responsible department (technical/other → tech support, sales → product ' +
      'division, service → customer service) with the complaint desk copied, starts round 1’s commitments ' +
      'from the complaint policy, and tells the customer by when a clear answer comes. With an ' +
      '`Idempotency-Key` header a retried intake answers 200 with the complaint the first attempt raised; ' +
      'the key reused with a different body answers 422 (`errors["Idempotency-Key"]`).',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'Any 1–200 printable ASCII characters, unique per intake (per user); a retry sends the same body',
  })
  @ApiCreatedResponse({ type: ComplaintDto, description: 'The complaint was raised' })
  @ApiOkResponse({ type: ComplaintDto, description: 'A retry: the complaint this Idempotency-Key raised' })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  async create(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreateComplaintDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ComplaintDto> {
    const result = await this.complaints.create(user, body, idempotencyKey);
    response.status(result.created ? 201 : 200);
    return result.complaint;
  }

  @Get()
  @Roles(...READING_COMPLAINTS)
  @ApiOperation({
    summary: 'Find complaints (operator, supervisor, quality, admin)',
    description: 'Filters combine with AND; newest first.',
  })
  @ApiOkResponse({ type: ComplaintListDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  list(@Query() query: ListComplaintsQuery): Promise<ComplaintListDto> {
    return this.complaints.list(query);
  }

  @Get(':number')
  @Roles(...READING_COMPLAINTS)
  @ApiOperation({
    summary: 'One complaint with its rounds, commitments and timeline (operator, supervisor, quality, admin)',
  })
  @ApiParam(COMPLAINT_NUMBER_PARAM)
  @ApiOkResponse({ type: ComplaintDetailDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({
    type: ErrorResponseDto,
    description: 'No such complaint (or not a complaint number)',
  })
  get(@Param('number', ComplaintNumberPipe) number: string): Promise<ComplaintDetailDto> {
    return this.complaints.get(number);
  }
}
