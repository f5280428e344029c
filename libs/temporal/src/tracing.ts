import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  NoopSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';

export interface TracingOptions {
  /** `service.name` of the spans: caseflow-api, caseflow-worker, or caseflow for `npm start`. */
  serviceName: string;
  /** OTLP/HTTP endpoint (OTEL_EXPORTER_OTLP_ENDPOINT); spans go to `<endpoint>/v1/traces`. */
  otlpEndpoint?: string;
  /** Where spans go instead of OTLP (tests: an in-memory exporter behind a simple processor). */
  spanProcessor?: SpanProcessor;
}

/** The process's tracing, once installed: the worker hands its processor to workflows' span sink. */
export interface Tracing {
  readonly resource: Resource;
  readonly spanProcessor: SpanProcessor;
  /** Flushes what is buffered and unregisters the globals (a later install starts afresh). */
  shutdown(): Promise<void>;
}

let installed: Tracing | undefined;

/**
 * Installs OpenTelemetry for this process — W3C trace context, async-hooks context, a tracer provider
 * exporting OTLP/HTTP — when an endpoint (or a processor) is given; otherwise nothing, and every span
 * the API, the Temporal client and the worker start is OpenTelemetry's no-op one. The first install in a
 * process wins (`npm start` runs the API and the worker in one process; they share it).
 */
export function installTracing(options: TracingOptions): Tracing | undefined {
  if (installed) return installed;
  const spanProcessor =
    options.spanProcessor ??
    (options.otlpEndpoint === undefined
      ? undefined
      : new BatchSpanProcessor(new OTLPTraceExporter({ url: tracesUrl(options.otlpEndpoint) })));
  if (!spanProcessor) return undefined;
  const resource = new Resource({ 'service.name': options.serviceName });
  const provider = new BasicTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register({
    contextManager: new AsyncLocalStorageContextManager(),
    propagator: new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    }),
  });
  const tracing: Tracing = {
    resource,
    spanProcessor,
    shutdown: async () => {
      if (installed === tracing) installed = undefined;
      try {
        await provider.shutdown();
      } finally {
        trace.disable();
        context.disable();
        propagation.disable();
      }
    },
  };
  installed = tracing;
  return tracing;
}

/** The tracing installed in this process, if any. */
export function installedTracing(): Tracing | undefined {
  return installed;
}

/**
 * What the worker hands to workflows' span sink: the installed processor, or one that drops spans (a
 * workflow started by a traced API still calls the sink when this worker does not trace).
 */
export function workflowSpanProcessor(): { spanProcessor: SpanProcessor; resource: Resource } {
  return installed ?? { spanProcessor: new NoopSpanProcessor(), resource: Resource.default() };
}

/** `http://collector:4318` → `http://collector:4318/v1/traces`; a full traces URL is kept as it is. */
export function tracesUrl(endpoint: string): string {
  const trimmed = endpoint.replace(/\/+$/, '');
  return trimmed.endsWith('/v1/traces') ? trimmed : `${trimmed}/v1/traces`;
}
