import { ValidationError } from 'class-validator';

/**
 * Text that PostgreSQL or a workflow payload cannot hold, or that makes no sense in a form field, is refused
 * at the edge for every request (body, query and path), before a DTO's own rules run: a new DTO is covered
 * without remembering. Constraint names are stable, so a translation catalogue can key on them.
 */
export const SAFE_TEXT_CONSTRAINT = 'safeText';
export const MAX_TEXT_CONSTRAINT = 'maxTextLength';

/**
 * The longest string any request may carry, whatever its DTO says: far above every field's own limit
 * (the longest is a few thousand characters), far below what would strain a workflow payload.
 */
export const MAX_TEXT_LENGTH = 100_000;

// U+0000 (PostgreSQL refuses it in text and jsonb), the other C0 controls except tab, line feed and
// carriage return, DEL, and the C1 controls.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
// A high surrogate not followed by a low one, or a low one not preceded by a high one: not UTF-8 encodable.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** What is wrong with a string, or undefined when it is fine. */
export function textProblem(value: string): { constraint: string; message: string } | undefined {
  if (value.length > MAX_TEXT_LENGTH) {
    return {
      constraint: MAX_TEXT_CONSTRAINT,
      message: `must be at most ${MAX_TEXT_LENGTH} characters long (it has ${value.length})`,
    };
  }
  const control = CONTROL.exec(value);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    return {
      constraint: SAFE_TEXT_CONSTRAINT,
      message:
        code === '0000'
          ? 'must not contain a NUL character (U+0000)'
          : `must not contain the control character U+${code} (only tab, line feed and carriage return are allowed)`,
    };
  }
  if (LONE_SURROGATE.test(value)) {
    return {
      constraint: SAFE_TEXT_CONSTRAINT,
      message: 'must be valid Unicode text (it contains an unpaired surrogate)',
    };
  }
  return undefined;
}

/**
 * Every string of a request value (and every key of its objects), as class-validator errors whose
 * `property` is the full path (`customer.name`, `items.2.text`), so the usual 422 tree names the field.
 * `root` names a value that is itself a string (a path parameter).
 */
export function unsafeTextErrors(value: unknown, root = ''): ValidationError[] {
  const errors: ValidationError[] = [];
  const seen = new Set<object>();
  const visit = (current: unknown, path: string, depth: number): void => {
    if (typeof current === 'string') {
      const problem = textProblem(current);
      if (problem) errors.push(errorAt(path, problem));
      return;
    }
    if (current === null || typeof current !== 'object' || seen.has(current) || depth > 32) return;
    seen.add(current);
    for (const [key, child] of Object.entries(current)) {
      const childPath = path ? `${path}.${key}` : key;
      const keyProblem = textProblem(key);
      if (keyProblem) {
        errors.push(
          errorAt(path || '(body)', { ...keyProblem, message: `a field name ${keyProblem.message}` }),
        );
        continue;
      }
      visit(child, childPath, depth + 1);
    }
  };
  visit(value, root, 0);
  return errors;
}

function errorAt(path: string, problem: { constraint: string; message: string }): ValidationError {
  return Object.assign(new ValidationError(), {
    property: path || '(value)',
    children: [],
    constraints: { [problem.constraint]: `${path || 'the value'} ${problem.message}` },
  });
}
