import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** The largest page any list answers: enough for a screen, small enough to stay fast. */
export const MAX_PAGE_SIZE = 100;
/** Far beyond any list's last page; above it the row offset would overflow PostgreSQL's bigint. */
export const MAX_PAGE = 1_000_000;

/** `?page=&pageSize=` for every list; a list's own query extends it with its filters. */
export class PageQuery {
  @ApiPropertyOptional({ default: 1, minimum: 1, maximum: MAX_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page?: number;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: MAX_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize?: number;
}
