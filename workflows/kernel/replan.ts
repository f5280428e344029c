// A policy change reaching a running workflow (`policyChangedSignal`): the commitment runner re-plans every
// open commitment (time used stays used, fired steps stay fired, the version is recorded on each), and the
// timeline says what moved. The service request and the complaint take the signal through this one handler.
import { log } from '@temporalio/workflow';
import type { Actor } from '@caseflow/domain';
import type { CommitmentRunner, ReplanOutcome } from '../commitments';
import type { PolicyChange } from '../messages';
import { describeMs, iso } from './words';

/** The timeline entry a re-plan writes (the workflow's own `record`). */
export type RecordReplan = (
  type: 'commitment_replanned',
  actor: Actor,
  summary: string,
  data: Record<string, unknown>,
) => Promise<void>;

export interface PolicyChangeHandling {
  runner: CommitmentRunner;
  record: RecordReplan;
  /**
   * Runs after the re-plan and before its timeline entry, only when something changed: the case signals
   * its own callback workflows here (behind its patch). Its commands come before the entry's, as always.
   */
  alsoReplan?: () => Promise<void>;
}

/** Whether a re-plan changed the plan (a repeated or late signal leaves it as it is). */
export function applied(
  outcome: ReplanOutcome,
): outcome is Extract<ReplanOutcome, { type: 'policy' | 'calendars' }> {
  return outcome.type === 'policy' || outcome.type === 'calendars';
}

/** The signal handler: re-plan, then (when anything changed) tell the timeline. */
export function onPolicyChange({
  runner,
  record,
  alsoReplan,
}: PolicyChangeHandling): (change: PolicyChange) => Promise<void> {
  return async (change) => {
    const outcome = runner.replan(change);
    if (!applied(outcome)) {
      // A repeated or late signal (a resumed publish, a retried rollout): the plan stands, the timeline stays quiet.
      log.info('Policy change not applied', {
        policyVersion: change.policy.version,
        outcome: outcome.type,
        reason: outcome.type === 'ignored' ? outcome.reason : undefined,
      });
      return;
    }
    if (alsoReplan) await alsoReplan();
    const { summary, data } = replanEntry(runner, change, outcome);
    await record('commitment_replanned', change.by, summary, data);
  };
}

/**
 * The words and data of a re-plan's timeline entry. A new version names every open commitment; a calendar
 * change names only the commitments it moved.
 */
export function replanEntry(
  runner: CommitmentRunner,
  change: PolicyChange,
  outcome: Extract<ReplanOutcome, { type: 'policy' | 'calendars' }>,
): { summary: string; data: Record<string, unknown> } {
  const version = change.policy.version;
  const by = change.by.username;
  const prefix =
    outcome.type === 'policy'
      ? `Re-planned under policy v${version} by ${by}`
      : `Re-planned for calendar ${outcome.calendarIds.map((id) => `'${id}'`).join(', ')} change by ${by}`;
  const shown =
    outcome.type === 'policy'
      ? outcome.replanned
      : outcome.replanned.filter((r) => r.dueBefore !== r.dueAfter || r.remainingBefore !== r.remainingAfter);
  const lines = shown.map((r) => {
    const c = r.commitment;
    if (r.notInNewPolicy)
      return `${c.id} is not in v${version}, keeps its v${r.fromVersion} plan (due ${runner.timelineTime(r.dueBefore, c)})`;
    if (c.status === 'paused')
      return `${c.id} (paused) ${describeMs(r.remainingBefore)} → ${describeMs(r.remainingAfter)} left`;
    return `${c.id} due ${runner.timelineTime(r.dueBefore, c)} → ${runner.timelineTime(r.dueAfter, c)}`;
  });
  const none = outcome.type === 'policy' ? 'no open commitments' : 'no due time moved';
  return {
    summary: `${prefix}: ${lines.length ? lines.join('; ') : none}`,
    data: {
      policyVersion: version,
      calendarIds: outcome.type === 'calendars' ? outcome.calendarIds : undefined,
      commitments: shown.map((r) => ({
        commitmentId: r.commitment.id,
        status: r.commitment.status,
        dueBefore: iso(r.dueBefore),
        dueAfter: iso(r.dueAfter),
        remainingBeforeMs: r.remainingBefore,
        remainingAfterMs: r.remainingAfter,
      })),
    },
  };
}
