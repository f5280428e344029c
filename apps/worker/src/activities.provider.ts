import { Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ActivityDependencies, createActivities } from '../../../activities';
import { WORKER_DATA_SOURCE } from './worker-data-source';

export const ACTIVITIES = Symbol('ACTIVITIES');

const WORKER_DATA_SOURCE_TOKEN = getDataSourceToken(WORKER_DATA_SOURCE);

/** Binds injected services into the one explicit activity object the worker registers. */
export const activitiesProvider: Provider = {
  provide: ACTIVITIES,
  inject: [WORKER_DATA_SOURCE_TOKEN],
  useFactory: (dataSource: DataSource): ReturnType<typeof createActivities> => {
    const deps: ActivityDependencies = { dataSource };
    return createActivities(deps);
  },
};
