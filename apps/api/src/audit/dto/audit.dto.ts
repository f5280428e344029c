import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { AUDIT_OUTCOMES, type AuditOutcome } from '@caseflow/persistence';
import { PageQuery } from '../../common/validation/page.query';

export class ListAuditQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'admin', description: 'Username (or "system")' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  actor?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ example: 'auth.sign_in', description: 'An action, or a family such as `case.*`' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  action?: string;

  @ApiPropertyOptional({ example: 'case' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entityType?: string;

  @ApiPropertyOptional({ example: '20261122-07-0003' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  entityId?: string;

  @ApiPropertyOptional({ enum: AUDIT_OUTCOMES })
  @IsOptional()
  @IsIn(AUDIT_OUTCOMES, { message: `outcome must be one of ${AUDIT_OUTCOMES.join(', ')}` })
  outcome?: AuditOutcome;

  @ApiPropertyOptional({ example: '203.0.113.7' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  ip?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'From this moment (inclusive)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Until this moment (exclusive)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class AuditEntryDto {
  @ApiProperty({ example: '42' })
  id: string;

  @ApiProperty({ format: 'date-time', description: 'UTC' })
  at: string;

  @ApiProperty({ type: String, nullable: true, description: 'users.id, when a signed-in user acted' })
  actorId: string | null;

  @ApiProperty({ example: 'admin' })
  actor: string;

  @ApiProperty({ example: 'auth.sign_in' })
  action: string;

  @ApiProperty({ example: 'user' })
  entityType: string;

  @ApiProperty({ example: 'admin' })
  entityId: string;

  @ApiProperty()
  summary: string;

  @ApiProperty({ nullable: true, description: 'The state before the change' })
  before: unknown;

  @ApiProperty({ nullable: true, description: 'The state after the change' })
  after: unknown;

  @ApiProperty({ type: String, nullable: true, example: '203.0.113.7' })
  ip: string | null;

  @ApiProperty({ enum: AUDIT_OUTCOMES })
  outcome: AuditOutcome;
}

export class AuditPageDto {
  @ApiProperty({ type: AuditEntryDto, isArray: true })
  items: AuditEntryDto[];

  @ApiProperty()
  total: number;

  @ApiProperty()
  page: number;

  @ApiProperty()
  pageSize: number;
}
