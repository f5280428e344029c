// Encoding of history on the wire. A history event never changes once it is in a history (events are
// completed before they are written: see flushBuffered in execution/history/history-builder.ts), so each is
// encoded once, on first send, and its bytes are kept with it. Responses that carry a history (workflow task
// polls, GetWorkflowExecutionHistory) are encoded without it by proto-loader, and the history field is
// appended from those bytes: protobuf lets a message's fields come in any order, and the field is written
// once.
import type * as protobuf from 'protobufjs';
import { lookupType } from './proto';

type Serialize = (value: any) => Buffer;

/**
 * The event's encoded bytes live on the event under a symbol (invisible to JSON, so records stay plain data);
 * a WeakMap did the same but its ephemeron bookkeeping showed up in GC with 10^5 events.
 */
const ENCODED = Symbol('encoded');
type EncodableEvent = { [ENCODED]?: Buffer };

let historyEventType: protobuf.Type | undefined;

function varint(n: number): Buffer {
  const bytes: number[] = [];
  while (n > 0x7f) {
    bytes.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  bytes.push(n);
  return Buffer.from(bytes);
}

/** Field key (number, wire type 2 = length-delimited) then length, as protobuf frames an embedded message. */
function framed(fieldNumber: number, body: Buffer): Buffer {
  return Buffer.concat([varint(fieldNumber * 8 + 2), varint(body.length), body]);
}

/** The body of a temporal.api.history.v1.History message with these events (field 1, repeated). */
export function encodeHistoryBody(events: object[]): Buffer {
  const type = (historyEventType ??= lookupType('temporal.api.history.v1.HistoryEvent'));
  const parts: Buffer[] = [];
  let length = 0;
  for (const event of events as EncodableEvent[]) {
    let bytes = event[ENCODED];
    if (!bytes) {
      const frame = framed(1, Buffer.from(type.encode(type.fromObject(event)).finish()));
      // Its own exact-size memory: a slice of Node's shared 8 KiB pool would keep the whole slab (mostly the
      // transient buffers allocated around it) alive as long as the event lives.
      bytes = Buffer.allocUnsafeSlow(frame.length);
      frame.copy(bytes);
      event[ENCODED] = bytes;
    }
    parts.push(bytes);
    length += bytes.length;
  }
  return Buffer.concat(parts, length);
}

/**
 * Wraps a response serializer so that `history.events` is encoded from the per-event cache.
 * `responseType` names the response message; its `history` field must be a temporal.api.history.v1.History.
 */
export function withCachedHistory(serialize: Serialize, responseType: string): Serialize {
  const field = lookupType(responseType).fields.history?.resolve();
  if (!field || field.resolvedType?.fullName !== '.temporal.api.history.v1.History' || field.repeated)
    return serialize;
  const fieldNumber = field.id;
  return (value) => {
    const events: unknown = value?.history?.events;
    if (!Array.isArray(events) || events.length === 0) return serialize(value);
    const rest = serialize({ ...value, history: null });
    return Buffer.concat([rest, framed(fieldNumber, encodeHistoryBody(events))]);
  };
}
