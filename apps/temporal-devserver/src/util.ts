// Small conversions between the proto-loader object shapes and plain numbers.
import { randomUUID } from 'node:crypto';

export interface Timestamp {
  seconds: number | string;
  nanos: number;
}
export type Duration = Timestamp;

export function tsFromMs(ms: number): Timestamp {
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: Math.round((ms - seconds * 1000) * 1e6) };
}

export function msFromTs(ts: Timestamp | null | undefined): number {
  if (!ts) return 0;
  return Number(ts.seconds ?? 0) * 1000 + Math.floor((ts.nanos ?? 0) / 1e6);
}

export const durFromMs = tsFromMs;
export const msFromDur = msFromTs;

/** Durations as the client sends them may be null, negative or absurd: reject the nonsense early. */
export function durationField(value: Duration | null | undefined, field: string): number {
  if (!value) return 0;
  const ms = msFromDur(value);
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`${field} must be a non-negative duration`);
  return ms;
}

export const newRunId = (): string => randomUUID();

export function num(value: string | number | null | undefined): number {
  if (value === null || value === undefined || value === '') return 0;
  return Number(value);
}

export function encodeToken(value: object): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8');
}

export function decodeToken<T>(token: Buffer | Uint8Array | null | undefined): T | null {
  if (!token || token.length === 0) return null;
  try {
    return JSON.parse(Buffer.from(token).toString('utf8')) as T;
  } catch {
    return null;
  }
}
