/**
 * Temporal's visibility query language ("List Filter"), as used by ListWorkflowExecutions and
 * CountWorkflowExecutions: parse a query once, then test records against it and sort them.
 *
 * Grammar (keywords are case-insensitive, attribute names are case-sensitive):
 *
 *   query      := [expr] [GROUP BY attr] [ORDER BY attr [ASC|DESC] {, attr [ASC|DESC]}]
 *   expr       := and {(OR | '||') and}
 *   and        := not {(AND | '&&') not}
 *   not        := (NOT | '!') not | '(' expr ')' | predicate
 *   predicate  := attr ('=' | '!=' | '<>' | '<' | '<=' | '>' | '>=') value
 *               | attr [NOT] IN '(' value {, value} ')'
 *               | attr [NOT] BETWEEN value AND value
 *               | attr [NOT] STARTS_WITH 'string'
 *               | attr IS [NOT] NULL
 *   attr       := Name | `any name` (a doubled backtick is a literal backtick)
 *   value      := 'string' | "string" | [-|+] number | TRUE | FALSE
 *
 * Strings take MySQL escapes (\' \" \\ \n \t …, an unknown escape is the character itself) and a
 * doubled quote stands for itself. Datetimes are RFC 3339 strings ('2024-01-02T03:04:05.123456789Z')
 * or integers (nanoseconds since the epoch). ExecutionStatus values are 'Running', 'Completed',
 * 'Failed', 'Canceled', 'Terminated', 'ContinuedAsNew', 'TimedOut' (or their enum numbers 1–7).
 * ExecutionDuration (CloseTime − ExecutionTime of a closed run) takes nanoseconds or a duration
 * string ('90s', '1h30m', '2d', '01:30:00').
 *
 * Semantics follow Temporal's SQL visibility (what `temporal server start-dev` runs on SQLite):
 * a comparison with a missing value is unknown (SQL NULL), so `X != 'a'` and `NOT X = 'a'` do not
 * match runs without X; only IS NULL finds those. Keyword lists (and Text) behave like Temporal's
 * full-text index instead: `List = 'a'` means "contains a", `List != 'a'` / NOT IN also match runs
 * without the list. Text attributes match word by word (`Text = 'foo bar'` matches a text that has
 * the word foo or the word bar).
 *
 * Where Temporal's stores differ, we chose:
 * - ORDER BY is accepted (only Elasticsearch accepts it in Temporal; SQL answers "'ORDER BY' clause
 *   is not supported"). Like Elasticsearch: missing values sort last in either direction, a keyword
 *   list sorts by its smallest (ASC) or largest (DESC) element, RunId DESC breaks ties.
 * - Without ORDER BY the order is Temporal's default: open runs first (CloseTime DESC NULLS FIRST),
 *   then StartTime DESC, then RunId ASC (the SQL store's tie-breaker).
 * - Unknown attribute names: Temporal rejects a name that is not a registered search attribute.
 *   We do the same when the caller passes `knownAttributes` or `searchAttributeTypes`; without
 *   them, an unknown name is a custom attribute whose value is compared by its runtime type, and
 *   records that lack it behave as NULL.
 */
import {
  type SearchAttributeType,
  type VisibilityRecord,
  type WorkflowExecutionStatusName,
  WORKFLOW_EXECUTION_STATUS_NAMES,
} from './record';

export type { SearchAttributeType, VisibilityRecord, WorkflowExecutionStatusName } from './record';

/**
 * A query Temporal would answer with INVALID_ARGUMENT. The message reads like Temporal's
 * converter errors ("malformed query: …", "invalid expression: …", "operation is not supported: …");
 * the server should answer `invalid query: ${message}` as Temporal does.
 */
export class VisibilityQueryError extends Error {
  /** 0-based offset into the query text of the token at fault, when there is one. */
  readonly position?: number;

  constructor(message: string, position?: number) {
    super(message);
    this.name = 'VisibilityQueryError';
    this.position = position;
  }
}

export interface VisibilityQueryOptions {
  /**
   * Custom search attributes registered in the namespace. When given (or when
   * `searchAttributeTypes` is), any other non-system name is rejected, like Temporal does.
   */
  knownAttributes?: ReadonlySet<string>;
  /**
   * Types of custom search attributes. Typed attributes are checked like Temporal checks them
   * (operators allowed per type, value types) and compared by their type (Text word by word,
   * KeywordList by membership, Datetime by instant).
   */
  searchAttributeTypes?:
    ReadonlyMap<string, SearchAttributeType> | Readonly<Record<string, SearchAttributeType>>;
}

/** The fields of VisibilityRecord that system search attributes read. */
type SystemField =
  | 'WorkflowId'
  | 'RunId'
  | 'WorkflowType'
  | 'TaskQueue'
  | 'ExecutionStatus'
  | 'StartTime'
  | 'ExecutionTime'
  | 'CloseTime'
  | 'HistoryLength'
  | 'ExecutionDuration';

export interface AttributeRef {
  /** As written in the query (without backticks). */
  name: string;
  /** Set for attributes read from VisibilityRecord fields; otherwise read from searchAttributes[name]. */
  system?: SystemField;
  /** Undefined for a custom attribute whose type the caller did not give. */
  type?: SearchAttributeType;
}

/** A literal from the query, already converted for the attribute it is compared with. */
export interface Operand {
  /** Datetimes and durations are bigint nanoseconds; ExecutionStatus is its short name. */
  value: string | number | bigint | boolean;
  /** For an untyped attribute: the instant a string literal denotes, if it is an RFC 3339 datetime. */
  asDatetime?: bigint;
}

export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type VisibilityExpr =
  | { kind: 'and' | 'or'; left: VisibilityExpr; right: VisibilityExpr }
  | { kind: 'not'; expr: VisibilityExpr }
  | { kind: 'compare'; attribute: AttributeRef; operator: ComparisonOperator; value: Operand }
  | { kind: 'in'; attribute: AttributeRef; negated: boolean; values: Operand[] }
  | { kind: 'between'; attribute: AttributeRef; negated: boolean; from: Operand; to: Operand }
  | { kind: 'startsWith'; attribute: AttributeRef; negated: boolean; prefix: string }
  | { kind: 'isNull'; attribute: AttributeRef; negated: boolean };

export interface OrderByTerm {
  attribute: AttributeRef;
  direction: 'ASC' | 'DESC';
}

export interface VisibilityQuery {
  /** Absent: every record matches. */
  where?: VisibilityExpr;
  /** Empty: Temporal's default order. */
  orderBy: OrderByTerm[];
  /** GROUP BY (CountWorkflowExecutions only; ExecutionStatus is the one field users can group by). */
  groupBy: AttributeRef[];
}

// ---------------------------------------------------------------------------------------------
// Attributes

const SYSTEM_ATTRIBUTES: Record<SystemField, SearchAttributeType> = {
  WorkflowId: 'Keyword',
  RunId: 'Keyword',
  WorkflowType: 'Keyword',
  TaskQueue: 'Keyword',
  ExecutionStatus: 'Keyword',
  StartTime: 'Datetime',
  ExecutionTime: 'Datetime',
  CloseTime: 'Datetime',
  HistoryLength: 'Int',
  ExecutionDuration: 'Int',
};

/** Temporal's other system and predefined attributes: typed, read from searchAttributes when the server sets them. */
const PREDEFINED_ATTRIBUTES: Record<string, SearchAttributeType> = {
  StateTransitionCount: 'Int',
  HistorySizeBytes: 'Int',
  ParentWorkflowId: 'Keyword',
  ParentRunId: 'Keyword',
  RootWorkflowId: 'Keyword',
  RootRunId: 'Keyword',
  TemporalChangeVersion: 'KeywordList',
  BinaryChecksums: 'KeywordList',
  BuildIds: 'KeywordList',
  BatcherNamespace: 'Keyword',
  BatcherUser: 'Keyword',
  TemporalScheduledStartTime: 'Datetime',
  TemporalScheduledById: 'Keyword',
  TemporalSchedulePaused: 'Bool',
  TemporalNamespaceDivision: 'Keyword',
  TemporalPauseInfo: 'KeywordList',
  TemporalReportedProblems: 'KeywordList',
  TemporalWorkerDeploymentVersion: 'Keyword',
  TemporalWorkflowVersioningBehavior: 'Keyword',
  TemporalWorkerDeployment: 'Keyword',
  TemporalUsedWorkerDeploymentVersions: 'KeywordList',
};

const has = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

function resolveAttribute(name: string, pos: number, options: VisibilityQueryOptions): AttributeRef {
  if (has(SYSTEM_ATTRIBUTES, name)) {
    const system = name as SystemField;
    return { name, system, type: SYSTEM_ATTRIBUTES[system] };
  }
  if (has(PREDEFINED_ATTRIBUTES, name)) return { name, type: PREDEFINED_ATTRIBUTES[name] };
  const types = options.searchAttributeTypes;
  const type =
    types instanceof Map ? types.get(name) : types && has(types, name) ? (types as any)[name] : undefined;
  if (type !== undefined) return { name, type };
  if (options.knownAttributes?.has(name)) return { name };
  if (options.knownAttributes || options.searchAttributeTypes) {
    throw new VisibilityQueryError(
      `invalid expression: column name '${name}' is not a valid search attribute (at position ${pos + 1})`,
      pos,
    );
  }
  return { name };
}

const OPERATORS_BY_TYPE: Record<SearchAttributeType, readonly string[]> = {
  Keyword: ['=', '!=', '<', '<=', '>', '>=', 'IN', 'NOT IN', 'STARTS_WITH', 'NOT STARTS_WITH'],
  KeywordList: ['=', '!=', 'IN', 'NOT IN'],
  Text: ['=', '!='],
  Int: ['=', '!=', '<', '<=', '>', '>=', 'IN', 'NOT IN'],
  Double: ['=', '!=', '<', '<=', '>', '>=', 'IN', 'NOT IN'],
  Datetime: ['=', '!=', '<', '<=', '>', '>=', 'IN', 'NOT IN'],
  Bool: ['=', '!=', '<', '<=', '>', '>=', 'IN', 'NOT IN'],
};
const RANGE_TYPES: readonly SearchAttributeType[] = ['Datetime', 'Double', 'Int', 'Keyword'];

function checkOperator(attr: AttributeRef, operator: string, pos: number): void {
  if (attr.type && !OPERATORS_BY_TYPE[attr.type].includes(operator)) {
    throw new VisibilityQueryError(
      `operation is not supported: operator '${operator}' not supported for ${attr.type} type search attribute '${attr.name}' (at position ${pos + 1})`,
      pos,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Values

type Literal =
  | { kind: 'string'; value: string; pos: number; text: string }
  | { kind: 'int'; value: bigint; pos: number; text: string }
  | { kind: 'float'; value: number; pos: number; text: string }
  | { kind: 'bool'; value: boolean; pos: number; text: string };

const NANOS_PER_MS = 1_000_000n;

function toNumber(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

/** Nanoseconds since the epoch of an RFC 3339 datetime (Go's time.RFC3339Nano), or undefined. */
export function parseRfc3339Nanos(text: string): bigint | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const daysInMonth = [
    31,
    year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth[month - 1]) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offsetMinutes = 0;
  if (!m[8]) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day); // setUTCFullYear, unlike Date.UTC, keeps years 0–99 as written
  d.setUTCHours(hour, minute - offsetMinutes, second, 0);
  const fraction = BigInt((m[7] ?? '').padEnd(9, '0') || '0');
  return BigInt(d.getTime()) * NANOS_PER_MS + fraction;
}

const DURATION_UNITS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
  d: 86400e9,
};

/** Nanoseconds of an ExecutionDuration string: integer nanoseconds, a Go duration ('1h30m', '2d') or 'hh:mm:ss'. */
function parseDurationNanos(text: string): bigint | undefined {
  if (/^[-+]?\d+$/.test(text)) return BigInt(text);
  const hms = /^(\d+):(\d{2}):(\d{2})$/.exec(text);
  if (hms) {
    const [h, m, s] = hms.slice(1).map(Number);
    if (m > 59 || s > 59) return undefined;
    return BigInt(h * 3600 + m * 60 + s) * 1_000_000_000n;
  }
  const go = /^([-+]?)((?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h|d))+)$/.exec(text);
  if (!go) return text === '0' ? 0n : undefined;
  let total = 0;
  for (const part of go[2].matchAll(/(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h|d)/g)) {
    total += Number(part[1]) * DURATION_UNITS[part[2]];
  }
  return BigInt(Math.round(total)) * (go[1] === '-' ? -1n : 1n);
}

const STATUS_ENUM_NAMES = ['Unspecified', ...WORKFLOW_EXECUTION_STATUS_NAMES] as const;

function statusFromLiteral(lit: Literal): string {
  if (lit.kind === 'int' && lit.value >= 0n && lit.value < BigInt(STATUS_ENUM_NAMES.length)) {
    return STATUS_ENUM_NAMES[Number(lit.value)];
  }
  if (lit.kind === 'string') {
    // The short name ('Running') or the enum constant ('WORKFLOW_EXECUTION_STATUS_RUNNING').
    const constant = (s: string) =>
      `WORKFLOW_EXECUTION_STATUS_${s.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}`;
    const found = STATUS_ENUM_NAMES.find((s) => s === lit.value || constant(s) === lit.value);
    if (found) return found;
  }
  throw new VisibilityQueryError(
    `invalid expression: invalid ExecutionStatus value ${lit.text} (at position ${lit.pos + 1}); ` +
      `expected one of ${WORKFLOW_EXECUTION_STATUS_NAMES.map((s) => `'${s}'`).join(', ')}`,
    lit.pos,
  );
}

function describe(lit: Literal): string {
  const what = { string: 'a string', int: 'an integer', float: 'a number', bool: 'a boolean' }[lit.kind];
  return `${lit.text} (${what})`;
}

/** Checks a literal against the attribute's type, like Temporal's converter, and converts it. */
function toOperand(attr: AttributeRef, lit: Literal): Operand {
  const wrongType = () =>
    new VisibilityQueryError(
      `invalid expression: invalid value type for search attribute ${attr.name} of type ${attr.type}: ${describe(lit)} (at position ${lit.pos + 1})`,
      lit.pos,
    );
  if (attr.system === 'ExecutionStatus') return { value: statusFromLiteral(lit) };
  if (attr.system === 'ExecutionDuration') {
    const nanos =
      lit.kind === 'int' ? lit.value : lit.kind === 'string' ? parseDurationNanos(lit.value) : undefined;
    if (nanos === undefined) {
      throw new VisibilityQueryError(
        `invalid expression: invalid duration value for search attribute ExecutionDuration: ${describe(lit)} (at position ${lit.pos + 1})`,
        lit.pos,
      );
    }
    return { value: nanos };
  }
  switch (attr.type) {
    case undefined:
      if (lit.kind === 'string') return { value: lit.value, asDatetime: parseRfc3339Nanos(lit.value) };
      return { value: lit.kind === 'int' ? toNumber(lit.value) : lit.value };
    case 'Int':
    case 'Double':
      if (lit.kind === 'int') return { value: toNumber(lit.value) };
      if (lit.kind === 'float') return { value: lit.value };
      throw wrongType();
    case 'Bool':
      if (lit.kind === 'bool') return { value: lit.value };
      throw wrongType();
    case 'Datetime': {
      if (lit.kind === 'int') return { value: lit.value };
      if (lit.kind !== 'string') throw wrongType();
      const nanos = parseRfc3339Nanos(lit.value);
      if (nanos === undefined) {
        throw new VisibilityQueryError(
          `invalid expression: unable to parse datetime ${lit.text} for search attribute ${attr.name} ` +
            `(at position ${lit.pos + 1}); expected RFC 3339, e.g. '2024-01-02T15:04:05Z'`,
          lit.pos,
        );
      }
      return { value: nanos };
    }
    case 'Text':
      if (lit.kind !== 'string') throw wrongType();
      if (words(lit.value).length === 0) {
        throw new VisibilityQueryError(
          `invalid expression: value ${lit.text} for Text type search attribute ${attr.name} has no words to match (at position ${lit.pos + 1})`,
          lit.pos,
        );
      }
      return { value: lit.value };
    case 'Keyword':
    case 'KeywordList':
      if (lit.kind === 'string') return { value: lit.value };
      throw wrongType();
  }
}

// ---------------------------------------------------------------------------------------------
// Tokens

type TokenKind = 'ident' | 'string' | 'number' | 'keyword' | 'punct' | 'eof';

interface Token {
  kind: TokenKind;
  /** ident: the name; string: the decoded contents; keyword: upper case; punct: the symbol. */
  value: string;
  /** The source text, for messages. */
  text: string;
  pos: number;
}

const KEYWORDS = new Set([
  'AND',
  'OR',
  'NOT',
  'IN',
  'BETWEEN',
  'IS',
  'NULL',
  'TRUE',
  'FALSE',
  'STARTS_WITH',
  'LIKE',
  'REGEXP',
  'ORDER',
  'GROUP',
  'BY',
  'ASC',
  'DESC',
  'LIMIT',
]);

const ESCAPES: Record<string, string> = { '0': '\0', b: '\b', n: '\n', r: '\r', t: '\t', Z: '\x1a' };

function malformed(message: string, pos: number): VisibilityQueryError {
  return new VisibilityQueryError(`malformed query: ${message} at position ${pos + 1}`, pos);
}

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const isIdentStart = (c: string) => /[A-Za-z_@]/.test(c);
  const isIdentPart = (c: string) => /[A-Za-z0-9_@]/.test(c);
  while (i < src.length) {
    const c = src[i];
    const start = i;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (isIdentStart(c)) {
      while (i < src.length && isIdentPart(src[i])) i++;
      const text = src.slice(start, i);
      const upper = text.toUpperCase();
      tokens.push(
        KEYWORDS.has(upper)
          ? { kind: 'keyword', value: upper, text, pos: start }
          : { kind: 'ident', value: text, text, pos: start },
      );
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const m = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?/.exec(src.slice(i))!;
      i += m[0].length;
      if (i < src.length && isIdentPart(src[i])) {
        throw malformed(`unexpected character '${src[i]}' after the number '${m[0]}'`, i);
      }
      tokens.push({ kind: 'number', value: m[0], text: m[0], pos: start });
      continue;
    }
    if (c === "'" || c === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= src.length) throw malformed(`unterminated string starting with ${c}`, start);
        const ch = src[i];
        if (ch === '\\') {
          if (i + 1 >= src.length) throw malformed(`unterminated string starting with ${c}`, start);
          value += ESCAPES[src[i + 1]] ?? src[i + 1];
          i += 2;
        } else if (ch === c) {
          if (src[i + 1] === c) {
            value += c;
            i += 2;
          } else {
            i++;
            break;
          }
        } else {
          value += ch;
          i++;
        }
      }
      tokens.push({ kind: 'string', value, text: src.slice(start, i), pos: start });
      continue;
    }
    if (c === '`') {
      let value = '';
      i++;
      for (;;) {
        if (i >= src.length) throw malformed('unterminated `quoted name`', start);
        if (src[i] === '`') {
          if (src[i + 1] === '`') {
            value += '`';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += src[i++];
      }
      if (value === '') throw malformed('empty `quoted name`', start);
      tokens.push({ kind: 'ident', value, text: src.slice(start, i), pos: start });
      continue;
    }
    const punct = [
      '<=>',
      '!=',
      '<>',
      '<=',
      '>=',
      '&&',
      '||',
      '=',
      '<',
      '>',
      '(',
      ')',
      ',',
      '!',
      '-',
      '+',
    ].find((p) => src.startsWith(p, i));
    if (!punct) throw malformed(`unexpected character '${c}'`, i);
    i += punct.length;
    tokens.push({ kind: 'punct', value: punct === '<>' ? '!=' : punct, text: punct, pos: start });
  }
  tokens.push({ kind: 'eof', value: '', text: 'end of query', pos: src.length });
  return tokens;
}

// ---------------------------------------------------------------------------------------------
// Parser

class Parser {
  private i = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly options: VisibilityQueryOptions,
  ) {}

  parse(): VisibilityQuery {
    const query: VisibilityQuery = { orderBy: [], groupBy: [] };
    if (!this.atClause('ORDER') && !this.atClause('GROUP') && this.peek().kind !== 'eof') {
      query.where = this.parseOr();
    }
    if (this.atClause('GROUP')) {
      this.i += 2;
      query.groupBy = this.parseGroupBy();
    }
    if (this.atClause('ORDER')) {
      this.i += 2;
      query.orderBy = this.parseOrderBy();
    }
    const t = this.peek();
    if (t.kind === 'keyword' && t.value === 'LIMIT') {
      throw new VisibilityQueryError(
        `operation is not supported: 'LIMIT' clause (at position ${t.pos + 1}); use the page size instead`,
        t.pos,
      );
    }
    if (t.kind === 'keyword' && (t.value === 'ORDER' || t.value === 'GROUP')) {
      throw this.unexpected(this.tokens[this.i + 1], `BY after ${t.text}`);
    }
    if (t.kind !== 'eof') throw this.unexpected(t, 'AND, OR, ORDER BY or the end of the query');
    return query;
  }

  private parseOr(): VisibilityExpr {
    let left = this.parseAnd();
    while (this.acceptKeyword('OR') || this.acceptPunct('||')) {
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): VisibilityExpr {
    let left = this.parseNot();
    while (this.acceptKeyword('AND') || this.acceptPunct('&&')) {
      left = { kind: 'and', left, right: this.parseNot() };
    }
    return left;
  }

  private parseNot(): VisibilityExpr {
    if (this.acceptKeyword('NOT') || this.acceptPunct('!')) return { kind: 'not', expr: this.parseNot() };
    if (this.acceptPunct('(')) {
      const open = this.tokens[this.i - 1];
      const expr = this.parseOr();
      if (!this.acceptPunct(')')) {
        const t = this.peek();
        throw t.kind === 'eof'
          ? malformed(`missing ')' to close the '(' at position ${open.pos + 1}`, t.pos)
          : this.unexpected(t, "AND, OR or ')'");
      }
      return expr;
    }
    return this.parsePredicate();
  }

  private parsePredicate(): VisibilityExpr {
    const attrToken = this.peek();
    const attribute = this.parseAttribute('a search attribute name');
    const opToken = this.next();
    const op = opToken.value;
    if (opToken.kind === 'punct' && ['=', '!=', '<', '<=', '>', '>='].includes(op)) {
      checkOperator(attribute, op, opToken.pos);
      const value = toOperand(attribute, this.parseLiteral(opToken));
      return { kind: 'compare', attribute, operator: op as ComparisonOperator, value };
    }
    if (opToken.kind === 'punct' && op === '<=>') {
      throw new VisibilityQueryError(
        `operation is not supported: operator '<=>' (at position ${opToken.pos + 1})`,
        opToken.pos,
      );
    }
    if (opToken.kind === 'keyword') {
      const negated = op === 'NOT';
      const verb = negated ? this.next() : opToken;
      if (verb.kind === 'keyword') {
        const name = negated ? `NOT ${verb.value}` : verb.value;
        switch (verb.value) {
          case 'IN':
            return this.parseIn(attribute, negated, name, verb);
          case 'BETWEEN':
            return this.parseBetween(attribute, negated, verb);
          case 'STARTS_WITH':
            return this.parseStartsWith(attribute, negated, name, verb);
          case 'LIKE':
          case 'REGEXP':
            throw new VisibilityQueryError(
              `operation is not supported: operator '${name}' (at position ${verb.pos + 1}); use STARTS_WITH for a prefix match`,
              verb.pos,
            );
          case 'IS':
            if (!negated) return this.parseIs(attribute);
        }
      }
      if (negated) throw this.unexpected(verb, 'IN, BETWEEN or STARTS_WITH after NOT');
    }
    if (opToken.kind === 'eof' || (opToken.kind === 'keyword' && ['AND', 'OR'].includes(op)) || op === ')') {
      throw new VisibilityQueryError(
        `invalid expression: incomplete expression: '${attrToken.text}' must be followed by an operator ` +
          `such as =, !=, IN or IS NULL (at position ${opToken.pos + 1})`,
        opToken.pos,
      );
    }
    throw this.unexpected(opToken, `an operator after '${attrToken.text}'`);
  }

  private parseIn(attribute: AttributeRef, negated: boolean, name: string, verb: Token): VisibilityExpr {
    checkOperator(attribute, name, verb.pos);
    const open = this.next();
    if (open.kind !== 'punct' || open.value !== '(') throw this.unexpected(open, `'(' after ${name}`);
    const values: Operand[] = [];
    do {
      values.push(toOperand(attribute, this.parseLiteral(this.tokens[this.i - 1])));
    } while (this.acceptPunct(','));
    const close = this.next();
    if (close.kind !== 'punct' || close.value !== ')')
      throw this.unexpected(close, `',' or ')' in the ${name} list`);
    return { kind: 'in', attribute, negated, values };
  }

  private parseBetween(attribute: AttributeRef, negated: boolean, verb: Token): VisibilityExpr {
    if (attribute.type && !RANGE_TYPES.includes(attribute.type)) {
      throw new VisibilityQueryError(
        `invalid expression: cannot do range condition on search attribute '${attribute.name}' of type ${attribute.type} (at position ${verb.pos + 1})`,
        verb.pos,
      );
    }
    const from = toOperand(attribute, this.parseLiteral(verb));
    const and = this.next();
    if (and.kind !== 'keyword' || and.value !== 'AND') throw this.unexpected(and, 'AND in BETWEEN … AND …');
    const to = toOperand(attribute, this.parseLiteral(and));
    return { kind: 'between', attribute, negated, from, to };
  }

  private parseStartsWith(
    attribute: AttributeRef,
    negated: boolean,
    name: string,
    verb: Token,
  ): VisibilityExpr {
    checkOperator(attribute, name, verb.pos);
    const lit = this.parseLiteral(verb);
    if (lit.kind !== 'string') {
      throw new VisibilityQueryError(
        `invalid expression: right-hand side of operator '${name}' must be a string, got ${describe(lit)} (at position ${lit.pos + 1})`,
        lit.pos,
      );
    }
    return { kind: 'startsWith', attribute, negated, prefix: lit.value };
  }

  private parseIs(attribute: AttributeRef): VisibilityExpr {
    const negated = this.acceptKeyword('NOT');
    const t = this.next();
    if (t.kind === 'keyword' && t.value === 'NULL') return { kind: 'isNull', attribute, negated };
    throw new VisibilityQueryError(
      `invalid expression: 'IS' operator can only be used as 'IS NULL' or 'IS NOT NULL' (at position ${t.pos + 1})`,
      t.pos,
    );
  }

  private parseAttribute(what: string): AttributeRef {
    const t = this.next();
    if (t.kind === 'ident') {
      if (this.peek().kind === 'punct' && this.peek().value === '(') {
        throw new VisibilityQueryError(
          `operation is not supported: function expression '${t.text}(…)' (at position ${t.pos + 1})`,
          t.pos,
        );
      }
      return resolveAttribute(t.value, t.pos, this.options);
    }
    if (
      t.kind === 'string' ||
      t.kind === 'number' ||
      (t.kind === 'keyword' && ['TRUE', 'FALSE', 'NULL'].includes(t.value))
    ) {
      throw new VisibilityQueryError(
        `invalid expression: expected ${what} but found the value ${t.text} (at position ${t.pos + 1}); ` +
          `write the attribute on the left, e.g. ExecutionStatus = 'Running'`,
        t.pos,
      );
    }
    if (t.kind === 'keyword') {
      throw malformed(
        `expected ${what} but found the reserved word '${t.text}' (quote a name with backticks: \`${t.text}\`)`,
        t.pos,
      );
    }
    throw this.unexpected(t, what);
  }

  /** A literal value; `after` is the token it follows, for messages. */
  private parseLiteral(after: Token): Literal {
    const t = this.next();
    const pos = t.pos;
    if (t.kind === 'string') return { kind: 'string', value: t.value, pos, text: t.text };
    if (t.kind === 'keyword' && (t.value === 'TRUE' || t.value === 'FALSE')) {
      return { kind: 'bool', value: t.value === 'TRUE', pos, text: t.text };
    }
    let sign = '';
    let num = t;
    if (t.kind === 'punct' && (t.value === '-' || t.value === '+')) {
      num = this.next();
      if (num.kind !== 'number') throw this.unexpected(num, `a number after '${t.value}'`);
      sign = t.value === '-' ? '-' : '';
    }
    if (num.kind === 'number') {
      const text = sign + num.value;
      if (/^-?\d+$/.test(text)) {
        const big = BigInt(text);
        if (big >= -(2n ** 63n) && big < 2n ** 63n) return { kind: 'int', value: big, pos, text };
      }
      return { kind: 'float', value: Number(text), pos, text };
    }
    if (t.kind === 'ident') {
      throw new VisibilityQueryError(
        `operation is not supported: column name on the right side of comparison expression ` +
          `(did you forget to quote '${t.text}'?) (at position ${pos + 1})`,
        pos,
      );
    }
    if (t.kind === 'keyword' && t.value === 'NULL') {
      throw new VisibilityQueryError(
        `invalid expression: NULL cannot be compared; use 'IS NULL' or 'IS NOT NULL' (at position ${pos + 1})`,
        pos,
      );
    }
    throw this.unexpected(t, `a value after '${after.text}'`);
  }

  private parseOrderBy(): OrderByTerm[] {
    const terms: OrderByTerm[] = [];
    do {
      const t = this.peek();
      const attribute = this.parseAttribute('a search attribute name after ORDER BY');
      if (attribute.type === 'Text') {
        throw new VisibilityQueryError(
          `operation is not supported: unable to sort by search attribute type Text ('${attribute.name}' at position ${t.pos + 1})`,
          t.pos,
        );
      }
      let direction: 'ASC' | 'DESC' = 'ASC';
      if (this.acceptKeyword('DESC')) direction = 'DESC';
      else this.acceptKeyword('ASC');
      terms.push({ attribute, direction });
    } while (this.acceptPunct(','));
    return terms;
  }

  private parseGroupBy(): AttributeRef[] {
    const t = this.peek();
    const attribute = this.parseAttribute('a search attribute name after GROUP BY');
    if (this.peek().kind === 'punct' && this.peek().value === ',') {
      throw new VisibilityQueryError(
        `operation is not supported: 'GROUP BY' clause supports only a single field (at position ${this.peek().pos + 1})`,
        this.peek().pos,
      );
    }
    const allowed =
      attribute.name === 'ExecutionStatus' ||
      attribute.name === 'TemporalNamespaceDivision' ||
      attribute.name.startsWith('TemporalLowCardinalityKeyword');
    if (!allowed) {
      throw new VisibilityQueryError(
        `operation is not supported: 'GROUP BY' clause is not supported for search attribute ${attribute.name} (at position ${t.pos + 1})`,
        t.pos,
      );
    }
    return [attribute];
  }

  private peek(): Token {
    return this.tokens[this.i];
  }

  private next(): Token {
    const t = this.tokens[this.i];
    if (t.kind !== 'eof') this.i++;
    return t;
  }

  private atKeyword(k: string): boolean {
    const t = this.peek();
    return t.kind === 'keyword' && t.value === k;
  }

  /** At `ORDER BY` / `GROUP BY`. */
  private atClause(k: 'ORDER' | 'GROUP'): boolean {
    const by = this.tokens[this.i + 1];
    return this.atKeyword(k) && by?.kind === 'keyword' && by.value === 'BY';
  }

  private acceptKeyword(k: string): boolean {
    if (!this.atKeyword(k)) return false;
    this.i++;
    return true;
  }

  private acceptPunct(p: string): boolean {
    const t = this.peek();
    if (t.kind !== 'punct' || t.value !== p) return false;
    this.i++;
    return true;
  }

  private unexpected(t: Token, expected: string): VisibilityQueryError {
    const found = t.kind === 'eof' ? 'the end of the query' : `'${t.text}'`;
    return malformed(`expected ${expected} but found ${found}`, t.pos);
  }
}

/**
 * Parses a List Filter. An empty (or blank) query matches every record.
 * Throws VisibilityQueryError for anything Temporal would reject as an invalid query.
 */
export function parseVisibilityQuery(query: string, options: VisibilityQueryOptions = {}): VisibilityQuery {
  if (query.trim() === '') return { orderBy: [], groupBy: [] };
  return new Parser(tokenize(query), options).parse();
}

// ---------------------------------------------------------------------------------------------
// Evaluation (three-valued, like SQL: null = unknown)

type Scalar = string | number | bigint | boolean;
type Value = Scalar | Scalar[] | undefined;
type Truth = boolean | null;

const dateNanos = (d: Date): bigint | undefined => {
  const ms = d.getTime();
  return Number.isNaN(ms) ? undefined : BigInt(ms) * NANOS_PER_MS;
};

function toScalar(v: unknown, type: SearchAttributeType | undefined): Scalar | undefined {
  if (v instanceof Date) return dateNanos(v);
  if (typeof v === 'string') return type === 'Datetime' ? parseRfc3339Nanos(v) : v;
  if (typeof v === 'number') return Number.isNaN(v) ? undefined : v;
  if (typeof v === 'bigint' || typeof v === 'boolean') return v;
  return undefined;
}

function valueOf(attr: AttributeRef, r: VisibilityRecord): Value {
  switch (attr.system) {
    case 'WorkflowId':
      return r.workflowId;
    case 'RunId':
      return r.runId;
    case 'WorkflowType':
      return r.workflowType;
    case 'TaskQueue':
      return r.taskQueue;
    case 'ExecutionStatus':
      return r.status;
    case 'StartTime':
      return dateNanos(r.startTime);
    case 'ExecutionTime':
      return dateNanos(r.executionTime);
    case 'CloseTime':
      return r.closeTime && dateNanos(r.closeTime);
    case 'HistoryLength':
      return r.historyLength;
    case 'ExecutionDuration': {
      if (!r.closeTime) return undefined;
      const close = dateNanos(r.closeTime);
      const exec = dateNanos(r.executionTime);
      return close === undefined || exec === undefined ? undefined : close - exec;
    }
  }
  const raw = r.searchAttributes[attr.name];
  if (Array.isArray(raw)) {
    return raw.map((x) => toScalar(x, attr.type)).filter((x): x is Scalar => x !== undefined);
  }
  return toScalar(raw, attr.type);
}

const isNumeric = (v: unknown): v is number | bigint => typeof v === 'number' || typeof v === 'bigint';
const sign = (a: number | bigint | string | boolean, b: typeof a): number => (a < b ? -1 : a > b ? 1 : 0);
const statusRank = (s: Scalar): number => STATUS_ENUM_NAMES.indexOf(s as WorkflowExecutionStatusName);

/** Compares a record value with an operand; null when they are not comparable. */
function compare(attr: AttributeRef, v: Scalar, o: Operand): number | null {
  if (attr.system === 'ExecutionStatus') return sign(statusRank(v), statusRank(o.value));
  if (typeof v === 'string' && typeof o.value === 'string') return sign(v, o.value);
  if (isNumeric(v) && isNumeric(o.value)) return sign(v, o.value);
  if (typeof v === 'bigint' && o.asDatetime !== undefined) return sign(v, o.asDatetime);
  if (typeof v === 'boolean' && typeof o.value === 'boolean') return sign(v, o.value);
  return null;
}

const not3 = (t: Truth): Truth => (t === null ? null : !t);
const and3 = (a: Truth, b: Truth): Truth =>
  a === false || b === false ? false : a === null || b === null ? null : true;
const or3 = (a: Truth, b: Truth): Truth =>
  a === true || b === true ? true : a === null || b === null ? null : false;

function applyOperator(operator: ComparisonOperator, c: number | null): Truth {
  if (c === null) return null;
  switch (operator) {
    case '=':
      return c === 0;
    case '!=':
      return c !== 0;
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
  }
}

/** Any element satisfies the test (Elasticsearch semantics for multi-valued fields). */
function anyOf(values: Scalar[], test: (v: Scalar) => Truth): Truth {
  return values.reduce<Truth>((acc, v) => or3(acc, test(v)), false);
}

/** Words of a Text value, as a full-text index would see them. */
const words = (s: string): string[] =>
  s
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

function evaluate(e: VisibilityExpr, r: VisibilityRecord): Truth {
  switch (e.kind) {
    case 'and':
      return and3(evaluate(e.left, r), evaluate(e.right, r));
    case 'or':
      return or3(evaluate(e.left, r), evaluate(e.right, r));
    case 'not':
      return not3(evaluate(e.expr, r));
    case 'isNull': {
      const v = valueOf(e.attribute, r);
      const isNull = v === undefined || (Array.isArray(v) && v.length === 0);
      return e.negated ? !isNull : isNull;
    }
    default:
      return evaluatePredicate(e, r);
  }
}

function evaluatePredicate(
  e: Extract<VisibilityExpr, { kind: 'compare' | 'in' | 'between' | 'startsWith' }>,
  r: VisibilityRecord,
): Truth {
  const attr = e.attribute;
  const v = valueOf(attr, r);

  // Keyword lists and Text use Temporal's full-text index: membership, and a missing value is
  // simply "does not contain" (so != and NOT IN match it).
  if (attr.type === 'KeywordList' || attr.type === 'Text') {
    let have: Scalar[];
    if (attr.type === 'Text') have = typeof v === 'string' ? words(v) : [];
    else have = Array.isArray(v) ? v : v === undefined ? [] : [v];
    const contains = (o: Operand) =>
      attr.type === 'Text'
        ? words(String(o.value)).some((w) => have.includes(w))
        : have.some((x) => compare(attr, x, o) === 0);
    if (e.kind === 'compare') return e.operator === '=' ? contains(e.value) : !contains(e.value);
    if (e.kind === 'in') return e.values.some(contains) !== e.negated;
  }

  if (v === undefined) return null;
  const test = (x: Scalar): Truth => {
    switch (e.kind) {
      case 'compare':
        return applyOperator(e.operator, compare(attr, x, e.value));
      case 'in': {
        const found = e.values.reduce<Truth>(
          (acc, o) => or3(acc, applyOperator('=', compare(attr, x, o))),
          false,
        );
        return e.negated ? not3(found) : found;
      }
      case 'between': {
        const inRange = and3(
          applyOperator('>=', compare(attr, x, e.from)),
          applyOperator('<=', compare(attr, x, e.to)),
        );
        return e.negated ? not3(inRange) : inRange;
      }
      case 'startsWith': {
        if (typeof x !== 'string') return null;
        return x.startsWith(e.prefix) !== e.negated;
      }
    }
  };
  return Array.isArray(v) ? anyOf(v, test) : test(v);
}

/** True when the record satisfies the query (an unknown result, as in SQL, does not match). */
export function matchesVisibilityQuery(q: VisibilityQuery, r: VisibilityRecord): boolean {
  return q.where === undefined || evaluate(q.where, r) === true;
}

// ---------------------------------------------------------------------------------------------
// Order

const TYPE_RANK = { boolean: 0, number: 1, bigint: 1, string: 2 } as Record<string, number>;

function compareScalars(a: Scalar, b: Scalar): number {
  const ra = TYPE_RANK[typeof a];
  const rb = TYPE_RANK[typeof b];
  return ra !== rb ? ra - rb : sign(a, b);
}

function sortKey(v: Value, direction: 'ASC' | 'DESC'): Scalar | undefined {
  if (!Array.isArray(v)) return v;
  if (v.length === 0) return undefined;
  return v.reduce((best, x) => {
    const c = compareScalars(x, best);
    return (direction === 'ASC' ? c < 0 : c > 0) ? x : best;
  });
}

/** Open runs (no CloseTime) first, then CloseTime DESC, StartTime DESC, RunId ASC: Temporal's default. */
function defaultOrder(a: VisibilityRecord, b: VisibilityRecord): number {
  const ca = a.closeTime?.getTime();
  const cb = b.closeTime?.getTime();
  if (ca !== cb) {
    if (ca === undefined) return -1;
    if (cb === undefined) return 1;
    return cb - ca;
  }
  const s = b.startTime.getTime() - a.startTime.getTime();
  if (s !== 0) return s;
  return sign(a.runId, b.runId);
}

/** The order ListWorkflowExecutions returns records in, for this query. */
export function compareForVisibilityOrder(
  q: VisibilityQuery,
): (a: VisibilityRecord, b: VisibilityRecord) => number {
  if (q.orderBy.length === 0) return defaultOrder;
  const terms = q.orderBy;
  return (a, b) => {
    for (const { attribute, direction } of terms) {
      const va = sortKey(valueOf(attribute, a), direction);
      const vb = sortKey(valueOf(attribute, b), direction);
      if (va === undefined || vb === undefined) {
        // Missing values sort last whatever the direction (Elasticsearch's `missing: _last`).
        if (va !== vb) return va === undefined ? 1 : -1;
        continue;
      }
      const c = compareScalars(va, vb);
      if (c !== 0) return direction === 'DESC' ? -c : c;
    }
    return sign(b.runId, a.runId);
  };
}
