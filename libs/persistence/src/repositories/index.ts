// Repositories: each table (or admin setting) that both activities and API services write or read has its
// one owner here; activities are thin adapters over them and the API imports them, never an activity.
export * from './org-chart';
export * from './refusal';
export * from './settings';
export * from './month-sample';
export * from './reassignments';
export * from './escalations';
export * from './hand-over';
