/**
 * The failure type of a write the database refuses for good (a NUL byte, a value out of range): the
 * activity fails at once, non-retryably, and the workflow decides what to keep (see `storable`).
 */
export const DATA_REJECTED = 'DATA_REJECTED';

/** What stands in for a character PostgreSQL cannot store: U+FFFD, the replacement character. */
export const REPLACEMENT_CHARACTER = '\ufffd';

// NUL (PostgreSQL's text and jsonb refuse it) and lone surrogates (not encodable as UTF-8).
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * The same value with every character PostgreSQL cannot store replaced by U+FFFD, at any depth; pure and
 * deterministic, so workflows use it to record what a refused write meant to say.
 */
export function storable<T>(value: T): T {
  if (typeof value === 'string') return value.replace(UNSTORABLE, REPLACEMENT_CHARACTER) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => storable(item)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, item]) => [storable(key), storable(item)]),
    ) as T;
  }
  return value;
}
