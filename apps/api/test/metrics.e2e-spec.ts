// GET /metrics: Prometheus text with HTTP timings by route pattern, the outbox backlog, open cases by
// state and escalation lateness, readable only with METRICS_TOKEN when it is set; /health shares the
// outbox figures. One world (API, worker, dev server) for the file.
import request from 'supertest';
import { DEFAULT_POLICY } from '@caseflow/sla';
import { installTemporalRuntime } from '../../worker/src/temporal-runtime';
import { createCasesWorld, eventually, type CasesWorld } from './harness/cases-harness';
import { closedPort } from './support';

const METRICS_TOKEN = 'scrape-token-for-the-e2e-tests';

/** Sales cases must be contacted within 3 s, so a breach step fires (and is recorded) during the test. */
const SHORT_FIRST_CONTACT_FOR_SALES = {
  match: { caseKind: 'service_request', category: 'sales' },
  commitments: [
    {
      kind: 'first_contact',
      budget: { amount: 0.05, unit: 'minutes' },
      clock: 'calendar',
      calendarId: 'default',
      ladder: [
        {
          id: 'breach',
          fraction: 1,
          action: 'breach',
          target: 'supervisor',
          template: 'commitment_breached',
          waitForWorkingHours: false,
        },
      ],
    },
  ],
};

let w: CasesWorld;
let workerMetricsPort: number;

beforeAll(async () => {
  // The SDK's runtime is installed once per test file; the worker's metrics exporter is part of it, so it
  // is installed here, before the world's quieter default.
  workerMetricsPort = await closedPort();
  installTemporalRuntime('error', workerMetricsPort);
  w = await createCasesWorld({
    env: { METRICS_TOKEN, WORKER_METRICS_PORT: String(workerMetricsPort) },
    prepare: async (query) => {
      await query(
        `INSERT INTO "sla_policy_versions" ("policy_id", "version", "rules", "published_by", "reason")
         VALUES ('default', 2, $1::jsonb, 'e2e', 'sales cases: first contact within 3 s, to watch a breach fire')`,
        [JSON.stringify([...DEFAULT_POLICY.rules, SHORT_FIRST_CONTACT_FOR_SALES])],
      );
      await query(`UPDATE "sla_policies" SET "current_version" = 2 WHERE "id" = 'default'`);
    },
  });
}, 120_000);

afterAll(async () => {
  await w?.close();
}, 60_000);

async function scrape(): Promise<{ text: string; samples: Map<string, number> }> {
  const response = await request(w.app.getHttpServer())
    .get('/metrics')
    .set('Authorization', `Bearer ${METRICS_TOKEN}`)
    .expect(200);
  return { text: response.text, samples: parseSamples(response.text) };
}

/** `name{a="x",b="y"} 1.5` lines → a map keyed by the line's name and labels as written. */
function parseSamples(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

function sample(samples: Map<string, number>, key: string): number | undefined {
  return samples.get(key);
}

describe('GET /metrics', () => {
  it('refuses a scrape without the METRICS_TOKEN, or with another token, and is not under /api', async () => {
    const server = w.app.getHttpServer();
    await request(server).get('/metrics').expect(401);
    await request(server).get('/metrics').set('Authorization', 'Bearer not-the-scrape-token').expect(401);
    // A signed-in user's token is not the scrape token either.
    await w.as('admin').get('/metrics').expect(401);
    await request(server).get('/api/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(404);
  });

  it('answers Prometheus text format with the process metrics and every metric Caseflow defines', async () => {
    const response = await request(w.app.getHttpServer())
      .get('/metrics')
      .set('Authorization', `Bearer ${METRICS_TOKEN}`)
      .expect(200)
      .expect('Content-Type', /^text\/plain;.*version=0\.0\.4/);
    for (const name of [
      'caseflow_http_request_duration_seconds',
      'caseflow_outbox_backlog',
      'caseflow_outbox_oldest_pending_age_seconds',
      'caseflow_outbox_messages',
      'caseflow_open_cases',
      'caseflow_escalation_lateness_seconds',
      'caseflow_state_scrape_success',
      'process_cpu_seconds_total',
    ]) {
      expect(response.text).toContain(`# TYPE ${name} `);
    }
    expect(parseSamples(response.text).get('caseflow_state_scrape_success')).toBe(1);
  });

  it('times requests by route pattern and status, never by the raw URL', async () => {
    await w.as('operator').get('/api/cases/20990101-99-9999').expect(404);
    await w.as('operator').get('/api/cases/20990101-99-9999').expect(404);
    await request(w.app.getHttpServer()).get('/no/such/page/20990101-99-9999').expect(404);
    const { text, samples } = await scrape();
    expect(
      sample(
        samples,
        'caseflow_http_request_duration_seconds_count{method="GET",route="/api/cases/:number",status_code="404"}',
      ),
    ).toBe(2);
    expect(
      sample(
        samples,
        'caseflow_http_request_duration_seconds_count{method="GET",route="<unmatched>",status_code="404"}',
      ),
    ).toBe(1);
    expect(
      sample(
        samples,
        'caseflow_http_request_duration_seconds_bucket{le="20",method="GET",route="/api/cases/:number",status_code="404"}',
      ),
    ).toBe(2);
    expect(text).not.toContain('20990101-99-9999');
  });

  it('counts a new case among the open cases by kind and state, and its breach in the lateness histogram', async () => {
    const before = (await scrape()).samples;
    expect(sample(before, 'caseflow_open_cases{kind="service_request",state="new"}')).toBe(0);
    expect(sample(before, 'caseflow_open_cases{kind="complaint",state="forwarded"}')).toBe(0);
    expect(sample(before, 'caseflow_escalation_lateness_seconds_count')).toBe(0);

    await w
      .as('operator')
      .post('/api/cases')
      .send({
        kind: 'service_request',
        channel: 'phone',
        category: 'sales',
        customer: { name: 'Wei Hua', phone: '13900139000', tier: 'standard' },
        description: 'Wants a quote for a second printer',
        branchId: 'sh',
      })
      .expect(201);

    // The figures are read at most every 5 s; the breach step fires 3 s after intake.
    const after = await eventually(async () => {
      const { samples } = await scrape();
      expect(sample(samples, 'caseflow_escalation_lateness_seconds_count')).toBe(1);
      return samples;
    }, 30_000);
    expect(sample(after, 'caseflow_open_cases{kind="service_request",state="new"}')).toBe(1);
    expect(sample(after, 'caseflow_escalation_lateness_seconds_bucket{le="+Inf"}')).toBe(1);
    // The dev server's timer fires on time: well within a minute of the deadline.
    expect(sample(after, 'caseflow_escalation_lateness_seconds_bucket{le="60"}')).toBe(1);
    expect(sample(after, 'caseflow_escalation_lateness_seconds_sum')).toBeLessThan(60);
    expect(
      sample(
        after,
        'caseflow_http_request_duration_seconds_count{method="POST",route="/api/cases",status_code="201"}',
      ),
    ).toBe(1);
  });

  it('reports the outbox backlog with the age of its oldest due message, and deliveries still retrying as stuck on /health', async () => {
    const row = (
      key: string,
      status: string,
      minutesAgo: number,
      extra: { notBeforeIn?: number; lastAttemptAgo?: number } = {},
    ) =>
      w.query(
        `INSERT INTO "notifications"
           ("idempotency_key", "recipient_kind", "channel", "template", "status", "created_at", "not_before", "last_attempt_at")
         VALUES ($1, 'customer', 'sms', 'survey', $2, now() - make_interval(mins => $3),
                 CASE WHEN $4::int IS NULL THEN NULL ELSE now() + make_interval(mins => $4::int) END,
                 CASE WHEN $5::int IS NULL THEN NULL ELSE now() - make_interval(mins => $5::int) END)`,
        [`metrics-e2e-${key}`, status, minutesAgo, extra.notBeforeIn ?? null, extra.lastAttemptAgo ?? null],
      );
    await row('late', 'pending', 10);
    await row('sending', 'sending', 1);
    await row('held', 'pending', 30, { notBeforeIn: 60 }); // held for quiet hours: not late, not backlog
    await row('retrying', 'failed', 5, { lastAttemptAgo: 4 }); // its delivery workflow is retrying
    await row('gave-up', 'failed', 300, { lastAttemptAgo: 180 }); // retries exhausted: for an admin

    const samples = await eventually(async () => {
      const { samples: current } = await scrape();
      expect(sample(current, 'caseflow_outbox_messages{status="held"}')).toBe(1);
      return current;
    }, 15_000);
    expect(sample(samples, 'caseflow_outbox_backlog')).toBe(2);
    expect(sample(samples, 'caseflow_outbox_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(600);
    expect(sample(samples, 'caseflow_outbox_oldest_pending_age_seconds')).toBeLessThan(900);
    expect(sample(samples, 'caseflow_outbox_messages{status="pending"}')).toBe(1);
    expect(sample(samples, 'caseflow_outbox_messages{status="sending"}')).toBe(1);
    expect(sample(samples, 'caseflow_outbox_messages{status="failed"}')).toBe(2);

    const health = await request(w.app.getHttpServer()).get('/health').expect(200);
    expect(health.body.outbox).toMatchObject({ backlog: 2, held: 1, failed: 2 });
    expect(health.body.outbox.oldestPendingAgeSeconds).toBeGreaterThanOrEqual(600);
    expect(health.body.stuck).toEqual({ count: 1, byActivity: { sendNotification: 1 } });
  });

  it('leaves the worker’s workflow and activity task metrics to the SDK, at WORKER_METRICS_PORT', async () => {
    // The case above ran workflow tasks and its record writes (local activities) on this worker.
    const text = await eventually(async () => {
      const response = await fetch(`http://127.0.0.1:${workerMetricsPort}/metrics`);
      expect(response.status).toBe(200);
      const body = await response.text();
      expect(body).toMatch(
        /^temporal_local_activity_execution_latency_count\{activity_type="recordCaseEvent",.*\} [1-9]/m,
      );
      return body;
    }, 15_000);
    expect(text).toMatch(
      /^temporal_workflow_task_execution_latency_count\{.*workflow_type="serviceRequestWorkflow"\} [1-9]/m,
    );
    // Durations in seconds, like Caseflow's own; the failure counters appear with the first failure.
    expect(text).toMatch(/^temporal_workflow_task_schedule_to_start_latency_bucket\{.*le="0\.1"/m);
    expect(text).toMatch(/^temporal_worker_task_slots_available\{.*worker_type="WorkflowWorker"\} 20$/m);
  });
});
