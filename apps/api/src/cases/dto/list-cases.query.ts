import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { CATEGORIES, CASE_STATES, type CaseState } from '@caseflow/domain';
import { INTAKE_KINDS } from './create-case.dto';
import { PageQuery } from '../../common/validation/page.query';

export const CASE_SORTS = ['receivedAt', 'nextDueAt', 'updatedAt'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];
/** A week: "due within" is a board's near horizon, not a report's period. */
export const MAX_DUE_WITHIN_MINUTES = 7 * 24 * 60;
/** A cursor the API makes is about 130 characters. */
export const MAX_CURSOR_LENGTH = 300;

const list = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').map((v) => v.trim()) : value;
const bool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class ListCasesQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: CASE_STATES,
    isArray: true,
    description: 'One state or several, comma-separated',
    example: 'new,assigned',
  })
  @IsOptional()
  @Transform(list)
  @ArrayMaxSize(CASE_STATES.length)
  @IsIn(CASE_STATES, { each: true, message: `state must be one of ${CASE_STATES.join(', ')}` })
  state?: CaseState[];

  @ApiPropertyOptional({ enum: INTAKE_KINDS })
  @IsOptional()
  @IsIn(INTAKE_KINDS, { message: `kind must be one of ${INTAKE_KINDS.join(', ')}` })
  kind?: string;

  @ApiPropertyOptional({ enum: CATEGORIES })
  @IsOptional()
  @IsIn(CATEGORIES, { message: `category must be one of ${CATEGORIES.join(', ')}` })
  category?: string;

  @ApiPropertyOptional({
    description:
      'A staff id, `me` (the caller’s staff position), `team` (assigned to the caller’s team: the same unit or ' +
      'supervisor, and for a supervisor everyone below them) or `none` (unassigned)',
    example: 'me',
  })
  @IsOptional()
  @Matches(/^(me|team|none|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, {
    message: 'assignee must be a staff id, "me", "team" or "none"',
  })
  assignee?: string;

  @ApiPropertyOptional({ example: 'sh', description: 'Branch id' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  branch?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'Only cases with (true) / without (false) a breach' })
  @IsOptional()
  @Transform(bool)
  @IsBoolean({ message: 'breached must be true or false' })
  breached?: boolean;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_DUE_WITHIN_MINUTES,
    description:
      'Only cases whose next deadline falls within this many minutes from now (not yet passed: a passed one ' +
      'is `breached=true`)',
    example: 60,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'dueWithin must be a whole number of minutes' })
  @Min(1, { message: 'dueWithin must be at least 1 minute' })
  @Max(MAX_DUE_WITHIN_MINUTES, {
    message: `dueWithin must be at most ${MAX_DUE_WITHIN_MINUTES} minutes (a week)`,
  })
  dueWithin?: number;

  @ApiPropertyOptional({
    description: 'Case number (or its start), part of the customer’s name, or of their phone number',
    example: '138 0013',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: CASE_SORTS, default: 'receivedAt' })
  @IsOptional()
  @IsIn(CASE_SORTS, { message: `sort must be one of ${CASE_SORTS.join(', ')}` })
  sort?: CaseSort;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc' })
  @IsOptional()
  @IsIn(['asc', 'desc'], { message: 'order must be asc or desc' })
  order?: 'asc' | 'desc';

  @ApiPropertyOptional({
    description:
      'Keyset paging: the `nextCursor` of the previous page. The page then starts right after that page’s ' +
      'last row, whatever was logged meanwhile (no row twice, none skipped), and costs the same ' +
      'however deep. Not with `page`; with the same `sort` and `order` as the page it came from.',
    example:
      'eyJzIjoicmVjZWl2ZWRBdCIsIm8iOiJkZXNjIiwiayI6IjIwMjYtMTItMDdUMDM6NDA6MDAuMDAwMDAwWiIsIm4iOiIyMDI2MTIwNy0wNy0wMDAzIn0',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_CURSOR_LENGTH, { message: `after must be at most ${MAX_CURSOR_LENGTH} characters` })
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'after must be the nextCursor of a previous page of this list' })
  after?: string;
}
