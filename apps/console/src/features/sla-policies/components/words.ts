import type { TFunction } from 'i18next';
import { MATCH_FIELDS, type Budget, type LadderStep, type PolicyRule } from '../lib/rules';

/** "Service request · gold · dispatched": the cases a rule applies to, in the reader's words. */
export function matchText(t: TFunction, match: PolicyRule['match']): string {
  const parts = MATCH_FIELDS.flatMap((field) => {
    const value = match[field];
    if (value === undefined) return [];
    switch (field) {
      case 'caseKind':
        return [t(`policies.caseKind.${String(value)}`, { defaultValue: String(value) })];
      case 'category':
        return [t(`category.${String(value)}`, { defaultValue: String(value) })];
      case 'tier':
        return [t(`tier.${String(value)}`, { defaultValue: String(value) })];
      case 'channel':
        return [t(`channel.${String(value)}`, { defaultValue: String(value) })];
      case 'complexity':
        return [t(`policies.complexity.${String(value)}`, { defaultValue: String(value) })];
      case 'dispatched':
        return value ? [t('policies.dispatched')] : [];
    }
  });
  return parts.length ? parts.join(' · ') : t('policies.anyCase');
}

export const budgetText = (t: TFunction, b: Budget) =>
  t(`policies.unit.${b.unit}`, { count: b.amount, defaultValue: `${b.amount} ${b.unit}` });

export const clockText = (t: TFunction, clock: string) =>
  t(`policies.clockName.${clock}`, { defaultValue: clock });

export const commitmentName = (t: TFunction, kind: string) =>
  t(`commitmentKind.${kind}`, { defaultValue: kind });

/** "remind assignee", "escalate to manager": what a ladder step does, to whom. */
export const stepAction = (t: TFunction, s: LadderStep) =>
  `${t(`policies.step.${s.action}`, { defaultValue: s.action })} ${t(`policies.target.${s.target}`, {
    defaultValue: s.target,
  })}`;

/** "75% remind assignee", "100% +2 h escalate to manager". */
export function stepWords(t: TFunction, s: LadderStep): string {
  const delay = s.delay ? ` +${budgetText(t, s.delay)}` : '';
  return `${Math.round(s.fraction * 100)}%${delay} ${stepAction(t, s)}`;
}
