// What the worker's Temporal runtime logs (activity and workflow-task failures, retries, the SDK's own
// warnings): one JSON line per event, with its workflow id, and never the data a failed statement carried.
// TypeORM's QueryFailedError keeps the statement's parameters — customers' names, phones, descriptions — as
// properties, and PostgreSQL's `detail` repeats the offending values ("Key (phone)=(138…) already exists"):
// an error is logged by its name, message, code and stack only.
import { DefaultLogger, type LogEntry, type LogLevel } from '@temporalio/worker';

/** Meta keys whose values are rows, statements' parameters or payloads: never logged. */
const NEVER_LOGGED = new Set([
  'parameters',
  'query',
  'driverError',
  'detail',
  'where',
  'payloads',
  'args',
  'input',
  'taskToken',
]);

/** An error as it may be logged: what failed and where in our code, none of the data it was about. */
export function describeError(error: Error, depth = 0): Record<string, unknown> {
  const driverCode = (error as { driverError?: { code?: unknown } }).driverError?.code;
  const code = (error as { code?: unknown }).code ?? driverCode;
  const type = (error as { type?: unknown }).type;
  const cause = (error as { cause?: unknown }).cause;
  return {
    type: error.name,
    message: error.message,
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    ...(typeof type === 'string' ? { failureType: type } : {}),
    ...(error.stack !== undefined && { stack: error.stack }),
    ...(cause instanceof Error && depth < 3 && { cause: describeError(cause, depth + 1) }),
  };
}

/** The meta of one log event, with errors described and data-bearing fields left out. */
export function safeMeta(value: unknown, depth = 0): unknown {
  if (value instanceof Error) return describeError(value);
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return value;
  if (ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  if (depth >= 4) return '[…]';
  if (Array.isArray(value)) return value.slice(0, 20).map((item) => safeMeta(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (NEVER_LOGGED.has(key)) continue;
    out[key] = safeMeta(item, depth + 1);
  }
  return out;
}

/** One JSON line for one event (the same shape as the worker's other lines). */
export function logLine(entry: LogEntry): string {
  const { message, level, timestampNanos, meta } = entry;
  return JSON.stringify({
    time: new Date(Number(timestampNanos / 1_000_000n)).toISOString(),
    level: level.toLowerCase(),
    context: 'temporal',
    msg: message,
    ...(meta ? (safeMeta(meta) as Record<string, unknown>) : {}),
  });
}

/** The runtime's logger: lines to stderr for warnings and errors, to stdout otherwise. */
export function createLogLineLogger(
  level: LogLevel,
  write: (line: string, level: LogLevel) => void = (line, lineLevel) =>
    (lineLevel === 'WARN' || lineLevel === 'ERROR' ? process.stderr : process.stdout).write(`${line}\n`),
): DefaultLogger {
  return new DefaultLogger(level, (entry) => write(logLine(entry), entry.level));
}
