export * from './delivery';
export * from './task-queues';
export * from './temporal.module';
export * from './workflow-bundle';
export * from './connection-options';
export * from './tracing';
