import { ApiProperty } from '@nestjs/swagger';
import { DEPARTMENTS, type Department } from '@caseflow/domain';
import { STAFF_ROLES, type StaffEntity, type StaffRole } from '@caseflow/persistence';

/** A position in the organisation chart with what supervision needs to know about it. */
export class StaffDetailDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Chen (engineer, sh)' })
  name: string;

  @ApiProperty({ enum: STAFF_ROLES })
  role: StaffRole;

  @ApiProperty({ enum: DEPARTMENTS })
  department: Department;

  @ApiProperty({ type: String, nullable: true, example: 'sh' })
  branchId: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  supervisorId: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  unitId: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The sign-in account, if any' })
  userId: string | null;

  @ApiProperty()
  active: boolean;

  @ApiProperty({ description: 'Holds a valid certificate now' })
  certified: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  certificationExpiresAt: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Set by a disqualification',
  })
  suspendedAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  suspensionReason: string | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 7,
    description: 'In the numbers of the cases they log',
  })
  operatorNo: number | null;

  @ApiProperty({ type: String, nullable: true })
  email: string | null;

  @ApiProperty({ type: String, nullable: true })
  phone: string | null;

  @ApiProperty({ enum: ['zh-CN', 'en'], description: 'The language of their messages' })
  language: 'zh-CN' | 'en';

  @ApiProperty({
    type: String,
    isArray: true,
    example: ['zh-CN', 'en'],
    description: 'Languages they serve customers in',
  })
  languages: string[];

  static from(staff: StaffEntity): StaffDetailDto {
    return {
      id: staff.id,
      name: staff.name,
      role: staff.role,
      department: staff.department,
      branchId: staff.branchId,
      supervisorId: staff.supervisorId,
      unitId: staff.unitId,
      userId: staff.userId,
      active: staff.active,
      certified: staff.certified,
      certificationExpiresAt: staff.certificationExpiresAt?.toISOString() ?? null,
      suspendedAt: staff.suspendedAt?.toISOString() ?? null,
      suspensionReason: staff.suspensionReason,
      operatorNo: staff.operatorNo,
      email: staff.email,
      phone: staff.phone,
      language: staff.language,
      languages: staff.languages ?? [],
    };
  }
}
