// The kernel of the commitment-bearing workflows (service request / inquiry, complaint, callback): what
// they share beside the commitment runner (../commitments.ts).
export * from './activity-options';
export * from './failures';
export * from './ladder';
export * from './replan';
export * from './satisfaction';
export * from './words';
