import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { NotificationTemplateEntity } from '@caseflow/persistence';

export class NotificationTemplateDto {
  @ApiProperty({ example: 'delay_apology' })
  type: string;

  @ApiProperty({ enum: ['zh-CN', 'en'] })
  language: string;

  @ApiProperty({ description: 'E-mail subject and in-app title (SMS sends the body only)' })
  subject: string;

  @ApiProperty({ description: 'Text with {{placeholder}}s' })
  body: string;

  @ApiProperty({ type: String, isArray: true, description: 'The placeholders this type may use' })
  placeholders: string[];

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  static from(entity: NotificationTemplateEntity): NotificationTemplateDto {
    return {
      type: entity.type,
      language: entity.language,
      subject: entity.subject,
      body: entity.body,
      placeholders: entity.placeholders,
      updatedAt: entity.updatedAt.toISOString(),
    };
  }
}

export class UpdateNotificationTemplateDto {
  @ApiProperty({ example: '您的工单正在处理中（{{caseNumber}}）' })
  @IsString()
  @IsNotEmpty({ message: 'subject must not be empty' })
  @MaxLength(200)
  subject: string;

  @ApiProperty({ example: '{{customerName}}您好，您的工单 {{caseNumber}} 仍在处理中……' })
  @IsString()
  @IsNotEmpty({ message: 'body must not be empty' })
  @MaxLength(4000)
  body: string;
}
