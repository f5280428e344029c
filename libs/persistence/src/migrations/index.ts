// Every migration, in order. `npm run migration:generate -- <Name>` writes a new file here; add it below.
import type { MigrationInterface } from 'typeorm';
import { CreateUsers1795358392316 } from './1795358392316-CreateUsers';
import { CreateSlaAndOrganisation1795359600000 } from './1795359600000-CreateSlaAndOrganisation';
import { SeedDefaultSla1795359700000 } from './1795359700000-SeedDefaultSla';
import { CreateCaseRecords1795359800000 } from './1795359800000-CreateCaseRecords';
import { NotificationDelivery1795361000000 } from './1795361000000-NotificationDelivery';
import { PolicyAdministration1795361600000 } from './1795361600000-PolicyAdministration';
import { CaseWorkflowIdFollowsNumber1795362000000 } from './1795362000000-CaseWorkflowIdFollowsNumber';
import { Penalties1795363000000 } from './1795363000000-Penalties';
import { Complaints1795370000000 } from './1795370000000-Complaints';
import { CallbacksAndSamples1795380000000 } from './1795380000000-CallbacksAndSamples';
import { StaffSupervision1795390000000 } from './1795390000000-StaffSupervision';
import { BranchesAndStaffLifecycle1795400000000 } from './1795400000000-BranchesAndStaffLifecycle';
import { ComplaintEscalations1795410000000 } from './1795410000000-ComplaintEscalations';
import { EveryMessageHasTemplates1795411000000 } from './1795411000000-EveryMessageHasTemplates';
import { IntakeRequestHashes1795420000000 } from './1795420000000-IntakeRequestHashes';
import { SampleForceReason1795420100000 } from './1795420100000-SampleForceReason';
import { HandoverPickUps1795420200000 } from './1795420200000-HandoverPickUps';
import { ComplaintSourcePhone1795420300000 } from './1795420300000-ComplaintSourcePhone';
import { CaseRouting1795430000000 } from './1795430000000-CaseRouting';
import { UserPasswordLifecycle1795440000000 } from './1795440000000-UserPasswordLifecycle';
import { UserTokenVersion1795440000001 } from './1795440000001-UserTokenVersion';
import { ActivityFailures1795450000000 } from './1795450000000-ActivityFailures';
import { SignInThrottle1795460000000 } from './1795460000000-SignInThrottle';
import { UnsentNotificationsIndex1795470000000 } from './1795470000000-UnsentNotificationsIndex';
import { CaseListIndexes1795480000000 } from './1795480000000-CaseListIndexes';
import { ReportIndexes1795490000000 } from './1795490000000-ReportIndexes';
import { ReportPackRuns1795490000001 } from './1795490000001-ReportPackRuns';
import { CommitmentFacts1795491000000 } from './1795491000000-CommitmentFacts';
import { ChangeLog1800600000000 } from './1800600000000-ChangeLog';
import { ChangeLogLookupIndex1800600000001 } from './1800600000001-ChangeLogLookupIndex';
import { BoardViews1800700000000 } from './1800700000000-BoardViews';
import { Customers1801200000000 } from './1801200000000-Customers';
import { CustomerErasure1801200000001 } from './1801200000001-CustomerErasure';
import { ForbiddenPhrases1801300000000 } from './1801300000000-ForbiddenPhrases';
import { SuspensionLifted1801300000001 } from './1801300000001-SuspensionLifted';
import { ManagerRole1801300000002 } from './1801300000002-ManagerRole';
import { Appointments1801300000003 } from './1801300000003-Appointments';
import { ServiceCatalogueAndScripts1801300000004 } from './1801300000004-ServiceCatalogueAndScripts';
import { CareCampaigns1801300000005 } from './1801300000005-CareCampaigns';
import { CareAudienceFromCustomers1801400000000 } from './1801400000000-CareAudienceFromCustomers';
import { BoardSoonestDueIndex1801400000001 } from './1801400000001-BoardSoonestDueIndex';
import { CaseListCountIndex1822000000000 } from './1822000000000-CaseListCountIndex';

export const MIGRATIONS: (new () => MigrationInterface)[] = [
  CreateUsers1795358392316,
  CreateSlaAndOrganisation1795359600000,
  SeedDefaultSla1795359700000,
  CreateCaseRecords1795359800000,
  NotificationDelivery1795361000000,
  PolicyAdministration1795361600000,
  CaseWorkflowIdFollowsNumber1795362000000,
  Penalties1795363000000,
  Complaints1795370000000,
  CallbacksAndSamples1795380000000,
  StaffSupervision1795390000000,
  BranchesAndStaffLifecycle1795400000000,
  ComplaintEscalations1795410000000,
  EveryMessageHasTemplates1795411000000,
  IntakeRequestHashes1795420000000,
  SampleForceReason1795420100000,
  HandoverPickUps1795420200000,
  ComplaintSourcePhone1795420300000,
  CaseRouting1795430000000,
  UserPasswordLifecycle1795440000000,
  UserTokenVersion1795440000001,
  ActivityFailures1795450000000,
  SignInThrottle1795460000000,
  UnsentNotificationsIndex1795470000000,
  CaseListIndexes1795480000000,
  ReportIndexes1795490000000,
  ReportPackRuns1795490000001,
  CommitmentFacts1795491000000,
  ChangeLog1800600000000,
  ChangeLogLookupIndex1800600000001,
  BoardViews1800700000000,
  Customers1801200000000,
  CustomerErasure1801200000001,
  ForbiddenPhrases1801300000000,
  SuspensionLifted1801300000001,
  ManagerRole1801300000002,
  Appointments1801300000003,
  ServiceCatalogueAndScripts1801300000004,
  CareCampaigns1801300000005,
  CareAudienceFromCustomers1801400000000,
  BoardSoonestDueIndex1801400000001,
  CaseListCountIndex1822000000000,
];
