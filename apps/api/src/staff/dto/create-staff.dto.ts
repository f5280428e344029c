import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsEnum,
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
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { DEPARTMENTS, PHONE_PATTERN, Role, type Department } from '@caseflow/domain';
import { STAFF_ROLES, type StaffRole } from '@caseflow/persistence';
import { RequiredHere } from '../../common/validation/required';
import { MIN_PASSWORD_LENGTH, USERNAME_PATTERN } from '../../users/dto/create-user.dto';
import { StaffDetailDto } from './staff-detail.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const MESSAGE_LANGUAGES = ['zh-CN', 'en'] as const;

/** The fields of a position an admin may set at creation and change later; `null` clears an optional one. */
export class StaffFieldsDto {
  @ApiPropertyOptional({ example: '陈工 Chen', maxLength: 200 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: STAFF_ROLES, description: 'Their position in the chart' })
  @IsOptional()
  @IsIn(STAFF_ROLES, { message: `role must be one of ${STAFF_ROLES.join(', ')}` })
  role?: StaffRole;

  @ApiPropertyOptional({
    enum: DEPARTMENTS,
    description: 'Default: their unit’s department, else the role’s usual one',
  })
  @IsOptional()
  @IsIn(DEPARTMENTS, { message: `department must be one of ${DEPARTMENTS.join(', ')}` })
  department?: Department;

  @ApiPropertyOptional({ example: 'sh', nullable: true })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @MaxLength(64)
  branchId?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'Their team (or department)' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsUUID()
  unitId?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'Who they report to' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsUUID()
  supervisorId?: string | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 1,
    maximum: 9999,
    example: 7,
    description:
      "The operator number (1–9999; 0 is the system's) in the numbers of the cases they log (unique; " +
      'GET /api/staff/operator-numbers/next proposes the next free one). Operators get the next free one ' +
      'when none is given; `null`: none.',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsInt()
  @Min(1)
  @Max(9999)
  operatorNo?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'chen@example.com' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '+8613800138000' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @Matches(PHONE_PATTERN, { message: 'phone must be 7–20 digits, optionally starting with +' })
  phone?: string | null;

  @ApiPropertyOptional({
    enum: MESSAGE_LANGUAGES,
    description: 'The language of their messages (default zh-CN)',
  })
  @IsOptional()
  @IsIn(MESSAGE_LANGUAGES, { message: 'language must be zh-CN or en' })
  language?: 'zh-CN' | 'en';

  @ApiPropertyOptional({
    type: String,
    isArray: true,
    example: ['zh-CN', 'en'],
    description: 'Languages they serve customers in (language tags)',
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(10)
  @Matches(LANGUAGE_TAG, {
    each: true,
    message: 'each of languages must be a language tag such as zh-CN or en',
  })
  languages?: string[];
}

/** A sign-in account made together with the position. */
export class StaffSignInDto {
  @ApiProperty({ example: 'chen.gong', pattern: USERNAME_PATTERN.source })
  @Transform(trim)
  @IsString()
  @Matches(USERNAME_PATTERN, {
    message: 'username must be 3–64 letters, digits, ".", "-" or "_", starting with a letter or digit',
  })
  username: string;

  @ApiPropertyOptional({
    minLength: MIN_PASSWORD_LENGTH,
    format: 'password',
    description:
      'Default: generated, shown once in the answer; the person must choose their own at first sign-in',
  })
  @IsOptional()
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(72)
  password?: string;

  @ApiPropertyOptional({
    enum: Role,
    enumName: 'Role',
    isArray: true,
    description:
      'Default: from the position (operator, engineer, supervisor for managers and the GM office, quality)',
  })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsEnum(Role, { each: true })
  roles?: Role[];
}

export class CreateStaffDto extends StaffFieldsDto {
  @ApiProperty({ example: '陈工 Chen', maxLength: 200 })
  @RequiredHere()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  declare name: string;

  @ApiProperty({ enum: STAFF_ROLES })
  @RequiredHere()
  @IsIn(STAFF_ROLES, { message: `role must be one of ${STAFF_ROLES.join(', ')}` })
  declare role: StaffRole;

  @ApiPropertyOptional({ format: 'uuid', description: 'Link an existing sign-in account (or give signIn)' })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ type: StaffSignInDto, description: 'Create a sign-in account for them at once' })
  @IsOptional()
  @ValidateNested()
  @Type(() => StaffSignInDto)
  signIn?: StaffSignInDto;
}

export class DeactivateStaffDto {
  @ApiProperty({ example: 'Left the company on 2026-12-31', maxLength: 500 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason: string;
}

export class CreatedSignInDto {
  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty({ example: 'chen.gong' })
  username: string;

  @ApiProperty({ enum: Role, enumName: 'Role', isArray: true })
  roles: Role[];

  @ApiPropertyOptional({ description: 'The generated password, shown only in this answer' })
  password?: string;
}

export class CreatedStaffDto {
  @ApiProperty({ type: StaffDetailDto })
  staff: StaffDetailDto;

  @ApiPropertyOptional({ type: CreatedSignInDto })
  signIn?: CreatedSignInDto;
}

export class StaffDeactivationDto {
  @ApiProperty({ type: StaffDetailDto })
  staff: StaffDetailDto;

  @ApiProperty({ description: 'Open cases newly flagged for their supervisor to reassign' })
  flaggedCases: number;
}

export class NextOperatorNumberDto {
  @ApiProperty({ type: Number, nullable: true, example: 8, description: 'null when every number is taken' })
  next: number | null;
}
