import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
} from 'class-validator';
import type { WebhookSubscriptionEntity } from '@caseflow/persistence';

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://crm.example.com/hooks/caseflow', description: 'http or https only' })
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'url must be an http:// or https:// URL' },
  )
  @MaxLength(2000)
  url: string;

  @ApiProperty({
    type: String,
    isArray: true,
    example: ['commitment_breached', 'delay_apology'],
    description: 'Notification types to receive, or ["*"] for all',
  })
  @IsArray()
  @ArrayNotEmpty({ message: 'eventTypes must name at least one event type (or "*")' })
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Matches(/^(\*|[a-z][a-z0-9_]*)$/, {
    each: true,
    message: 'each event type must be a type name such as delay_apology, or *',
  })
  eventTypes: string[];

  @ApiPropertyOptional({ example: 'CRM sync' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string;
}

export class WebhookDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  url: string;

  @ApiProperty({ type: String, isArray: true })
  eventTypes: string[];

  @ApiProperty({ type: String, nullable: true })
  description: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  static from(entity: WebhookSubscriptionEntity): WebhookDto {
    return {
      id: entity.id,
      url: entity.url,
      eventTypes: entity.eventTypes,
      description: entity.description,
      createdAt: entity.createdAt.toISOString(),
    };
  }
}

export class CreatedWebhookDto extends WebhookDto {
  @ApiProperty({
    description:
      'The HMAC-SHA256 key for X-Caseflow-Signature. Shown this once: store it now; it cannot be read again.',
  })
  secret: string;
}
