import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { STAFF_ROLES, type StaffRole } from '@caseflow/persistence';

export class ListStaffQuery {
  @ApiPropertyOptional({ example: 'sh' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  branch?: string;

  @ApiPropertyOptional({ enum: STAFF_ROLES })
  @IsOptional()
  @IsIn(STAFF_ROLES, { message: `role must be one of ${STAFF_ROLES.join(', ')}` })
  role?: StaffRole;

  @ApiPropertyOptional({ format: 'uuid', description: 'Members of this team or department (and its teams)' })
  @IsOptional()
  @IsUUID()
  unit?: string;
}
