export * from './api-exception.filter';
export * from './error-response.dto';
export * from './error-mapping';
