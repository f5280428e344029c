// The care campaign workflow's signal, shared with the API (which imports this file, never the workflow).
// Its type and id: `WORKFLOW_TYPES.careCampaign` and `careCampaignWorkflowId` in @caseflow/domain.
import { defineSignal } from '@temporalio/workflow';

/** The campaign was cancelled (already recorded by the API): nothing more is queued. */
export const careCampaignCancelSignal = defineSignal('careCampaignCancel');
