import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Registry } from 'prom-client';
import {
  ESCALATION_LATENESS_BUCKETS,
  HTTP_DURATION_BUCKETS,
  METRICS,
  TEMPORAL_SDK_METRICS,
} from './metric-definitions';
import { DatabaseHistogram, MetricsService, openCaseSeries } from './metrics.service';
import type { ObservedState, ObservedStateService } from './observed-state.service';
import { routeLabel, UNMATCHED_ROUTE } from './request-observation.middleware';

const README = readFileSync(path.join(__dirname, '..', '..', '..', '..', 'README.md'), 'utf8');

describe('metric definitions', () => {
  it('are valid Prometheus names under caseflow_, with the unit in every duration’s name', () => {
    for (const { name, type } of Object.values(METRICS)) {
      expect(name).toMatch(/^caseflow_[a-z_]+[a-z]$/);
      if (type === 'histogram') expect(name).toMatch(/_seconds$/);
    }
    expect(new Set(Object.values(METRICS).map((m) => m.name)).size).toBe(Object.keys(METRICS).length);
  });

  it('use strictly increasing bucket bounds, up to the action deadline for HTTP and an hour for lateness', () => {
    for (const buckets of [HTTP_DURATION_BUCKETS, ESCALATION_LATENESS_BUCKETS]) {
      expect(buckets.every((bound, i) => i === 0 || bound > buckets[i - 1])).toBe(true);
    }
    expect(HTTP_DURATION_BUCKETS.at(-1)).toBe(20);
    expect(ESCALATION_LATENESS_BUCKETS.at(-1)).toBe(3600);
  });

  it('are each documented in the README, with the Temporal SDK metrics the worker serves', () => {
    const metricsSection = README.slice(README.indexOf('## Metrics'));
    expect(metricsSection.length).toBeLessThan(README.length);
    for (const name of [...Object.values(METRICS).map((m) => m.name), ...TEMPORAL_SDK_METRICS]) {
      expect(metricsSection).toContain(`\`${name}\``);
    }
  });
});

describe('routeLabel', () => {
  it('is the matched route pattern, never the raw URL', () => {
    expect(routeLabel({ baseUrl: '', route: { path: '/api/cases/:number' } })).toBe('/api/cases/:number');
    expect(routeLabel({ baseUrl: '/api', route: { path: '/cases/:number' } })).toBe('/api/cases/:number');
  });

  it('puts every request that matched no route under one label', () => {
    expect(routeLabel({ baseUrl: '' })).toBe(UNMATCHED_ROUTE);
    expect(routeLabel({ baseUrl: '', route: { path: /regex/ } })).toBe(UNMATCHED_ROUTE);
  });
});

describe('openCaseSeries', () => {
  it('reports every open state of every kind, zero where there are no rows, and no closed state', () => {
    const series = openCaseSeries([
      { kind: 'service_request', state: 'new', count: 3 },
      { kind: 'complaint', state: 'forwarded', count: 1 },
    ]);
    const value = (kind: string, state: string) => series.find(([k, s]) => k === kind && s === state)?.[2];
    expect(value('service_request', 'new')).toBe(3);
    expect(value('inquiry', 'new')).toBe(0);
    expect(value('complaint', 'forwarded')).toBe(1);
    expect(value('complaint', 'gm_review')).toBe(0);
    for (const [kind, state] of [
      ['service_request', 'closed'],
      ['inquiry', 'cancelled'],
      ['complaint', 'archived'],
      ['complaint', 'closed'],
    ]) {
      expect(value(kind, state)).toBeUndefined();
    }
  });
});

describe('DatabaseHistogram', () => {
  it('renders the database’s cumulative counts as a Prometheus histogram, +Inf being the count', async () => {
    const registry = new Registry();
    registry.registerMetric(
      new DatabaseHistogram({ name: 'test_lateness_seconds', help: 'h' }, [1, 60], async () => ({
        buckets: [2, 5],
        count: 6,
        sum: 4000.5,
      })) as never,
    );
    const text = await registry.metrics();
    expect(text).toContain('# TYPE test_lateness_seconds histogram');
    expect(text).toContain('test_lateness_seconds_bucket{le="1"} 2');
    expect(text).toContain('test_lateness_seconds_bucket{le="60"} 5');
    expect(text).toContain('test_lateness_seconds_bucket{le="+Inf"} 6');
    expect(text).toContain('test_lateness_seconds_sum 4000.5');
    expect(text).toContain('test_lateness_seconds_count 6');
  });

  it('reports no samples when the database could not be read, rather than zeros', async () => {
    const registry = new Registry();
    registry.registerMetric(
      new DatabaseHistogram(
        { name: 'test_lateness_seconds', help: 'h' },
        [1],
        async () => undefined,
      ) as never,
    );
    expect(await registry.metrics()).not.toMatch(/^test_lateness_seconds_/m);
  });
});

describe('MetricsService', () => {
  const state: ObservedState = {
    readAt: new Date(),
    outbox: {
      backlog: 3,
      oldestPendingAgeSeconds: 42,
      pending: 2,
      held: 1,
      sending: 1,
      failed: 4,
      retrying: 1,
      undeliverable: 5,
    },
    openCases: [{ kind: 'inquiry', state: 'forwarded', count: 7 }],
    escalationLateness: { buckets: ESCALATION_LATENESS_BUCKETS.map(() => 1), count: 1, sum: 0.5 },
  };
  const serviceReading = (current: () => Promise<ObservedState>) =>
    new MetricsService({ current } as unknown as ObservedStateService);

  it('exposes the database figures it read, and the request it observed, under their documented names', async () => {
    const metrics = serviceReading(async () => state);
    metrics.observeRequest('GET', '/api/cases/:number', 200, 0.012);
    const text = await metrics.scrape();
    expect(text).toContain('caseflow_state_scrape_success 1');
    expect(text).toContain('caseflow_outbox_backlog 3');
    expect(text).toContain('caseflow_outbox_oldest_pending_age_seconds 42');
    expect(text).toContain('caseflow_outbox_messages{status="held"} 1');
    expect(text).toContain('caseflow_outbox_messages{status="undeliverable"} 5');
    expect(text).toContain('caseflow_open_cases{kind="inquiry",state="forwarded"} 7');
    expect(text).toContain('caseflow_open_cases{kind="service_request",state="new"} 0');
    expect(text).toContain('caseflow_escalation_lateness_seconds_count 1');
    expect(text).toContain(
      'caseflow_http_request_duration_seconds_bucket{le="0.025",method="GET",route="/api/cases/:number",status_code="200"} 1',
    );
    expect(text).toContain(
      'caseflow_http_request_duration_seconds_bucket{le="0.01",method="GET",route="/api/cases/:number",status_code="200"} 0',
    );
  });

  it('says so when the database could not be read, and shows none of its figures rather than stale or zero ones', async () => {
    let reading: () => Promise<ObservedState> = async () => state;
    const metrics = serviceReading(() => reading());
    await metrics.scrape(); // a good read first: its figures must not outlive it
    reading = () => Promise.reject(new Error('connection refused'));
    const text = await metrics.scrape();
    expect(text).toContain('caseflow_state_scrape_success 0');
    expect(text).toMatch(/^caseflow_outbox_backlog nan$/im);
    expect(text).toMatch(/^caseflow_outbox_oldest_pending_age_seconds nan$/im);
    expect(text).not.toMatch(/^caseflow_outbox_messages\{/m);
    expect(text).not.toMatch(/^caseflow_open_cases\{/m);
    expect(text).not.toMatch(/^caseflow_escalation_lateness_seconds_count /m);
  });
});
