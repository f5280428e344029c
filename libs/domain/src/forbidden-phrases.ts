// The standards forbid some phrases outright ("我不知道", "不关我事" …) and give the one to say instead.
// Matching is pure, so the API (on save) and activities (before a send) apply the same rule: letters
// compared case-insensitively and width-folded (NFKC), spaces ignored, curly apostrophes read as straight
// ones — "我 不知道" or "I DON’T KNOW" do not slip through.

export interface ForbiddenPhrase {
  phrase: string;
  alternative: string;
}

export interface ForbiddenPhraseHit extends ForbiddenPhrase {
  /** The field of the request that carries it (e.g. `body`, `instructions`). */
  field: string;
}

export function normaliseForPhraseMatch(text: string): string {
  return text
    .normalize('NFKC')
    .toLocaleLowerCase('en')
    .replace(/[‘’ʼ`]/g, "'")
    .replace(/\s+/g, '');
}

/** The forbidden phrases each field contains, in the order of the fields, then of the list. */
export function findForbiddenPhrases(
  fields: Record<string, string | null | undefined>,
  phrases: readonly ForbiddenPhrase[],
): ForbiddenPhraseHit[] {
  const hits: ForbiddenPhraseHit[] = [];
  const normalised = phrases
    .map((p) => ({ ...p, key: normaliseForPhraseMatch(p.phrase) }))
    .filter((p) => p.key.length > 0);
  for (const [field, text] of Object.entries(fields)) {
    if (!text) continue;
    const haystack = normaliseForPhraseMatch(text);
    for (const p of normalised) {
      if (haystack.includes(p.key)) hits.push({ field, phrase: p.phrase, alternative: p.alternative });
    }
  }
  return hits;
}

/** One field message per hit: what was said, and what the standard says instead. */
export function forbiddenPhraseMessage(hit: ForbiddenPhraseHit): string {
  return `${hit.field} contains the forbidden phrase "${hit.phrase}": say "${hit.alternative}" instead`;
}

/**
 * The free-text fields of case and complaint actions whose words reach the customer (read out, sent or
 * handed over); they are checked before the action runs. Notes, reasons, a handler's result for the
 * hotline, callback remarks and a customer's own wish are internal or the customer's words: not checked.
 */
export const CUSTOMER_FACING_CASE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'request-customer-test': ['instructions'],
  resolve: ['summary'],
};

export const CUSTOMER_FACING_COMPLAINT_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'promise-answer': ['answer'],
  'deliver-result': ['result'],
};

/** The customer-facing texts of one action's arguments, field → text. */
export function customerFacingTexts(
  fields: Readonly<Record<string, readonly string[]>>,
  action: string,
  args: unknown,
): Record<string, string | undefined> {
  const names = fields[action] ?? [];
  const values = (args ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    names.map((name) => [name, typeof values[name] === 'string' ? (values[name] as string) : undefined]),
  );
}
