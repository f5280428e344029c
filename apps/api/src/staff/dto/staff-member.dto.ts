import { ApiProperty } from '@nestjs/swagger';
import { DEPARTMENTS, type Department } from '@caseflow/domain';
import { STAFF_ROLES, type StaffEntity, type StaffRole } from '@caseflow/persistence';

/** A position in the organisation chart, as the assignee picker shows it. */
export class StaffMemberDto {
  @ApiProperty({ format: 'uuid', description: 'Use it as `assigneeId` in the assign action' })
  id: string;

  @ApiProperty({ example: 'Chen (engineer, sh)' })
  name: string;

  @ApiProperty({ enum: STAFF_ROLES })
  role: StaffRole;

  @ApiProperty({ enum: DEPARTMENTS })
  department: Department;

  @ApiProperty({ type: String, nullable: true, example: 'sh' })
  branchId: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  certificationExpiresAt: string | null;

  static from(staff: StaffEntity): StaffMemberDto {
    return {
      id: staff.id,
      name: staff.name,
      role: staff.role,
      department: staff.department,
      branchId: staff.branchId,
      certificationExpiresAt: staff.certificationExpiresAt?.toISOString() ?? null,
    };
  }
}
