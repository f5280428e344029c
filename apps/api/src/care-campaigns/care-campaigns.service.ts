import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WorkflowIdReusePolicy } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { careCampaignWorkflowId, DomainError, WORKFLOW_TYPES } from '@caseflow/domain';
import { TemporalService } from '@caseflow/temporal';
import { careCampaignCancelSignal } from '../../../../workflows/care-campaign-messages';
import type { careCampaignWorkflow } from '../../../../workflows/care-campaign.workflow';
import { AuditService } from '../audit/audit.service';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ForbiddenPhrasesService } from '../forbidden-phrases/forbidden-phrases.service';
import { fieldError, isUuid } from '../staff/field-error';
import type { CancelCareCampaignDto, CareCampaignDto, CreateCareCampaignDto } from './dto/care-campaign.dto';

interface CampaignRow {
  id: string;
  kind: string;
  title: string;
  texts: { 'zh-CN': string; en: string };
  send_at: Date;
  rate_per_minute: number;
  status: string;
  audience: number | null;
  created_by: string;
  deliveries: Record<string, number> | null;
}

const SELECT = `SELECT c.*, (SELECT jsonb_object_agg(s."status", s."n") FROM (
    SELECT "status", count(*)::int AS "n" FROM "care_deliveries" d WHERE d."campaign_id" = c."id" GROUP BY 1) s
  ) AS "deliveries" FROM "care_campaigns" c`;

/**
 * Customer care campaigns: an admin writes the words (checked against the forbidden phrases), a date and a
 * rate; a `careCampaignWorkflow` sends them to the consenting contacts, once each.
 */
@Injectable()
export class CareCampaignsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly temporal: TemporalService,
    private readonly audit: AuditService,
    private readonly phrases: ForbiddenPhrasesService,
  ) {}

  async list(): Promise<CareCampaignDto[]> {
    const rows: CampaignRow[] = await this.db.query(`${SELECT} ORDER BY c."send_at" DESC, c."id"`);
    return rows.map(toDto);
  }

  async get(id: string): Promise<CareCampaignDto> {
    const rows: CampaignRow[] = isUuid(id) ? await this.db.query(`${SELECT} WHERE c."id" = $1`, [id]) : [];
    if (!rows[0]) throw DomainError.notFound(`There is no care campaign "${id}".`);
    return toDto(rows[0]);
  }

  async create(user: AuthenticatedUser, body: CreateCareCampaignDto, ip?: string): Promise<CareCampaignDto> {
    const sendAt = new Date(body.sendAt);
    if (sendAt.getTime() < Date.now() - 60_000) throw fieldError('sendAt', 'sendAt must not be in the past');
    await this.phrases.assertClean({
      title: body.title,
      'texts.zh-CN': body.texts['zh-CN'],
      'texts.en': body.texts.en,
    });
    const id = await this.db.transaction(async (tx) => {
      const [row]: { id: string }[] = await tx.query(
        `INSERT INTO "care_campaigns" ("kind", "title", "texts", "send_at", "rate_per_minute", "created_by")
         VALUES ($1, $2, $3::jsonb, $4, $5, $6) RETURNING "id"`,
        [
          body.kind,
          body.title,
          JSON.stringify({ 'zh-CN': body.texts['zh-CN'], en: body.texts.en }),
          sendAt,
          body.ratePerMinute ?? 60,
          user.username,
        ],
      );
      await this.audit.change(tx, user, {
        action: 'care_campaign.create',
        entityType: 'care_campaign',
        entityId: row.id,
        summary: `${user.username} scheduled the ${body.kind} "${body.title}" for ${sendAt.toISOString()}`,
        after: { ...body, sendAt },
        ip: ip ?? null,
      });
      return row.id;
    });
    try {
      const client = await this.temporal.client();
      await client.workflow.start<typeof careCampaignWorkflow>(WORKFLOW_TYPES.careCampaign, {
        taskQueue: this.temporal.taskQueue,
        workflowId: careCampaignWorkflowId(id),
        args: [{ campaignId: id }],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      });
    } catch (error) {
      // Nothing half-written: a campaign nobody sends is withdrawn (the audit log keeps that it was asked for).
      await this.db.query(`DELETE FROM "care_campaigns" WHERE "id" = $1`, [id]);
      throw error;
    }
    return this.get(id);
  }

  async cancel(user: AuthenticatedUser, id: string, body: CancelCareCampaignDto, ip?: string) {
    await this.db.transaction(async (tx) => {
      const rows: { status: string }[] = isUuid(id)
        ? await tx.query(`SELECT "status" FROM "care_campaigns" WHERE "id" = $1 FOR UPDATE`, [id])
        : [];
      if (!rows[0]) throw DomainError.notFound(`There is no care campaign "${id}".`);
      if (rows[0].status === 'completed' || rows[0].status === 'cancelled') {
        throw DomainError.invalidState(`The campaign is ${rows[0].status}.`, { status: rows[0].status });
      }
      await tx.query(
        `UPDATE "care_campaigns" SET "status" = 'cancelled', "finished_at" = now() WHERE "id" = $1`,
        [id],
      );
      await this.audit.change(tx, user, {
        action: 'care_campaign.cancel',
        entityType: 'care_campaign',
        entityId: id,
        summary: `${user.username} cancelled a care campaign: ${body.reason}`,
        before: { status: rows[0].status },
        after: { status: 'cancelled', reason: body.reason },
        ip: ip ?? null,
      });
    });
    const client = await this.temporal.client();
    await client.workflow
      .getHandle(careCampaignWorkflowId(id))
      .signal(careCampaignCancelSignal)
      .catch(() => undefined); // already finished: the status says cancelled, nothing more is queued
    return this.get(id);
  }
}

function toDto(row: CampaignRow): CareCampaignDto {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    texts: row.texts,
    sendAt: row.send_at.toISOString(),
    ratePerMinute: row.rate_per_minute,
    status: row.status,
    audience: row.audience,
    deliveries: row.deliveries ?? {},
    createdBy: row.created_by,
  };
}
