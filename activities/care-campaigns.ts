// Care campaigns' side effects: the audience (consenting contacts, through `care_message_audience`), one
// delivery row per campaign × contact, and outbox rows in the contact's language, sent by the ordinary
// delivery (SMS quiet hours, retries, never twice). Each step is idempotent: a retried batch queues nothing
// twice (the delivery row's status and the outbox row's idempotency key `care-<campaign>-<contact>`).
import type { DataSource } from 'typeorm';
import type { CareCampaignActivities } from './care-campaign-types';
import { insertNotification, type NotificationDispatcher } from '@caseflow/persistence/outbox';

export interface CareCampaignDependencies {
  dataSource: DataSource;
  dispatcher?: NotificationDispatcher;
}

export function createCareCampaignActivities({
  dataSource: db,
  dispatcher,
}: CareCampaignDependencies): CareCampaignActivities {
  return {
    async loadCampaign({ campaignId }) {
      const [row]: { send_at: Date; rate_per_minute: number; status: string }[] = await db.query(
        `SELECT "send_at", "rate_per_minute", "status" FROM "care_campaigns" WHERE "id" = $1`,
        [campaignId],
      );
      if (!row) return { sendAt: new Date().toISOString(), ratePerMinute: 1, status: 'cancelled' };
      return { sendAt: row.send_at.toISOString(), ratePerMinute: row.rate_per_minute, status: row.status };
    },

    async prepareDeliveries({ campaignId }) {
      return db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO "care_deliveries" ("campaign_id", "contact_id", "language")
           SELECT $1, a."contact_id", CASE WHEN a."language" = 'en' THEN 'en' ELSE 'zh-CN' END
             FROM "care_message_audience" a WHERE a."consent" IS TRUE
           ON CONFLICT DO NOTHING`,
          [campaignId],
        );
        const [{ audience }]: { audience: number }[] = await tx.query(
          `SELECT count(*)::int AS "audience" FROM "care_deliveries" WHERE "campaign_id" = $1`,
          [campaignId],
        );
        await tx.query(
          `UPDATE "care_campaigns" SET "audience" = $2, "status" = 'sending' WHERE "id" = $1 AND "status" = 'scheduled'`,
          [campaignId, audience],
        );
        return { audience };
      });
    },

    async sendBatch({ campaignId, limit }) {
      const result = await db.transaction(async (tx) => {
        const [campaign]: { status: string; texts: Record<string, string>; title: string }[] = await tx.query(
          `SELECT "status", "texts", "title" FROM "care_campaigns" WHERE "id" = $1 FOR UPDATE`,
          [campaignId],
        );
        if (!campaign || campaign.status === 'cancelled')
          return { queued: 0, optedOut: 0, remaining: 0, ids: [] };
        const batch: {
          contact_id: string;
          language: string;
          consent: boolean | null;
          phone: string | null;
          email: string | null;
        }[] = await tx.query(
          `SELECT d."contact_id", d."language", a."consent", a."phone", a."email"
               FROM "care_deliveries" d LEFT JOIN "care_message_audience" a ON a."contact_id" = d."contact_id"
              WHERE d."campaign_id" = $1 AND d."status" = 'pending'
              ORDER BY d."contact_id" LIMIT $2 FOR UPDATE OF d SKIP LOCKED`,
          [campaignId, limit],
        );
        let queued = 0;
        let optedOut = 0;
        const ids: string[] = [];
        for (const d of batch) {
          // Consent is read now: an opt-out after the campaign was prepared is honoured at once.
          if (d.consent !== true || (!d.phone && !d.email)) {
            const status = d.consent !== true ? 'opted_out' : 'no_address';
            if (status === 'opted_out') optedOut++;
            await tx.query(
              `UPDATE "care_deliveries" SET "status" = $3, "updated_at" = now() WHERE "campaign_id" = $1 AND "contact_id" = $2`,
              [campaignId, d.contact_id, status],
            );
            continue;
          }
          const id = await insertNotification(tx, {
            idempotencyKey: `care-${campaignId}-${d.contact_id}`,
            recipientKind: 'customer',
            recipientAddress: d.phone ?? d.email,
            channel: d.phone ? 'sms' : 'email',
            template: 'care_message',
            language: d.language,
            data: { campaignId, contactId: d.contact_id },
            subject: campaign.title,
            body: campaign.texts[d.language] ?? campaign.texts['zh-CN'],
          });
          await tx.query(
            `UPDATE "care_deliveries" SET "status" = 'queued', "notification_id" = $3, "updated_at" = now()
              WHERE "campaign_id" = $1 AND "contact_id" = $2`,
            [campaignId, d.contact_id, id],
          );
          ids.push(id);
          queued++;
        }
        const [{ remaining }]: { remaining: number }[] = await tx.query(
          `SELECT count(*)::int AS "remaining" FROM "care_deliveries" WHERE "campaign_id" = $1 AND "status" = 'pending'`,
          [campaignId],
        );
        return { queued, optedOut, remaining, ids };
      });
      // After the commit: each queued row gets its delivery (a retry dispatches again at no cost).
      if (dispatcher && result.ids.length > 0) await dispatcher.dispatch({ notificationIds: result.ids });
      return { queued: result.queued, optedOut: result.optedOut, remaining: result.remaining };
    },

    async finishCampaign({ campaignId, status }) {
      await db.query(
        `UPDATE "care_campaigns" SET "status" = $2, "finished_at" = COALESCE("finished_at", now())
          WHERE "id" = $1 AND "status" <> 'cancelled'`,
        [campaignId, status],
      );
    },
  };
}
