export * from './errors';
export * from './roles';
export * from './case';
export * from './case-number';
export * from './case-lifecycle';
export * from './case-view';
export * from './complaint';
export * from './sampling';
