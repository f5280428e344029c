import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/** The period (one of month, quarter, or from with to) and the optional filters every report takes. */
export class ReportQuery {
  @ApiPropertyOptional({ example: '2026-11', description: 'A calendar month, YYYY-MM' })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  month?: string;

  @ApiPropertyOptional({ example: '2026-Q4', description: 'A calendar quarter, YYYY-Qn' })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  quarter?: string;

  @ApiPropertyOptional({ example: '2026-11-01', description: 'First day (YYYY-MM-DD), with to' })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-30', description: 'Last day, included (YYYY-MM-DD), with from' })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  to?: string;

  @ApiPropertyOptional({
    example: 'sh',
    description: 'Only this branch; the period is then cut in its calendar’s time zone',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  branch?: string;

  @ApiPropertyOptional({ example: 'tech_support', description: 'Only this department' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  department?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Scorecard: only this engineer (engineers: themselves)' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  staff?: string;
}
