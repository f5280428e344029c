// The parts of a complaint as the API shows them, typed for the OpenAPI document (and so for the console's
// generated client): each round with its steps, and each commitment with its round.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DEPARTMENTS, PENALTY_PROPOSALS, type Department, type PenaltyProposal } from '@caseflow/domain';
import { CommitmentDto } from '../../cases/dto/case.dto';

export class ComplaintStepDto {
  @ApiProperty({ format: 'date-time' })
  at: string;

  @ApiProperty({ example: 'li.supervisor', description: 'Who did it (username, or `system`)' })
  by: string;
}

export class ComplaintStaffRefDto {
  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  staffId: string | null;

  @ApiPropertyOptional({ example: 'Li (supervisor, sh)' })
  name?: string;
}

export class ComplaintForwardedToDto {
  @ApiProperty({ enum: DEPARTMENTS })
  department: Department;

  @ApiPropertyOptional({ type: ComplaintStaffRefDto })
  supervisor?: ComplaintStaffRefDto;

  @ApiPropertyOptional({ type: ComplaintStaffRefDto })
  qualityDesk?: ComplaintStaffRefDto;
}

export class ComplaintAnswerPromiseDto extends ComplaintStepDto {
  @ApiProperty({ description: 'The clear answer promised to the customer' })
  answer: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'By when, if a time was given' })
  answerBy?: string;
}

export class ComplaintContactedDto extends ComplaintStepDto {
  @ApiPropertyOptional()
  note?: string;
}

export class ComplaintResultDto extends ComplaintStepDto {
  @ApiProperty()
  result: string;

  @ApiProperty({ description: 'Delivered in person' })
  inPerson: boolean;
}

export class ComplaintStaffInvolvedDto {
  @ApiProperty({ format: 'uuid' })
  staffId: string;

  @ApiProperty({ enum: PENALTY_PROPOSALS })
  penalty: PenaltyProposal;

  @ApiPropertyOptional({ description: "A fine's amount" })
  amount?: number;

  @ApiPropertyOptional()
  reason?: string;
}

export class ComplaintReportDto extends ComplaintStepDto {
  @ApiProperty()
  cause: string;

  @ApiProperty()
  actionTaken: string;

  @ApiProperty({ type: ComplaintStaffInvolvedDto, isArray: true })
  staffInvolved: ComplaintStaffInvolvedDto[];

  @ApiProperty({ description: 'Penalty proposals sent to staff supervision' })
  penaltiesProposed: number;
}

export class ComplaintCallbackDto extends ComplaintStepDto {
  @ApiProperty()
  satisfied: boolean;

  @ApiPropertyOptional()
  remarks?: string;
}

export class ComplaintRoundDto {
  @ApiProperty({ example: 1 })
  round: number;

  @ApiProperty({ format: 'date-time' })
  startedAt: string;

  @ApiProperty({
    enum: ['open', 'satisfied', 'not_satisfied'],
    description: 'open while handled; the callback’s outcome once recorded',
  })
  outcome: 'open' | 'satisfied' | 'not_satisfied';

  @ApiPropertyOptional({ type: ComplaintForwardedToDto })
  forwardedTo?: ComplaintForwardedToDto;

  @ApiPropertyOptional({ type: ComplaintStepDto })
  acknowledged?: ComplaintStepDto;

  @ApiPropertyOptional({ type: ComplaintAnswerPromiseDto })
  answerPromise?: ComplaintAnswerPromiseDto;

  @ApiPropertyOptional({ type: ComplaintContactedDto })
  contacted?: ComplaintContactedDto;

  @ApiPropertyOptional({ type: ComplaintResultDto })
  result?: ComplaintResultDto;

  @ApiPropertyOptional({ type: ComplaintReportDto, description: 'The handling report' })
  report?: ComplaintReportDto;

  @ApiPropertyOptional({ type: ComplaintCallbackDto })
  callback?: ComplaintCallbackDto;

  @ApiPropertyOptional({ format: 'date-time' })
  endedAt?: string;

  @ApiProperty({ type: String, isArray: true, example: ['complaint_contact#1'] })
  commitmentIds: string[];
}

export class ComplaintCommitmentDto extends CommitmentDto {
  @ApiProperty({ example: 1, description: 'The round it belongs to' })
  round: number;
}
