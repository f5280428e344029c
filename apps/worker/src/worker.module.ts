import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CaseflowConfig, ConfigModule } from '@caseflow/config';
import { createDataSourceOptions } from '@caseflow/persistence';
import { activitiesProvider } from './activities.provider';
import { WorkerHost } from './worker-host.service';

/**
 * The worker's own named data source: when `npm start` runs the API and the worker in one process, each
 * keeps its own pool and neither replaces the other's default registration.
 */
export const WORKER_DATA_SOURCE = 'worker';

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
      ],
      providers: [activitiesProvider, WorkerHost],
      exports: [WorkerHost],
    };
  }
}
