import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { CATEGORIES, type Category } from '@caseflow/domain';

/** GET /api/cases/routing: what the intake form shows before the case is saved. */
export class RoutingPreviewQuery {
  @ApiProperty({ enum: CATEGORIES, example: 'sales' })
  @IsIn(CATEGORIES, { message: `category must be one of ${CATEGORIES.join(', ')}` })
  category: Category;

  @ApiPropertyOptional({
    example: 'sh',
    description: 'The case’s branch (default: the caller’s); must exist',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  branch?: string;
}
