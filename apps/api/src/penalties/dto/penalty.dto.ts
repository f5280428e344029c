import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { IsDecimalNumber } from '../../common/validation/decimal';
import { PENALTY_KINDS, type PenaltyKind } from '@caseflow/domain';
import type { PenaltyEntity, PenaltySource, PenaltyState } from '@caseflow/persistence';
import { PageQuery } from '../../common/validation/page.query';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const PENALTY_STATES = ['proposed', 'confirmed', 'rejected'] as const;

export class ProposePenaltyDto {
  @ApiProperty({ format: 'uuid', description: 'The member of staff the penalty is against' })
  @IsUUID()
  staffId: string;

  @ApiProperty({ enum: PENALTY_KINDS })
  @IsIn(PENALTY_KINDS, { message: `kind must be one of ${PENALTY_KINDS.join(', ')}` })
  kind: PenaltyKind;

  @ApiPropertyOptional({
    example: 200,
    description: 'A fine’s amount (required for a fine, refused otherwise)',
  })
  @ValidateIf((dto: ProposePenaltyDto) => dto.kind === 'fine' || dto.amount !== undefined)
  @Type(() => Number)
  @IsDecimalNumber(2)
  @Min(0.01)
  @Max(1_000_000)
  amount?: number;

  @ApiProperty({ example: 'Did not call the customer back as promised (complaint 20261122-07-0003)' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;

  @ApiPropertyOptional({ example: '20261122-07-0003', description: 'The complaint it follows from, if any' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  complaintNumber?: string;
}

export class DecidePenaltyDto {
  @ApiProperty({ example: 'Verified with the customer and the engineer' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}

export class ListPenaltiesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: PENALTY_STATES })
  @IsOptional()
  @IsIn(PENALTY_STATES, { message: `state must be one of ${PENALTY_STATES.join(', ')}` })
  state?: PenaltyState;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  staffId?: string;
}

export class PenaltyDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  staffId: string;

  @ApiProperty({ enum: PENALTY_KINDS })
  kind: PenaltyKind;

  @ApiProperty({ type: String, nullable: true, example: '200.00' })
  amount: string | null;

  @ApiProperty()
  reason: string;

  @ApiProperty({ enum: ['complaint', 'supervisor'] })
  source: PenaltySource;

  @ApiProperty({ type: String, nullable: true })
  complaintNumber: string | null;

  @ApiProperty()
  proposedBy: string;

  @ApiProperty({ format: 'date-time' })
  proposedAt: string;

  @ApiProperty({ enum: PENALTY_STATES })
  state: PenaltyState;

  @ApiProperty({ type: String, nullable: true })
  decidedBy: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  decidedAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  decisionReason: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'A disqualification: when the suspension was lifted',
  })
  liftedAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  liftedBy: string | null;

  @ApiProperty({ type: String, nullable: true })
  liftReason: string | null;

  static from(p: PenaltyEntity): PenaltyDto {
    return {
      id: p.id,
      staffId: p.staffId,
      kind: p.kind,
      amount: p.amount,
      reason: p.reason,
      source: p.source,
      complaintNumber: p.complaintNumber,
      proposedBy: p.proposedBy,
      proposedAt: p.proposedAt.toISOString(),
      state: p.state,
      decidedBy: p.decidedBy,
      decidedAt: p.decidedAt?.toISOString() ?? null,
      decisionReason: p.decisionReason,
      liftedAt: p.liftedAt?.toISOString() ?? null,
      liftedBy: p.liftedBy,
      liftReason: p.liftReason,
    };
  }
}

export class PenaltyPageDto {
  @ApiProperty({ type: PenaltyDto, isArray: true })
  items: PenaltyDto[];

  @ApiProperty()
  total: number;

  @ApiProperty()
  page: number;

  @ApiProperty()
  pageSize: number;
}
