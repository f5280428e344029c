import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { MONTH_END_SAMPLE_WORKFLOW_ID, ratioToBp, WEEKLY_SUMMARY_WORKFLOW_ID } from '@caseflow/domain';
import { TemporalService } from '@caseflow/temporal';
import { DEFAULT_SAMPLING_SETTINGS, type SamplingSettings } from '@caseflow/persistence';
import { samplingSettingsChangedSignal } from '../../../../workflows/callback-messages';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import type { SamplingSettingsDto, UpdateSamplingSettingsDto } from './dto/sampling-settings.dto';

/**
 * Admin settings stored as JSON documents (`settings`). The sampling settings are read where they apply —
 * by the month-end sample when it draws — so a change applies from the next draw; the long-running
 * workflows are told at once so their timers move to a new draw or summary time.
 */
@Injectable()
export class SettingsService {
  private readonly logger = new Logger(SettingsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly temporal: TemporalService,
  ) {}

  async sampling(): Promise<SamplingSettings & { updatedBy: string | null; updatedAt: Date | null }> {
    const rows: { value: Partial<SamplingSettings>; updated_by: string | null; updated_at: Date }[] =
      await this.db.query(
        `SELECT "value", "updated_by", "updated_at" FROM "settings" WHERE "key" = 'sampling'`,
      );
    return {
      ...DEFAULT_SAMPLING_SETTINGS,
      ...(rows[0]?.value ?? {}),
      updatedBy: rows[0]?.updated_by ?? null,
      updatedAt: rows[0]?.updated_at ?? null,
    };
  }

  async samplingDto(): Promise<SamplingSettingsDto> {
    return toDto(await this.sampling());
  }

  async updateSampling(
    user: AuthenticatedUser,
    body: UpdateSamplingSettingsDto,
  ): Promise<SamplingSettingsDto> {
    const { updatedBy: _by, updatedAt: _at, ...current } = await this.sampling();
    const next: SamplingSettings = {
      ...current,
      ...(body.ratio !== undefined
        ? { ratioBp: ratioToBp(body.ratio) ?? Math.round(body.ratio * 10_000) }
        : {}),
      ...(body.drawTime !== undefined ? { drawTime: body.drawTime } : {}),
      ...(body.maxAttempts !== undefined ? { maxAttempts: body.maxAttempts } : {}),
      ...(body.weeklySummary ? { weeklySummary: { ...body.weeklySummary } } : {}),
    };
    await this.db.query(
      `INSERT INTO "settings" ("key", "value", "updated_by") VALUES ('sampling', $1::jsonb, $2)
       ON CONFLICT ("key") DO UPDATE SET "value" = EXCLUDED."value", "updated_by" = EXCLUDED."updated_by",
         "updated_at" = now()`,
      [JSON.stringify(next), user.username],
    );
    await this.tellSchedules();
    return this.samplingDto();
  }

  /** The month-end sample and the weekly summary re-read the settings and re-plan their timers. */
  private async tellSchedules(): Promise<void> {
    try {
      const client = await this.temporal.client();
      for (const id of [MONTH_END_SAMPLE_WORKFLOW_ID, WEEKLY_SUMMARY_WORKFLOW_ID]) {
        await client.workflow
          .getHandle(id)
          .signal(samplingSettingsChangedSignal)
          .catch((error: unknown) => {
            if (!(error instanceof WorkflowNotFoundError)) throw error;
          });
      }
    } catch (error) {
      // Stored all the same: the schedules read the settings again when they next wake.
      this.logger.warn(`Could not tell the schedules about the new settings: ${String(error)}`);
    }
  }
}

function toDto(
  s: SamplingSettings & { updatedBy: string | null; updatedAt: Date | null },
): SamplingSettingsDto {
  return {
    ratio: s.ratioBp / 10_000,
    drawTime: s.drawTime,
    calendarId: s.calendarId,
    maxAttempts: s.maxAttempts,
    level3WorkingDays: s.level3WorkingDays,
    weeklySummary: s.weeklySummary,
    updatedBy: s.updatedBy,
    updatedAt: s.updatedAt ? new Date(s.updatedAt).toISOString() : null,
  };
}
