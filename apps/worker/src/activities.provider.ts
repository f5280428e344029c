import { Logger, Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CASEFLOW_CONFIG, CaseflowConfig } from '@caseflow/config';
import { TemporalService } from '@caseflow/temporal';
import { ActivityDependencies, createActivities } from '../../../activities';
import {
  createChannels,
  createNotificationDispatcher,
  describeChannels,
} from '../../../activities/notifications';
import { WORKER_DATA_SOURCE } from './worker-data-source';

export const ACTIVITIES = Symbol('ACTIVITIES');

const WORKER_DATA_SOURCE_TOKEN = getDataSourceToken(WORKER_DATA_SOURCE);

/** Binds injected services into the one explicit activity object the worker registers. */
export const activitiesProvider: Provider = {
  provide: ACTIVITIES,
  inject: [WORKER_DATA_SOURCE_TOKEN, CASEFLOW_CONFIG, TemporalService],
  useFactory: (
    dataSource: DataSource,
    config: CaseflowConfig,
    temporal: TemporalService,
  ): ReturnType<typeof createActivities> => {
    const channels = createChannels(config.notifications);
    // Said once at start-up, so a missing SMTP or SMS setting is noticed before the first message waits
    // as undeliverable. Names of the missing settings only, never their values.
    const logger = new Logger('Notifications');
    for (const channel of describeChannels(channels)) {
      if (channel.configured) logger.log(`Channel ${channel.name}: configured`);
      else
        logger.warn(
          `Channel ${channel.name}: not configured (set ${channel.missing}); its messages are kept as undeliverable`,
        );
    }
    const deps: ActivityDependencies = {
      dataSource,
      // Connects lazily, on the first message: creating the provider opens nothing.
      dispatcher: createNotificationDispatcher({
        dataSource,
        client: () => temporal.client(),
        taskQueue: config.temporal.notificationsTaskQueue,
      }),
      notifications: { channels, settings: config.notifications },
      client: () => temporal.client(),
    };
    return createActivities(deps);
  },
};
