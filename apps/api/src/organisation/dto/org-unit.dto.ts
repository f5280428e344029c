import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import { DEPARTMENTS, type Department } from '@caseflow/domain';
import {
  ORG_UNIT_KINDS,
  type OrgUnitEntity,
  type OrgUnitKind,
  type RecipientLevel,
} from '@caseflow/persistence';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateOrgUnitDto {
  @ApiProperty({ enum: ORG_UNIT_KINDS, description: 'A department, or a team inside one (parentId)' })
  @IsIn(ORG_UNIT_KINDS, { message: `kind must be one of ${ORG_UNIT_KINDS.join(', ')}` })
  kind: OrgUnitKind;

  @ApiProperty({ example: 'Tech support — Shanghai' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: DEPARTMENTS })
  @IsIn(DEPARTMENTS, { message: `department must be one of ${DEPARTMENTS.join(', ')}` })
  department: Department;

  @ApiPropertyOptional({ example: 'sh' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  branchId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A team’s department (required for a team)' })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The team’s supervisor or the department’s manager' })
  @IsOptional()
  @IsUUID()
  headId?: string;
}

export class UpdateOrgUnitDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'Another department (teams only)' })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'null: the post is vacant' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsUUID()
  headId?: string | null;
}

export class OrgUnitDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ORG_UNIT_KINDS })
  kind: OrgUnitKind;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: DEPARTMENTS })
  department: Department;

  @ApiProperty({ type: String, nullable: true })
  branchId: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  parentId: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  headId: string | null;

  static from(unit: OrgUnitEntity): OrgUnitDto {
    return {
      id: unit.id,
      kind: unit.kind,
      name: unit.name,
      department: unit.department,
      branchId: unit.branchId,
      parentId: unit.parentId,
      headId: unit.headId,
    };
  }
}

export class EscalationStepDto {
  @ApiProperty({
    enum: ['assignee', 'supervisor', 'manager', 'gm_office'],
    description: 'The level asked for',
  })
  target: 'assignee' | 'supervisor' | 'manager' | 'gm_office';

  @ApiProperty({ description: 'Where it lands after passing over vacancies' })
  level: RecipientLevel;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  staffId: string | null;

  @ApiProperty({ type: String, nullable: true })
  name: string | null;
}
