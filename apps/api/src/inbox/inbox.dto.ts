import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';

export class ListInboxQuery {
  @ApiPropertyOptional({ type: Boolean, description: 'true: unread only' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'unread must be true or false' })
  unread?: boolean;

  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize?: number;
}

export class InboxMessageDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: String, nullable: true })
  caseNumber: string | null;

  @ApiProperty({ example: 'commitment_breached' })
  type: string;

  @ApiProperty()
  title: string;

  @ApiProperty()
  body: string;

  @ApiProperty({ format: 'date-time' })
  at: string;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  readAt: string | null;
}

export class InboxDto {
  @ApiProperty({ type: InboxMessageDto, isArray: true, description: 'Newest first' })
  items: InboxMessageDto[];

  @ApiProperty()
  total: number;

  @ApiProperty({ description: 'Unread messages in the whole inbox' })
  unread: number;

  @ApiProperty()
  page: number;

  @ApiProperty()
  pageSize: number;
}
