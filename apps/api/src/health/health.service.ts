import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TemporalService } from '@caseflow/temporal';
import { DependencyCheckDto, HealthDto, WorkerCheckDto } from './dto/health.dto';
import { supervisedProcesses } from './supervision';

// A health endpoint that hangs is worse than one that says "down": load balancers time out and guess.
export const HEALTH_CHECK_TIMEOUT_MS = 2000;

@Injectable()
export class HealthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly temporal: TemporalService,
  ) {}

  async check(): Promise<HealthDto> {
    const [database, temporal, worker] = await Promise.all([
      probe(() => this.dataSource.query('SELECT 1')),
      probe(() => this.temporal.ping()),
      this.checkWorker(),
    ]);
    const allUp = [database, temporal, worker].every((c) => c.status === 'up');
    const processes = supervisedProcesses();
    return {
      status: allUp ? 'ok' : 'degraded',
      checks: { database, temporal, worker },
      ...(processes.length > 0 ? { processes } : {}),
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

async function probe(work: () => Promise<unknown>): Promise<DependencyCheckDto> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`timed out after ${HEALTH_CHECK_TIMEOUT_MS} ms`)),
      HEALTH_CHECK_TIMEOUT_MS,
    );
  });
  try {
    // The race also handles a late rejection of `work`, so an abandoned check cannot crash the process.
    await Promise.race([work(), timeout]);
    return { status: 'up', latencyMs: Date.now() - started };
  } catch (error) {
    return {
      status: 'down',
      latencyMs: Date.now() - started,
      error: error instanceof Error ? error.message : String(error),
    };
  } finally {
    clearTimeout(timer);
  }
}
