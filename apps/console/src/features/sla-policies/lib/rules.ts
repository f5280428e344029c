// A policy's rules read as a table: one row per (rule, commitment), and two versions compared row by row.
// Pure functions over the API's rule data; the pages only render what these return.

export interface Budget {
  amount: number;
  unit: string;
}

export interface LadderStep {
  id: string;
  fraction: number;
  delay?: Budget;
  delayClock?: string;
  action: string;
  target: string;
  template?: string;
  waitForWorkingHours: boolean;
}

export interface CommitmentRule {
  kind: string;
  budget: Budget;
  clock: string;
  calendarId: string;
  ladder: LadderStep[];
}

export interface PolicyRule {
  match: Record<string, string | boolean | undefined>;
  commitments: CommitmentRule[];
}

/** The case facts a rule can match, in the order the table shows them. */
export const MATCH_FIELDS = ['caseKind', 'category', 'tier', 'complexity', 'channel', 'dispatched'] as const;

export interface RuleRow {
  /** Stable across versions: the rule's match and the commitment's kind. */
  key: string;
  ruleIndex: number;
  commitmentIndex: number;
  match: PolicyRule['match'];
  commitment: CommitmentRule;
}

export function matchKey(match: PolicyRule['match']): string {
  return MATCH_FIELDS.filter((f) => match[f] !== undefined)
    .map((f) => `${f}=${String(match[f])}`)
    .join('&');
}

export function ruleRows(rules: readonly PolicyRule[]): RuleRow[] {
  return rules.flatMap((rule, ruleIndex) =>
    rule.commitments.map((commitment, commitmentIndex) => ({
      key: `${matchKey(rule.match)}/${commitment.kind}`,
      ruleIndex,
      commitmentIndex,
      match: rule.match,
      commitment,
    })),
  );
}

/** The warning point: the first step before the deadline (e.g. 0.75), if the ladder has one. */
export function warningPoint(ladder: readonly LadderStep[]): number | undefined {
  return ladder.find((s) => s.fraction < 1 && !s.delay)?.fraction;
}

/** The aspects of a commitment two versions can differ in, each as comparable text. */
export const ASPECTS = ['budget', 'clock', 'calendarId', 'warning', 'ladder'] as const;
export type Aspect = (typeof ASPECTS)[number];

export function aspectsOf(c: CommitmentRule): Record<Aspect, string> {
  const warning = warningPoint(c.ladder);
  return {
    budget: `${c.budget.amount} ${c.budget.unit}`,
    clock: c.clock,
    calendarId: c.calendarId,
    warning: warning === undefined ? '' : `${Math.round(warning * 100)}%`,
    ladder: c.ladder.map(stepText).join(' → '),
  };
}

export function stepText(s: LadderStep): string {
  const delay = s.delay ? ` +${s.delay.amount} ${s.delay.unit}` : '';
  return `${Math.round(s.fraction * 100)}%${delay} ${s.action} ${s.target}`;
}

export interface DiffRow {
  key: string;
  match: PolicyRule['match'];
  kind: string;
  left?: CommitmentRule;
  right?: CommitmentRule;
  /** Aspects that differ; every aspect when the row is only on one side. */
  changed: Aspect[];
}

/** Two versions side by side: every row of either, in the left's order then the right's new rows. */
export function diffRules(left: readonly PolicyRule[], right: readonly PolicyRule[]): DiffRow[] {
  const rights = new Map(ruleRows(right).map((r) => [r.key, r]));
  const rows: DiffRow[] = [];
  const seen = new Set<string>();
  for (const l of ruleRows(left)) {
    seen.add(l.key);
    const r = rights.get(l.key);
    const a = aspectsOf(l.commitment);
    const b = r && aspectsOf(r.commitment);
    rows.push({
      key: l.key,
      match: l.match,
      kind: l.commitment.kind,
      left: l.commitment,
      right: r?.commitment,
      changed: b ? ASPECTS.filter((x) => a[x] !== b[x]) : [...ASPECTS],
    });
  }
  for (const r of ruleRows(right)) {
    if (seen.has(r.key)) continue;
    rows.push({
      key: r.key,
      match: r.match,
      kind: r.commitment.kind,
      right: r.commitment,
      changed: [...ASPECTS],
    });
  }
  return rows;
}

/**
 * The API names a bad field by its path in the body (`rules[0].commitments[1].budget.amount`); a form
 * names it as a list (['rules', 0, 'commitments', 1, 'budget', 'amount']).
 */
export function fieldName(path: string): (string | number)[] {
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((part) => part !== '')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}
