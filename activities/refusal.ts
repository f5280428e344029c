// Refusals are raised by repositories too (libs/persistence/src/repositories/refusal.ts); activities keep
// importing it from here.
export { refusal } from '@caseflow/persistence/repositories/refusal';
