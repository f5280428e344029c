// The organisation chart's reader lives in the persistence layer (the API's organisation page reads it
// too); activities keep importing it from here.
export * from '@caseflow/persistence/repositories/org-chart';
