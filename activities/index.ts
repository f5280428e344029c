// Activities are thin, idempotent adapters over injected services (see STYLE.md §2). The worker builds
// them with `createActivities(deps)`; workflows import only the type, never the values.
import type { DataSource } from 'typeorm';
import { createCaseRecordActivities, RecordsLogger } from './case-records';

export interface ActivityDependencies {
  /** The worker's own data source (named 'worker'). */
  dataSource: DataSource;
  /** For warnings outside an activity context; inside one, the activity's own logger is used. */
  logger?: RecordsLogger;
}

export function createActivities(deps: ActivityDependencies) {
  return {
    ...createCaseRecordActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
export type * from './types';
