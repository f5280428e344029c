import { Column, Entity, PrimaryColumn } from 'typeorm';

export const TEMPLATE_LANGUAGES = ['zh-CN', 'en'] as const;
export type TemplateLanguage = (typeof TEMPLATE_LANGUAGES)[number];

/** The words of one notification type in one language; `{{placeholder}}`s are filled in when it is sent. */
@Entity({ name: 'notification_templates' })
export class NotificationTemplateEntity {
  @PrimaryColumn({ type: 'text' })
  type: string;

  @PrimaryColumn({ type: 'text' })
  language: TemplateLanguage;

  /** E-mail subject and in-app title; SMS sends the body only. */
  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text' })
  body: string;

  /** The placeholders this type may use: a template naming any other is refused on save. */
  @Column({ type: 'text', array: true })
  placeholders: string[];

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy: string | null;
}
