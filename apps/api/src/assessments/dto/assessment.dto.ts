import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export const ASSESSMENT_FORMATS = ['json', 'csv'] as const;

export class AssessmentQuery {
  @ApiProperty({
    example: '2026-11',
    description: 'The month assessed (YYYY-MM), in the default calendar’s time zone',
  })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be YYYY-MM' })
  month: string;

  @ApiPropertyOptional({ example: 'sh', description: 'Only engineers of this branch' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  branch?: string;

  @ApiPropertyOptional({
    enum: ASSESSMENT_FORMATS,
    default: 'json',
    description: '`csv`: a spreadsheet download',
  })
  @IsOptional()
  @IsIn(ASSESSMENT_FORMATS, { message: 'format must be json or csv' })
  format?: (typeof ASSESSMENT_FORMATS)[number];
}

/** One engineer's month: every figure the monthly assessment weighs. */
export class AssessmentDto {
  @ApiProperty({ example: '2026-11' })
  month: string;

  @ApiProperty({ format: 'uuid' })
  staffId: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: String, nullable: true })
  branchId: string | null;

  @ApiProperty({ description: 'Callbacks on their cases recorded this month' })
  callbacks: number;

  @ApiProperty({ description: '…of which the customer was reached' })
  callbacksReached: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Mean satisfaction (1–5) of reached callbacks' })
  satisfaction: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Mean rating of the engineer (1–5) at callbacks',
  })
  engineerRating: number | null;

  @ApiProperty({
    description: 'Complaints about their cases, their evaluations, or named in their penalties',
  })
  complaints: number;

  @ApiProperty({ description: 'Penalties confirmed this month: warnings' })
  warnings: number;

  @ApiProperty({ description: '…fines' })
  fines: number;

  @ApiProperty({ example: '200.00', description: 'Sum of confirmed fines' })
  finesAmount: string;

  @ApiProperty({ description: '…disqualifications' })
  disqualifications: number;

  @ApiProperty({ description: 'Customer evaluations of the month' })
  evaluations: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Mean technical score (%) over every rated item',
  })
  technicalScore: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Mean attitude score (%) over every rated item' })
  attitudeScore: number | null;

  @ApiProperty({ description: 'Cases they resolved this month' })
  resolved: number;

  @ApiProperty({
    description: 'Resolved with fault grade A (hardest) … D',
    example: { A: 1, B: 0, C: 2, D: 0 },
  })
  faultGrades: { A: number; B: number; C: number; D: number };

  @ApiProperty({ description: 'Commitments on their cases met this month' })
  commitmentsMet: number;

  @ApiProperty({ description: 'Commitments on their cases breached this month' })
  commitmentsBreached: number;
}
