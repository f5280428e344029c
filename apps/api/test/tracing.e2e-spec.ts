// OpenTelemetry traces run from the HTTP request through the case's workflow to its activities: one
// trace id on the API's server span, the Temporal client's span, the spans the workflow records (sent
// through the worker's sink) and the worker's activity spans. An in-memory exporter stands in for OTLP.
import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { installTracing, type Tracing } from '@caseflow/temporal';
import { createCasesWorld, eventually, type CasesWorld } from './harness/cases-harness';

const exporter = new InMemorySpanExporter();
let tracing: Tracing | undefined;
let w: CasesWorld;

beforeAll(async () => {
  // Installed before the world, as main.ts does before it builds the API and the worker.
  tracing = installTracing({ serviceName: 'caseflow-e2e', spanProcessor: new SimpleSpanProcessor(exporter) });
  w = await createCasesWorld();
}, 120_000);

afterAll(async () => {
  await w?.close();
  await tracing?.shutdown();
}, 60_000);

const intake = {
  kind: 'service_request',
  channel: 'phone',
  category: 'technical',
  customer: { name: 'Wei Hua', phone: '13900139000', tier: 'standard' },
  description: 'No dial tone',
  branchId: 'sh',
};

function spansOf(traceId: string): ReadableSpan[] {
  return exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);
}

function names(spans: ReadableSpan[]): string[] {
  return spans.map((span) => span.name);
}

describe('traces', () => {
  it('runs one trace from POST /api/cases through the Temporal client and the workflow to its activities', async () => {
    const created = await w.as('operator').post('/api/cases').send(intake).expect(201);
    const server = exporter
      .getFinishedSpans()
      .find(
        (span) => span.name === 'POST /api/cases' && span.attributes['http.response.status_code'] === 201,
      );
    expect(server).toBeDefined();
    const traceId = server!.spanContext().traceId;

    const spans = await eventually(() => {
      const inTrace = spansOf(traceId);
      // Recorded inside the workflow (exported through the worker's sink) and by the worker's activity.
      expect(names(inTrace)).toEqual(
        expect.arrayContaining(['StartActivity:recordCaseEvent', 'RunActivity:recordCaseEvent']),
      );
      return inTrace;
    }, 15_000);
    expect(names(spans)).toEqual(expect.arrayContaining(['StartWorkflow:serviceRequestWorkflow']));
    // The client's span is a child of the HTTP request's, not a trace of its own.
    const start = spans.find((span) => span.name === 'StartWorkflow:serviceRequestWorkflow')!;
    expect(start.parentSpanId).toBe(server!.spanContext().spanId);
    // The activity's span hangs off the workflow's "start activity" span.
    const scheduled = spans.find((span) => span.name === 'StartActivity:recordCaseEvent')!;
    const ran = spans.find(
      (span) =>
        span.name === 'RunActivity:recordCaseEvent' && span.parentSpanId === scheduled.spanContext().spanId,
    );
    expect(ran).toBeDefined();
    expect(created.body.number).toEqual(expect.any(String));
  });

  it('continues a caller’s traceparent through an action (a workflow update) to its activities', async () => {
    const created = await w.as('operator').post('/api/cases').send(intake).expect(201);
    const callerTraceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    await w
      .as('operator')
      .post(`/api/cases/${created.body.number}/actions/add-note`)
      .set('traceparent', `00-${callerTraceId}-00f067aa0ba902b7-01`)
      .send({ text: 'Customer asked for a call after 5 pm' })
      .expect(200);

    const spans = await eventually(() => {
      const inTrace = spansOf(callerTraceId);
      expect(names(inTrace)).toEqual(
        expect.arrayContaining([
          'POST /api/cases/:number/actions/add-note',
          'StartWorkflowUpdate:caseAction',
          'HandleUpdate:caseAction',
          'StartActivity:recordCaseEvent',
          'RunActivity:recordCaseEvent',
        ]),
      );
      return inTrace;
    }, 15_000);
    const server = spans.find((span) => span.name === 'POST /api/cases/:number/actions/add-note')!;
    expect(server.parentSpanId).toBe('00f067aa0ba902b7');
  });

  it('follows the caller’s sampling decision: an unsampled request records no workflow or activity span', async () => {
    // traceparent flags 00: the caller decided not to sample this trace; the workflow and the worker agree.
    const before = exporter.getFinishedSpans().length;
    const created = await w
      .as('operator')
      .post('/api/cases')
      .set('traceparent', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00')
      .send(intake)
      .expect(201);
    await eventually(async () => {
      const detail = await w.as('operator').get(`/api/cases/${created.body.number}`).expect(200);
      expect(detail.body.timeline.length).toBeGreaterThan(0);
    });
    const recorded = exporter.getFinishedSpans().slice(before);
    expect(recorded.filter((span) => span.name.startsWith('RunActivity:'))).toEqual([]);
    expect(trace.getActiveSpan()).toBeUndefined();
  });
});
