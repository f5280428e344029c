// The callback's activities: its work-queue row, its attempts, its ladder steps, a linked case.
import { proxyActivities } from '@temporalio/workflow';
import type { CallbackActivities } from '../../activities/callback-types';
import type { CaseRecordActivities } from '../../activities/types';
import { RECORD_ACTIVITY } from '../kernel';

export const {
  assignCallback,
  recordCallbackTask,
  recordCallbackAttempt,
  prepareLinkedCase,
  loadSamplingSettings,
} = proxyActivities<CallbackActivities>(RECORD_ACTIVITY);
export const { fireLadderStep } = proxyActivities<CaseRecordActivities>(RECORD_ACTIVITY);
