import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import type { DataSource, Repository } from 'typeorm';
import { DomainError, DomainErrorCode } from '@caseflow/domain';
import { WebhookSubscriptionEntity } from '@caseflow/persistence';
import { NotificationsService } from '../notifications/notifications.service';
import type { ListNotificationsQuery, NotificationListDto } from '../notifications/dto/notification.dto';
import type { CreateWebhookDto } from './dto/webhook.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class WebhooksService {
  constructor(
    @InjectRepository(WebhookSubscriptionEntity)
    private readonly subscriptions: Repository<WebhookSubscriptionEntity>,
    @InjectDataSource() private readonly db: DataSource,
    private readonly notifications: NotificationsService,
  ) {}

  list(): Promise<WebhookSubscriptionEntity[]> {
    return this.subscriptions.find({ where: { active: true }, order: { createdAt: 'ASC' } });
  }

  async create(
    dto: CreateWebhookDto,
    userId: string,
  ): Promise<{ entity: WebhookSubscriptionEntity; secret: string }> {
    const known: { type: string }[] = await this.db.query(
      `SELECT DISTINCT "type" FROM "notification_templates"`,
    );
    const types = new Set(known.map((k) => k.type));
    const unknown = dto.eventTypes.filter((t) => t !== '*' && !types.has(t));
    if (unknown.length > 0) {
      throw new DomainError(DomainErrorCode.ValidationFailed, 'Validation failed', {
        errors: { eventTypes: [`unknown event type${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`] },
      });
    }
    const secret = `whsec_${randomBytes(24).toString('base64url')}`;
    const entity = await this.subscriptions.save(
      this.subscriptions.create({
        url: dto.url,
        eventTypes: [...new Set(dto.eventTypes)],
        description: dto.description ?? null,
        secret,
        createdBy: userId,
      }),
    );
    return { entity, secret };
  }

  /** Stops deliveries; the subscription and its delivery log stay readable. */
  async remove(id: string): Promise<void> {
    const [, affected] = (await this.db.query(
      `UPDATE "webhook_subscriptions" SET "active" = false, "deleted_at" = now() WHERE "id" = $1 AND "active"`,
      [UUID.test(id) ? id : null],
    )) as [unknown, number];
    if (affected === 0) throw DomainError.notFound(`Webhook subscription ${id} was not found.`, { id });
  }

  async deliveries(id: string, query: ListNotificationsQuery): Promise<NotificationListDto> {
    if (!UUID.test(id) || !(await this.subscriptions.existsBy({ id }))) {
      throw DomainError.notFound(`Webhook subscription ${id} was not found.`, { id });
    }
    return this.notifications.list(query, { webhookSubscriptionId: id });
  }
}
