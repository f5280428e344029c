import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { StaffFieldsDto } from './create-staff.dto';

/** An admin's change to a position in the chart; only the fields sent change. `null` clears a link. */
export class UpdateStaffDto extends StaffFieldsDto {
  @ApiPropertyOptional({
    description:
      'false deactivates (as POST /api/staff/{id}/deactivate: their open cases are flagged for reassignment), ' +
      'true reactivates',
  })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}
