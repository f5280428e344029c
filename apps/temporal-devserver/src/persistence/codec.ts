// Records to text and back. Records are plain data except for protobuf `bytes` fields (payload data, task
// tokens), which proto-loader gives as Buffers: they are written as {"$b": base64} and revived as Buffers, so
// a history read back encodes to the same protobuf bytes as before the restart. Strings with a NUL character
// (which jsonb cannot hold) are written as {"$s": base64} and revived as the same string.
import type { ExecutionRecord, HistoryEvent } from '../execution/state';

function replacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  // JSON.stringify has already applied Buffer#toJSON to `value`; the holder still has the bytes.
  const raw = this[key];
  if (raw instanceof Uint8Array) {
    return { $b: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64') };
  }
  if (typeof value === 'string' && value.includes('\u0000')) {
    return { $s: Buffer.from(value, 'utf8').toString('base64') };
  }
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object') {
    const tagged = value as { $b?: unknown; $s?: unknown };
    if (typeof tagged.$b === 'string') return Buffer.from(tagged.$b, 'base64');
    if (typeof tagged.$s === 'string') return Buffer.from(tagged.$s, 'base64').toString('utf8');
  }
  return value;
}

export function encodeRecord(value: unknown): string {
  return JSON.stringify(value, replacer);
}

export function decodeRecord<T>(text: string): T {
  return JSON.parse(text, reviver) as T;
}

/** The mutable part of an execution: everything but its history, which is saved as appended rows. */
export function encodeExecutionState(exec: ExecutionRecord): string {
  const { history: _history, ...rest } = exec;
  return encodeRecord(rest);
}

export function decodeExecution(state: string, history: HistoryEvent[]): ExecutionRecord {
  const exec = decodeRecord<Omit<ExecutionRecord, 'history'>>(state);
  return { ...exec, history } as ExecutionRecord;
}
