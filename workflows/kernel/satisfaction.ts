/** A callback finds a problem when the customer is not satisfied: 1 or 2 of 5, or extremely dissatisfied. */
export const NOT_SATISFIED_AT_MOST = 2;

/** Satisfied means 3 of 5 or better, and not extremely dissatisfied (a case's callbacks and callback workflows alike). */
export function isSatisfied(answer: { satisfaction?: number; extremelyDissatisfied?: boolean }): boolean {
  return !answer.extremelyDissatisfied && (answer.satisfaction ?? 0) > NOT_SATISFIED_AT_MOST;
}
