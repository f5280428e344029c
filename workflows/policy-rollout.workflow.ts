// Re-planning the open cases after a publish or a calendar change ("a rollout"), as the API's admin asked
// with "apply to open cases":
//
//   wait for the rollout's row to commit → page the open cases in number order (keyset) → signal each
//   its policy change → record the page's outcomes on the rollout's row → … → (a publish) one more look
//   from the start for cases intake wrote under the old version just before the publish committed → done
//
// Durable by Temporal: a worker or API that dies half-way leaves the run where it was; the next worker
// carries on from the last page recorded. Every step is safe to repeat (see activities/policy-rollouts.ts),
// so a page cut short by a crash is at worst signalled twice, which the case workflows ignore. A long
// rollout continues as new every few pages, carrying its cursor and counters.
import { ActivityFailure, continueAsNew, log, proxyActivities, setHandler } from '@temporalio/workflow';
import type { PolicyRolloutActivities, RolloutCounts } from '../activities/policy-rollout-types';
import {
  policyRolloutProgressQuery,
  type PolicyRolloutInput,
  type PolicyRolloutProgress,
} from './policy-rollout-messages';

const PAGE_SIZE = 200;
const PAGES_PER_RUN = 2;

const { listRolloutPage, signalRolloutTargets, recordRolloutProgress, finishRollout } =
  proxyActivities<PolicyRolloutActivities>({
    startToCloseTimeout: '2 minutes',
    // Until Temporal and the database answer again: a rollout is not given up half-way.
    retry: { initialInterval: '1s', maximumInterval: '30s' },
  });

/**
 * The API starts the workflow inside the transaction that records the rollout, just before it commits; the
 * row shows up within moments, or never (the transaction rolled back): about half a minute of tries.
 */
const { awaitRollout } = proxyActivities<PolicyRolloutActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '200ms', backoffCoefficient: 2, maximumAttempts: 8 },
});

export async function policyRolloutWorkflow(input: PolicyRolloutInput): Promise<RolloutCounts> {
  const pageSize = input.pageSize ?? PAGE_SIZE;
  const pagesPerRun = input.pagesPerRun ?? PAGES_PER_RUN;
  let after = input.resume?.after ?? null;
  let swept = input.resume?.swept ?? input.kind !== 'policy';
  let counts: RolloutCounts = input.resume?.counts ?? { total: 0, signalled: 0, skipped: 0, failed: 0 };
  let pages = input.resume?.pages ?? 0;
  let status: PolicyRolloutProgress['status'] = 'running';
  setHandler(policyRolloutProgressQuery, () => ({
    rolloutId: input.rolloutId,
    status,
    pages,
    after,
    ...counts,
  }));

  if (!input.resume && !(await recorded(input.rolloutId))) return counts;

  for (let pagesThisRun = 0; ;) {
    if (pagesThisRun >= pagesPerRun) {
      await continueAsNew<typeof policyRolloutWorkflow>({
        ...input,
        resume: { after, swept, pages, counts },
      });
    }
    const { targets } = await listRolloutPage({ rolloutId: input.rolloutId, after, limit: pageSize });
    if (targets.length === 0) {
      if (swept) break;
      // Cases recorded already are not listed again: the look finds only the ones the first pass missed.
      swept = true;
      after = null;
      continue;
    }
    const { outcomes } = await signalRolloutTargets({ rolloutId: input.rolloutId, targets });
    counts = await recordRolloutProgress({ rolloutId: input.rolloutId, targets, outcomes });
    after = targets[targets.length - 1].number;
    pages++;
    pagesThisRun++;
  }
  counts = await finishRollout({ rolloutId: input.rolloutId });
  status = 'done';
  return counts;
}

/** False when the rollout's row never committed (the transaction that started the workflow rolled back). */
async function recorded(rolloutId: string): Promise<boolean> {
  try {
    await awaitRollout({ rolloutId });
    return true;
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    log.warn('The rollout was never recorded: nothing to do', { rolloutId });
    return false;
  }
}
