// The caller's language for error answers: the signed-in user's (users.language), else the best of
// Accept-Language that Caseflow speaks; English for anything else.
import type { Request } from 'express';

export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';

/** `zh`, `zh-CN`, `zh-Hans`, `zh-SG` … are simplified Chinese; `en-*` is English; anything else is not ours. */
function supported(tag: string): Language | undefined {
  const lower = tag.trim().toLowerCase();
  if (lower === 'zh' || lower.startsWith('zh-cn') || lower.startsWith('zh-hans') || lower === 'zh-sg')
    return 'zh-CN';
  if (lower === 'en' || lower.startsWith('en-')) return 'en';
  return undefined;
}

/** The best language in an Accept-Language header (by q, then order); English when none is ours. */
export function fromAcceptLanguage(header: string | undefined): Language {
  if (!header) return DEFAULT_LANGUAGE;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag, q: q === undefined ? 1 : Number(q), index };
    })
    .filter((r) => r.q > 0 && !Number.isNaN(r.q))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    const language = supported(tag);
    if (language) return language;
  }
  return DEFAULT_LANGUAGE;
}

/** The language of the request's answer: the user's setting when signed in, else Accept-Language. */
export function languageOf(request: Pick<Request, 'headers'> & { user?: { language?: string } }): Language {
  const own = request.user?.language;
  if (own) return supported(own) ?? DEFAULT_LANGUAGE;
  const header = request.headers['accept-language'];
  return fromAcceptLanguage(Array.isArray(header) ? header.join(',') : header);
}
