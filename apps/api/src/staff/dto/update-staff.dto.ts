import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';

/** An admin's change to a position in the chart; only the fields sent change. `null` clears a link. */
export class UpdateStaffDto {
  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'Who this person reports to' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsUUID()
  supervisorId?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'Their team (or department)' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsUUID()
  unitId?: string | null;

  @ApiPropertyOptional({ example: 'sh', nullable: true })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @MaxLength(64)
  branchId?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}
