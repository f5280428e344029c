import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { RequiredHere } from '../../common/validation/required';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export const BRANCH_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,31}$/;
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export class UpdateBranchDto {
  @ApiPropertyOptional({ example: '上海分公司', maxLength: 200 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({
    example: 'default',
    description:
      'The business calendar of the branch: its working hours, holidays and time zone. Every commitment ' +
      'that a policy puts on the `default` calendar runs on it for this branch’s cases; a change re-plans ' +
      'the branch’s open cases.',
  })
  @IsOptional()
  @IsString()
  @Matches(ID_PATTERN, { message: 'calendarId must be the id of a calendar (GET /api/calendars)' })
  calendarId?: string;

  @ApiPropertyOptional({
    example: 'Asia/Shanghai',
    description:
      'The branch’s time zone. It is its calendar’s: when given it must match (a branch in another zone ' +
      'needs a calendar in that zone, POST /api/calendars).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timeZone?: string;

  @ApiPropertyOptional({
    example: 'default',
    description: 'The commitment policy new service requests and inquiries of this branch start under',
  })
  @IsOptional()
  @IsString()
  @Matches(ID_PATTERN, { message: 'casePolicyId must be the id of a policy (GET /api/sla-policies)' })
  casePolicyId?: string;

  @ApiPropertyOptional({
    example: 'complaints',
    description: 'The commitment policy new complaints of this branch start under',
  })
  @IsOptional()
  @IsString()
  @Matches(ID_PATTERN, { message: 'complaintPolicyId must be the id of a policy (GET /api/sla-policies)' })
  complaintPolicyId?: string;
}

export class CreateBranchDto extends UpdateBranchDto {
  @ApiProperty({
    example: 'sh',
    pattern: BRANCH_ID_PATTERN.source,
    description: 'A short code, 1–32 lower-case letters, digits, "-" or "_"; it cannot change later',
  })
  @IsString()
  @Matches(BRANCH_ID_PATTERN, {
    message: 'id must be 1–32 lower-case letters, digits, "-" or "_", starting with a letter or digit',
  })
  id: string;

  @ApiProperty({ example: '上海分公司', maxLength: 200 })
  @RequiredHere()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  declare name: string;
}

export class RetireBranchDto {
  @ApiProperty({ example: 'Merged into the Hangzhou branch', maxLength: 500 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason: string;
}

export class ListBranchesQuery {
  @ApiPropertyOptional({ description: 'Include retired branches (default: only active ones)' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  includeRetired?: boolean;
}

export class BranchDto {
  @ApiProperty({ example: 'sh' })
  id: string;

  @ApiProperty({ example: '上海分公司' })
  name: string;

  @ApiProperty({ example: 'default' })
  calendarId: string;

  @ApiProperty({ example: 'Asia/Shanghai', description: 'Its calendar’s time zone' })
  timeZone: string;

  @ApiProperty({ example: 'default' })
  casePolicyId: string;

  @ApiProperty({ example: 'complaints' })
  complaintPolicyId: string;

  @ApiProperty({ description: 'A retired branch takes no new cases, staff or units' })
  retired: boolean;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  retiredAt: string | null;

  @ApiProperty({ description: 'Active staff members of the branch' })
  activeStaff: number;

  @ApiProperty({ description: 'Open cases and complaints of the branch' })
  openCases: number;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: string;
}

export class BranchChangeDto {
  @ApiProperty({ type: BranchDto })
  branch: BranchDto;

  @ApiPropertyOptional({
    description:
      'When the calendar changed: the rollout re-planning the open cases that run on it (GET /api/sla-policies/jobs/{id})',
  })
  rolloutId?: string;
}
