// The outbox (`notifications`): its one writer, the channel registry, the channels' senders, the template
// syntax and the dispatcher that hands rows to delivery. Used by the activities and the API alike; imported
// as `@caseflow/persistence/outbox` (it brings nodemailer and the Temporal client, which the rest of the
// persistence library does not need).
export * from './channel-registry';
export * from './channels';
export * from './dispatcher';
export * from './outbox.repository';
export * from './template-syntax';
