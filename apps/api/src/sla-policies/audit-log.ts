// The audit trail of admin changes. Written with the caller's EntityManager, so the entry commits (or
// rolls back) with the change it describes: there is never a change without its entry, nor the reverse.
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthenticatedUser } from '../auth/authenticated-user';

export interface AuditEntry {
  action: string;
  entityType: 'sla_policy' | 'calendar';
  entityId: string;
  summary: string;
  before?: unknown;
  after?: unknown;
}

@Injectable()
export class AuditLog {
  async write(manager: EntityManager, user: AuthenticatedUser, entry: AuditEntry): Promise<void> {
    await manager.query(
      `INSERT INTO "audit_log" ("actor_id", "actor", "action", "entity_type", "entity_id", "summary", "before", "after")
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb)`,
      [
        user.id,
        user.username,
        entry.action,
        entry.entityType,
        entry.entityId,
        entry.summary,
        entry.before === undefined ? null : JSON.stringify(entry.before),
        entry.after === undefined ? null : JSON.stringify(entry.after),
      ],
    );
  }
}
