import type { FormInstance } from 'antd';
import { ApiError } from '../api/client';

/**
 * Places a 422's field messages on the form's fields: `customer.phone` → the field named
 * ['customer', 'phone']. Returns the messages no field of the form could take.
 */
export function applyFieldErrors(form: FormInstance, error: unknown): string[] {
  if (!(error instanceof ApiError)) return [];
  const known = new Set(form.getFieldsError().map((f) => f.name.join('.')));
  const unplaced: string[] = [];
  const fields = Object.entries(error.fieldErrors).flatMap(([path, errors]) => {
    if (known.has(path)) return [{ name: path.split('.'), errors }];
    unplaced.push(...errors);
    return [];
  });
  form.setFields(fields);
  return unplaced;
}
