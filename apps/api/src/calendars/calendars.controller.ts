import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  Req,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { DomainError, DomainErrorCode, Role } from '@caseflow/domain';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CurrentUser, Roles } from '../auth/decorators';
import { ErrorResponseDto, ValidationErrorResponseDto } from '../common/errors';
import { CalendarsService } from './calendars.service';
import {
  CalendarBodyDto,
  CalendarChangeDto,
  CalendarDto,
  CreateCalendarDto,
  HolidayImportDto,
  ImportHolidaysQuery,
} from './dto/calendar.dto';

/** What multer hands over for an uploaded file (memory storage). */
interface UploadedIcs {
  originalname: string;
  size: number;
  buffer: Buffer;
}

export const MAX_ICS_BYTES = 1024 * 1024;

@ApiTags('calendars')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Not signed in, or the token expired' })
@ApiForbiddenResponse({ type: ErrorResponseDto, description: 'Not an admin' })
@Roles(Role.Admin)
@Controller('calendars')
export class CalendarsController {
  constructor(private readonly calendars: CalendarsService) {}

  @Get()
  @ApiOperation({ summary: 'Business calendars (admin)' })
  @ApiOkResponse({ type: CalendarDto, isArray: true })
  list(): Promise<CalendarDto[]> {
    return this.calendars.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One calendar (admin)' })
  @ApiOkResponse({ type: CalendarDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@Param('id') id: string): Promise<CalendarDto> {
    return this.calendars.get(id);
  }

  @Post()
  @ApiOperation({
    summary: 'Create a calendar (admin)',
    description:
      'Validated in full: 422 with the path of every bad field (e.g. overlapping periods). Audited.',
  })
  @ApiCreatedResponse({ type: CalendarDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'A calendar with this id exists' })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  create(@CurrentUser() user: AuthenticatedUser, @Body() body: CreateCalendarDto): Promise<CalendarDto> {
    return this.calendars.create(user, body);
  }

  @Put(':id')
  @ApiOperation({
    summary: 'Change a calendar; open cases whose policy uses it re-plan (admin)',
    description:
      'Validated in full (422 names each bad field; the calendar is then unchanged). The change, its audit ' +
      'entry (before/after) and the rollout to open cases are one transaction.',
  })
  @ApiOkResponse({ type: CalendarChangeDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Body() body: CalendarBodyDto,
  ): Promise<CalendarChangeDto> {
    return this.calendars.update(user, id, body);
  }

  @Post(':id/holidays/import')
  @HttpCode(200)
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_ICS_BYTES, files: 1 } }))
  @ApiOperation({
    summary: 'Import holidays from an iCalendar (.ics) file (admin)',
    description:
      'multipart/form-data with the file in `file`, or the file itself as a `text/calendar` body. All-day ' +
      'events (DTSTART;VALUE=DATE, DTEND exclusive, or DURATION in days) become holidays; events named ' +
      '"补班" / "make-up working day" become make-up working days. A file that does not parse: 422 with the ' +
      'line and the reason, and the calendar is unchanged. Open cases using the calendar re-plan.',
  })
  @ApiConsumes('multipart/form-data', 'text/calendar')
  @ApiBody({
    schema: {
      type: 'object',
      properties: { file: { type: 'string', format: 'binary' } },
      required: ['file'],
    },
  })
  @ApiOkResponse({ type: HolidayImportDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto })
  importHolidays(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Query() query: ImportHolidaysQuery,
    @UploadedFile() file: UploadedIcs | undefined,
    @Req() request: Request,
  ): Promise<HolidayImportDto> {
    const text = file
      ? file.buffer.toString('utf8')
      : typeof request.body === 'string'
        ? request.body
        : undefined;
    if (text === undefined || text.trim() === '') {
      throw new DomainError(DomainErrorCode.ValidationFailed, 'Validation failed', {
        errors: { file: ['send an .ics file as multipart field `file` or as a text/calendar body'] },
      });
    }
    return this.calendars.importHolidays(user, id, text, {
      replaceYears: query.replaceYears,
      fileName: file?.originalname,
    });
  }
}
