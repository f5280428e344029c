import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { CASEFLOW_CONFIG, CaseflowConfig } from '@caseflow/config';
import { DomainError, DomainErrorCode, isPhoneNumber, NotificationType } from '@caseflow/domain';
import {
  createChannels,
  describeChannels,
  type NotificationDispatcher,
} from '../../../../activities/notifications';
import type {
  ChannelStatusDto,
  ListNotificationsQuery,
  NotificationDto,
  NotificationListDto,
  TestMessageDto,
} from './dto/notification.dto';
import { rowOfVisibleCaseSql } from '../cases/case-read-model';
import type { CaseScope } from '../staff/staff.service';
import { NOTIFICATION_DISPATCHER } from './notification-delivery.provider';

interface Row {
  id: string;
  case_number: string | null;
  recipient_kind: string;
  recipient_staff_id: string | null;
  recipient_address: string | null;
  channel: string;
  template: string;
  language: string;
  status: string;
  attempts: number;
  last_error: string | null;
  subject: string | null;
  body: string | null;
  provider_id: string | null;
  created_at: Date;
  last_attempt_at: Date | null;
  sent_at: Date | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CASEFLOW_CONFIG) private readonly config: CaseflowConfig,
    @Inject(NOTIFICATION_DISPATCHER) private readonly dispatcher: NotificationDispatcher,
  ) {}

  /** The outbox, newest first; `scope` narrows it to one webhook subscription's delivery log. */
  async list(
    query: ListNotificationsQuery,
    scope: {
      webhookSubscriptionId?: string;
      /** Only rows of cases these staff may open (see rowOfVisibleCaseSql); absent: every row. */
      visibleTo?: Exclude<CaseScope, { all: true }>;
      readsComplaints?: boolean;
    } = {},
  ): Promise<NotificationListDto> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const where: string[] = [];
    const params: unknown[] = [];
    const filter = (column: string, value: unknown) => {
      if (value === undefined) return;
      params.push(value);
      where.push(`"${column}" = $${params.length}`);
    };
    filter('case_number', query.case);
    filter('status', query.status);
    filter('channel', query.channel);
    filter('webhook_subscription_id', scope.webhookSubscriptionId);
    if (scope.visibleTo) {
      const param = (value: unknown) => `$${params.push(value)}`;
      // A row about no case (a certification reminder, a channel test): if it went to someone in scope.
      const staffIds = param(scope.visibleTo.assigneeIds);
      where.push(
        rowOfVisibleCaseSql(scope.visibleTo, param, {
          about: 'n."case_number"',
          readsComplaints: scope.readsComplaints ?? false,
          orElse: `(n."case_number" IS NULL AND n."recipient_staff_id" = ANY (${staffIds}::uuid[]))`,
        }),
      );
    }
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }]: { total: number }[] = await this.db.query(
      `SELECT count(*)::int AS "total" FROM "notifications" n ${whereSql}`,
      params,
    );
    const rows: Row[] = await this.db.query(
      `SELECT n.* FROM "notifications" n ${whereSql} ORDER BY "created_at" DESC, "id"
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    return { items: rows.map(toDto), total, page, pageSize };
  }

  /**
   * Puts a failed or undeliverable row back in the queue under a fresh delivery workflow. A row that is
   * sent is refused (it is never sent twice); one being sent right now too.
   */
  async retry(id: string): Promise<NotificationDto> {
    const [rows] = (await this.db.query(
      `UPDATE "notifications" SET "status" = 'pending', "requeued" = "requeued" + 1, "last_error" = NULL
        WHERE "id" = $1 AND "status" IN ('pending', 'failed', 'undeliverable')
        RETURNING "requeued"`,
      [UUID.test(id) ? id : null],
    )) as [{ requeued: number }[], number];
    if (rows.length === 0) {
      const current = await this.find(id);
      if (!current) throw DomainError.notFound(`Notification ${id} was not found.`, { id });
      throw new DomainError(
        DomainErrorCode.InvalidState,
        current.status === 'sent'
          ? `Notification ${id} was sent at ${current.sent_at?.toISOString()}; it is never sent twice.`
          : `Notification ${id} is being sent right now.`,
        { status: current.status },
      );
    }
    await this.dispatcher.startDelivery(id, `notification-${id}-requeue-${rows[0].requeued}`);
    return toDto((await this.find(id))!);
  }

  channels(): ChannelStatusDto[] {
    return describeChannels(createChannels(this.config.notifications));
  }

  /** An admin's check that a channel works: a real message through it, recorded like any other. */
  async sendTest(dto: TestMessageDto): Promise<NotificationDto> {
    const to = dto.channel === 'sms' ? dto.to.replace(/[\s-]/g, '') : dto.to.trim();
    const valid = dto.channel === 'sms' ? isPhoneNumber(to) : EMAIL.test(to);
    if (!valid) {
      throw new DomainError(DomainErrorCode.ValidationFailed, 'Validation failed', {
        errors: {
          to: [
            dto.channel === 'sms'
              ? 'to must be a phone number (digits, optional +)'
              : 'to must be an e-mail address',
          ],
        },
      });
    }
    const [row]: { id: string }[] = await this.db.query(
      `INSERT INTO "notifications" ("idempotency_key", "recipient_kind", "recipient_address", "channel", "template",
         "language", "data")
       VALUES ($1, 'customer', $2, $3, $4, $5, '{"urgent": true}') RETURNING "id"`,
      [
        `channel-test:${randomUUID()}`,
        to,
        dto.channel,
        NotificationType.ChannelTest,
        dto.language ?? 'zh-CN',
      ],
    );
    await this.dispatcher.startDelivery(row.id);
    return toDto((await this.find(row.id))!);
  }

  private async find(id: string): Promise<Row | undefined> {
    if (!UUID.test(id)) return undefined;
    const rows: Row[] = await this.db.query(`SELECT * FROM "notifications" WHERE "id" = $1`, [id]);
    return rows[0];
  }
}

export function toDto(row: Row): NotificationDto {
  return {
    id: row.id,
    caseNumber: row.case_number,
    recipientKind: row.recipient_kind,
    recipientStaffId: row.recipient_staff_id,
    recipientAddress: row.recipient_address,
    channel: row.channel,
    template: row.template,
    language: row.language,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    subject: row.subject,
    body: row.body,
    providerId: row.provider_id,
    createdAt: row.created_at.toISOString(),
    lastAttemptAt: row.last_attempt_at?.toISOString() ?? null,
    sentAt: row.sent_at?.toISOString() ?? null,
  };
}
