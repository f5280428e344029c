import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** Assignment by the rules: without an assignee, the least-loaded eligible engineer; with an override reason, a supervisor's exception. */
export class AssignByRulesDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Omit to take the least-loaded eligible engineer' })
  @IsOptional()
  @IsUUID('all', { message: 'assigneeId must be a staff id (a UUID)' })
  assigneeId?: string;

  @ApiPropertyOptional({
    example: 'Only storage expert on duty this weekend',
    description:
      'Supervisors and admins: assign an engineer of another branch. Recorded with the case and audited; ' +
      'certification, activity and suspension still apply.',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  overrideReason?: string;
}

export class AssigneeSuggestionDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Chen (engineer, sh)' })
  name: string;

  @ApiProperty({ type: String, nullable: true })
  branchId: string | null;

  @ApiProperty({ description: 'Open cases assigned to them now (fewest first)' })
  openCases: number;
}
