import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** One customer callback: level 1 (confirmation), 2 (48 h after service) or 3 (month-end sample). */
export class RecordCallbackDto {
  @ApiProperty({ enum: [1, 2, 3] })
  @IsIn([1, 2, 3], { message: 'level must be 1, 2 or 3' })
  level: 1 | 2 | 3;

  @ApiProperty({ description: 'Whether the customer was reached' })
  @IsBoolean({ message: 'reached must be true or false' })
  reached: boolean;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 5,
    description: '1 (very unsatisfied) … 5 (very satisfied); required when reached. 1–2 reopens the case.',
  })
  @ValidateIf((o: RecordCallbackDto) => o.reached === true || o.satisfaction !== undefined)
  @IsInt({
    message: 'satisfaction must be a whole number from 1 to 5 (required when the customer was reached)',
  })
  @Min(1)
  @Max(5)
  satisfaction?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 5, description: "The customer's rating of the engineer" })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  engineerRating?: number;

  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(4000)
  remarks?: string;

  @ApiPropertyOptional({
    default: false,
    description: 'The caller judged the customer extremely dissatisfied: a complaint is raised as well',
  })
  @IsOptional()
  @IsBoolean()
  extremelyDissatisfied?: boolean;
}
