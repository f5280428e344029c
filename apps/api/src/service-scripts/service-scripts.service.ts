import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DomainError, DomainErrorCode, forbiddenPhraseMessage } from '@caseflow/domain';
import { AuditService } from '../audit/audit.service';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ForbiddenPhrasesService } from '../forbidden-phrases/forbidden-phrases.service';
import {
  PHRASE_PLACEHOLDERS,
  SERVICE_TYPES,
  SITUATIONS,
  type PutServiceTypeDto,
  type PutStandardPhraseDto,
  type ServiceTypeDto,
  type Situation,
  type StandardPhraseDto,
} from './dto/service-scripts.dto';

const LANGUAGES = ['zh-CN', 'en'] as const;

interface CatalogueRow {
  service_type: string;
  content: Pick<ServiceTypeDto, 'zh-CN' | 'en'>;
  updated_at: Date;
  updated_by: string;
}
interface PhraseRow {
  situation: Situation;
  max_wait_seconds: number | null;
  content: Pick<StandardPhraseDto, 'zh-CN' | 'en'>;
  updated_at: Date;
  updated_by: string;
}

/**
 * The service catalogue and the standard phrases: admin-edited (audited) words in zh-CN and en that the
 * console shows the operator at each step. Everything in them is said to customers, so a save is checked
 * against the forbidden phrases; a phrase may use only its situation's placeholders.
 */
@Injectable()
export class ServiceScriptsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly phrases: ForbiddenPhrasesService,
  ) {}

  async catalogue(): Promise<ServiceTypeDto[]> {
    const rows: CatalogueRow[] = await this.db.query(`SELECT * FROM "service_catalogue" ORDER BY "position"`);
    return rows.map(catalogueDto);
  }

  async standardPhrases(): Promise<StandardPhraseDto[]> {
    const rows: PhraseRow[] = await this.db.query(`SELECT * FROM "standard_phrases" ORDER BY "position"`);
    return rows.map(phraseDto);
  }

  async putServiceType(user: AuthenticatedUser, type: string, body: PutServiceTypeDto, ip?: string) {
    if (!(SERVICE_TYPES as readonly string[]).includes(type)) {
      throw DomainError.notFound(`There is no service type "${type}". Types: ${SERVICE_TYPES.join(', ')}.`);
    }
    const texts: Record<string, string> = {};
    for (const language of LANGUAGES) {
      const words = body[language];
      texts[`${language}.name`] = words.name;
      words.tellCustomer.forEach((t, i) => (texts[`${language}.tellCustomer[${i}]`] = t));
    }
    await this.assertClean(texts, {});
    const content = { 'zh-CN': body['zh-CN'], en: body.en };
    return this.db.transaction(async (tx) => {
      const [before]: CatalogueRow[] = await tx.query(
        `SELECT * FROM "service_catalogue" WHERE "service_type" = $1 FOR UPDATE`,
        [type],
      );
      const [[row]]: [CatalogueRow[], number] = await tx.query(
        `UPDATE "service_catalogue" SET "content" = $2::jsonb, "updated_at" = now(), "updated_by" = $3
          WHERE "service_type" = $1 RETURNING *`,
        [type, JSON.stringify(content), user.username],
      );
      await this.audit.change(tx, user, {
        action: 'service_catalogue.put',
        entityType: 'service_type',
        entityId: type,
        summary: `${user.username} changed the service catalogue's ${type}`,
        before: before.content,
        after: content,
        ip: ip ?? null,
      });
      return catalogueDto(row);
    });
  }

  async putStandardPhrase(
    user: AuthenticatedUser,
    situation: string,
    body: PutStandardPhraseDto,
    ip?: string,
  ) {
    if (!(SITUATIONS as readonly string[]).includes(situation)) {
      throw DomainError.notFound(
        `There is no situation "${situation}". Situations: ${SITUATIONS.join(', ')}.`,
      );
    }
    const allowed = PHRASE_PLACEHOLDERS[situation as Situation];
    const placeholderErrors: Record<string, string[]> = {};
    for (const language of LANGUAGES) {
      const unknown = [...body[language].text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)]
        .map((m) => m[1])
        .filter((name) => !allowed.includes(name));
      if (unknown.length > 0) {
        placeholderErrors[`${language}.text`] = [
          `${language}.text uses ${unknown.map((n) => `{{${n}}}`).join(', ')}: ${situation} allows ${allowed.length ? allowed.map((n) => `{{${n}}}`).join(', ') : 'no placeholders'}`,
        ];
      }
    }
    await this.assertClean({ 'zh-CN.text': body['zh-CN'].text, 'en.text': body.en.text }, placeholderErrors);
    const content = { 'zh-CN': body['zh-CN'], en: body.en };
    return this.db.transaction(async (tx) => {
      const [before]: PhraseRow[] = await tx.query(
        `SELECT * FROM "standard_phrases" WHERE "situation" = $1 FOR UPDATE`,
        [situation],
      );
      const [[row]]: [PhraseRow[], number] = await tx.query(
        `UPDATE "standard_phrases" SET "content" = $2::jsonb, "max_wait_seconds" = COALESCE($3, "max_wait_seconds"),
                "updated_at" = now(), "updated_by" = $4
          WHERE "situation" = $1 RETURNING *`,
        [situation, JSON.stringify(content), body.maxWaitSeconds ?? null, user.username],
      );
      await this.audit.change(tx, user, {
        action: 'standard_phrase.put',
        entityType: 'standard_phrase',
        entityId: situation,
        summary: `${user.username} changed the standard phrase for ${situation}`,
        before: { ...before.content, maxWaitSeconds: before.max_wait_seconds },
        after: { ...content, maxWaitSeconds: row.max_wait_seconds },
        ip: ip ?? null,
      });
      return phraseDto(row);
    });
  }

  /** 422: placeholder problems and forbidden phrases together, each under its field. */
  private async assertClean(texts: Record<string, string>, errors: Record<string, string[]>): Promise<void> {
    const hits = await this.phrases.check(texts);
    for (const hit of hits) (errors[hit.field] ??= []).push(forbiddenPhraseMessage(hit));
    if (Object.keys(errors).length === 0) return;
    throw new DomainError(DomainErrorCode.ValidationFailed, 'Validation failed', {
      errors,
      ...(hits.length ? { forbiddenPhrases: hits } : {}),
    });
  }
}

function catalogueDto(row: CatalogueRow): ServiceTypeDto {
  return {
    serviceType: row.service_type,
    'zh-CN': row.content['zh-CN'],
    en: row.content.en,
    updatedAt: row.updated_at.toISOString(),
    updatedBy: row.updated_by,
  };
}

function phraseDto(row: PhraseRow): StandardPhraseDto {
  return {
    situation: row.situation,
    placeholders: PHRASE_PLACEHOLDERS[row.situation],
    ...(row.max_wait_seconds !== null ? { maxWaitSeconds: row.max_wait_seconds } : {}),
    'zh-CN': row.content['zh-CN'],
    en: row.content.en,
    updatedAt: row.updated_at.toISOString(),
    updatedBy: row.updated_by,
  };
}
