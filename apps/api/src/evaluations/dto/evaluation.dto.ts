import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
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
import { PHONE_PATTERN } from '@caseflow/domain';
import type { EvaluationEntity } from '@caseflow/persistence';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
export const MIN_SCORE = -50;
export const MAX_SCORE = 200;

/** One item of the form: a technical and an attitude score, each a percentage from −50 to 200. */
export class ItemScoresDto {
  @ApiProperty({ minimum: MIN_SCORE, maximum: MAX_SCORE, example: 100, description: 'Percent' })
  @IsInt()
  @Min(MIN_SCORE)
  @Max(MAX_SCORE)
  technical: number;

  @ApiProperty({ minimum: MIN_SCORE, maximum: MAX_SCORE, example: 120, description: 'Percent' })
  @IsInt()
  @Min(MIN_SCORE)
  @Max(MAX_SCORE)
  attitude: number;
}

export class EvaluationScoresDto {
  @ApiPropertyOptional({ type: ItemScoresDto, description: 'Pre-sales support' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ItemScoresDto)
  preSales?: ItemScoresDto;

  @ApiPropertyOptional({ type: ItemScoresDto, description: 'Project implementation' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ItemScoresDto)
  implementation?: ItemScoresDto;

  @ApiPropertyOptional({ type: ItemScoresDto, description: 'After-sales service' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ItemScoresDto)
  afterSales?: ItemScoresDto;
}

export class EvaluationCustomerDto {
  @ApiProperty({ example: '李雷' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: '13800000000' })
  @IsString()
  @Matches(PHONE_PATTERN, { message: 'phone must be 7–20 digits, optionally starting with +' })
  phone: string;
}

export class CreateEvaluationDto {
  @ApiProperty({ example: '2026-11', description: 'The month rated (YYYY-MM)' })
  @Matches(MONTH, { message: 'month must be YYYY-MM' })
  month: string;

  @ApiProperty({ format: 'uuid', description: 'The engineer rated' })
  @IsUUID()
  staffId: string;

  @ApiPropertyOptional({ example: 'sh', description: 'Default: the engineer’s branch' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  branchId?: string;

  @ApiProperty({ type: EvaluationCustomerDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => EvaluationCustomerDto)
  customer: EvaluationCustomerDto;

  @ApiProperty({ type: EvaluationScoresDto, description: 'At least one item' })
  @IsDefined()
  @ValidateNested()
  @Type(() => EvaluationScoresDto)
  scores: EvaluationScoresDto;

  @ApiPropertyOptional({ example: 'Fixed it on the first visit' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(4000)
  comments?: string;

  @ApiPropertyOptional({ description: 'The customer is extremely dissatisfied: a complaint is raised' })
  @IsOptional()
  @IsBoolean()
  extremelyDissatisfied?: boolean;
}

export class ListEvaluationsQuery {
  @ApiPropertyOptional({ example: '2026-11' })
  @IsOptional()
  @Matches(MONTH, { message: 'month must be YYYY-MM' })
  month?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  staffId?: string;
}

export class EvaluationDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: '2026-11' })
  month: string;

  @ApiProperty({ format: 'uuid' })
  staffId: string;

  @ApiProperty({ type: String, nullable: true })
  branchId: string | null;

  @ApiProperty({ type: EvaluationCustomerDto })
  customer: { name: string; phone: string | null };

  @ApiProperty({ type: EvaluationScoresDto })
  scores: EvaluationScoresDto;

  @ApiProperty({ type: String, nullable: true })
  comments: string | null;

  @ApiProperty()
  extremelyDissatisfied: boolean;

  @ApiProperty({ type: String, nullable: true, description: 'The complaint it raised' })
  complaintNumber: string | null;

  @ApiProperty()
  recordedBy: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  static from(e: EvaluationEntity): EvaluationDto {
    const item = (technical: number | null, attitude: number | null) =>
      technical === null || attitude === null ? undefined : { technical, attitude };
    return {
      id: e.id,
      month: e.month.slice(0, 7),
      staffId: e.staffId,
      branchId: e.branchId,
      customer: { name: e.customerName, phone: e.customerPhone },
      scores: {
        preSales: item(e.preSalesTechnical, e.preSalesAttitude),
        implementation: item(e.implementationTechnical, e.implementationAttitude),
        afterSales: item(e.afterSalesTechnical, e.afterSalesAttitude),
      },
      comments: e.comments,
      extremelyDissatisfied: e.extremelyDissatisfied,
      complaintNumber: e.complaintNumber,
      recordedBy: e.recordedBy,
      createdAt: e.createdAt.toISOString(),
    };
  }
}
