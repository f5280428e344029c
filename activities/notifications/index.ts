// Notifications: the delivery activities, delivery on write, and the templates' values. The channels, the
// outbox's writer and the dispatcher are the outbox library's (@caseflow/persistence/outbox).
export * from '@caseflow/persistence/outbox';
export * from './delivery';
export * from './dispatcher';
export * from './templates';
export type * from './types';
