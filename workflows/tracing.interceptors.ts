// OpenTelemetry inside workflows (Temporal's interceptors), only for what a traced caller started: a
// workflow, signal, update or query whose headers carry a trace context continues that trace, and the
// activities it schedules inside it carry it on to the worker. Everything else (timers firing on their own,
// histories recorded before tracing, an API without a tracer) runs exactly as without these interceptors:
// no spans, no extra sink calls. Bundled by `workflowBundleOptions()`, not exported as a workflow.
import { trace } from '@opentelemetry/api';
import { defaultPayloadConverter, type Headers } from '@temporalio/common';
import {
  OpenTelemetryInboundInterceptor,
  OpenTelemetryInternalsInterceptor,
  OpenTelemetryOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/workflow';
import type {
  ActivityInput,
  ContinueAsNewInput,
  GetLogAttributesInput,
  LocalActivityInput,
  Next,
  QueryInput,
  SignalInput,
  SignalWorkflowInput,
  StartChildWorkflowExecutionInput,
  UpdateInput,
  WorkflowExecuteInput,
  WorkflowInboundCallsInterceptor,
  WorkflowInterceptorsFactory,
  WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';

/** The header Temporal's OpenTelemetry interceptors write (`TRACE_HEADER`). */
const TRACE_HEADER = '_tracer-data';

/** Whether the headers carry a W3C trace context (the client writes the header even when it has none). */
export function carriesTrace(headers: Headers | undefined): boolean {
  const payload = headers?.[TRACE_HEADER];
  if (payload === undefined) return false;
  try {
    const carrier = defaultPayloadConverter.fromPayload<Record<string, unknown>>(payload);
    return typeof carrier?.traceparent === 'string';
  } catch {
    return false;
  }
}

function insideSpan(): boolean {
  return trace.getActiveSpan() !== undefined;
}

class InboundWhenTraced implements WorkflowInboundCallsInterceptor {
  private readonly otel = new OpenTelemetryInboundInterceptor();

  execute(input: WorkflowExecuteInput, next: Next<WorkflowInboundCallsInterceptor, 'execute'>) {
    return carriesTrace(input.headers) ? this.otel.execute(input, next) : next(input);
  }

  handleSignal(input: SignalInput, next: Next<WorkflowInboundCallsInterceptor, 'handleSignal'>) {
    return carriesTrace(input.headers) ? this.otel.handleSignal(input, next) : next(input);
  }

  handleUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'handleUpdate'>) {
    return carriesTrace(input.headers) ? this.otel.handleUpdate(input, next) : next(input);
  }

  validateUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'validateUpdate'>) {
    if (carriesTrace(input.headers)) this.otel.validateUpdate(input, next);
    else next(input);
  }

  handleQuery(input: QueryInput, next: Next<WorkflowInboundCallsInterceptor, 'handleQuery'>) {
    return carriesTrace(input.headers) ? this.otel.handleQuery(input, next) : next(input);
  }
}

class OutboundWhenTraced implements WorkflowOutboundCallsInterceptor {
  private readonly otel = new OpenTelemetryOutboundInterceptor();

  scheduleActivity(input: ActivityInput, next: Next<WorkflowOutboundCallsInterceptor, 'scheduleActivity'>) {
    return insideSpan() ? this.otel.scheduleActivity(input, next) : next(input);
  }

  scheduleLocalActivity(
    input: LocalActivityInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'scheduleLocalActivity'>,
  ) {
    return insideSpan() ? this.otel.scheduleLocalActivity(input, next) : next(input);
  }

  startChildWorkflowExecution(
    input: StartChildWorkflowExecutionInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'startChildWorkflowExecution'>,
  ) {
    return insideSpan() ? this.otel.startChildWorkflowExecution(input, next) : next(input);
  }

  signalWorkflow(input: SignalWorkflowInput, next: Next<WorkflowOutboundCallsInterceptor, 'signalWorkflow'>) {
    return insideSpan() ? this.otel.signalWorkflow(input, next) : next(input);
  }

  continueAsNew(input: ContinueAsNewInput, next: Next<WorkflowOutboundCallsInterceptor, 'continueAsNew'>) {
    return insideSpan() ? this.otel.continueAsNew(input, next) : next(input);
  }

  getLogAttributes(
    input: GetLogAttributesInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'getLogAttributes'>,
  ) {
    return insideSpan() ? this.otel.getLogAttributes(input, next) : next(input);
  }
}

export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [new InboundWhenTraced()],
  outbound: [new OutboundWhenTraced()],
  internals: [new OpenTelemetryInternalsInterceptor()],
});
