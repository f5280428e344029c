import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CASE_STATES, type CaseState } from '@caseflow/domain';
import { CaseAssigneeDto } from '../../cases/dto/case.dto';

export class HandoverQuery {
  @ApiPropertyOptional({
    example: '2026-11-23',
    description: 'The working day whose shift takes over (default: today in the calendar’s time zone)',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be a date YYYY-MM-DD, e.g. 2026-11-23' })
  date?: string;

  @ApiPropertyOptional({ example: 'sh', description: 'Only this branch’s cases' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  branch?: string;
}

export class HandoverCommitmentDto {
  @ApiProperty({ example: 'first_contact' })
  id: string;

  @ApiProperty({ example: 'first_contact' })
  kind: string;

  @ApiProperty({ enum: ['running', 'paused'] })
  status: string;

  @ApiPropertyOptional({ format: 'date-time' })
  dueAt?: string;

  @ApiProperty()
  breached: boolean;
}

export class HandoverItemDto {
  @ApiProperty({ example: '20261122-07-0003' })
  number: string;

  @ApiProperty({ example: 'service_request' })
  kind: string;

  @ApiProperty({ enum: CASE_STATES, description: 'The state now' })
  state: CaseState;

  @ApiProperty({ type: CaseAssigneeDto, nullable: true })
  assignee: CaseAssigneeDto | null;

  @ApiProperty({ example: '李雷' })
  customerName: string;

  @ApiProperty({ type: String, nullable: true })
  branchId: string | null;

  @ApiProperty({ format: 'date-time' })
  receivedAt: string;

  @ApiProperty()
  breached: boolean;

  @ApiProperty({
    type: HandoverCommitmentDto,
    isArray: true,
    description: 'Running or paused, soonest first',
  })
  openCommitments: HandoverCommitmentDto[];
}

export class HandoverDto {
  @ApiProperty({ example: '2026-11-23', description: 'The working day taking over' })
  date: string;

  @ApiProperty({ example: '2026-11-20', description: 'The working day before it' })
  previousWorkingDay: string;

  @ApiProperty({ format: 'date-time', description: 'The end of the previous working day' })
  cutoff: string;

  @ApiProperty({ example: 'Asia/Shanghai' })
  timeZone: string;

  @ApiProperty({
    type: HandoverItemDto,
    isArray: true,
    description: 'Cases received before the cutoff and neither resolved nor ended by then; soonest due first',
  })
  items: HandoverItemDto[];
}
