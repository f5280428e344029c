import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TemporalService } from '@caseflow/temporal';
import { ObservedStateService } from '../observability/observed-state.service';
import {
  DependencyCheckDto,
  FailingActivitiesDto,
  HealthDto,
  OutboxHealthDto,
  StuckWorkflowsDto,
  WorkerCheckDto,
} from './dto/health.dto';
import { supervisedProcesses } from './supervision';

// A health endpoint that hangs is worse than one that says "down": load balancers time out and guess.
export const HEALTH_CHECK_TIMEOUT_MS = 2000;

@Injectable()
export class HealthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly temporal: TemporalService,
    private readonly observed: ObservedStateService,
  ) {}

  async check(): Promise<HealthDto> {
    const [database, temporal, worker, failingActivities, backlog] = await Promise.all([
      probe(() => this.dataSource.query('SELECT 1')),
      probe(() => this.temporal.ping()),
      this.checkWorker(),
      this.checkFailingActivities(),
      this.readBacklog(),
    ]);
    const allUp = [database, temporal, worker].every((c) => c.status === 'up');
    // A backlog or a failing activity is reported, not counted as "down": a load balancer must not take the
    // API out of service because an SMS gateway is slow. The runbook's alerts watch these figures instead.
    const processes = supervisedProcesses();
    return {
      status: allUp ? 'ok' : 'degraded',
      checks: { database, temporal, worker, failingActivities },
      ...backlog,
      ...(processes.length > 0 ? { processes } : {}),
    };
  }

  /** Workflows stuck on a failing activity, as the worker's failure tracking records them (`activity_failures`). */
  private async checkFailingActivities(): Promise<FailingActivitiesDto> {
    let rows: { workflow_id: string; rejected: boolean }[] = [];
    const check = await probe(async () => {
      rows = await this.dataSource.query(
        `SELECT "workflow_id", bool_or(NOT "retryable") AS "rejected"
           FROM "activity_failures"
          WHERE ("retryable" AND "last_failed_at" > now() - interval '10 minutes')
             OR (NOT "retryable" AND "last_failed_at" > now() - interval '7 days')
          GROUP BY "workflow_id"
          ORDER BY min("first_failed_at"), "workflow_id"`,
      );
    });
    return {
      ...check,
      count: rows.length,
      rejected: rows.filter((row) => row.rejected).length,
      workflowIds: rows.slice(0, 50).map((row) => row.workflow_id),
    };
  }

  /** The outbox and what is stuck retrying, from the cached figures /metrics also serves. */
  private async readBacklog(): Promise<{ outbox?: OutboxHealthDto; stuck?: StuckWorkflowsDto }> {
    let state;
    try {
      state = await withTimeout(this.observed.current());
    } catch {
      return {}; // the database check says why
    }
    const { backlog, oldestPendingAgeSeconds, held, failed, retrying, undeliverable } = state.outbox;
    return {
      outbox: { backlog, oldestPendingAgeSeconds, held, failed, undeliverable },
      stuck: { count: retrying, byActivity: { sendNotification: retrying } },
    };
  }

  private async checkWorker(): Promise<WorkerCheckDto> {
    let pollers = 0;
    const check = await probe(async () => {
      pollers = (await this.temporal.workerStatus()).pollers.length;
      if (pollers === 0) throw new Error(`no worker is polling task queue "${this.temporal.taskQueue}"`);
    });
    return { ...check, pollers, taskQueue: this.temporal.taskQueue };
  }
}

async function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`timed out after ${HEALTH_CHECK_TIMEOUT_MS} ms`)),
      HEALTH_CHECK_TIMEOUT_MS,
    );
  });
  try {
    // The race also handles a late rejection of `work`, so an abandoned check cannot crash the process.
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function probe(work: () => Promise<unknown>): Promise<DependencyCheckDto> {
  const started = Date.now();
  try {
    await withTimeout(work());
    return { status: 'up', latencyMs: Date.now() - started };
  } catch (error) {
    return {
      status: 'down',
      latencyMs: Date.now() - started,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}
