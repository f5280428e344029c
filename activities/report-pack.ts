// The monthly report pack: built from the report queries, e-mailed with the workbook attached to the
// recipients an admin configured. One run per month (report_pack_runs, keyed by month): a retried or
// repeated call sends nothing twice — recipients already written to are remembered one by one.
import type { DataSource } from 'typeorm';
import type { CalendarDefinition } from '@caseflow/sla';
import { buildReportPack, readReportPackSettings } from '@caseflow/persistence';
import { DeliveryRefused, type Channels } from './notifications';
import type { ReportPackActivities, ReportPackRunResult } from './report-pack-types';

export function createReportPackActivities(deps: {
  dataSource: DataSource;
  channels: Channels;
}): ReportPackActivities {
  const db = deps.dataSource;

  async function finish(month: string, fields: Record<string, unknown>): Promise<void> {
    const names = Object.keys(fields);
    await db.query(
      `UPDATE "report_pack_runs" SET ${names.map((n, i) => `"${n}" = $${i + 2}`).join(', ')}, "finished_at" = now()
        WHERE "month" = $1`,
      [month, ...Object.values(fields)],
    );
  }

  return {
    async loadReportPackCalendar() {
      const [row]: { definition: CalendarDefinition }[] = await db.query(
        `SELECT "definition" FROM "calendars" WHERE "id" = 'default'`,
      );
      return row.definition;
    },

    async sendReportPack({ month, workflowId }): Promise<ReportPackRunResult> {
      await db.query(
        `INSERT INTO "report_pack_runs" ("month", "workflow_id", "status") VALUES ($1, $2, 'sending')
         ON CONFLICT ("month") DO NOTHING`,
        [month, workflowId],
      );
      const [run]: { status: ReportPackRunResult['status'] | 'sending'; delivered: string[] }[] =
        await db.query(`SELECT "status", "delivered" FROM "report_pack_runs" WHERE "month" = $1`, [month]);
      if (run.status !== 'sending') return { month, status: run.status, sent: 0 };

      const { recipients } = await readReportPackSettings(db);
      if (recipients.length === 0) {
        await finish(month, { status: 'no_recipients' });
        return { month, status: 'no_recipients', sent: 0 };
      }
      const email = deps.channels.email;
      if (!email.configured) {
        await finish(month, {
          status: 'undeliverable',
          recipients,
          error: `The email channel is not configured (set ${email.missing ?? 'SMTP_URL and SMTP_FROM'})`,
        });
        return { month, status: 'undeliverable', sent: 0 };
      }

      const [{ tz }]: { tz: string }[] = await db.query(
        `SELECT COALESCE((SELECT "definition"->>'timeZone' FROM "calendars" WHERE "id" = 'default'), 'UTC') AS tz`,
      );
      const pack = await buildReportPack(db, { month, timeZone: tz });
      const title = `Caseflow reports ${pack.periods.join(' and ')}`;
      let sent = 0;
      const refused: string[] = [];
      for (const to of recipients) {
        if (run.delivered.includes(to)) continue;
        try {
          await email.send({
            id: `report-pack-${month}-${Buffer.from(to).toString('hex').slice(0, 32)}`,
            to,
            subject: title,
            text:
              `${title}: the complaint rate per department and commitment compliance, in the attached workbook ` +
              `(periods cut in ${tz}).`,
            attachments: [
              {
                filename: `caseflow-reports-${month}.xlsx`,
                content: pack.workbook,
                contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
              },
            ],
          });
        } catch (error) {
          // A refusal for good is recorded; anything else is retried by Temporal (those sent stay sent).
          if (!(error instanceof DeliveryRefused)) throw error;
          refused.push(`${to}: ${error.message}`);
          continue;
        }
        sent++;
        await db.query(
          `UPDATE "report_pack_runs" SET "delivered" = array_append("delivered", $2) WHERE "month" = $1`,
          [month, to],
        );
      }
      const delivered = run.delivered.length + sent;
      const status = delivered > 0 ? 'sent' : 'undeliverable';
      await finish(month, {
        status,
        recipients,
        quarter: pack.periods[1] ?? null,
        attachment_bytes: pack.workbook.length,
        error: refused.length ? refused.join('; ') : null,
      });
      return { month, status, sent };
    },
  };
}
