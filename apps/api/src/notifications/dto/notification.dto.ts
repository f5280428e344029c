import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import {
  NOTIFICATION_CHANNELS,
  NOTIFICATION_STATUSES,
  type NotificationChannel,
  type NotificationStatus,
} from '@caseflow/persistence';
import { ADDRESSABLE_CHANNELS } from '@caseflow/persistence/outbox';
import { PageQuery } from '../../common/validation/page.query';

export class ListNotificationsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only this case’s messages', example: '20261122-07-0003' })
  @IsOptional()
  @Matches(/^\d{8}-\d{2,4}-\d{4,}$/, { message: 'case must be a case number such as 20261122-07-0003' })
  case?: string;

  @ApiPropertyOptional({ enum: NOTIFICATION_STATUSES })
  @IsOptional()
  @IsIn(NOTIFICATION_STATUSES, { message: `status must be one of ${NOTIFICATION_STATUSES.join(', ')}` })
  status?: NotificationStatus;

  @ApiPropertyOptional({ enum: NOTIFICATION_CHANNELS })
  @IsOptional()
  @IsIn(NOTIFICATION_CHANNELS, { message: `channel must be one of ${NOTIFICATION_CHANNELS.join(', ')}` })
  channel?: NotificationChannel;
}

/** One outbox row: to whom, through what, what it said and what became of it. */
export class NotificationDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: String, nullable: true, example: '20261122-07-0003' })
  caseNumber: string | null;

  @ApiProperty({ enum: ['staff', 'customer', 'webhook'] })
  recipientKind: string;

  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  recipientStaffId: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Phone, e-mail address or webhook URL' })
  recipientAddress: string | null;

  @ApiProperty({ enum: NOTIFICATION_CHANNELS })
  channel: string;

  @ApiProperty({ example: 'delay_apology' })
  template: string;

  @ApiProperty({ example: 'zh-CN' })
  language: string;

  @ApiProperty({ enum: NOTIFICATION_STATUSES })
  status: string;

  @ApiProperty()
  attempts: number;

  @ApiProperty({ type: String, nullable: true })
  lastError: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'As rendered when it was sent' })
  subject: string | null;

  @ApiProperty({ type: String, nullable: true })
  body: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The provider’s message id' })
  providerId: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  lastAttemptAt: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  sentAt: string | null;
}

export class NotificationListDto {
  @ApiProperty({ type: NotificationDto, isArray: true, description: 'Newest first' })
  items: NotificationDto[];

  @ApiProperty()
  total: number;

  @ApiProperty()
  page: number;

  @ApiProperty()
  pageSize: number;
}

export class ChannelStatusDto {
  @ApiProperty({ enum: NOTIFICATION_CHANNELS })
  name: string;

  @ApiProperty()
  configured: boolean;

  @ApiPropertyOptional({ description: 'The settings to add (names only)' })
  missing?: string;
}

export class TestMessageDto {
  @ApiProperty({ enum: ADDRESSABLE_CHANNELS })
  @IsIn(ADDRESSABLE_CHANNELS, { message: `channel must be ${ADDRESSABLE_CHANNELS.join(' or ')}` })
  channel: NotificationChannel;

  @ApiProperty({
    description: 'An e-mail address (email) or a phone number (sms)',
    example: '+8613900001111',
  })
  @IsString()
  to: string;

  @ApiPropertyOptional({ enum: ['zh-CN', 'en'], default: 'zh-CN' })
  @IsOptional()
  @IsIn(['zh-CN', 'en'], { message: 'language must be zh-CN or en' })
  language?: 'zh-CN' | 'en';
}
