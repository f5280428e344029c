import type { ValueTransformer } from 'typeorm';

/** `bigint` columns arrive from pg as strings; durations in ms fit a JS number comfortably. */
export const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
