import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { caseIsOpenSql, complaintIsOpenSql } from '@caseflow/persistence';
import { ESCALATION_LATENESS_BUCKETS } from './metric-definitions';

/** How long one read of the database figures serves scrapes and /health before it is read again. */
export const OBSERVED_STATE_TTL_MS = 5_000;

/** The delivery workflow retries sendNotification at most an hour apart (plus its 1-minute timeout). */
export const RETRYING_WITHIN_MINUTES = 90;

export interface OutboxState {
  /** Due and not yet sent: pending (not_before passed or none) or sending. */
  backlog: number;
  /** Seconds since the oldest of those became due; 0 when there is none. */
  oldestPendingAgeSeconds: number;
  pending: number;
  /** Pending, but waiting for not_before (quiet hours, a scheduled message): not late. */
  held: number;
  sending: number;
  /** The last attempt failed: its delivery workflow is retrying with backoff (or gave up, for an admin). */
  failed: number;
  /**
   * Failed, and attempted within the last RETRYING_WITHIN_MINUTES: a delivery workflow still retrying its
   * sendNotification (retries come at most an hour apart); one that gave up drops out after that.
   */
  retrying: number;
  undeliverable: number;
}

export interface LatenessHistogram {
  /** Cumulative counts, one per ESCALATION_LATENESS_BUCKETS bound, in order. */
  buckets: number[];
  count: number;
  sum: number;
}

export interface ObservedState {
  readAt: Date;
  outbox: OutboxState;
  /** Open cases and complaints: `${kind}` → state → count (only states with rows). */
  openCases: { kind: string; state: string; count: number }[];
  escalationLateness: LatenessHistogram;
}

/**
 * The figures /metrics and /health read from the database: the outbox, open cases, escalation lateness.
 * Read at most once per OBSERVED_STATE_TTL_MS whoever asks (scrapes, load balancers' health checks), and
 * never on an ordinary request's path; concurrent askers share one read.
 */
@Injectable()
export class ObservedStateService {
  private cached?: { at: number; state: Promise<ObservedState> };

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  current(now = Date.now()): Promise<ObservedState> {
    if (!this.cached || now - this.cached.at >= OBSERVED_STATE_TTL_MS) {
      const state = this.read();
      this.cached = { at: now, state };
      // A failed read is not kept: the next asker tries again.
      state.catch(() => {
        if (this.cached?.state === state) this.cached = undefined;
      });
    }
    return this.cached.state;
  }

  private async read(): Promise<ObservedState> {
    const [outbox, openCases, lateness] = await Promise.all([
      this.readOutbox(),
      this.readOpenCases(),
      this.readLateness(),
    ]);
    return { readAt: new Date(), outbox, openCases, escalationLateness: lateness };
  }

  private async readOutbox(): Promise<OutboxState> {
    const [row] = (await this.dataSource.query(`
      SELECT
        count(*) FILTER (WHERE status = 'pending' AND (not_before IS NULL OR not_before <= now()))::int AS pending,
        count(*) FILTER (WHERE status = 'pending' AND not_before > now())::int AS held,
        count(*) FILTER (WHERE status = 'sending')::int AS sending,
        count(*) FILTER (WHERE status = 'failed')::int AS failed,
        count(*) FILTER (
          WHERE status = 'failed' AND last_attempt_at > now() - make_interval(mins => ${RETRYING_WITHIN_MINUTES})
        )::int AS retrying,
        count(*) FILTER (WHERE status = 'undeliverable')::int AS undeliverable,
        COALESCE(EXTRACT(EPOCH FROM now() - min(COALESCE(not_before, created_at)) FILTER (
          WHERE status = 'sending' OR (status = 'pending' AND (not_before IS NULL OR not_before <= now()))
        )), 0)::float8 AS oldest
      FROM notifications
      WHERE status <> 'sent'`)) as {
      pending: number;
      held: number;
      sending: number;
      failed: number;
      retrying: number;
      undeliverable: number;
      oldest: number;
    }[];
    return {
      backlog: row.pending + row.sending,
      oldestPendingAgeSeconds: Math.max(0, Math.round(row.oldest)),
      pending: row.pending,
      held: row.held,
      sending: row.sending,
      failed: row.failed,
      retrying: row.retrying,
      undeliverable: row.undeliverable,
    };
  }

  private async readOpenCases(): Promise<ObservedState['openCases']> {
    const rows = (await this.dataSource.query(`
      SELECT kind, state, count(*)::int AS count FROM cases
        WHERE ${caseIsOpenSql('state')} GROUP BY kind, state
      UNION ALL
      SELECT 'complaint' AS kind, state, count(*)::int AS count FROM complaints
        WHERE ${complaintIsOpenSql('state')} GROUP BY state`)) as {
      kind: string;
      state: string;
      count: number;
    }[];
    return rows;
  }

  private async readLateness(): Promise<LatenessHistogram> {
    const bucketColumns = ESCALATION_LATENESS_BUCKETS.map(
      (bound, i) => `count(*) FILTER (WHERE lateness <= ${bound})::int AS b${i}`,
    ).join(',\n        ');
    const [row] = (await this.dataSource.query(`
      SELECT ${bucketColumns},
        count(*)::int AS count,
        COALESCE(sum(lateness), 0)::float8 AS sum
      FROM (SELECT GREATEST(EXTRACT(EPOCH FROM fired_at - due_at), 0) AS lateness FROM escalations) AS steps`)) as Record<
      string,
      number
    >[];
    return {
      buckets: ESCALATION_LATENESS_BUCKETS.map((_, i) => row[`b${i}`]),
      count: row.count,
      sum: row.sum,
    };
  }
}
