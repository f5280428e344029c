import { Injectable, Logger } from '@nestjs/common';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { CASE_STATES, COMPLAINT_STATES, isComplaintEnded, isTerminal } from '@caseflow/domain';
import { ESCALATION_LATENESS_BUCKETS, HTTP_DURATION_BUCKETS, METRICS } from './metric-definitions';
import { LatenessHistogram, ObservedState, ObservedStateService } from './observed-state.service';

const CASE_KINDS = ['service_request', 'inquiry'] as const;
const OUTBOX_STATUSES = ['pending', 'held', 'sending', 'failed', 'undeliverable'] as const;

/**
 * The API's Prometheus registry. HTTP timings are observed in memory as requests finish; the database
 * figures (outbox, open cases, escalation lateness) are read when Prometheus scrapes, through
 * ObservedStateService's short cache, so no ordinary request ever queries for metrics.
 * One registry per app (not prom-client's global one), so several apps in one process never collide.
 */
@Injectable()
export class MetricsService {
  private readonly logger = new Logger(MetricsService.name);
  readonly registry = new Registry();
  private readonly httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  /** The database figures of the scrape in progress; undefined when they could not be read. */
  private state?: ObservedState;

  constructor(private readonly observed: ObservedStateService) {
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      ...pick(METRICS.httpDuration),
      labelNames: ['method', 'route', 'status_code'],
      buckets: HTTP_DURATION_BUCKETS,
      registers: [this.registry],
    });
    this.registerStateMetrics();
  }

  /** Records one answered request; `route` is the matched pattern (see routeLabel). */
  observeRequest(method: string, route: string, statusCode: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status_code: String(statusCode) }, seconds);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The exposition text; reads the database figures (cached) first, once for every metric built on them. */
  async scrape(): Promise<string> {
    try {
      this.state = await this.observed.current();
    } catch (error) {
      this.logger.warn(`Could not read the outbox and case figures for /metrics: ${String(error)}`);
      this.state = undefined;
    }
    return this.registry.metrics();
  }

  private registerStateMetrics(): void {
    // collect() runs inside registry.metrics(), right after scrape() has read the figures. When the read
    // failed, nothing stale is shown: labelled series disappear, the single-value gauges say NaN.
    const read = async (): Promise<ObservedState | undefined> => this.state;
    const registers = [this.registry];
    new Gauge({
      ...pick(METRICS.stateScrapeSuccess),
      registers,
      async collect() {
        this.set((await read()) ? 1 : 0);
      },
    });
    new Gauge({
      ...pick(METRICS.outboxBacklog),
      registers,
      async collect() {
        const current = await read();
        this.set(current ? current.outbox.backlog : NaN);
      },
    });
    new Gauge({
      ...pick(METRICS.outboxOldestPendingAge),
      registers,
      async collect() {
        const current = await read();
        this.set(current ? current.outbox.oldestPendingAgeSeconds : NaN);
      },
    });
    new Gauge({
      ...pick(METRICS.outboxMessages),
      labelNames: ['status'],
      registers,
      async collect() {
        const current = await read();
        this.reset();
        if (!current) return;
        for (const status of OUTBOX_STATUSES) this.set({ status }, current.outbox[status]);
      },
    });
    new Gauge({
      ...pick(METRICS.openCases),
      labelNames: ['kind', 'state'],
      registers,
      async collect() {
        const current = await read();
        this.reset();
        if (!current) return;
        // Every open state is reported, 0 included, so a series never just disappears.
        for (const [kind, state, count] of openCaseSeries(current.openCases)) {
          this.set({ kind, state }, count);
        }
      },
    });
    this.registry.registerMetric(
      new DatabaseHistogram(METRICS.escalationLateness, ESCALATION_LATENESS_BUCKETS, async () => {
        const current = await read();
        return current?.escalationLateness;
      }) as never,
    );
  }
}

function pick(definition: { name: string; help: string }): { name: string; help: string } {
  return { name: definition.name, help: definition.help };
}

/** [kind, state, count] for every open state of every kind, zero where there are no rows. */
export function openCaseSeries(rows: ObservedState['openCases']): [string, string, number][] {
  const counts = new Map(rows.map((r) => [`${r.kind}/${r.state}`, r.count]));
  const series: [string, string, number][] = [];
  for (const kind of CASE_KINDS) {
    for (const state of CASE_STATES.filter((s) => !isTerminal(s))) {
      series.push([kind, state, counts.get(`${kind}/${state}`) ?? 0]);
    }
  }
  for (const state of COMPLAINT_STATES.filter((s) => !isComplaintEnded(s))) {
    series.push(['complaint', state, counts.get(`complaint/${state}`) ?? 0]);
  }
  return series;
}

/**
 * A Prometheus histogram whose buckets are counted by the database (every escalation step ever
 * recorded) instead of observed in this process: the same figures from every API instance, kept across
 * restarts, and no hook in the worker's hot path.
 */
export class DatabaseHistogram {
  readonly type = 'histogram';
  readonly name: string;
  readonly help: string;

  constructor(
    definition: { name: string; help: string },
    private readonly bounds: readonly number[],
    private readonly read: () => Promise<LatenessHistogram | undefined>,
  ) {
    this.name = definition.name;
    this.help = definition.help;
  }

  async get() {
    const histogram = await this.read();
    if (!histogram)
      return { name: this.name, help: this.help, type: this.type, values: [], aggregator: 'max' };
    return {
      name: this.name,
      help: this.help,
      type: this.type,
      aggregator: 'max',
      values: [
        ...this.bounds.map((le, i) => ({
          metricName: `${this.name}_bucket`,
          labels: { le },
          value: histogram.buckets[i],
        })),
        { metricName: `${this.name}_bucket`, labels: { le: '+Inf' }, value: histogram.count },
        { metricName: `${this.name}_sum`, labels: {}, value: histogram.sum },
        { metricName: `${this.name}_count`, labels: {}, value: histogram.count },
      ],
    };
  }

  reset(): void {
    // Counted by the database: nothing held here to reset.
  }
}
