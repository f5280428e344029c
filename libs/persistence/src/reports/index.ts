export { reportTimeZone, branchExists, ratio, type ReportWindow } from './window';
export * from './complaint-rate';
export * from './compliance';
export * from './callbacks';
export * from './hotline';
export * from './render';
export * from './sheets';
export * from './pack';
