import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';
import { IsDecimalNumber } from '../../common/validation/decimal';
import { WEEKDAY_KEYS, type Weekday } from '@caseflow/sla';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export class WeeklySummaryScheduleDto {
  @ApiProperty({ enum: WEEKDAY_KEYS, example: 'mon' })
  @IsIn(WEEKDAY_KEYS, { message: `weekday must be one of ${WEEKDAY_KEYS.join(', ')}` })
  weekday: Weekday;

  @ApiProperty({ example: '09:00', description: 'Local time (HH:mm) on the sampling calendar' })
  @Matches(TIME, { message: 'time must be HH:mm' })
  time: string;
}

/** What an admin may change; anything left out keeps its current value. Applies from the next draw. */
export class UpdateSamplingSettingsDto {
  @ApiPropertyOptional({
    minimum: 0.1,
    maximum: 0.2,
    example: 0.15,
    description: 'Share of the month’s customers called again',
  })
  @IsOptional()
  @IsDecimalNumber(4, { message: 'ratio must be a number such as 0.15' })
  @Min(0.1, { message: 'ratio must be between 0.10 and 0.20 (10–20 %)' })
  @Max(0.2, { message: 'ratio must be between 0.10 and 0.20 (10–20 %)' })
  ratio?: number;

  @ApiPropertyOptional({ example: '17:00', description: 'Local time on the month’s last working day' })
  @IsOptional()
  @Matches(TIME, { message: 'drawTime must be HH:mm' })
  drawTime?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 10, example: 3 })
  @IsOptional()
  @IsInt({ message: 'maxAttempts must be a whole number' })
  @Min(1, { message: 'maxAttempts must be 1..10' })
  @Max(10, { message: 'maxAttempts must be 1..10' })
  maxAttempts?: number;

  @ApiPropertyOptional({ type: WeeklySummaryScheduleDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => WeeklySummaryScheduleDto)
  weeklySummary?: WeeklySummaryScheduleDto;
}

export class SamplingSettingsDto {
  @ApiProperty({ example: 0.15 })
  ratio: number;

  @ApiProperty({ example: '17:00' })
  drawTime: string;

  @ApiProperty({ example: 'default' })
  calendarId: string;

  @ApiProperty({ example: 3 })
  maxAttempts: number;

  @ApiProperty({
    example: 5,
    description: 'Level-3 callbacks are due within this many working days of the next month',
  })
  level3WorkingDays: number;

  @ApiProperty({ type: WeeklySummaryScheduleDto })
  weeklySummary: WeeklySummaryScheduleDto;

  @ApiPropertyOptional({ nullable: true })
  updatedBy: string | null;

  @ApiPropertyOptional({ nullable: true })
  updatedAt: string | null;
}
