import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Registry } from 'prom-client';
import {
  ESCALATION_LATENESS_BUCKETS,
  HTTP_DURATION_BUCKETS,
  METRICS,
  TEMPORAL_SDK_METRICS,
} from './metric-definitions';
import { DatabaseHistogram, openCaseSeries } from './metrics.service';
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
