// Every metric Caseflow defines itself, in one place: names, help texts and buckets. The README's
// "Metrics" table documents each of them (a unit test keeps the two in step), and the runbook's alerts
// are written against these names.

/** Seconds; from a fast read (a few ms) to the action deadline (CASE_ACTION_TIMEOUT_MS, 20 s). */
export const HTTP_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20];

/**
 * Seconds a ladder step fired after its due time. Temporal timers fire within a second when the worker
 * keeps up; minutes mean the worker is starved, and an hour means it was down.
 */
export const ESCALATION_LATENESS_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600];

export const METRICS = {
  httpDuration: {
    name: 'caseflow_http_request_duration_seconds',
    help: 'HTTP requests answered by the API, by method, route pattern (never the raw URL) and status code',
    type: 'histogram',
  },
  outboxBacklog: {
    name: 'caseflow_outbox_backlog',
    help: 'Outbox messages due and not yet sent (pending or being sent; held for quiet hours not counted)',
    type: 'gauge',
  },
  outboxOldestPendingAge: {
    name: 'caseflow_outbox_oldest_pending_age_seconds',
    help: 'Age of the oldest due, unsent outbox message (since it became due); 0 when none',
    type: 'gauge',
  },
  outboxMessages: {
    name: 'caseflow_outbox_messages',
    help: 'Unsent outbox messages by status: pending (due), held (waiting for not_before), sending, failed, undeliverable',
    type: 'gauge',
  },
  openCases: {
    name: 'caseflow_open_cases',
    help: 'Cases and complaints not yet closed, by kind (service_request, inquiry, complaint) and state',
    type: 'gauge',
  },
  escalationLateness: {
    name: 'caseflow_escalation_lateness_seconds',
    help: 'How late each escalation ladder step fired: fired_at - due_at, over every step recorded',
    type: 'histogram',
  },
  stateScrapeSuccess: {
    name: 'caseflow_state_scrape_success',
    help: '1 when the database figures (outbox, open cases, lateness) were read for this scrape; 0 when the read failed (they are then absent, or NaN)',
    type: 'gauge',
  },
} as const;

/** The Temporal SDK's own metrics the worker serves at WORKER_METRICS_PORT (names as the SDK exports them). */
export const TEMPORAL_SDK_METRICS = [
  'temporal_workflow_task_execution_latency',
  'temporal_workflow_task_schedule_to_start_latency',
  'temporal_workflow_task_execution_failed',
  'temporal_workflow_failed',
  'temporal_activity_execution_latency',
  'temporal_activity_schedule_to_start_latency',
  'temporal_activity_execution_failed',
  'temporal_local_activity_execution_latency',
  'temporal_local_activity_execution_failed',
  'temporal_worker_task_slots_available',
] as const;
