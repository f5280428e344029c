/** The policy-rollout activities, as the workflow sees them (types only). */

/** One open case or complaint a rollout must reach, and what it must be told. */
export interface RolloutTarget {
  /** The case's or complaint's number: the keyset the rollout pages by. */
  number: string;
  workflowId: string;
  policyId: string;
  /** The version the change carries: the published one, or the case's own for a calendar change. */
  version: number;
  /** The case's branch calendar, which its `default`-calendar commitments run on. */
  branchCalendarId: string | null;
}

export type RolloutOutcome = 'signalled' | 'skipped' | 'failed';

/** The counters `GET /api/sla-policies/jobs/:id` shows, as the rollout's row holds them. */
export interface RolloutCounts {
  total: number;
  signalled: number;
  skipped: number;
  failed: number;
}

export interface PolicyRolloutActivities {
  /**
   * The rollout's row, once the transaction that wrote it (and started the workflow) has committed: until
   * then it throws, to be retried; a row that never comes (the transaction rolled back) ends the rollout.
   */
  awaitRollout(input: { rolloutId: string }): Promise<{ status: 'running' | 'done' }>;
  /**
   * The next `limit` open cases and complaints the rollout must reach, after `after` in number order, leaving
   * out those it has already recorded. Empty when the rollout's row is gone or done.
   */
  listRolloutPage(input: {
    rolloutId: string;
    after: string | null;
    limit: number;
  }): Promise<{ targets: RolloutTarget[] }>;
  /**
   * Signals each target's workflow once with its policy change (idempotent: a workflow ignores a version
   * and calendars it already has). A workflow that has ended is skipped; one Temporal would not take the
   * signal for after the last retry is failed. Outcomes in the targets' order.
   */
  signalRolloutTargets(input: {
    rolloutId: string;
    targets: RolloutTarget[];
  }): Promise<{ outcomes: RolloutOutcome[] }>;
  /**
   * Records each target's outcome once (a repeated call counts nothing twice) and returns the rollout's
   * counters, recounted from what is recorded.
   */
  recordRolloutProgress(input: {
    rolloutId: string;
    targets: RolloutTarget[];
    outcomes: RolloutOutcome[];
  }): Promise<RolloutCounts>;
  /** Marks the rollout done (once); its final counters. */
  finishRollout(input: { rolloutId: string }): Promise<RolloutCounts>;
}
