import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { DomainError, DomainErrorCode, forbiddenPhraseMessage } from '@caseflow/domain';
import { NotificationTemplateEntity, TEMPLATE_LANGUAGES } from '@caseflow/persistence';
import { templateProblems } from '@caseflow/persistence/outbox';
import { ForbiddenPhrasesService } from '../forbidden-phrases/forbidden-phrases.service';
import type { UpdateNotificationTemplateDto } from './dto/notification-template.dto';

@Injectable()
export class NotificationTemplatesService {
  constructor(
    @InjectRepository(NotificationTemplateEntity)
    private readonly templates: Repository<NotificationTemplateEntity>,
    private readonly phrases: ForbiddenPhrasesService,
  ) {}

  list(): Promise<NotificationTemplateEntity[]> {
    return this.templates.find({ order: { type: 'ASC', language: 'ASC' } });
  }

  async get(type: string, language: string): Promise<NotificationTemplateEntity> {
    const found = (TEMPLATE_LANGUAGES as readonly string[]).includes(language)
      ? await this.templates.findOneBy({ type, language: language as NotificationTemplateEntity['language'] })
      : null;
    if (!found) {
      throw DomainError.notFound(`There is no ${language} template for notification type "${type}".`, {
        type,
        language,
        languages: TEMPLATE_LANGUAGES,
      });
    }
    return found;
  }

  /**
   * Replaces the words; a placeholder the type does not provide would reach a customer as an empty gap,
   * so it is refused, naming it and the allowed ones.
   */
  async update(
    type: string,
    language: string,
    dto: UpdateNotificationTemplateDto,
    userId: string,
  ): Promise<NotificationTemplateEntity> {
    const template = await this.get(type, language);
    const errors: Record<string, string[]> = {};
    for (const field of ['subject', 'body'] as const) {
      const problems = templateProblems(dto[field], template.placeholders);
      if (problems.length) errors[field] = problems.map((p) => `${field} ${p}`);
    }
    const hits = await this.phrases.check({ subject: dto.subject, body: dto.body });
    for (const hit of hits) {
      (errors[hit.field] ??= []).push(forbiddenPhraseMessage(hit));
    }
    if (Object.keys(errors).length > 0) {
      throw new DomainError(
        DomainErrorCode.ValidationFailed,
        'The template uses placeholders its type does not have, or a phrase the service standards forbid',
        hits.length > 0 ? { errors, forbiddenPhrases: hits } : { errors },
      );
    }
    template.subject = dto.subject;
    template.body = dto.body;
    template.updatedAt = new Date();
    template.updatedBy = userId;
    return this.templates.save(template);
  }
}
