import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { installedTracing, installTracing, tracesUrl, workflowSpanProcessor } from './tracing';

describe('installTracing', () => {
  it('installs nothing without an OTLP endpoint: spans stay no-op and workflows’ spans are dropped', () => {
    expect(installTracing({ serviceName: 'caseflow-test' })).toBeUndefined();
    expect(installedTracing()).toBeUndefined();
    expect(trace.getTracer('t').startSpan('s').isRecording()).toBe(false);
    expect(workflowSpanProcessor().spanProcessor.constructor.name).toBe('NoopSpanProcessor');
  });

  it('records spans once installed, keeps the first install for the process, and forgets it on shutdown', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = installTracing({
      serviceName: 'caseflow-test',
      spanProcessor: new SimpleSpanProcessor(exporter),
    });
    expect(tracing).toBeDefined();
    expect(installTracing({ serviceName: 'another', otlpEndpoint: 'http://collector:4318' })).toBe(tracing);
    trace.getTracer('t').startSpan('recorded').end();
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(['recorded']);
    expect(exporter.getFinishedSpans()[0].resource.attributes['service.name']).toBe('caseflow-test');
    await tracing!.shutdown();
    expect(installedTracing()).toBeUndefined();
    expect(trace.getTracer('t').startSpan('after').isRecording()).toBe(false);
  });
});

describe('tracesUrl', () => {
  it('sends spans to <endpoint>/v1/traces, keeping a URL that already names it', () => {
    expect(tracesUrl('http://collector:4318')).toBe('http://collector:4318/v1/traces');
    expect(tracesUrl('http://collector:4318/')).toBe('http://collector:4318/v1/traces');
    expect(tracesUrl('https://otel.example.com/v1/traces')).toBe('https://otel.example.com/v1/traces');
  });
});
