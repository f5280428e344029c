import { defaultPayloadConverter } from '@temporalio/common';
import { carriesTrace } from '../tracing.interceptors';

const header = (carrier: Record<string, string>) => ({
  '_tracer-data': defaultPayloadConverter.toPayload(carrier),
});

describe('carriesTrace', () => {
  it('traces a workflow, update or signal whose headers carry a W3C traceparent', () => {
    expect(
      carriesTrace(header({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' })),
    ).toBe(true);
  });

  it('leaves alone what an untraced client sent: the header with an empty carrier, or no header at all', () => {
    // Temporal's client interceptor writes the header even when no span is active.
    expect(carriesTrace(header({}))).toBe(false);
    expect(carriesTrace({})).toBe(false);
    expect(carriesTrace(undefined)).toBe(false);
  });

  it('leaves alone a header it cannot read', () => {
    expect(carriesTrace({ '_tracer-data': { metadata: {}, data: new Uint8Array([1, 2, 3]) } })).toBe(false);
  });
});
