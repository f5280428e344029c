import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DomainError } from '@caseflow/domain';
import { markNotificationRead, type InboxRow } from '@caseflow/persistence/outbox';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { rowOfVisibleCaseSql } from '../cases/case-read-model';
import { readsComplaints } from '../complaints/complaint-readers';
import { StaffService } from '../staff/staff.service';
import type { InboxDto, InboxMessageDto, ListInboxQuery } from './inbox.dto';

type Row = InboxRow;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** In-app messages to the signed-in user's staff position: the delivered rows of the outbox. */
const MINE = `FROM "notifications" n JOIN "staff" s ON s."id" = n."recipient_staff_id"
  WHERE s."user_id" = $1 AND n."channel" = 'in_app' AND n."status" = 'sent'`;

@Injectable()
export class InboxService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly staff: StaffService,
  ) {}

  async list(user: AuthenticatedUser, query: ListInboxQuery): Promise<InboxDto> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const params: unknown[] = [user.id];
    // A message about a case keeps the case's scope: once the case has moved out of the user's reach (another
    // team took it), its messages leave their inbox too.
    const scope = await this.staff.caseScope(user);
    const visible = scope.all
      ? ''
      : ` AND ${rowOfVisibleCaseSql(scope, (value) => `$${params.push(value)}`, {
          about: 'n."case_number"',
          readsComplaints: readsComplaints(user.roles),
          orElse: 'n."case_number" IS NULL',
        })}`;
    const filter = query.unread ? ` AND n."read_at" IS NULL` : '';
    const [{ total, unread }]: { total: number; unread: number }[] = await this.db.query(
      `SELECT count(*) FILTER (WHERE ${query.unread ? 'n."read_at" IS NULL' : 'TRUE'})::int AS "total",
              count(*) FILTER (WHERE n."read_at" IS NULL)::int AS "unread" ${MINE}${visible}`,
      params,
    );
    const rows: Row[] = await this.db.query(
      `SELECT n."id", n."case_number", n."template", n."subject", n."body", n."sent_at", n."read_at"
         ${MINE}${visible}${filter} ORDER BY n."sent_at" DESC, n."id"
         LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    return { items: rows.map(toDto), total, unread, page, pageSize };
  }

  /** Marks one of my messages read; reading it again keeps the first time. */
  async markRead(user: AuthenticatedUser, id: string): Promise<InboxMessageDto> {
    const row = UUID.test(id) ? await markNotificationRead(this.db, user.id, id) : undefined;
    // Someone else's message is "not found" too: the inbox does not confirm what others received.
    if (!row) throw DomainError.notFound(`Message ${id} is not in your inbox.`, { id });
    return toDto(row);
  }
}

function toDto(row: Row): InboxMessageDto {
  return {
    id: row.id,
    caseNumber: row.case_number,
    type: row.template,
    title: row.subject ?? row.template,
    body: row.body ?? '',
    at: row.sent_at.toISOString(),
    readAt: row.read_at?.toISOString() ?? null,
  };
}
