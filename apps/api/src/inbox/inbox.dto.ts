import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageQuery } from '../common/validation/page.query';

export class ListInboxQuery extends PageQuery {
  @ApiPropertyOptional({ type: Boolean, description: 'true: unread only' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'unread must be true or false' })
  unread?: boolean;
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
