import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { COMPLAINT_STATES, DEPARTMENTS, type ComplaintState, type Department } from '@caseflow/domain';
import { PageQuery } from '../../common/validation/page.query';

const list = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').map((v) => v.trim()) : value;
const bool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class ListComplaintsQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: COMPLAINT_STATES,
    isArray: true,
    description: 'One state or several, comma-separated',
    example: 'forwarded,acknowledged',
  })
  @IsOptional()
  @Transform(list)
  @ArrayMaxSize(COMPLAINT_STATES.length)
  @IsIn(COMPLAINT_STATES, { each: true, message: `state must be one of ${COMPLAINT_STATES.join(', ')}` })
  state?: ComplaintState[];

  @ApiPropertyOptional({ enum: DEPARTMENTS, description: 'The responsible department' })
  @IsOptional()
  @IsIn(DEPARTMENTS, { message: `department must be one of ${DEPARTMENTS.join(', ')}` })
  department?: Department;

  @ApiPropertyOptional({
    minimum: 1,
    description: 'Complaints in this round of handling (2: recorded again once)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'round must be a whole number' })
  @Min(1)
  @Max(100)
  round?: number;

  @ApiPropertyOptional({
    type: Boolean,
    description: 'Only complaints with (true) / without (false) a breach',
  })
  @IsOptional()
  @Transform(bool)
  @IsBoolean({ message: 'breached must be true or false' })
  breached?: boolean;

  @ApiPropertyOptional({
    example: '20261122-07-0003',
    description: 'Complaints about this case (its source case)',
  })
  @IsOptional()
  @Matches(/^\d{8}-\d{2,4}-\d{4,6}$/, { message: 'case must be a case number, e.g. 20261122-07-0003' })
  case?: string;
}
