import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CUSTOMER_TIERS, normalisePhone, PHONE_PATTERN, type CustomerTier } from '@caseflow/domain';
import { RequiredHere } from '../../common/validation/required';
import { PageQuery } from '../../common/validation/page.query';

export const CUSTOMER_KINDS = ['person', 'organisation'] as const;
export type CustomerKind = (typeof CUSTOMER_KINDS)[number];
export const LANGUAGES = ['zh-CN', 'en'] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PHONE_MESSAGE = 'must be a phone number: 7–20 digits, an optional leading +, spaces or dashes';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const phones = ({ value }: { value: unknown }) => (Array.isArray(value) ? value.map(normalisePhone) : value);
const emails = ({ value }: { value: unknown }) =>
  Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v)) : value;

export class UpdateContactDto {
  @ApiPropertyOptional({ example: '李雷', maxLength: 128 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  name?: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['+86 138-0013-8000'],
    description: 'Phones as read back; stored as digits with an optional leading + (7–20 digits)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @Transform(phones)
  @IsString({ each: true })
  @Matches(PHONE_PATTERN, { each: true, message: `each of phones ${PHONE_MESSAGE}` })
  phones?: string[];

  @ApiPropertyOptional({ type: [String], example: ['li.lei@example.com'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @Transform(emails)
  @IsEmail({}, { each: true, message: 'each of emails must be an e-mail address' })
  emails?: string[];

  @ApiPropertyOptional({
    enum: LANGUAGES,
    description: 'The language messages to this contact are written in',
  })
  @IsOptional()
  @IsIn(LANGUAGES, { message: `language must be one of ${LANGUAGES.join(', ')}` })
  language?: 'zh-CN' | 'en';

  @ApiPropertyOptional({ description: 'Consent to care messages (holiday greetings, company news)' })
  @IsOptional()
  @IsBoolean({ message: 'consent must be true or false' })
  consent?: boolean;
}

export class CreateContactDto extends UpdateContactDto {
  @ApiProperty({ example: '李雷', maxLength: 128 })
  @RequiredHere()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  declare name: string;
}

export class UpdateSiteDto {
  @ApiPropertyOptional({ example: 'Head office', maxLength: 200 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  label?: string;

  @ApiPropertyOptional({ example: '上海市浦东新区世纪大道 100 号', maxLength: 500 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  address?: string;

  @ApiPropertyOptional({ example: 'sh', description: 'The branch that serves this site' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  branchId?: string;
}

export class CreateSiteDto extends UpdateSiteDto {
  @ApiProperty({ example: '上海市浦东新区世纪大道 100 号', maxLength: 500 })
  @RequiredHere()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  declare address: string;
}

export class UpdateEquipmentDto {
  @ApiPropertyOptional({ example: 'Printer X200', maxLength: 200 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  model?: string;

  @ApiPropertyOptional({ example: 'X200-2026-00417', maxLength: 100 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  serialNumber?: string;

  @ApiPropertyOptional({ example: '2026-03-01', description: 'YYYY-MM-DD' })
  @IsOptional()
  @Matches(DATE, { message: 'installedOn must be a date, YYYY-MM-DD' })
  installedOn?: string;

  @ApiPropertyOptional({ example: '2028-02-29', description: 'YYYY-MM-DD; not before installedOn' })
  @IsOptional()
  @Matches(DATE, { message: 'warrantyEndsOn must be a date, YYYY-MM-DD' })
  warrantyEndsOn?: string;

  @ApiPropertyOptional({ description: 'The site it is installed at (one of the customer’s sites)' })
  @IsOptional()
  @IsUUID('all', { message: 'siteId must be the id of one of the customer’s sites' })
  siteId?: string;
}

export class CreateEquipmentDto extends UpdateEquipmentDto {
  @ApiProperty({ example: 'Printer X200', maxLength: 200 })
  @RequiredHere()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  declare model: string;
}

export class UpdateCustomerDto {
  @ApiPropertyOptional({ enum: CUSTOMER_KINDS })
  @IsOptional()
  @IsIn(CUSTOMER_KINDS, { message: `kind must be one of ${CUSTOMER_KINDS.join(', ')}` })
  kind?: CustomerKind;

  @ApiPropertyOptional({ example: '李雷', maxLength: 200 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: CUSTOMER_TIERS })
  @IsOptional()
  @IsIn(CUSTOMER_TIERS, { message: `tier must be one of ${CUSTOMER_TIERS.join(', ')}` })
  tier?: CustomerTier;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  notes?: string;
}

export class CreateCustomerDto extends UpdateCustomerDto {
  @ApiProperty({ example: '李雷', maxLength: 200 })
  @RequiredHere()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  declare name: string;

  @ApiPropertyOptional({ type: [CreateContactDto], description: 'Its contacts (a person: usually one)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => CreateContactDto)
  contacts?: CreateContactDto[];

  @ApiPropertyOptional({ type: [CreateSiteDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => CreateSiteDto)
  sites?: CreateSiteDto[];
}

export class MergeCustomerDto {
  @ApiProperty({
    description:
      'The duplicate merged into this customer: its contacts, sites, equipment, cases and complaints move here',
  })
  @IsUUID('all', { message: 'duplicateId must be a customer id' })
  duplicateId: string;
}

export class ListCustomersQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Part of the name, or of a phone number', example: '138 0013' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: CUSTOMER_TIERS })
  @IsOptional()
  @IsIn(CUSTOMER_TIERS, { message: `tier must be one of ${CUSTOMER_TIERS.join(', ')}` })
  tier?: CustomerTier;
}

export class LookupCustomerQuery {
  @ApiProperty({ example: '+86 138-0013-8000', description: 'The caller’s phone as typed' })
  @Transform(({ value }) => normalisePhone(value))
  @IsString({ message: `phone ${PHONE_MESSAGE}` })
  @Matches(PHONE_PATTERN, { message: `phone ${PHONE_MESSAGE}` })
  phone: string;
}

export class ContactDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: [String] }) phones: string[];
  @ApiProperty({ type: [String] }) emails: string[];
  @ApiProperty({ enum: LANGUAGES }) language: 'zh-CN' | 'en';
  @ApiProperty() consent: boolean;
}

export class SiteDto {
  @ApiProperty() id: string;
  @ApiProperty({ type: String, nullable: true }) label: string | null;
  @ApiProperty() address: string;
  @ApiProperty({ type: String, nullable: true }) branchId: string | null;
}

export class EquipmentDto {
  @ApiProperty() id: string;
  @ApiProperty({ type: String, nullable: true }) siteId: string | null;
  @ApiProperty() model: string;
  @ApiProperty({ type: String, nullable: true }) serialNumber: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2026-03-01' }) installedOn: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2028-02-29' }) warrantyEndsOn: string | null;
  @ApiProperty({ description: 'The warranty has not ended (today, UTC)' }) underWarranty: boolean;
}

export class CustomerSummaryDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: CUSTOMER_KINDS }) kind: CustomerKind;
  @ApiProperty() name: string;
  @ApiProperty({ enum: CUSTOMER_TIERS }) tier: CustomerTier;
  @ApiProperty({ type: [String], description: 'Every phone of its contacts' }) phones: string[];
  @ApiProperty({ description: 'Its cases and complaints still open' }) openCases: number;
  @ApiProperty({ description: 'All its cases and complaints' }) totalCases: number;
}

export class CustomerRecordDto extends CustomerSummaryDto {
  @ApiProperty({ type: String, nullable: true }) notes: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Merged into that customer: this record is kept only so old links answer',
  })
  mergedIntoId: string | null;
  @ApiProperty({ type: [ContactDto] }) contacts: ContactDto[];
  @ApiProperty({ type: [SiteDto] }) sites: SiteDto[];
  @ApiProperty({ type: [EquipmentDto] }) equipment: EquipmentDto[];
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
}

export class CustomerCaseDto {
  @ApiProperty() number: string;
  @ApiProperty({ enum: ['service_request', 'inquiry', 'complaint'] }) kind: string;
  @ApiProperty() state: string;
  @ApiProperty() category: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: String, nullable: true }) product: string | null;
  @ApiProperty({ type: String, nullable: true }) equipmentId: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) receivedAt: string;
}

export class CustomerCallbackDto {
  @ApiProperty() id: string;
  @ApiProperty() caseNumber: string;
  @ApiProperty() level: number;
  @ApiProperty() reached: boolean;
  @ApiProperty({ type: Number, nullable: true }) satisfaction: number | null;
  @ApiProperty({ type: String, nullable: true }) remarks: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) recordedAt: string;
}

export class CustomerEvaluationDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: '2026-11-01' }) month: string;
  @ApiProperty() staffId: string;
  @ApiProperty({ type: String, nullable: true }) comments: string | null;
  @ApiProperty() extremelyDissatisfied: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
}

export class CustomerDetailDto extends CustomerRecordDto {
  @ApiProperty({ type: [CustomerCaseDto], description: 'Its cases and complaints, newest first' })
  cases: CustomerCaseDto[];
  @ApiProperty({ type: [CustomerCallbackDto], description: 'Callbacks on its cases, newest first' })
  callbacks: CustomerCallbackDto[];
  @ApiProperty({
    type: [CustomerEvaluationDto],
    description: 'Evaluations it gave (matched by its contacts’ phones), newest first',
  })
  evaluations: CustomerEvaluationDto[];
}

export class CustomerListDto {
  @ApiProperty({ type: [CustomerSummaryDto] }) items: CustomerSummaryDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class EraseCustomerDto {
  @ApiProperty({ example: 'The customer asked to be forgotten (letter of 2026-12-01)', maxLength: 500 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty({ message: 'reason must say why (the request it answers)' })
  @MaxLength(500)
  reason: string;
}

export class RetentionDueDto {
  @ApiProperty() id: string;
  @ApiProperty({ type: String, format: 'date-time', description: 'When its last case or complaint closed' })
  lastClosedAt: string;
}

export class RetentionDto {
  @ApiProperty({
    example: 36,
    description: 'Months after its last case closes that a customer’s personal fields are kept',
  })
  months: number;
  @ApiProperty({ type: String, nullable: true }) updatedBy: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) updatedAt: string | null;
  @ApiProperty({
    type: [RetentionDueDto],
    description: 'Customers kept longer than that, nothing open (oldest first, at most 100): to erase',
  })
  due: RetentionDueDto[];
}

export class UpdateRetentionDto {
  @ApiProperty({ example: 36, minimum: 1, maximum: 600 })
  @Type(() => Number)
  @IsInt({ message: 'months must be a whole number of months' })
  @Min(1, { message: 'months must be at least 1' })
  @Max(600, { message: 'months must be at most 600' })
  months: number;
}
