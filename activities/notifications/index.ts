// Notifications: channels, templates, the delivery activities and the dispatcher that starts delivery.
export * from './channels';
export * from './delivery';
export * from './dispatcher';
export * from './templates';
export type * from './types';
