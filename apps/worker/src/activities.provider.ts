import { Provider } from '@nestjs/common';
import { ActivityDependencies, createActivities } from '../../../activities';

export const ACTIVITIES = Symbol('ACTIVITIES');

/** Binds injected services into the one explicit activity object the worker registers. */
export const activitiesProvider: Provider = {
  provide: ACTIVITIES,
  inject: [],
  useFactory: (): ReturnType<typeof createActivities> => {
    const deps: ActivityDependencies = {};
    return createActivities(deps);
  },
};
