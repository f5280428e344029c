// validatePolicy: everything wrong with a draft policy, each problem with the path of the offending field
// ('rules[0].commitments[1].ladder[0].fraction'), so the admin API answers one 422 that lists them all and
// an editor can put each message next to its field. Pure: the caller says which calendars exist. A kind
// must be one the catalogue (commitment-kinds.ts) knows, on a case kind it applies to: no code starts any
// other, so a policy naming one would promise what nobody keeps.
import type { CalendarProblem } from './calendar-definition';
import { commitmentKind, POLICY_CASE_KINDS, POLICY_COMMITMENT_KINDS } from './commitment-kinds';
import type { CaseFacts } from './policy';
import { ESCALATION_TARGETS, STEP_ACTIONS } from './policy';

export type PolicyProblem = CalendarProblem;

export const BUDGET_UNITS = ['minutes', 'hours', 'days'] as const;
export const CLOCK_KINDS = ['working', 'calendar'] as const;

/** The case facts a rule may match on, and the type each value must have. */
const MATCH_FIELDS: Record<keyof CaseFacts, 'string' | 'boolean'> = {
  caseKind: 'string',
  category: 'string',
  tier: 'string',
  complexity: 'string',
  channel: 'string',
  dispatched: 'boolean',
};

export interface ValidatePolicyOptions {
  /** Ids of the calendars that exist; a commitment naming another one is refused. */
  knownCalendarIds: readonly string[];
}

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

const oneOf = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

export function validatePolicy(rules: unknown, options: ValidatePolicyOptions): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const problem = (path: string, message: string) => problems.push({ path, message });
  if (!Array.isArray(rules)) return [{ path: 'rules', message: 'must be a list of rules' }];
  if (rules.length === 0)
    problem('rules', 'must have at least one rule: a policy without rules promises nothing');

  const seenMatches = new Map<string, number>();
  rules.forEach((rule, r) => {
    const at = `rules[${r}]`;
    if (!isObject(rule)) return problem(at, 'must be { match, commitments }');
    const key = checkMatch(rule.match, `${at}.match`, problem);
    if (key !== undefined) {
      if (seenMatches.has(key)) {
        problem(
          `${at}.match`,
          `matches the same cases as rules[${seenMatches.get(key)}]; merge their commitments into one rule`,
        );
      } else seenMatches.set(key, r);
    }
    if (!Array.isArray(rule.commitments))
      return problem(`${at}.commitments`, 'must be a list of commitments');
    const kinds = new Map<string, number>();
    const caseKind = isObject(rule.match) ? rule.match.caseKind : undefined;
    rule.commitments.forEach((commitment, c) => {
      const path = `${at}.commitments[${c}]`;
      const kind = checkCommitment(commitment, path, caseKind, options, problem);
      if (kind === undefined) return;
      if (kinds.has(kind))
        problem(
          `${path}.kind`,
          `'${kind}' is defined twice in this rule (also commitments[${kinds.get(kind)}])`,
        );
      else kinds.set(kind, c);
    });
  });
  return problems;
}

/** Checks a rule's match; returns a canonical key of it (to find two rules matching the same cases). */
function checkMatch(
  match: unknown,
  path: string,
  problem: (path: string, message: string) => void,
): string | undefined {
  if (!isObject(match)) {
    problem(
      path,
      'must be an object of case facts, e.g. { "caseKind": "service_request" } ({} matches every case)',
    );
    return undefined;
  }
  let ok = true;
  for (const [field, value] of Object.entries(match)) {
    const type = MATCH_FIELDS[field as keyof CaseFacts];
    if (type === undefined) {
      problem(`${path}.${field}`, `is not a case fact; use ${oneOf(Object.keys(MATCH_FIELDS))}`);
      ok = false;
    } else if (typeof value !== type || (type === 'string' && (value as string).trim() === '')) {
      problem(
        `${path}.${field}`,
        type === 'boolean' ? 'must be true or false' : 'must be a non-empty string',
      );
      ok = false;
    }
  }
  if (!ok) return undefined;
  return JSON.stringify(
    Object.keys(match)
      .sort()
      .map((k) => [k, match[k]]),
  );
}

function checkBudget(
  budget: unknown,
  path: string,
  what: string,
  problem: (path: string, message: string) => void,
): void {
  if (!isObject(budget)) return problem(path, `must be { amount, unit } (unit: ${oneOf(BUDGET_UNITS)})`);
  const { amount, unit } = budget;
  if (typeof amount !== 'number' || !Number.isFinite(amount)) problem(`${path}.amount`, 'must be a number');
  else if (amount <= 0)
    problem(`${path}.amount`, `must be greater than 0 (${what} of ${amount} would be due at once)`);
  if (!BUDGET_UNITS.includes(unit as never)) problem(`${path}.unit`, `must be one of ${oneOf(BUDGET_UNITS)}`);
}

/** Checks one commitment definition; returns its kind when that is usable. */
function checkCommitment(
  commitment: unknown,
  path: string,
  caseKind: unknown,
  options: ValidatePolicyOptions,
  problem: (path: string, message: string) => void,
): string | undefined {
  if (!isObject(commitment)) {
    problem(path, 'must be { kind, budget, clock, calendarId, ladder }');
    return undefined;
  }
  const { kind, budget, clock, calendarId, ladder } = commitment;
  const kindOk = typeof kind === 'string' && /^[a-z][a-z0-9_]*$/.test(kind);
  if (!kindOk) problem(`${path}.kind`, "must be a name in snake_case, e.g. 'first_contact'");
  else checkKind(kind as string, `${path}.kind`, caseKind, problem);
  checkBudget(budget, `${path}.budget`, 'a budget', problem);
  if (!CLOCK_KINDS.includes(clock as never)) problem(`${path}.clock`, `must be one of ${oneOf(CLOCK_KINDS)}`);
  if (typeof calendarId !== 'string' || calendarId === '') {
    problem(`${path}.calendarId`, 'must name a calendar');
  } else if (!options.knownCalendarIds.includes(calendarId)) {
    problem(
      `${path}.calendarId`,
      `there is no calendar '${calendarId}'; known: ${oneOf(options.knownCalendarIds) || 'none'}`,
    );
  }
  if (!Array.isArray(ladder)) {
    problem(`${path}.ladder`, 'must be a list of steps ([] for none)');
  } else {
    const ids = new Map<string, number>();
    ladder.forEach((step, s) => {
      const id = checkStep(step, `${path}.ladder[${s}]`, problem);
      if (id === undefined) return;
      if (ids.has(id))
        problem(
          `${path}.ladder[${s}].id`,
          `'${id}' is used twice (also ladder[${ids.get(id)}]); a step id must be unique, it is how a fired step is remembered`,
        );
      else ids.set(id, s);
    });
  }
  return kindOk ? (kind as string) : undefined;
}

/** A kind from the catalogue, that a rule for `caseKind` (when the rule names one) may define. */
function checkKind(
  kind: string,
  path: string,
  caseKind: unknown,
  problem: (path: string, message: string) => void,
): void {
  const entry = commitmentKind(kind);
  if (entry === undefined) {
    return problem(
      path,
      `'${kind}' is not a commitment kind Caseflow starts; known kinds: ${oneOf(POLICY_COMMITMENT_KINDS)}`,
    );
  }
  if (entry.budgetFrom === 'sampling_settings') {
    return problem(path, `'${kind}' is timed by the sampling settings, not by a policy`);
  }
  if (typeof caseKind === 'string' && !(entry.caseKinds as readonly string[]).includes(caseKind)) {
    const not = POLICY_CASE_KINDS.includes(caseKind as never)
      ? `not to '${caseKind}'`
      : `and '${caseKind}' is not a case kind (${oneOf(POLICY_CASE_KINDS)})`;
    problem(path, `'${kind}' applies to ${oneOf(entry.caseKinds)} only, ${not}`);
  }
}

/** Checks one ladder step; returns its id when that is usable. */
function checkStep(
  step: unknown,
  path: string,
  problem: (path: string, message: string) => void,
): string | undefined {
  if (!isObject(step)) {
    problem(
      path,
      'must be { id, fraction, action, target, waitForWorkingHours, delay?, delayClock?, template? }',
    );
    return undefined;
  }
  const { id, fraction, action, target, waitForWorkingHours, delay, delayClock, template } = step;
  const idOk = typeof id === 'string' && id.trim() !== '';
  if (!idOk) problem(`${path}.id`, 'must be a non-empty string');
  if (!STEP_ACTIONS.includes(action as never))
    problem(`${path}.action`, `must be one of ${oneOf(STEP_ACTIONS)}`);
  if (!ESCALATION_TARGETS.includes(target as never)) {
    problem(
      `${path}.target`,
      `unknown role ${JSON.stringify(target)}; must be one of ${oneOf(ESCALATION_TARGETS)}`,
    );
  }
  if (typeof fraction !== 'number' || !Number.isFinite(fraction)) {
    problem(
      `${path}.fraction`,
      'must be a number: the share of the budget used when the step fires (0.75, 1)',
    );
  } else if (fraction <= 0 || fraction > 1) {
    problem(
      `${path}.fraction`,
      `must be within (0, 1], got ${fraction}; a step after the deadline is fraction 1 with a delay`,
    );
  } else if (action === 'remind' && fraction >= 1) {
    problem(
      `${path}.fraction`,
      `a warning point must come before the deadline: use a fraction below 1 (e.g. 0.75), got ${fraction}`,
    );
  } else if (action === 'breach' && (fraction !== 1 || delay !== undefined)) {
    problem(`${path}.fraction`, 'a breach step marks the deadline itself: fraction 1 and no delay');
  }
  if (delay !== undefined) checkBudget(delay, `${path}.delay`, 'a delay', problem);
  if (delayClock !== undefined && !CLOCK_KINDS.includes(delayClock as never)) {
    problem(`${path}.delayClock`, `must be one of ${oneOf(CLOCK_KINDS)}`);
  }
  if (template !== undefined && (typeof template !== 'string' || template.trim() === '')) {
    problem(`${path}.template`, 'must be a non-empty string when given');
  }
  if (typeof waitForWorkingHours !== 'boolean') {
    problem(
      `${path}.waitForWorkingHours`,
      'must be true (internal reminders wait for working hours) or false (messages to customers do not)',
    );
  }
  return idOk ? (id as string) : undefined;
}

/** Every calendar a policy's commitments name (the calendars a case under it must be given). */
export function calendarIdsOf(
  rules: readonly { commitments: readonly { calendarId: string }[] }[],
): string[] {
  return [...new Set(rules.flatMap((rule) => rule.commitments.map((c) => c.calendarId)))];
}
