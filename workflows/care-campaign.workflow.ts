// One customer care campaign (holiday greetings, company news), as the standard has it: sent on its date
// to the customers who consented, in their language, at a bounded rate, each contact once.
//
//   wait for send_at (durable timer; cancellable) → prepare one delivery per consenting contact →
//   queue `ratePerMinute` deliveries a minute in the outbox (consent re-read at each: an opt-out is honoured
//   at once) → completed
//
// Quiet hours are the outbox's: an SMS due in them is held until they end (SMS_QUIET_HOURS).
import { condition, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type { CareCampaignActivities } from '../activities/care-campaign-types';
import { careCampaignCancelSignal } from './care-campaign-messages';
import { RETRY_UNTIL_IT_WORKS } from './kernel/activity-options';

const { loadCampaign, prepareDeliveries, sendBatch, finishCampaign } =
  proxyActivities<CareCampaignActivities>({
    startToCloseTimeout: '1 minute',
    retry: RETRY_UNTIL_IT_WORKS,
  });

export async function careCampaignWorkflow(input: {
  campaignId: string;
}): Promise<{ status: 'completed' | 'cancelled'; queued: number; optedOut: number }> {
  let cancelled = false;
  setHandler(careCampaignCancelSignal, () => {
    cancelled = true;
  });
  const campaign = await loadCampaign(input);
  if (campaign.status === 'cancelled') return { status: 'cancelled', queued: 0, optedOut: 0 };
  const wait = Date.parse(campaign.sendAt) - Date.now();
  if (wait > 0) await condition(() => cancelled, wait);
  if (cancelled) {
    await finishCampaign({ campaignId: input.campaignId, status: 'cancelled' });
    return { status: 'cancelled', queued: 0, optedOut: 0 };
  }
  await prepareDeliveries(input);
  let queued = 0;
  let optedOut = 0;
  for (;;) {
    const batch = await sendBatch({ campaignId: input.campaignId, limit: campaign.ratePerMinute });
    queued += batch.queued;
    optedOut += batch.optedOut;
    if (batch.remaining === 0 || cancelled) break;
    // The send rate: one batch a minute.
    await Promise.race([sleep('1 minute'), condition(() => cancelled)]);
    if (cancelled) break;
  }
  const status = cancelled ? 'cancelled' : 'completed';
  await finishCampaign({ campaignId: input.campaignId, status });
  return { status, queued, optedOut };
}
