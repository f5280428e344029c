/** A standard phrase with the placeholders we know filled in; the others stay visible as {{name}}. */
export function fillPhrase(text: string, values: Record<string, string | number | undefined>): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
    values[name] === undefined ? whole : String(values[name]),
  );
}
