/** The care-campaign activities, as the workflow sees them (types only). */
export interface CareCampaignActivities {
  /** The campaign's moment, rate and status (cancelled: nothing more is sent). */
  loadCampaign(input: {
    campaignId: string;
  }): Promise<{ sendAt: string; ratePerMinute: number; status: string }>;
  /** One delivery row per consenting contact (keyed campaign × contact); the number of rows. */
  prepareDeliveries(input: { campaignId: string }): Promise<{ audience: number }>;
  /**
   * Queues up to `limit` pending deliveries in the outbox (consent read again now: an opt-out since the
   * campaign was prepared is honoured); what is left to send.
   */
  sendBatch(input: {
    campaignId: string;
    limit: number;
  }): Promise<{ queued: number; optedOut: number; remaining: number }>;
  finishCampaign(input: { campaignId: string; status: 'completed' | 'cancelled' }): Promise<void>;
}
