/**
 * The worker's own named data source: when `npm start` runs the API and the worker in one process, each
 * keeps its own pool and neither replaces the other's default registration.
 */
export const WORKER_DATA_SOURCE = 'worker';
