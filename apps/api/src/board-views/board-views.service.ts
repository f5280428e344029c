// A person's own saved board views. The filters are kept as the query string the console's address carries,
// checked on the way in exactly as GET /api/cases checks them, so a saved view always opens a valid list.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import type { DataSource } from 'typeorm';
import { DomainError, DomainErrorCode } from '@caseflow/domain';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ListCasesQuery } from '../cases/dto/list-cases.query';
import { type BoardViewDto, type CreateBoardViewDto, MAX_BOARD_VIEWS } from './dto/board-view.dto';

/** What a view may keep: the list's filters and order, not its page. */
const VIEW_KEYS = [
  'state',
  'kind',
  'category',
  'branch',
  'assignee',
  'breached',
  'dueWithin',
  'q',
  'sort',
  'order',
  'pageSize',
] as const;

interface ViewRow {
  id: string;
  name: string;
  query: string;
  created_at: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class BoardViewsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(user: AuthenticatedUser): Promise<BoardViewDto[]> {
    const rows: ViewRow[] = await this.db.query(
      `SELECT * FROM "board_views" WHERE "user_id" = $1 ORDER BY "created_at", "id"`,
      [user.id],
    );
    return rows.map(toDto);
  }

  async create(user: AuthenticatedUser, body: CreateBoardViewDto): Promise<BoardViewDto> {
    const name = body.name.trim();
    const query = await checkedQuery(body.query);
    return this.db.transaction(async (tx) => {
      // One person's views are counted and named under a lock on their own row, so two tabs cannot both
      // add the twenty-first view or the same name twice.
      await tx.query(`SELECT 1 FROM "users" WHERE "id" = $1 FOR UPDATE`, [user.id]);
      const [{ count, taken }] = (await tx.query(
        `SELECT count(*)::int AS "count", bool_or(lower("name") = lower($2)) AS "taken"
           FROM "board_views" WHERE "user_id" = $1`,
        [user.id, name],
      )) as { count: number; taken: boolean | null }[];
      if (taken) throw invalid('name', `you already have a view named "${name}"`);
      if (count >= MAX_BOARD_VIEWS) {
        throw invalid('name', `you have ${MAX_BOARD_VIEWS} views already: delete one first`);
      }
      const [row] = (await tx.query(
        `INSERT INTO "board_views" ("user_id", "name", "query") VALUES ($1, $2, $3) RETURNING *`,
        [user.id, name, query],
      )) as ViewRow[];
      return toDto(row);
    });
  }

  async remove(user: AuthenticatedUser, id: string): Promise<void> {
    const deleted = UUID.test(id)
      ? ((await this.db.query(`DELETE FROM "board_views" WHERE "id" = $1 AND "user_id" = $2 RETURNING "id"`, [
          id,
          user.id,
        ])) as [unknown[], number])
      : [[], 0];
    if (deleted[1] === 0) {
      throw new DomainError(DomainErrorCode.NotFound, `You have no board view "${id}"`);
    }
  }
}

/** The query string, normalised (no page, no leading `?`), or a 422 naming `query` with what is wrong. */
async function checkedQuery(text: string): Promise<string> {
  const params = new URLSearchParams(text.replace(/^\?/, ''));
  params.delete('page');
  const unknown = [...new Set(params.keys())].filter((k) => !(VIEW_KEYS as readonly string[]).includes(k));
  if (unknown.length) {
    throw invalid('query', `a view keeps only ${VIEW_KEYS.join(', ')}; not ${unknown.join(', ')}`);
  }
  const repeated = [...new Set(params.keys())].filter((k) => params.getAll(k).length > 1);
  if (repeated.length) throw invalid('query', `each filter once: ${repeated.join(', ')} is repeated`);
  const errors = await validate(plainToInstance(ListCasesQuery, Object.fromEntries(params)));
  if (errors.length) throw invalid('query', ...errors.flatMap(messagesOf));
  return params.toString();
}

function messagesOf(error: ValidationError): string[] {
  return [
    ...Object.values(error.constraints ?? {}),
    ...(error.children ?? []).flatMap((child) => messagesOf(child)),
  ];
}

function invalid(field: string, ...messages: string[]): DomainError {
  return new DomainError(DomainErrorCode.ValidationFailed, 'Validation failed', {
    errors: { [field]: messages },
  });
}

function toDto(row: ViewRow): BoardViewDto {
  return { id: row.id, name: row.name, query: row.query, createdAt: row.created_at.toISOString() };
}
