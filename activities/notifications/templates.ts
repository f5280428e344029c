// Templates are data (`notification_templates`): a subject and a body with `{{placeholder}}`s, per type
// and language. This file fills in the values a template may use; the placeholder syntax itself is the
// outbox library's (template-syntax.ts), which the API's validation reads too.
import { consoleLink } from '@caseflow/domain';
import { commitmentLabel, TimeZone } from '@caseflow/sla';

export { placeholdersIn, render, templateProblems } from '@caseflow/persistence/outbox';

export const DEFAULT_LANGUAGE = 'zh-CN';
export type Language = 'zh-CN' | 'en';

/** Why a case must be reassigned (staff supervision's reasons). */
const REASONS: Record<string, Record<Language, string>> = {
  certification_expired: { 'zh-CN': '上岗证已过期', en: 'certificate expired' },
  certificate_revoked: { 'zh-CN': '上岗证已吊销', en: 'certificate revoked' },
  disqualified: { 'zh-CN': '已被取消资格', en: 'disqualified' },
};

export interface ContextSources {
  data: Record<string, unknown>;
  caseNumber?: string | null;
  language: Language;
  timeZone: string;
  appBaseUrl: string;
  recipientName?: string;
}

/**
 * The values a template can use, from the row's data plus what is derived from it: local times in the
 * recipient's time zone, "how late" in words, the promise's name in the recipient's language, a link.
 */
export function templateValues(src: ContextSources): Record<string, string | undefined> {
  const { data, language, timeZone } = src;
  const text = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : undefined);
  const time = (key: string) => {
    const value = text(key);
    return value && !Number.isNaN(Date.parse(value)) ? localTime(value, timeZone) : value;
  };
  const caseNumber = src.caseNumber ?? text('caseNumber');
  const kind = text('commitmentKind');
  const lateMs = typeof data.lateMs === 'number' ? data.lateMs : undefined;
  const values: Record<string, string | undefined> = {};
  // Anything plain in data is usable as is (weekly summary's text, a custom field of a custom template)…
  for (const [key, value] of Object.entries(data)) {
    if (typeof value === 'string' || typeof value === 'number') values[key] = String(value);
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string'))
      values[key] = value.join(language === 'en' ? ', ' : '、');
  }
  const reason = text('reason');
  const link = text('link');
  // …and these are always presented for people, never raw.
  return {
    ...values,
    caseNumber,
    customerName: text('customerName'),
    recipientName: src.recipientName ?? text('recipientName'),
    // The promise's name from the catalogue of commitment kinds (libs/sla commitment-kinds.ts).
    promise: kind ? commitmentLabel(kind, language) : undefined,
    dueAt: time('dueAt') ?? time('commitmentDueAt'),
    late: lateMs !== undefined && lateMs >= 0 ? duration(lateMs, language) : undefined,
    visitAt: time('visitAt'),
    expiresAt: time('expiresAt'),
    reason: reason ? (REASONS[reason]?.[language] ?? reason.replace(/_/g, ' ')) : undefined,
    previousVisitAt: time('previousVisitAt'),
    answerBy: time('answerBy'),
    resolvedAt: time('resolvedAt'),
    // A console page: the path the sender chose (libs/domain consolePath), else the case's page.
    link: link?.startsWith('/')
      ? consoleLink(src.appBaseUrl, link)
      : (link ??
        (caseNumber ? consoleLink(src.appBaseUrl, { page: 'case', number: caseNumber }) : undefined)),
  };
}

/** `2026-11-23 10:00`, as the recipient's clock reads it. */
export function localTime(iso: string, timeZone: string): string {
  return TimeZone.of(timeZone).localMinute(Date.parse(iso));
}

function duration(ms: number, language: Language): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes === 0) return language === 'en' ? 'less than a minute' : '不到1分钟';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const units =
    language === 'en'
      ? [
          [days, ' d'],
          [hours, ' h'],
          [mins, ' min'],
        ]
      : [
          [days, '天'],
          [hours, '小时'],
          [mins, '分钟'],
        ];
  return units
    .filter(([n]) => (n as number) > 0)
    .map(([n, unit]) => `${n}${unit}`)
    .join(language === 'en' ? ' ' : '');
}
