import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsISO8601,
  IsIn,
  IsNotEmpty,
  IsNotEmptyObject,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  CATEGORIES,
  CHANNELS,
  CUSTOMER_TIERS,
  normalisePhone,
  PHONE_PATTERN,
  type CaseIntake,
  type Category,
  type Channel,
  type CustomerTier,
} from '@caseflow/domain';

export const INTAKE_KINDS = ['service_request', 'inquiry'] as const;

/** How far back a call may be logged, and how much a client's clock may run ahead of ours. */
export const MAX_RECEIVED_AGE_MS = 24 * 60 * 60 * 1000;
export const CLOCK_SKEW_MS = 60 * 1000;

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

const ReceivedInTheLast24Hours = () =>
  ValidateBy({
    name: 'receivedInTheLast24Hours',
    validator: {
      validate: (value: unknown) => {
        if (typeof value !== 'string') return true; // IsISO8601 reports it
        const at = Date.parse(value);
        if (Number.isNaN(at)) return true;
        const now = Date.now();
        return at <= now + CLOCK_SKEW_MS && at >= now - MAX_RECEIVED_AGE_MS;
      },
      defaultMessage: (args) => {
        const at = Date.parse(String(args?.value));
        return at > Date.now()
          ? 'receivedAt must not be in the future'
          : 'receivedAt must be at most 24 hours ago: log older calls with the time they are logged';
      },
    },
  });

export class CustomerDto {
  @ApiProperty({ example: '李雷', maxLength: 128 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  name: string;

  @ApiProperty({
    example: '+86 138-0013-8000',
    description:
      'As read back to the customer: digits with an optional leading +, spaces and dashes allowed; ' +
      'stored without them (7–20 digits)',
  })
  @Transform(({ value }) => normalisePhone(value))
  @IsString()
  @Matches(PHONE_PATTERN, {
    message: 'phone must be a phone number: 7–20 digits, an optional leading +, spaces or dashes',
  })
  phone: string;

  @ApiPropertyOptional({ example: '上海市浦东新区世纪大道 100 号', maxLength: 500 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  address?: string;

  @ApiProperty({ enum: CUSTOMER_TIERS, example: 'standard' })
  @IsIn(CUSTOMER_TIERS, { message: `tier must be one of ${CUSTOMER_TIERS.join(', ')}` })
  tier: CustomerTier;
}

/** What the hotline records when a call (web form, e-mail, walk-in) comes in. */
/**
 * Who called, as an intake names them: typed in (`customer`) or picked from the customer records
 * (`customerId`, with the contact, site and device concerned). Cases and complaints take it alike.
 */
export abstract class CallerDto {
  @ApiPropertyOptional({
    type: CustomerDto,
    description:
      'The caller as typed: required without `customerId`. The customer record is found by phone and name, ' +
      'or created. With `customerId`, a phone given here is the one the customer called from.',
  })
  @ValidateIf(
    (o: { customerId?: unknown; customer?: unknown }) =>
      o.customerId === undefined || o.customer !== undefined,
  )
  @IsObject({ message: 'customer must name the caller (name, phone, tier), or give customerId' })
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => CustomerDto)
  customer?: CustomerDto;

  @ApiPropertyOptional({
    description:
      'The customer record (GET /api/customers/lookup?phone= finds it). With it, `customer` may be left out: ' +
      'the name, tier and language come from the record, the phone from the contact.',
  })
  @IsOptional()
  @IsUUID('all', { message: 'customerId must be a customer id (GET /api/customers/lookup?phone=)' })
  customerId?: string;

  @ApiPropertyOptional({ description: 'Which of the customer’s contacts called (default: its first)' })
  @IsOptional()
  @IsUUID('all', { message: 'contactId must be the id of one of the customer’s contacts' })
  contactId?: string;

  @ApiPropertyOptional({ description: 'The customer’s site concerned; its address is the case’s' })
  @IsOptional()
  @IsUUID('all', { message: 'siteId must be the id of one of the customer’s sites' })
  siteId?: string;

  @ApiPropertyOptional({ description: 'The customer’s device concerned; its model is the product' })
  @IsOptional()
  @IsUUID('all', { message: 'equipmentId must be the id of one of the customer’s devices' })
  equipmentId?: string;
}

export class CreateCaseDto extends CallerDto {
  @ApiProperty({ enum: INTAKE_KINDS, description: 'Complaints have their own intake' })
  @IsIn(INTAKE_KINDS, { message: `kind must be one of ${INTAKE_KINDS.join(', ')}` })
  kind: CaseIntake['kind'];

  @ApiProperty({ enum: CHANNELS, example: 'phone' })
  @IsIn(CHANNELS, { message: `channel must be one of ${CHANNELS.join(', ')}` })
  channel: Channel;

  @ApiProperty({
    enum: CATEGORIES,
    example: 'technical',
    description: "The hotline form's four boxes: technical quality, service quality, sales, other",
  })
  @IsIn(CATEGORIES, { message: `category must be one of ${CATEGORIES.join(', ')}` })
  category: Category;

  @ApiPropertyOptional({
    default: false,
    description:
      'Dispatched from the call centre: first contact is due 30 min after dispatch instead of 1 h after the call',
  })
  @IsOptional()
  @IsBoolean()
  dispatched?: boolean;

  @ApiPropertyOptional({
    format: 'date-time',
    description:
      'When the customer called (default: now). Not in the future (1 min of clock skew is tolerated), ' +
      'at most 24 h ago. Its local date (in the branch calendar’s time zone) is the date in the case number.',
  })
  @IsOptional()
  @IsISO8601(
    { strict: true },
    { message: 'receivedAt must be an ISO 8601 time, e.g. 2026-11-22T09:30:00+08:00' },
  )
  @ReceivedInTheLast24Hours()
  receivedAt?: string;

  @ApiPropertyOptional({ example: 'Printer X200', maxLength: 200, description: 'Product or device model' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  product?: string;

  @ApiProperty({ example: 'Paper jams on every print', maxLength: 4000 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  description: string;

  @ApiPropertyOptional({
    example: 'sh',
    description: 'The service branch; its calendar decides the case number’s date. Must exist.',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  branchId?: string;
}
