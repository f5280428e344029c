import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';

/** How many views one person may keep: a short menu, not a second board. */
export const MAX_BOARD_VIEWS = 20;

export class CreateBoardViewDto {
  @ApiProperty({ example: 'Gold customers in Shanghai', minLength: 1, maxLength: 60 })
  @IsString()
  @Matches(/\S/, { message: 'name must not be blank' })
  @MaxLength(60, { message: 'name must be at most 60 characters' })
  name: string;

  @ApiProperty({
    example: 'state=new,assigned&branch=sh&dueWithin=60',
    maxLength: 1000,
    description:
      'The board’s filters as a query string of GET /api/cases (state, kind, category, branch, assignee, ' +
      'breached, dueWithin, q, sort, order, pageSize); each value is checked as that list checks it',
  })
  @IsString()
  @MinLength(0)
  @MaxLength(1000, { message: 'query must be at most 1000 characters' })
  query: string;
}

export class BoardViewDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Gold customers in Shanghai' })
  name: string;

  @ApiProperty({ example: 'state=new,assigned&branch=sh&dueWithin=60' })
  query: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}
