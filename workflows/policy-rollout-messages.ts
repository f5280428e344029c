// The policy rollout's names, shared by the workflow and the API that starts and asks it.
import { defineQuery } from '@temporalio/workflow';
import { WORKFLOW_TYPES } from '@caseflow/domain';
import type { RolloutCounts } from '../activities/policy-rollout-types';

export const POLICY_ROLLOUT_WORKFLOW_TYPE = WORKFLOW_TYPES.policyRollout;
/**
 * Rollouts run on a task queue of their own beside the cases' (`<cases' queue>-rollouts`): their next page
 * is not queued behind the re-plans their last page set off.
 */
export const policyRolloutTaskQueue = (casesTaskQueue: string): string => `${casesTaskQueue}-rollouts`;
export { policyRolloutWorkflowId } from '@caseflow/domain';

export interface PolicyRolloutInput {
  rolloutId: string;
  /** A publish looks once more from the start at the end, for cases intake wrote under the old version late. */
  kind: 'policy' | 'calendar';
  /** Cases a page holds (default 200). */
  pageSize?: number;
  /** Pages a run works before it continues as new, keeping its history short (default 2). */
  pagesPerRun?: number;
  /** Where the previous run stopped (continue-as-new). */
  resume?: { after: string | null; swept: boolean; pages: number; counts: RolloutCounts };
}

export interface PolicyRolloutProgress extends RolloutCounts {
  rolloutId: string;
  status: 'running' | 'done';
  /** Pages worked, across runs. */
  pages: number;
  /** The last case number reached (the keyset), null before the first page and during the last look. */
  after: string | null;
}

export const policyRolloutProgressQuery = defineQuery<PolicyRolloutProgress>('policyRolloutProgress');
