// The audit trail (`audit_log`, append-only): sign-ins, refused authorisations, admin changes, supervision
// decisions. Case state changes are written by a database trigger. An entry that belongs to a change is
// written with the change's EntityManager, so both commit or neither does; a refusal is written on its own.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuditOutcome } from '@caseflow/persistence';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import type { AuditEntryDto, AuditPageDto, ListAuditQuery } from './dto/audit.dto';

export interface AuditRecord {
  actorId?: string | null;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  summary: string;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
  outcome?: AuditOutcome;
}

interface AuditRow {
  id: string;
  at: Date;
  actor_id: string | null;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string;
  summary: string;
  before: unknown;
  after: unknown;
  ip: string | null;
  outcome: AuditOutcome;
}

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async record(entry: AuditRecord, manager: EntityManager = this.db.manager): Promise<void> {
    await manager.query(
      `INSERT INTO "audit_log" ("actor_id", "actor", "action", "entity_type", "entity_id", "summary", "before",
         "after", "ip", "outcome")
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10)`,
      [
        entry.actorId ?? null,
        entry.actor.slice(0, 200),
        entry.action,
        entry.entityType,
        entry.entityId.slice(0, 500),
        entry.summary.slice(0, 2000),
        entry.before === undefined ? null : JSON.stringify(entry.before),
        entry.after === undefined ? null : JSON.stringify(entry.after),
        entry.ip ?? null,
        entry.outcome ?? 'success',
      ],
    );
  }

  /** A change made by a signed-in user, in the change's transaction. */
  change(
    manager: EntityManager,
    user: AuthenticatedUser,
    entry: Omit<AuditRecord, 'actor' | 'actorId'>,
  ): Promise<void> {
    return this.record({ ...entry, actorId: user.id, actor: user.username }, manager);
  }

  async list(query: ListAuditQuery): Promise<AuditPageDto> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (query.actor) where.push(`"actor" = ${param(query.actor)}`);
    if (query.actorId) where.push(`"actor_id" = ${param(query.actorId)}`);
    if (query.action) {
      // `case.*` matches every action of that family.
      if (query.action.endsWith('.*')) where.push(`"action" LIKE ${param(`${query.action.slice(0, -1)}%`)}`);
      else where.push(`"action" = ${param(query.action)}`);
    }
    if (query.entityType) where.push(`"entity_type" = ${param(query.entityType)}`);
    if (query.entityId) where.push(`"entity_id" = ${param(query.entityId)}`);
    if (query.outcome) where.push(`"outcome" = ${param(query.outcome)}`);
    if (query.ip) where.push(`"ip" = ${param(query.ip)}`);
    if (query.from) where.push(`"at" >= ${param(query.from)}`);
    if (query.to) where.push(`"at" < ${param(query.to)}`);
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = (await this.db.query(
      `SELECT count(*)::int AS "total" FROM "audit_log" ${whereSql}`,
      params,
    )) as { total: number }[];
    const rows: AuditRow[] = await this.db.query(
      `SELECT * FROM "audit_log" ${whereSql} ORDER BY "at" DESC, "id" DESC
        LIMIT ${param(pageSize)} OFFSET ${param((page - 1) * pageSize)}`,
      params,
    );
    return { items: rows.map(toDto), total, page, pageSize };
  }
}

function toDto(row: AuditRow): AuditEntryDto {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actorId: row.actor_id,
    actor: row.actor,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    summary: row.summary,
    before: row.before ?? null,
    after: row.after ?? null,
    ip: row.ip,
    outcome: row.outcome,
  };
}
