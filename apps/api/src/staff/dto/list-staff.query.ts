import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class ListAssignableStaffQuery {
  @ApiPropertyOptional({ example: 'sh', description: 'Only staff of this branch' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  branch?: string;
}
