// The placeholder syntax of message templates (`notification_templates`): `{{name}}`. The one place that
// knows it: parsing it for validation (the API refuses unknown names on save) and filling it in on sending.
const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;
/** Anything that looks like an attempt at a placeholder but is not one, e.g. `{{ case number }}`. */
const MALFORMED = /\{\{(?!\s*[A-Za-z][A-Za-z0-9_]*\s*\}\})/;

/** The placeholder names a text uses, in order of first use. */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

/** What is wrong with a template's text given the placeholders its type allows (empty: nothing). */
export function templateProblems(text: string, allowed: readonly string[]): string[] {
  const problems: string[] = [];
  if (MALFORMED.test(text)) problems.push('has a malformed placeholder: write {{name}}');
  const unknown = placeholdersIn(text).filter((name) => !allowed.includes(name));
  if (unknown.length > 0) {
    problems.push(
      `uses unknown placeholder${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `{{${n}}}`).join(', ')}; allowed: ${allowed.join(', ')}`,
    );
  }
  return problems;
}

/** Fills the placeholders in; one without a value becomes empty rather than showing braces to a customer. */
export function render(text: string, values: Record<string, string | undefined>): string {
  return text.replace(PLACEHOLDER, (_, name: string) => values[name] ?? '');
}
