import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsISO8601, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateBy } from 'class-validator';
import {
  CATEGORIES,
  COMPLAINT_COMPLEXITIES,
  type Category,
  type ComplaintComplexity,
  type ComplaintSource,
} from '@caseflow/domain';
import { CallerDto, CLOCK_SKEW_MS } from '../../cases/dto/create-case.dto';

/** The channels a complaint comes in by; complaints from callbacks and evaluations are raised by those. */
export const API_COMPLAINT_SOURCES = ['phone', 'web', 'email', 'letter', 'walk_in'] as const;

/** A letter can take a while: a complaint may be logged up to 7 days after it was received. */
export const MAX_COMPLAINT_AGE_MS = 7 * 24 * 60 * 60 * 1000;

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

const ReceivedInTheLastWeek = () =>
  ValidateBy({
    name: 'receivedInTheLastWeek',
    validator: {
      validate: (value: unknown) => {
        if (typeof value !== 'string') return true; // IsISO8601 reports it
        const at = Date.parse(value);
        if (Number.isNaN(at)) return true;
        return at <= Date.now() + CLOCK_SKEW_MS && at >= Date.now() - MAX_COMPLAINT_AGE_MS;
      },
      defaultMessage: (args) =>
        Date.parse(String(args?.value)) > Date.now()
          ? 'receivedAt must not be in the future'
          : 'receivedAt must be at most 7 days ago',
    },
  });

export class CreateComplaintDto extends CallerDto {
  @ApiProperty({
    enum: API_COMPLAINT_SOURCES,
    example: 'phone',
    description:
      'The channel, with the same values as a case’s `channel` (phone = a call to the hotline). ' +
      'Deprecated: `hotline`, the old name of `phone`, is still accepted (stored as `phone`) until the next release.',
  })
  @Transform(({ value }: { value: unknown }) => (value === 'hotline' ? 'phone' : value))
  @IsIn(API_COMPLAINT_SOURCES, { message: `source must be one of ${API_COMPLAINT_SOURCES.join(', ')}` })
  source: Extract<ComplaintSource, (typeof API_COMPLAINT_SOURCES)[number]>;

  @ApiProperty({
    enum: CATEGORIES,
    example: 'service',
    description:
      'Decides the responsible department: technical/other → tech support, sales → product division, ' +
      'service → customer service',
  })
  @IsIn(CATEGORIES, { message: `category must be one of ${CATEGORIES.join(', ')}` })
  category: Category;

  @ApiProperty({
    enum: COMPLAINT_COMPLEXITIES,
    example: 'simple',
    description: 'A clear answer is promised within 2 h (simple) or 24 h (complex) under the default policy',
  })
  @IsIn(COMPLAINT_COMPLEXITIES, { message: `complexity must be one of ${COMPLAINT_COMPLEXITIES.join(', ')}` })
  complexity: ComplaintComplexity;

  @ApiProperty({ example: 'The engineer was rude and left the printer in pieces', maxLength: 4000 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  description: string;

  @ApiPropertyOptional({ example: 'sh', description: 'The branch concerned; must exist' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  branchId?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'When the complaint was received (default: now); not in the future, at most 7 days ago',
  })
  @IsOptional()
  @IsISO8601(
    { strict: true },
    { message: 'receivedAt must be an ISO 8601 time, e.g. 2026-11-22T09:30:00+08:00' },
  )
  @ReceivedInTheLastWeek()
  receivedAt?: string;

  @ApiPropertyOptional({
    example: '20261122-07-0003',
    description: 'The service request or inquiry the complaint is about; must exist',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  sourceCaseNumber?: string;
}
