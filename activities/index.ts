// Activities are thin, idempotent adapters over injected services (see STYLE.md §2). The worker builds
// them with `createActivities(deps)`; workflows import only the type, never the values.
import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import type { NotificationsConfig } from '@caseflow/config';
import { createCallbackActivities } from './callbacks';
import { createCareCampaignActivities } from './care-campaigns';
import { createCaseRecordActivities, RecordsLogger } from './case-records';
import { createComplaintActivities } from './complaints';
import { withFailureTracking } from './failure-tracking';
import {
  createChannels,
  createNotificationActivities,
  type Channels,
  type NotificationDispatcher,
  withInlineDelivery,
} from './notifications';
import { createPolicyRolloutActivities } from './policy-rollouts';
import { createReportPackActivities } from './report-pack';
import { createSamplingActivities } from './sampling';
import { createStaffActivities } from './staff';

export interface ActivityDependencies {
  /** The worker's own data source (named 'worker'). */
  dataSource: DataSource;
  /** For warnings outside an activity context; inside one, the activity's own logger is used. */
  logger?: RecordsLogger;
  /**
   * Starts delivery of the outbox rows the case activities write. Without it (tests of the case records
   * alone) rows are written and stay pending.
   */
  dispatcher?: NotificationDispatcher;
  /** How messages leave: the channels and their settings. Without them every channel is unconfigured. */
  notifications?: { channels?: Channels; settings?: Pick<NotificationsConfig, 'appBaseUrl' | 'quietHours'> };
  /** How long a sender's claim on a row holds (see createNotificationActivities). */
  claimLeaseMs?: number;
  /** The Temporal client policy rollouts signal the open cases through (connects on first use). */
  client?: () => Promise<Client>;
}

const UNCONFIGURED: NotificationsConfig = { appBaseUrl: 'http://localhost:3000' };

export function createActivities(deps: ActivityDependencies) {
  const channels = deps.notifications?.channels ?? createChannels(UNCONFIGURED);
  const notifications = createNotificationActivities({
    dataSource: deps.dataSource,
    channels,
    settings: deps.notifications?.settings ?? UNCONFIGURED,
    claimLeaseMs: deps.claimLeaseMs,
  });
  const dispatcher =
    deps.dispatcher &&
    withInlineDelivery(deps.dispatcher, {
      dataSource: deps.dataSource,
      channels,
      send: notifications.sendNotification,
      appBaseUrl: (deps.notifications?.settings ?? UNCONFIGURED).appBaseUrl,
    });
  const writers: ActivityDependencies = { ...deps, dispatcher };
  // A write the database refuses for good fails at once (non-retryably), and a failing one is on /health.
  return withFailureTracking(
    {
      ...createCaseRecordActivities(writers),
      ...createComplaintActivities(writers),
      ...notifications,
      ...createCallbackActivities(writers),
      ...createSamplingActivities(writers),
      ...createStaffActivities(writers),
      ...createReportPackActivities({ dataSource: deps.dataSource, channels }),
      ...createCareCampaignActivities(writers),
      ...createPolicyRolloutActivities({ dataSource: deps.dataSource, client: deps.client }),
    },
    { dataSource: deps.dataSource },
  );
}

export type Activities = ReturnType<typeof createActivities>;
export type * from './types';
export type * from './complaint-types';
export type * from './notifications/types';
export type * from './callback-types';
export type * from './staff-types';
export type * from './care-campaign-types';
export type * from './policy-rollout-types';
