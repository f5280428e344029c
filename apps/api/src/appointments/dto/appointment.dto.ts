import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class AvailabilityQuery {
  @ApiPropertyOptional({ format: 'date-time', description: 'From when (default: now; never before now)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 time, e.g. 2026-11-23T09:00:00+08:00' })
  from?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 31, default: 7, description: 'How many days ahead' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'days must be a whole number from 1 to 31' })
  @Min(1)
  @Max(31)
  days?: number;

  @ApiPropertyOptional({ minimum: 30, maximum: 480, default: 120, description: 'How long the visit takes' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'durationMinutes must be a whole number of minutes from 30 to 480' })
  @Min(30)
  @Max(480)
  durationMinutes?: number;
}

export class SlotDto {
  @ApiProperty({ format: 'date-time' })
  start: string;

  @ApiProperty({ format: 'date-time' })
  end: string;
}

export class AvailabilityDto {
  @ApiProperty({ format: 'uuid' })
  staffId: string;

  @ApiProperty({ example: 'Asia/Shanghai', description: "The engineer's calendar's time zone" })
  timeZone: string;

  @ApiProperty()
  durationMinutes: number;

  @ApiProperty({ type: [SlotDto], description: 'Free slots (on the half hour), in time order' })
  slots: SlotDto[];
}

export class CreateLeaveDto {
  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 time, e.g. 2026-11-23T09:00:00+08:00' })
  from: string;

  @ApiProperty({ format: 'date-time', description: 'After from' })
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 time, e.g. 2026-11-24T18:30:00+08:00' })
  to: string;

  @ApiProperty({ maxLength: 500, example: 'Annual leave' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'reason is required' })
  @MaxLength(500)
  reason: string;
}

export class LeaveDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  staffId: string;

  @ApiProperty({ format: 'date-time' })
  from: string;

  @ApiProperty({ format: 'date-time' })
  to: string;

  @ApiProperty()
  reason: string;

  @ApiProperty()
  createdBy: string;
}

export class CreatedLeaveDto extends LeaveDto {
  @ApiProperty({
    type: [String],
    description: 'Cases whose booked visit falls in the leave: they keep it until someone moves it',
  })
  visitsToMove: string[];
}
