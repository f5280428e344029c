import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import type { Holiday, MakeUpWorkingDay, WorkingPeriod } from '@caseflow/sla';
import { RolloutDto } from '../../sla-policies/dto/sla-policy.dto';

const WEEK_EXAMPLE = {
  mon: [{ start: '09:00', end: '18:30' }],
  tue: [{ start: '09:00', end: '18:30' }],
  wed: [{ start: '09:00', end: '18:30' }],
  thu: [{ start: '09:00', end: '18:30' }],
  fri: [{ start: '09:00', end: '18:30' }],
  sat: [],
  sun: [],
};

/**
 * A calendar's content. The shape is checked here; everything else (real dates, 'HH:mm' times,
 * overlapping or empty periods, a holiday that is also a make-up day) by validateCalendar, whose
 * problems come back as one 422 with the path of each bad field.
 */
export class CalendarBodyDto {
  @ApiProperty({ example: 'Guangzhou branch office hours' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'Asia/Shanghai', description: 'IANA time zone' })
  @IsString()
  timeZone: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: WEEK_EXAMPLE,
    description: 'mon … sun, each a list of working periods { start, end } ([] for a day off)',
  })
  @IsObject()
  weeklyPeriods: Record<string, WorkingPeriod[]>;

  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    example: [{ date: '2027-01-01', name: "New Year's Day" }],
  })
  @IsArray()
  holidays: Holiday[];

  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    example: [{ date: '2027-02-07', name: 'Spring Festival (make-up working day)' }],
  })
  @IsArray()
  makeUpWorkingDays: MakeUpWorkingDay[];
}

export class CreateCalendarDto extends CalendarBodyDto {
  @ApiProperty({ example: 'gz', description: 'lower-case letters, digits and dashes' })
  @Matches(/^[a-z0-9][a-z0-9-]{0,62}$/, { message: 'id must be lower-case letters, digits and dashes' })
  id: string;
}

export class ImportHolidaysQuery {
  @ApiPropertyOptional({
    type: Boolean,
    default: false,
    description: 'true: drop the calendar’s holidays and make-up days in the years the file covers first',
  })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'replaceYears must be true or false' })
  replaceYears?: boolean;
}

export class CalendarDto extends CreateCalendarDto {
  @ApiProperty({ description: 'Incremented by every change' })
  revision: number;

  @ApiProperty()
  updatedAt: string;
}

export class CalendarChangeDto {
  @ApiProperty({ type: CalendarDto })
  calendar: CalendarDto;

  @ApiPropertyOptional({
    type: RolloutDto,
    description:
      'The open cases whose policy uses this calendar, being re-planned (GET /api/sla-policies/jobs/{id})',
  })
  rollout?: RolloutDto;
}

export class ImportCountsDto {
  @ApiProperty({ example: 28, description: 'Holidays the file holds' })
  holidays: number;

  @ApiProperty({ example: 6, description: 'Make-up working days the file holds' })
  makeUpWorkingDays: number;

  @ApiProperty({ example: 30, description: 'Days the calendar did not have before' })
  added: number;

  @ApiProperty({ example: 4, description: 'Days the file replaced' })
  replaced: number;
}

export class HolidayImportDto extends CalendarChangeDto {
  @ApiProperty({ type: ImportCountsDto })
  imported: ImportCountsDto;
}
