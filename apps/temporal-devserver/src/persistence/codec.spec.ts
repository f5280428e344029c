import { decodeExecution, decodeRecord, encodeExecutionState, encodeRecord } from './codec';
import type { ExecutionRecord } from '../execution/state';

describe('record codec', () => {
  it('round-trips bytes as Buffers and strings with NUL characters', () => {
    const value = {
      payload: { metadata: { encoding: Buffer.from('json/plain') }, data: new Uint8Array([0, 1, 255]) },
      message: 'bad\u0000byte',
      nested: [{ n: 1, s: '2', nil: null }],
    };
    const text = encodeRecord(value);
    expect(text).not.toContain('\\u0000');
    const back = decodeRecord<typeof value>(text);
    expect(Buffer.isBuffer(back.payload.metadata.encoding)).toBe(true);
    expect(back.payload.metadata.encoding.toString()).toBe('json/plain');
    expect([...(back.payload.data as Uint8Array)]).toEqual([0, 1, 255]);
    expect(back.message).toBe('bad\u0000byte');
    expect(back.nested).toEqual([{ n: 1, s: '2', nil: null }]);
  });

  it('keeps the history out of the execution state', () => {
    const exec = { runId: 'r', history: [{ eventId: 1 }], activities: {} } as unknown as ExecutionRecord;
    const state = encodeExecutionState(exec);
    expect(state).not.toContain('history');
    expect(decodeExecution(state, exec.history)).toEqual(exec);
  });
});
