import { Test } from '@nestjs/testing';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ConfigModule, loadConfig } from '@caseflow/config';
import { createDataSourceOptions } from '@caseflow/persistence';
import { createTestDatabase, seedOrganisation, TestDatabase } from '@caseflow/persistence/testing';
import { TemporalModule } from '@caseflow/temporal';
import { ACTIVITIES, activitiesProvider } from '../../apps/worker/src/activities.provider';
import { WORKER_DATA_SOURCE } from '../../apps/worker/src/worker.module';
import type { Activities } from '..';

let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createTestDatabase();
});

afterAll(async () => {
  await testDb?.drop();
});

it("binds the worker's named data source into the activities it registers", async () => {
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot(loadConfig({})),
      TemporalModule.forRoot(),
      TypeOrmModule.forRoot({ ...createDataSourceOptions(testDb.url), name: WORKER_DATA_SOURCE }),
    ],
    providers: [activitiesProvider],
  }).compile();
  try {
    const activities = moduleRef.get<Activities>(ACTIVITIES);
    expect(Object.keys(activities).sort()).toEqual([
      'assignCallback',
      'awaitRollout',
      'checkAssignable',
      'checkStaffInvolved',
      'drawSample',
      'expireCertificate',
      'finishCampaign',
      'finishRollout',
      'fireComplaintStep',
      'fireLadderStep',
      'listRolloutPage',
      'loadCampaign',
      'loadReportPackCalendar',
      'loadSamplingSettings',
      'markCallbacksStarted',
      'notifyCustomer',
      'openComplaint',
      'planNotification',
      'prepareDeliveries',
      'prepareLinkedCase',
      'proposePenalties',
      'recordCallbackAttempt',
      'recordCallbackTask',
      'recordCaseEvent',
      'recordComplaintEvent',
      'recordRolloutProgress',
      'remindCertificationExpiry',
      'routeComplaint',
      'routeToGmOffice',
      'sampledCases',
      'sendBatch',
      'sendNotification',
      'sendReportPack',
      'settleRevokedCertificate',
      'signalRolloutTargets',
      'writeWeeklySummary',
    ]);
    const org = await seedOrganisation(moduleRef.get<DataSource>(getDataSourceToken(WORKER_DATA_SOURCE)));
    await expect(activities.checkAssignable({ staffId: org.engineerId })).resolves.toMatchObject({
      id: org.engineerId,
    });
  } finally {
    await moduleRef.close();
  }
});
