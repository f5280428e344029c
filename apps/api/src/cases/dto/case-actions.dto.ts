// One body per case action (ActionArgs in @caseflow/domain): each is checked here, at the edge, before the
// workflow's own validator sees it.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateIf,
} from 'class-validator';
import { DEPARTMENTS, FAULT_GRADES, type Department, type FaultGrade } from '@caseflow/domain';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const TEXT_MAX = 4000;

class OptionalNote {
  @ApiPropertyOptional({ maxLength: TEXT_MAX, description: 'Lands on the timeline' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(TEXT_MAX)
  note?: string;
}

export class AssignCaseDto {
  @ApiProperty({
    format: 'uuid',
    description: 'Staff id of a certified, active engineer (GET /api/staff/assignable)',
  })
  @IsUUID('all', { message: 'assigneeId must be a staff id (a UUID)' })
  assigneeId: string;

  @ApiPropertyOptional({ maxLength: 500, example: 'Nearest engineer' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class ContactCaseDto extends OptionalNote {}

export class StartWorkDto extends OptionalNote {}

export class ScheduleVisitDto extends OptionalNote {
  @ApiProperty({ format: 'date-time', description: 'The agreed visit time' })
  @IsISO8601(
    { strict: true },
    { message: 'visitAt must be an ISO 8601 time, e.g. 2026-11-23T14:00:00+08:00' },
  )
  visitAt: string;

  @ApiPropertyOptional({
    maxLength: 500,
    description:
      'What the customer wished for, when it could not be met: the timeline records that another slot was offered, with an apology',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  customerWish?: string;

  @ApiPropertyOptional({
    minimum: 30,
    maximum: 480,
    default: 120,
    description: 'How long the visit holds the engineer (GET /api/staff/{id}/availability)',
  })
  @IsOptional()
  @IsInt({ message: 'durationMinutes must be a whole number of minutes from 30 to 480' })
  @Min(30)
  @Max(480)
  durationMinutes?: number;
}

export class ForwardCaseDto extends OptionalNote {
  @ApiProperty({ enum: DEPARTMENTS, description: 'The handler department' })
  @IsIn(DEPARTMENTS, { message: `department must be one of ${DEPARTMENTS.join(', ')}` })
  department: Department;
}

export class ReturnResultDto {
  @ApiProperty({ maxLength: TEXT_MAX, description: "The handler department's result" })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  result: string;
}

export class RequestCustomerTestDto {
  @ApiProperty({
    maxLength: TEXT_MAX,
    description: 'What the customer should try, and report back within 24 h',
  })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  instructions: string;
}

export class RecordTestResultDto extends OptionalNote {
  @ApiProperty({ description: 'true: it works (the case resolves); false: back to work' })
  @IsBoolean({ message: 'works must be true or false' })
  works: boolean;
}

export class ResolveCaseDto {
  @ApiProperty({ maxLength: TEXT_MAX, example: 'Replaced the fuser unit' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  summary: string;

  @ApiPropertyOptional({ enum: FAULT_GRADES, description: 'Fault difficulty grade' })
  @IsOptional()
  @IsIn(FAULT_GRADES, { message: `faultGrade must be one of ${FAULT_GRADES.join(', ')}` })
  faultGrade?: FaultGrade;
}

export class ReasonDto {
  @ApiProperty({ maxLength: TEXT_MAX })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  reason: string;
}

export class ReopenCaseDto extends ReasonDto {}

export class CancelCaseDto extends ReasonDto {}

/**
 * The note: `note`, as on every other action of cases and complaints. `text`, its old name, is accepted
 * (deprecated) until the next release; sending both is refused.
 */
export class AddNoteDto {
  @ApiPropertyOptional({
    maxLength: TEXT_MAX,
    description: 'The note (required; `text` is accepted in its place until the next release)',
  })
  @ValidateIf((o: AddNoteDto) => o.text === undefined || o.note !== undefined)
  @Transform(trim)
  @IsString({ message: 'note must be text' })
  @IsNotEmpty({ message: 'note is required: what to put on the timeline' })
  @MaxLength(TEXT_MAX)
  note?: string;

  @ApiPropertyOptional({
    maxLength: TEXT_MAX,
    deprecated: true,
    description: 'Deprecated: the old name of `note`, accepted until the next release. Send `note`.',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(TEXT_MAX)
  @ValidateBy({
    name: 'notWithNote',
    validator: {
      validate: (_value: unknown, args) => (args?.object as AddNoteDto).note === undefined,
      defaultMessage: () => 'text is the old name of note: send note only',
    },
  })
  text?: string;
}
