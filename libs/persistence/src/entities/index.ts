// Every TypeORM entity, listed explicitly so the same list works from source and from the build.
import { BranchEntity } from './branch.entity';
import { CalendarEntity } from './calendar.entity';
import { CallbackEntity, CallbackTaskEntity } from './callback.entity';
import { CaseEventEntity } from './case-event.entity';
import { CaseEntity } from './case.entity';
import { CommitmentEntity } from './commitment.entity';
import {
  CustomerContactEntity,
  CustomerEntity,
  CustomerEquipmentEntity,
  CustomerSiteEntity,
} from './customer.entity';
import { ComplaintCommitmentEntity, ComplaintEntity, ComplaintEventEntity } from './complaint.entity';
import { EscalationEntity } from './escalation.entity';
import { NotificationEntity } from './notification.entity';
import { AuditLogEntity, PolicyRolloutCaseEntity, PolicyRolloutEntity } from './policy-admin.entity';
import { NotificationTemplateEntity } from './notification-template.entity';
import { PenaltyEntity } from './penalty.entity';
import { SampleCaseEntity, SampleEntity, SampleSeedEntity } from './sample.entity';
import { SettingEntity } from './setting.entity';
import { SlaPolicyEntity, SlaPolicyVersionEntity } from './sla-policy.entity';
import { StaffEntity } from './staff.entity';
import {
  AssignmentOverrideEntity,
  CertificateEntity,
  EvaluationEntity,
  OrgUnitEntity,
  ProductLineEntity,
  ReassignmentEntity,
} from './supervision.entity';
import { UserEntity } from './user.entity';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity';

export * from './user.entity';
export * from './calendar.entity';
export * from './sla-policy.entity';
export * from './branch.entity';
export * from './staff.entity';
export * from './case.entity';
export * from './case-event.entity';
export * from './commitment.entity';
export * from './escalation.entity';
export * from './notification.entity';
export * from './callback.entity';
export * from './policy-admin.entity';
export * from './notification-template.entity';
export * from './webhook-subscription.entity';
export * from './penalty.entity';
export * from './complaint.entity';
export * from './sample.entity';
export * from './setting.entity';
export * from './supervision.entity';
export * from './customer.entity';

export const ENTITIES: (new () => object)[] = [
  UserEntity,
  CalendarEntity,
  SlaPolicyEntity,
  SlaPolicyVersionEntity,
  BranchEntity,
  StaffEntity,
  CaseEntity,
  CaseEventEntity,
  CommitmentEntity,
  EscalationEntity,
  NotificationEntity,
  CallbackEntity,
  NotificationTemplateEntity,
  WebhookSubscriptionEntity,
  AuditLogEntity,
  PolicyRolloutEntity,
  PolicyRolloutCaseEntity,
  PenaltyEntity,
  OrgUnitEntity,
  ProductLineEntity,
  CertificateEntity,
  ReassignmentEntity,
  AssignmentOverrideEntity,
  EvaluationEntity,
  CallbackTaskEntity,
  SampleSeedEntity,
  SampleEntity,
  SampleCaseEntity,
  SettingEntity,
  ComplaintEntity,
  ComplaintEventEntity,
  ComplaintCommitmentEntity,
  CustomerEntity,
  CustomerContactEntity,
  CustomerSiteEntity,
  CustomerEquipmentEntity,
];
