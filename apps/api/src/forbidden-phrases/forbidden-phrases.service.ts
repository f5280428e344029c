import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  DomainError,
  DomainErrorCode,
  findForbiddenPhrases,
  forbiddenPhraseMessage,
  normaliseForPhraseMatch,
  type ForbiddenPhraseHit,
} from '@caseflow/domain';
import { AuditService } from '../audit/audit.service';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { fieldError, isUuid } from '../staff/field-error';
import type {
  CreateForbiddenPhraseDto,
  ForbiddenPhraseRow,
  UpdateForbiddenPhraseDto,
} from './dto/forbidden-phrase.dto';

/**
 * The forbidden phrases (admin-edited, audited) and the check every customer-facing text goes through
 * before it is saved or sent. Which texts are customer-facing is written down in docs/service-standards.md:
 * notification templates, a case's `request-customer-test.instructions` and `resolve.summary`, a
 * complaint's `promise-answer.answer` and `deliver-result.result`, and campaign texts. Internal notes,
 * reasons and callback remarks are not (they are what staff write to each other, or what the customer said).
 */
@Injectable()
export class ForbiddenPhrasesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  list(manager: EntityManager = this.db.manager): Promise<ForbiddenPhraseRow[]> {
    return manager.query(
      `SELECT "id", "phrase", "alternative", "language", "updated_at", "updated_by"
         FROM "forbidden_phrases" ORDER BY "language" DESC, "position"`,
    );
  }

  /** The hits in these fields (field name → text). */
  async check(
    fields: Record<string, string | null | undefined>,
    manager: EntityManager = this.db.manager,
  ): Promise<ForbiddenPhraseHit[]> {
    if (!Object.values(fields).some((text) => text)) return [];
    return findForbiddenPhrases(fields, await this.list(manager));
  }

  /** 422 naming each field, the phrase it contains and the standard alternative; nothing is saved or sent. */
  async assertClean(
    fields: Record<string, string | null | undefined>,
    manager: EntityManager = this.db.manager,
  ): Promise<void> {
    const hits = await this.check(fields, manager);
    if (hits.length === 0) return;
    throw forbiddenPhrasesError(hits);
  }

  async create(user: AuthenticatedUser, body: CreateForbiddenPhraseDto, ip?: string) {
    return this.db.transaction(async (tx) => {
      await this.lockList(tx);
      await this.assertNew(tx, body.phrase);
      const [row]: ForbiddenPhraseRow[] = await tx.query(
        `INSERT INTO "forbidden_phrases" ("phrase", "alternative", "language", "updated_by")
         VALUES ($1, $2, $3, $4)
         RETURNING "id", "phrase", "alternative", "language", "updated_at", "updated_by"`,
        [body.phrase, body.alternative, body.language, user.username],
      );
      await this.audit.change(tx, user, {
        action: 'forbidden_phrase.create',
        entityType: 'forbidden_phrase',
        entityId: row.id,
        summary: `${user.username} forbade "${row.phrase}" (say "${row.alternative}" instead)`,
        after: { phrase: row.phrase, alternative: row.alternative, language: row.language },
        ip: ip ?? null,
      });
      return row;
    });
  }

  async update(user: AuthenticatedUser, id: string, body: UpdateForbiddenPhraseDto, ip?: string) {
    return this.db.transaction(async (tx) => {
      await this.lockList(tx);
      const before = await this.get(tx, id);
      if (
        body.phrase !== undefined &&
        normaliseForPhraseMatch(body.phrase) !== normaliseForPhraseMatch(before.phrase)
      ) {
        await this.assertNew(tx, body.phrase, id);
      }
      // An UPDATE … RETURNING answers [rows, count] through TypeORM's driver.
      const [[row]]: [ForbiddenPhraseRow[], number] = await tx.query(
        `UPDATE "forbidden_phrases"
            SET "phrase" = COALESCE($2::text, "phrase"), "alternative" = COALESCE($3::text, "alternative"),
                "language" = COALESCE($4::text, "language"), "updated_at" = now(), "updated_by" = $5
          WHERE "id" = $1
         RETURNING "id", "phrase", "alternative", "language", "updated_at", "updated_by"`,
        [id, body.phrase ?? null, body.alternative ?? null, body.language ?? null, user.username],
      );
      await this.audit.change(tx, user, {
        action: 'forbidden_phrase.update',
        entityType: 'forbidden_phrase',
        entityId: id,
        summary: `${user.username} changed the forbidden phrase "${row.phrase}"`,
        before: { phrase: before.phrase, alternative: before.alternative, language: before.language },
        after: { phrase: row.phrase, alternative: row.alternative, language: row.language },
        ip: ip ?? null,
      });
      return row;
    });
  }

  async remove(user: AuthenticatedUser, id: string, ip?: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const before = await this.get(tx, id);
      await tx.query(`DELETE FROM "forbidden_phrases" WHERE "id" = $1`, [id]);
      await this.audit.change(tx, user, {
        action: 'forbidden_phrase.delete',
        entityType: 'forbidden_phrase',
        entityId: id,
        summary: `${user.username} no longer forbids "${before.phrase}"`,
        before: { phrase: before.phrase, alternative: before.alternative, language: before.language },
        ip: ip ?? null,
      });
    });
  }

  private async get(tx: EntityManager, id: string): Promise<ForbiddenPhraseRow> {
    const rows: ForbiddenPhraseRow[] = isUuid(id)
      ? await tx.query(
          `SELECT "id", "phrase", "alternative", "language", "updated_at", "updated_by"
             FROM "forbidden_phrases" WHERE "id" = $1 FOR UPDATE`,
          [id],
        )
      : [];
    if (!rows[0]) throw DomainError.notFound(`There is no forbidden phrase "${id}".`);
    return rows[0];
  }

  /** Two admins adding the same phrase at once: the second waits and is told it exists. */
  private async lockList(tx: EntityManager): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('forbidden_phrases'))`);
  }

  /** The same words (spaces, case and width aside) once only. */
  private async assertNew(tx: EntityManager, phrase: string, exceptId?: string): Promise<void> {
    const key = normaliseForPhraseMatch(phrase);
    if (!key) throw fieldError('phrase', 'phrase must have letters, not only spaces');
    const existing = (await this.list(tx)).find(
      (row) => row.id !== exceptId && normaliseForPhraseMatch(row.phrase) === key,
    );
    if (existing) {
      throw DomainError.conflict(`"${existing.phrase}" is already forbidden.`, { id: existing.id });
    }
  }
}

export function forbiddenPhrasesError(hits: ForbiddenPhraseHit[]): DomainError {
  const errors: Record<string, string[]> = {};
  for (const hit of hits) (errors[hit.field] ??= []).push(forbiddenPhraseMessage(hit));
  return new DomainError(
    DomainErrorCode.ValidationFailed,
    'The text contains a phrase the service standards forbid: say the standard alternative instead',
    { errors, forbiddenPhrases: hits },
  );
}
