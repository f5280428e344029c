export * from './data-source';
export * from './entities';
export * from './migrations';
export * from './case-numbers';
export * from './policy-snapshots';
export * from './reports';
