import {
  type VisibilityQueryOptions,
  type VisibilityRecord,
  VisibilityQueryError,
  compareForVisibilityOrder,
  matchesVisibilityQuery,
  parseVisibilityQuery,
} from './query';

const at = (iso: string) => new Date(iso);

function record(overrides: Partial<VisibilityRecord> = {}): VisibilityRecord {
  return {
    namespace: 'default',
    workflowId: 'order-1',
    runId: 'run-a',
    workflowType: 'OrderWorkflow',
    taskQueue: 'orders',
    status: 'Running',
    startTime: at('2024-01-01T10:00:00.000Z'),
    executionTime: at('2024-01-01T10:00:00.000Z'),
    historyLength: 5,
    searchAttributes: {
      CustomKeyword: 'gold',
      CustomInt: 42,
      CustomDouble: 1.5,
      CustomBool: true,
      CustomDatetime: at('2024-02-01T00:00:00.250Z'),
      CustomKeywordList: ['red', 'blue'],
      CustomText: 'my-business-id foobar',
    },
    ...overrides,
  };
}

const running = record();
const completed = record({
  workflowId: 'order-2',
  runId: 'run-b',
  status: 'Completed',
  startTime: at('2024-01-01T11:00:00.000Z'),
  executionTime: at('2024-01-01T11:00:30.000Z'),
  closeTime: at('2024-01-01T11:05:30.123Z'),
  historyLength: 11,
  searchAttributes: {},
});

const typed: VisibilityQueryOptions = {
  searchAttributeTypes: {
    CustomKeyword: 'Keyword',
    CustomInt: 'Int',
    CustomDouble: 'Double',
    CustomBool: 'Bool',
    CustomDatetime: 'Datetime',
    CustomKeywordList: 'KeywordList',
    CustomText: 'Text',
  },
};

const matches = (query: string, r: VisibilityRecord, options?: VisibilityQueryOptions) =>
  matchesVisibilityQuery(parseVisibilityQuery(query, options), r);

function errorOf(query: string, options?: VisibilityQueryOptions): VisibilityQueryError {
  try {
    parseVisibilityQuery(query, options);
  } catch (e) {
    if (e instanceof VisibilityQueryError) return e;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(query)} to be rejected`);
}

describe('parseVisibilityQuery / matchesVisibilityQuery', () => {
  it.each(['', '   ', '\n\t'])('an empty or blank query (%j) matches every record', (q) => {
    expect(matches(q, running)).toBe(true);
    expect(matches(q, completed)).toBe(true);
  });

  describe('comparison operators on system attributes', () => {
    it.each([
      ["WorkflowId = 'order-1'", true],
      ["WorkflowId = 'order-2'", false],
      ["WorkflowId != 'order-2'", true],
      ["WorkflowId <> 'order-1'", false],
      ["WorkflowId < 'order-2'", true],
      ["WorkflowId <= 'order-1'", true],
      ["WorkflowId > 'order-0'", true],
      ["WorkflowId >= 'order-2'", false],
      ["RunId = 'run-a'", true],
      ["WorkflowType = 'OrderWorkflow'", true],
      ["TaskQueue = 'orders'", true],
      ['HistoryLength = 5', true],
      ['HistoryLength > 4', true],
      ['HistoryLength >= 5.5', false],
      ['HistoryLength < 5', false],
      ['HistoryLength <= 5', true],
      ['HistoryLength != 5', false],
    ])('%s → %s', (q, expected) => {
      expect(matches(q, running)).toBe(expected);
    });
  });

  describe('IN, BETWEEN, STARTS_WITH, IS NULL and their negations', () => {
    it.each([
      ["WorkflowId IN ('order-1', 'order-9')", true],
      ["WorkflowId IN ('order-9')", false],
      ["WorkflowId NOT IN ('order-9', 'order-8')", true],
      ["WorkflowId NOT IN ('order-1')", false],
      ['HistoryLength IN (1, 5, 7)', true],
      ['HistoryLength BETWEEN 5 AND 10', true],
      ['HistoryLength BETWEEN 1 AND 5', true],
      ['HistoryLength BETWEEN 6 AND 10', false],
      ['HistoryLength NOT BETWEEN 6 AND 10', true],
      ["WorkflowId BETWEEN 'order-0' AND 'order-1'", true],
      ["WorkflowId STARTS_WITH 'order-'", true],
      ["WorkflowId STARTS_WITH 'order-1'", true],
      ["WorkflowId STARTS_WITH 'rder'", false],
      ["WorkflowId NOT STARTS_WITH 'invoice-'", true],
      ["WorkflowId starts_with 'ORDER'", false],
      ['CloseTime IS NULL', true],
      ['CloseTime IS NOT NULL', false],
      ['CustomKeyword IS NOT NULL', true],
      ['Missing IS NULL', true],
    ])('%s → %s', (q, expected) => {
      expect(matches(q, running)).toBe(expected);
    });
  });

  describe('boolean logic', () => {
    it.each([
      // A OR B AND C is A OR (B AND C): with A true and C false it matches only if AND binds tighter.
      ["WorkflowId = 'order-1' OR WorkflowId = 'x' AND TaskQueue = 'nope'", true],
      ["(WorkflowId = 'order-1' OR WorkflowId = 'x') AND TaskQueue = 'nope'", false],
      ["TaskQueue = 'nope' AND WorkflowId = 'x' OR WorkflowId = 'order-1'", true],
      ["TaskQueue = 'nope' AND (WorkflowId = 'x' OR WorkflowId = 'order-1')", false],
      ["((WorkflowId = 'order-1'))", true],
      // NOT binds tighter than AND/OR.
      ["NOT WorkflowId = 'x' AND TaskQueue = 'orders'", true],
      ["NOT (WorkflowId = 'order-1' OR TaskQueue = 'x')", false],
      ["NOT NOT WorkflowId = 'order-1'", true],
      ["WorkflowId = 'order-1' && TaskQueue = 'orders'", true],
      ["WorkflowId = 'x' || TaskQueue = 'orders'", true],
      ["workflowid = 'order-1'", false], // names are case-sensitive: an unknown custom attribute
      ["WorkflowId = 'order-1' and TaskQueue = 'orders' or HistoryLength = 0", true], // keywords are not
    ])('%s → %s', (q, expected) => {
      expect(matches(q, running)).toBe(expected);
    });
  });

  describe('quoting', () => {
    const quoted = record({ workflowId: `it's "quoted"\\` });
    it.each([
      [`WorkflowId = 'it''s "quoted"\\\\'`, 'a doubled single quote stands for one'],
      [`WorkflowId = 'it\\'s \\"quoted\\"\\\\'`, 'backslash escapes quotes and backslashes'],
      [`WorkflowId = "it's ""quoted""\\\\"`, 'double-quoted strings work the same way'],
    ])('%s: %s', (q) => {
      expect(matches(q, quoted)).toBe(true);
    });

    it('a backslash before an ordinary character is that character', () => {
      expect(matches(String.raw`WorkflowId = 'or\der-1'`, running)).toBe(true);
    });

    it('backticks quote attribute names, including reserved words and spaces', () => {
      const r = record({ searchAttributes: { 'Customer Tier': 'gold', Order: 'x', 'Odd`Name': 'y' } });
      expect(matches("`Customer Tier` = 'gold'", r)).toBe(true);
      expect(matches("`Order` = 'x'", r)).toBe(true);
      expect(matches("`Odd``Name` = 'y'", r)).toBe(true);
      expect(matches("`WorkflowId` = 'order-1'", running)).toBe(true);
    });

    it('negative and exponent numbers are numbers', () => {
      const r = record({ searchAttributes: { Balance: -12, Ratio: 1500 } });
      expect(matches('Balance = -12', r)).toBe(true);
      expect(matches('Balance < -11.5', r)).toBe(true);
      expect(matches('Ratio = 1.5e3', r)).toBe(true);
    });
  });

  describe('datetimes compare as instants, written as RFC 3339 strings or epoch nanoseconds', () => {
    it.each([
      ["StartTime = '2024-01-01T10:00:00Z'", true],
      ["StartTime = '2024-01-01T11:00:00+01:00'", true],
      ["StartTime = '2024-01-01T05:00:00-05:00'", true],
      ["StartTime > '2024-01-01T09:59:59.999999999Z'", true],
      ["StartTime > '2024-01-01T10:00:00.000000001Z'", false],
      ["StartTime >= '2024-01-01T10:00:00.000Z'", true],
      ["StartTime < '2024-01-01T10:00:00Z'", false],
      ["StartTime BETWEEN '2024-01-01T00:00:00Z' AND '2024-01-02T00:00:00Z'", true],
      ['StartTime BETWEEN "2024-01-01T10:00:00Z" AND "2024-01-01T10:00:00Z"', true],
      ["StartTime NOT BETWEEN '2024-01-01T00:00:00Z' AND '2024-01-02T00:00:00Z'", false],
      ['StartTime = 1704103200000000000', true],
      ["ExecutionTime <= '2024-01-01T10:00:00Z'", true],
      ["CustomDatetime = '2024-02-01T00:00:00.25Z'", true],
      ["CustomDatetime > '2024-02-01T00:00:00Z'", true],
    ])('%s → %s', (q, expected) => {
      expect(matches(q, running)).toBe(expected);
    });

    it('CloseTime of an open run is NULL: no comparison matches it', () => {
      expect(matches("CloseTime > '2000-01-01T00:00:00Z'", running)).toBe(false);
      expect(matches("CloseTime < '2100-01-01T00:00:00Z'", running)).toBe(false);
      expect(matches("CloseTime > '2024-01-01T11:05:30.122Z'", completed)).toBe(true);
    });

    it('a Datetime search attribute stored as an RFC 3339 string compares as an instant', () => {
      const r = record({ searchAttributes: { Due: '2024-03-01T12:00:00+02:00' } });
      expect(matches("Due = '2024-03-01T10:00:00Z'", r, { searchAttributeTypes: { Due: 'Datetime' } })).toBe(
        true,
      );
    });
  });

  describe('ExecutionStatus', () => {
    it.each([
      ["ExecutionStatus = 'Running'", true],
      ['ExecutionStatus = "Running"', true],
      ["ExecutionStatus = 'Completed'", false],
      ["ExecutionStatus != 'Completed'", true],
      ["ExecutionStatus IN ('Completed', 'Running')", true],
      ["ExecutionStatus NOT IN ('Failed', 'Canceled', 'Terminated', 'ContinuedAsNew', 'TimedOut')", true],
      ['ExecutionStatus = 1', true],
      ["ExecutionStatus = 'WORKFLOW_EXECUTION_STATUS_RUNNING'", true],
      // Compared by enum number, as the SQL store does: Running (1) < Completed (2).
      ["ExecutionStatus < 'Completed'", true],
    ])('%s → %s', (q, expected) => {
      expect(matches(q, running)).toBe(expected);
    });

    it.each(['Completed', 'Failed', 'Canceled', 'Terminated', 'ContinuedAsNew', 'TimedOut'] as const)(
      "ExecutionStatus = '%s' matches a run with that status",
      (status) => {
        expect(matches(`ExecutionStatus = '${status}'`, record({ status }))).toBe(true);
      },
    );
  });

  describe('ExecutionDuration is CloseTime − ExecutionTime of a closed run', () => {
    it.each([
      ["ExecutionDuration = '5m0.123s'", true],
      ["ExecutionDuration > '5m'", true],
      ["ExecutionDuration < '00:05:00'", false],
      ['ExecutionDuration = 300123000000', true],
      ["ExecutionDuration BETWEEN '1m' AND '1h'", true],
    ])('%s → %s', (q, expected) => {
      expect(matches(q, completed)).toBe(expected);
    });

    it('an open run has no ExecutionDuration', () => {
      expect(matches("ExecutionDuration > '0s'", running)).toBe(false);
      expect(matches('ExecutionDuration IS NULL', running)).toBe(true);
    });
  });

  describe('custom search attributes without declared types compare by their value', () => {
    it.each([
      ["CustomKeyword = 'gold'", true],
      ['CustomInt = 42', true],
      ['CustomInt > 41.5', true],
      ['CustomDouble BETWEEN 1 AND 2', true],
      ['CustomBool = true', true],
      ['CustomBool = FALSE', false],
      ["CustomDatetime < '2024-03-01T00:00:00Z'", true],
      ["CustomKeywordList = 'red'", true], // any element
      ["CustomKeywordList IN ('green', 'blue')", true],
      ["CustomKeywordList = 'green'", false],
      ["CustomInt = '42'", false], // a string is not a number
    ])('%s → %s', (q, expected) => {
      expect(matches(q, running)).toBe(expected);
    });
  });

  describe('missing values are NULL, as in SQL', () => {
    it.each([
      "CustomKeyword = 'gold'",
      "CustomKeyword != 'gold'",
      "NOT CustomKeyword = 'gold'",
      "CustomKeyword NOT IN ('gold')",
      "CustomKeyword NOT STARTS_WITH 'g'",
      'CustomInt NOT BETWEEN 1 AND 2',
      "Unknown = 'x'",
      "NOT (Unknown = 'x' AND WorkflowId = 'order-2')",
    ])('%s does not match a record without the attribute', (q) => {
      expect(matches(q, completed)).toBe(false);
    });

    it('an unknown part is absorbed by OR true and by AND false', () => {
      expect(matches("Unknown = 'x' OR WorkflowId = 'order-2'", completed)).toBe(true);
      expect(matches("NOT (Unknown = 'x' AND WorkflowId = 'nope')", completed)).toBe(true);
    });

    it('IS NULL finds records without the attribute; an empty keyword list counts as missing', () => {
      expect(matches('CustomKeyword IS NULL', completed)).toBe(true);
      expect(matches('Tags IS NULL', record({ searchAttributes: { Tags: [] } }))).toBe(true);
    });
  });

  describe('declared types (searchAttributeTypes)', () => {
    it.each([
      ["CustomKeywordList = 'red'", running, true],
      ["CustomKeywordList != 'red'", running, false],
      ["CustomKeywordList != 'green'", running, true],
      ["CustomKeywordList NOT IN ('green', 'red')", running, false],
      // Keyword lists use Temporal's full-text index: a run without the list "does not contain" the value.
      ["CustomKeywordList != 'red'", completed, true],
      ["CustomKeywordList NOT IN ('red')", completed, true],
      ["CustomKeywordList = 'red'", completed, false],
      // Text matches word by word, case-insensitively.
      ["CustomText = 'foobar'", running, true],
      ["CustomText = 'FOOBAR'", running, true],
      ["CustomText = 'business'", running, true],
      ["CustomText = 'foo'", running, false],
      ["CustomText = 'nothing foobar'", running, true],
      ["CustomText != 'foobar'", running, false],
      ["CustomText != 'foobar'", completed, true],
      ["CustomDatetime = '2024-02-01T01:00:00.25+01:00'", running, true],
      ['CustomBool != false', running, true],
      ['CustomDouble = 1.5', running, true],
    ])('%s on %#', (q, r, expected) => {
      expect(matches(q, r, typed)).toBe(expected);
    });
  });

  describe('unknown attribute names', () => {
    it('without a list of known attributes, an unknown name is a custom attribute that is NULL when absent', () => {
      expect(matches("Nope = 'x'", running)).toBe(false);
    });

    it('with knownAttributes, an unknown name is rejected as Temporal does', () => {
      const options = { knownAttributes: new Set(['CustomKeyword']) };
      expect(matches("CustomKeyword = 'gold'", running, options)).toBe(true);
      expect(matches("WorkflowId = 'order-1'", running, options)).toBe(true);
      expect(errorOf("Nope = 'x'", options).message).toBe(
        "invalid expression: column name 'Nope' is not a valid search attribute (at position 1)",
      );
    });

    it('with searchAttributeTypes (a Map works too), names outside it are rejected', () => {
      const options = { searchAttributeTypes: new Map([['CustomInt', 'Int' as const]]) };
      expect(matches('CustomInt = 42', running, options)).toBe(true);
      expect(errorOf("WorkflowId = 'a' AND Other = 1", options).position).toBe(21);
    });

    it("Temporal's predefined attributes are always known, with their types", () => {
      const r = record({ searchAttributes: { TemporalChangeVersion: ['fix-1', 'fix-2'] } });
      expect(matches("TemporalChangeVersion = 'fix-2'", r, { knownAttributes: new Set() })).toBe(true);
      expect(errorOf("TemporalChangeVersion STARTS_WITH 'fix'").message).toMatch(
        /operator 'STARTS_WITH' not supported for KeywordList type search attribute 'TemporalChangeVersion'/,
      );
    });
  });

  describe('invalid queries throw VisibilityQueryError saying what and where', () => {
    it.each([
      [
        "WorkflowId = 'x' AND",
        /^malformed query: expected a search attribute name but found the end of the query at position 21$/,
      ],
      ["WorkflowId = 'x", /^malformed query: unterminated string starting with ' at position 14$/],
      [
        "WorkflowId = 'x')",
        /^malformed query: expected AND, OR, ORDER BY or the end of the query but found '\)' at position 17$/,
      ],
      ["(WorkflowId = 'x'", /^malformed query: missing '\)' to close the '\(' at position 1 at position 18$/],
      [
        "WorkflowId = 'x' WorkflowType = 'y'",
        /^malformed query: expected AND, OR, ORDER BY .* found 'WorkflowType' at position 18$/,
      ],
      [
        'WorkflowId =',
        /^malformed query: expected a value after '=' but found the end of the query at position 13$/,
      ],
      ["WorkflowId == 'x'", /^malformed query: expected a value after '=' but found '=' at position 13$/],
      ["WorkflowId ~ 'x'", /^malformed query: unexpected character '~' at position 12$/],
      ['WorkflowId IN ()', /^malformed query: expected a value after '\(' but found '\)' at position 16$/],
      ["WorkflowId IN 'x'", /^malformed query: expected '\(' after IN but found ''x'' at position 15$/],
      ['HistoryLength BETWEEN 1 OR 2', /^malformed query: expected AND in BETWEEN … AND … but found 'OR'/],
      ["`Unclosed = 'x'", /^malformed query: unterminated `quoted name` at position 1$/],
      ["Order = 'x'", /reserved word 'Order' \(quote a name with backticks: `Order`\)/],
      [
        "WorkflowId NOT = 'x'",
        /^malformed query: expected IN, BETWEEN or STARTS_WITH after NOT but found '='/,
      ],
      [
        'HistoryLength = 12abc',
        /^malformed query: unexpected character 'a' after the number '12' at position 19$/,
      ],
      [
        'WorkflowId',
        /^invalid expression: incomplete expression: 'WorkflowId' must be followed by an operator .* \(at position 11\)$/,
      ],
      ["WorkflowId AND TaskQueue = 'x'", /^invalid expression: incomplete expression: 'WorkflowId'/],
      [
        'ExecutionStatus = Running',
        /^operation is not supported: column name on the right side of comparison expression \(did you forget to quote 'Running'\?\) \(at position 19\)$/,
      ],
      [
        "'Running' = ExecutionStatus",
        /^invalid expression: expected a search attribute name but found the value 'Running' \(at position 1\)/,
      ],
      ['WorkflowId = NULL', /^invalid expression: NULL cannot be compared; use 'IS NULL' or 'IS NOT NULL'/],
      [
        'CloseTime IS TRUE',
        /^invalid expression: 'IS' operator can only be used as 'IS NULL' or 'IS NOT NULL' \(at position 14\)$/,
      ],
      [
        "WorkflowId LIKE 'order%'",
        /^operation is not supported: operator 'LIKE' .*use STARTS_WITH for a prefix match$/,
      ],
      ["WorkflowId <=> 'x'", /^operation is not supported: operator '<=>'/],
      ["lower(WorkflowId) = 'x'", /^operation is not supported: function expression 'lower\(…\)'/],
      ["WorkflowId = 'x' LIMIT 10", /^operation is not supported: 'LIMIT' clause \(at position 18\)/],
      [
        "ExecutionStatus = 'Done'",
        /^invalid expression: invalid ExecutionStatus value 'Done' \(at position 19\); expected one of 'Running', 'Completed', 'Failed', 'Canceled', 'Terminated', 'ContinuedAsNew', 'TimedOut'$/,
      ],
      ["ExecutionStatus = 'running'", /invalid ExecutionStatus value 'running'/],
      ['ExecutionStatus = 9', /invalid ExecutionStatus value 9/],
      [
        "StartTime > '2024-01-01'",
        /^invalid expression: unable to parse datetime '2024-01-01' for search attribute StartTime \(at position 13\); expected RFC 3339/,
      ],
      ["StartTime > '2024-02-30T00:00:00Z'", /unable to parse datetime '2024-02-30T00:00:00Z'/],
      ["StartTime > '2024-01-01 10:00:00Z'", /unable to parse datetime/],
      [
        'StartTime > true',
        /^invalid expression: invalid value type for search attribute StartTime of type Datetime: true \(a boolean\)/,
      ],
      [
        "HistoryLength = '5'",
        /^invalid expression: invalid value type for search attribute HistoryLength of type Int: '5' \(a string\) \(at position 17\)$/,
      ],
      [
        'WorkflowId = 5',
        /invalid value type for search attribute WorkflowId of type Keyword: 5 \(an integer\)/,
      ],
      [
        "HistoryLength STARTS_WITH '1'",
        /^operation is not supported: operator 'STARTS_WITH' not supported for Int type search attribute 'HistoryLength' \(at position 15\)$/,
      ],
      [
        "ExecutionDuration = 'forever'",
        /^invalid expression: invalid duration value for search attribute ExecutionDuration: 'forever'/,
      ],
      [
        'GROUP BY WorkflowId',
        /^operation is not supported: 'GROUP BY' clause is not supported for search attribute WorkflowId/,
      ],
      [
        'GROUP BY ExecutionStatus, TaskQueue',
        /^operation is not supported: 'GROUP BY' clause supports only a single field/,
      ],
      [
        "WorkflowId = 'x' ORDER StartTime",
        /^malformed query: expected BY after ORDER but found 'StartTime' at position 24$/,
      ],
      [
        "ORDER BY 'StartTime'",
        /expected a search attribute name after ORDER BY but found the value 'StartTime'/,
      ],
    ])('%s', (q, message) => {
      const e = errorOf(q);
      expect(e).toBeInstanceOf(VisibilityQueryError);
      expect(e.name).toBe('VisibilityQueryError');
      expect(e.message).toMatch(message);
    });

    it.each([
      [
        "CustomBool = 'yes'",
        /invalid value type for search attribute CustomBool of type Bool: 'yes' \(a string\)/,
      ],
      ["CustomDouble = 'x'", /invalid value type for search attribute CustomDouble of type Double/],
      [
        "CustomKeywordList > 'a'",
        /operator '>' not supported for KeywordList type search attribute 'CustomKeywordList'/,
      ],
      [
        "CustomText STARTS_WITH 'a'",
        /operator 'STARTS_WITH' not supported for Text type search attribute 'CustomText'/,
      ],
      ["CustomText IN ('a')", /operator 'IN' not supported for Text type/],
      [
        'CustomBool BETWEEN false AND true',
        /^invalid expression: cannot do range condition on search attribute 'CustomBool' of type Bool/,
      ],
      [
        "CustomText BETWEEN 'a' AND 'b'",
        /cannot do range condition on search attribute 'CustomText' of type Text/,
      ],
      ['ORDER BY CustomText', /^operation is not supported: unable to sort by search attribute type Text/],
      [
        "CustomText = ' - '",
        /^invalid expression: value ' - ' for Text type search attribute CustomText has no words to match/,
      ],
    ])('with declared types: %s', (q, message) => {
      expect(errorOf(q, typed).message).toMatch(message);
    });

    it('the position is the 0-based offset of the token at fault', () => {
      expect(errorOf("WorkflowId = 'x' AND Bad").position).toBe(24);
      expect(errorOf("HistoryLength = 'x'").position).toBe(16);
    });
  });

  describe('GROUP BY', () => {
    it('GROUP BY ExecutionStatus is kept for CountWorkflowExecutions, with or without a filter', () => {
      expect(parseVisibilityQuery('GROUP BY ExecutionStatus').groupBy.map((a) => a.name)).toEqual([
        'ExecutionStatus',
      ]);
      const q = parseVisibilityQuery("WorkflowType = 'OrderWorkflow' GROUP BY ExecutionStatus");
      expect(q.groupBy.map((a) => a.name)).toEqual(['ExecutionStatus']);
      expect(matchesVisibilityQuery(q, running)).toBe(true);
    });
  });
});

describe('compareForVisibilityOrder', () => {
  const r = (runId: string, start: string, close?: string, searchAttributes: Record<string, unknown> = {}) =>
    record({ runId, startTime: at(start), closeTime: close ? at(close) : undefined, searchAttributes });

  const openOld = r('open-old', '2024-01-01T00:00:00Z');
  const openNew = r('open-new', '2024-01-03T00:00:00Z');
  const closedEarly = r('closed-early', '2024-01-02T00:00:00Z', '2024-01-02T01:00:00Z');
  const closedLate = r('closed-late', '2024-01-01T12:00:00Z', '2024-01-05T00:00:00Z');
  const all = [closedEarly, openOld, closedLate, openNew];

  const order = (query: string, records = all) =>
    [...records].sort(compareForVisibilityOrder(parseVisibilityQuery(query))).map((x) => x.runId);

  it('by default: open runs first (newest start first), then closed runs by CloseTime DESC', () => {
    expect(order('')).toEqual(['open-new', 'open-old', 'closed-late', 'closed-early']);
    expect(order("WorkflowId = 'order-1'")).toEqual(['open-new', 'open-old', 'closed-late', 'closed-early']);
  });

  it('by default, RunId ASC breaks ties', () => {
    const twins = [r('b', '2024-01-01T00:00:00Z'), r('a', '2024-01-01T00:00:00Z')];
    expect(order('', twins)).toEqual(['a', 'b']);
  });

  it.each([
    ['ORDER BY StartTime', ['open-old', 'closed-late', 'closed-early', 'open-new']],
    ['ORDER BY StartTime ASC', ['open-old', 'closed-late', 'closed-early', 'open-new']],
    ['order by StartTime desc', ['open-new', 'closed-early', 'closed-late', 'open-old']],
    [
      "WorkflowId = 'order-1' ORDER BY StartTime DESC",
      ['open-new', 'closed-early', 'closed-late', 'open-old'],
    ],
    // Missing values sort last in either direction; RunId DESC breaks the tie between the open runs.
    ['ORDER BY CloseTime ASC', ['closed-early', 'closed-late', 'open-old', 'open-new']],
    ['ORDER BY CloseTime DESC', ['closed-late', 'closed-early', 'open-old', 'open-new']],
    ['ORDER BY ExecutionStatus, StartTime DESC', ['open-new', 'closed-early', 'closed-late', 'open-old']],
  ])('%s', (q, expected) => {
    // ExecutionStatus is 'Running' for all of them (record() default), so StartTime decides.
    expect(order(q)).toEqual(expected);
  });

  it('with ORDER BY, RunId DESC breaks ties (as Elasticsearch does)', () => {
    const twins = [r('a', '2024-01-01T00:00:00Z'), r('b', '2024-01-01T00:00:00Z')];
    expect(order('ORDER BY StartTime', twins)).toEqual(['b', 'a']);
  });

  it('ORDER BY a custom attribute: numbers numerically, keyword lists by their smallest (ASC) or largest (DESC) element', () => {
    const rs = [
      r('ten', '2024-01-01T00:00:00Z', undefined, { Priority: 10, Tags: ['m', 'z'] }),
      r('two', '2024-01-01T00:00:00Z', undefined, { Priority: 2, Tags: ['b', 'n'] }),
      r('none', '2024-01-01T00:00:00Z'),
    ];
    expect(order('ORDER BY Priority', rs)).toEqual(['two', 'ten', 'none']);
    expect(order('ORDER BY Priority DESC', rs)).toEqual(['ten', 'two', 'none']);
    expect(order('ORDER BY Tags ASC', rs)).toEqual(['two', 'ten', 'none']);
    expect(order('ORDER BY Tags DESC', rs)).toEqual(['ten', 'two', 'none']);
  });

  it('the parsed query lists its ORDER BY terms', () => {
    expect(
      parseVisibilityQuery('ORDER BY CloseTime DESC, `WorkflowId`').orderBy.map((t) => [
        t.attribute.name,
        t.direction,
      ]),
    ).toEqual([
      ['CloseTime', 'DESC'],
      ['WorkflowId', 'ASC'],
    ]);
  });
});
