import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { CaseflowConfig, ConfigModule, LogLevel } from '@caseflow/config';
import { createDataSourceOptions } from '@caseflow/persistence';
import { TemporalModule } from '@caseflow/temporal';
import { AppointmentsModule } from './appointments/appointments.module';
import { AssessmentsModule } from './assessments/assessments.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { BoardViewsModule } from './board-views/board-views.module';
import { BranchesModule } from './branches/branches.module';
import { CustomersModule } from './customers/customers.module';
import { CalendarsModule } from './calendars/calendars.module';
import { CallbacksModule } from './callbacks/callbacks.module';
import { CareCampaignsModule } from './care-campaigns/care-campaigns.module';
import { CasesModule } from './cases/cases.module';
import { DemoModule } from './demo/demo.module';
import { ComplaintsModule } from './complaints/complaints.module';
import { ApiExceptionFilter } from './common/errors';
import { createLoggerParams } from './common/logging/logger-params';
import { EscalationsModule } from './escalations/escalations.module';
import { ForbiddenPhrasesModule } from './forbidden-phrases/forbidden-phrases.module';
import { HandoverModule } from './handover/handover.module';
import { EvaluationsModule } from './evaluations/evaluations.module';
import { HealthModule } from './health/health.module';
import { SlaPoliciesModule } from './sla-policies/sla-policies.module';
import { InboxModule } from './inbox/inbox.module';
import { LiveModule } from './live/live.module';
import { SamplesModule } from './samples/samples.module';
import { ServiceScriptsModule } from './service-scripts/service-scripts.module';
import { SettingsModule } from './settings/settings.module';
import { ObservabilityModule } from './observability/observability.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OrganisationModule } from './organisation/organisation.module';
import { PenaltiesModule } from './penalties/penalties.module';
import { ReportsModule } from './reports/reports.module';
import { StaffModule } from './staff/staff.module';
import { UsersModule } from './users/users.module';
import { WebhooksModule } from './webhooks/webhooks.module';

export interface AppModuleOptions {
  databaseUrl: string;
  logLevel: LogLevel;
  logDestination?: DestinationStream;
}

@Module({})
export class AppModule {
  static forRoot(config: CaseflowConfig, options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(createLoggerParams(options.logLevel, options.logDestination)),
        TypeOrmModule.forRoot({
          ...createDataSourceOptions(options.databaseUrl),
          // TypeORM's own error log prints query parameters (password hashes among them) to the console;
          // failures reach the exception filter instead, which logs them without parameters.
          logging: false,
          retryAttempts: 3,
        }),
        TemporalModule.forRoot(),
        AuditModule,
        ForbiddenPhrasesModule,
        UsersModule,
        AuthModule,
        HealthModule,
        ObservabilityModule,
        BranchesModule,
        CustomersModule,
        StaffModule,
        OrganisationModule,
        PenaltiesModule,
        EvaluationsModule,
        AssessmentsModule,
        ReportsModule,
        CasesModule,
        AppointmentsModule,
        ComplaintsModule,
        EscalationsModule,
        HandoverModule,
        BoardViewsModule,
        SlaPoliciesModule,
        CalendarsModule,
        NotificationsModule,
        InboxModule,
        LiveModule,
        WebhooksModule,
        CallbacksModule,
        SamplesModule,
        SettingsModule,
        ServiceScriptsModule,
        CareCampaignsModule,
        DemoModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ApiExceptionFilter }],
    };
  }
}
