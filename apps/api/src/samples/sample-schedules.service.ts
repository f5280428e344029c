import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdConflictPolicy } from '@temporalio/client';
import { MONTH_END_SAMPLE_WORKFLOW_ID, WEEKLY_SUMMARY_WORKFLOW_ID, WORKFLOW_TYPES } from '@caseflow/domain';
import { TemporalService } from '@caseflow/temporal';
import type { monthEndSampleWorkflow } from '../../../../workflows/month-end-sample.workflow';
import type { weeklyCallbackSummaryWorkflow } from '../../../../workflows/weekly-summary.workflow';
import { SamplesService } from './samples.service';

/**
 * Makes sure the two long-running schedules exist: the month-end sample and the weekly callback summary.
 * Each has a fixed workflow id and is started with USE_EXISTING, so every API replica may try at boot and
 * exactly one run exists (continue-as-new keeps the id from month to month). Not awaited by the boot: the
 * API serves while Temporal is away, and the next boot tries again.
 *
 * Then the month before this one is drawn if its month-end draw was missed (SamplesService.catchUpMissedMonth).
 *
 * Test suites (NODE_ENV=test) start them only when CASEFLOW_SCHEDULES=on, so a suite's virtual clock and
 * outbox see only what it started itself.
 */
@Injectable()
export class SampleSchedules implements OnApplicationBootstrap {
  private readonly logger = new Logger(SampleSchedules.name);
  /** The boot's attempt, for tests to await. */
  started?: Promise<void>;

  constructor(
    private readonly temporal: TemporalService,
    private readonly samples: SamplesService,
  ) {}

  onApplicationBootstrap(): void {
    const setting = process.env.CASEFLOW_SCHEDULES;
    if (setting === 'off' || (process.env.NODE_ENV === 'test' && setting !== 'on')) return;
    this.started = this.ensureStarted().catch((error: unknown) =>
      this.logger.warn(`Schedules not started (they will be at the next boot): ${String(error)}`),
    );
  }

  async ensureStarted(): Promise<void> {
    const client = await this.temporal.client();
    const options = (workflowId: string) => ({
      taskQueue: this.temporal.taskQueue,
      workflowId,
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    });
    for (const start of [
      () =>
        client.workflow.start<typeof monthEndSampleWorkflow>(WORKFLOW_TYPES.monthEndSample, {
          ...options(MONTH_END_SAMPLE_WORKFLOW_ID),
          args: [{}],
        }),
      () =>
        client.workflow.start<typeof weeklyCallbackSummaryWorkflow>(WORKFLOW_TYPES.weeklyCallbackSummary, {
          ...options(WEEKLY_SUMMARY_WORKFLOW_ID),
          args: [{}],
        }),
    ]) {
      try {
        await start();
      } catch (error) {
        // A server without conflict policies answers "already started" for a running one: the same outcome.
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }
    }
    // Down at the last month end: that month is drawn now, once.
    const caughtUp = await this.samples.catchUpMissedMonth();
    if (caughtUp?.created) {
      this.logger.log(
        `Drew ${caughtUp.month}'s missed month-end sample: ${caughtUp.chosen} of ${caughtUp.population}`,
      );
    }
  }
}
