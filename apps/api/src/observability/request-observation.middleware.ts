import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';
import { MetricsService } from './metrics.service';

/** The label of a request that matched no route (404s, scanners): one series, however many URLs. */
export const UNMATCHED_ROUTE = '<unmatched>';

const tracer = trace.getTracer('caseflow-api');

/**
 * The route pattern a request matched (`/api/cases/:number`), never the raw URL: a label per case
 * number would make one time series per case.
 */
export function routeLabel(request: Pick<Request, 'baseUrl'> & { route?: { path?: unknown } }): string {
  const path = request.route?.path;
  if (typeof path !== 'string') return UNMATCHED_ROUTE;
  return `${request.baseUrl ?? ''}${path}` || '/';
}

/**
 * Times every request into the HTTP histogram and wraps it in a server span: continued from the caller's
 * `traceparent` when there is one, and the parent of the Temporal client's spans (the workflow and its
 * activities carry it on), so one trace runs from the HTTP request to the activities. Without a tracer
 * provider (OTEL_EXPORTER_OTLP_ENDPOINT unset) the span is OpenTelemetry's no-op one.
 * Installed with `app.use` before any route, so 404s for unknown paths and body-parser refusals count too
 * (Nest's own middleware only runs for paths that reach its router).
 */
export function observeRequests(
  metrics: Pick<MetricsService, 'observeRequest'>,
): (request: Request, response: Response, next: NextFunction) => void {
  return (request, response, next) => {
    const started = process.hrtime.bigint();
    const parent = propagation.extract(context.active(), request.headers);
    const span = tracer.startSpan(
      request.method,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method } },
      parent,
    );
    let observed = false;
    const observe = () => {
      if (observed) return;
      observed = true;
      const route = routeLabel(request);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.observeRequest(request.method, route, response.statusCode, seconds);
      span.updateName(`${request.method} ${route}`);
      span.setAttributes({ 'http.route': route, 'http.response.status_code': response.statusCode });
      if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    };
    // 'finish' when the answer is handed over; 'close' alone when the caller went away before that.
    response.once('finish', observe);
    response.once('close', observe);
    context.with(trace.setSpan(parent, span), next);
  };
}
