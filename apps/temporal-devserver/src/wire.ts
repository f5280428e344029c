// Encoding of history on the wire. A history event never changes once it is in a history (events are
// completed before they are written: see Engine.flushBuffered), so each is encoded once, on first send, and
// its bytes are kept with it. Responses that carry a history (workflow task polls, GetWorkflowExecutionHistory)
// are encoded without it by proto-loader, and the history field is appended from those bytes: protobuf lets
// a message's fields come in any order, and the field is written once.
import { lookupType } from './proto';

type Serialize = (value: any) => Buffer;

const encodedEvents = new WeakMap<object, Buffer>();

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
  const type = lookupType('temporal.api.history.v1.HistoryEvent');
  const parts: Buffer[] = [];
  for (const event of events) {
    let bytes = encodedEvents.get(event);
    if (!bytes) {
      bytes = framed(1, Buffer.from(type.encode(type.fromObject(event)).finish()));
      encodedEvents.set(event, bytes);
    }
    parts.push(bytes);
  }
  return Buffer.concat(parts);
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
