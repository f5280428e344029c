import { buildMessage, ValidateBy, type ValidationOptions } from 'class-validator';

/** A finite number with at most `places` decimal places (0.15, 200.5; not 1e-7 nor 0.30000000000000004). */
export function isDecimalNumber(value: unknown, places: number): value is number {
  return typeof value === 'number' && Number.isFinite(value) && Number(value.toFixed(places)) === value;
}

/**
 * `@IsNumber({ maxDecimalPlaces })` without its crash: class-validator counts the decimals of a number's
 * text, and a number written with an exponent (`9e-323`) has no "." there, so it threw a TypeError (a 500).
 * Same constraint name, `isNumber`, so a message catalogue keyed on it keeps working.
 */
export function IsDecimalNumber(places: number, validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNumber',
      constraints: [{ maxDecimalPlaces: places }],
      validator: {
        validate: (value: unknown) => isDecimalNumber(value, places),
        defaultMessage: buildMessage(
          (each) => `${each}$property must be a number with at most ${places} decimal places`,
          validationOptions,
        ),
      },
    },
    validationOptions,
  );
}
