import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CaseflowConfig, ConfigModule } from '@caseflow/config';
import { createDataSourceOptions } from '@caseflow/persistence';
import { TemporalModule } from '@caseflow/temporal';
import { activitiesProvider } from './activities.provider';
import { WorkerHost } from './worker-host.service';
import { WORKER_DATA_SOURCE } from './worker-data-source';

export { WORKER_DATA_SOURCE };

@Module({})
export class WorkerModule {
  static forRoot(config: CaseflowConfig): DynamicModule {
    if (!config.databaseUrl)
      throw new Error('The worker needs DATABASE_URL (or run `npm start` for the embedded default).');
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot({
          ...createDataSourceOptions(config.databaseUrl),
          name: WORKER_DATA_SOURCE,
          // TypeORM's own error log prints query parameters; activities log their own errors.
          logging: false,
        }),
        // The client activities use to start a notification's delivery workflow.
        TemporalModule.forRoot(),
      ],
      providers: [activitiesProvider, WorkerHost],
      exports: [WorkerHost],
    };
  }
}
