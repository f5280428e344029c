import { ValidateIf } from 'class-validator';

/**
 * Makes a field that a parent DTO declares optional required in a child (e.g. `name` on create): class-validator
 * keeps an inherited `@IsOptional()` unless the child declares a conditional of its own for that field,
 * and without this a create without the field passed validation and hit the database's NOT NULL (a 500).
 */
export function RequiredHere(): PropertyDecorator {
  return ValidateIf(() => true);
}
