import { DynamicModule, Global, Module } from '@nestjs/common';
import { CaseflowConfig, loadConfig } from './config';

/** Injection token for the validated {@link CaseflowConfig}. */
export const CASEFLOW_CONFIG = Symbol('CASEFLOW_CONFIG');

@Global()
@Module({})
export class ConfigModule {
  /** Provides the given config, or the one read from the environment. */
  static forRoot(config: CaseflowConfig = loadConfig()): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: CASEFLOW_CONFIG, useValue: config }],
      exports: [CASEFLOW_CONFIG],
    };
  }
}
