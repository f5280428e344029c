import { Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CASEFLOW_CONFIG, CaseflowConfig } from '@caseflow/config';
import { TemporalService } from '@caseflow/temporal';
import { createNotificationDispatcher } from '@caseflow/persistence/outbox';

export const NOTIFICATION_DISPATCHER = Symbol('NOTIFICATION_DISPATCHER');

/** The API re-queues a row the way the worker queues it: one deliverNotification workflow per delivery. */
export const notificationDispatcherProvider: Provider = {
  provide: NOTIFICATION_DISPATCHER,
  inject: [getDataSourceToken(), CASEFLOW_CONFIG, TemporalService],
  useFactory: (dataSource: DataSource, config: CaseflowConfig, temporal: TemporalService) =>
    createNotificationDispatcher({
      dataSource,
      client: () => temporal.client(),
      taskQueue: config.temporal.notificationsTaskQueue,
    }),
};
