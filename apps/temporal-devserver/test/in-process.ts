// The dev server started inside the test process (no child process), for the server's own specs that read
// or tune its internals (poll timeouts, page sizes, poller history). Everything else launches the server as
// a process through `createTestEnvironment` from `@caseflow/temporal/testing`, which imports no app.
export { startDevServer as startDevServerInProcess } from '../src/server';
export type { DevServer, DevServerOptions } from '../src/server';
