import { Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ActivityDependencies, createActivities } from '../../../activities';

export const ACTIVITIES = Symbol('ACTIVITIES');

/**
 * The worker's named data source. Equal to WorkerModule's WORKER_DATA_SOURCE by construction (spelled out
 * here because worker.module.ts imports this file); activities/test/worker-activities.int-spec.ts checks
 * the two agree by resolving this provider in a module that registers the data source under that name.
 */
const WORKER_DATA_SOURCE_TOKEN = getDataSourceToken('worker');

/** Binds injected services into the one explicit activity object the worker registers. */
export const activitiesProvider: Provider = {
  provide: ACTIVITIES,
  inject: [WORKER_DATA_SOURCE_TOKEN],
  useFactory: (dataSource: DataSource): ReturnType<typeof createActivities> => {
    const deps: ActivityDependencies = { dataSource };
    return createActivities(deps);
  },
};
