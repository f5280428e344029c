export * from './data-source';
export * from './entities';
export * from './migrations';
export * from './case-numbers';
export * from './policy-snapshots';
export * from './intake-keys';
export * from './app-role';
export * from './reports';
