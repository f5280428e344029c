// One Jest run, several projects: the suffix of a test file says what it needs.
//   *.spec.ts           unit: pure code, no I/O
//   *.int-spec.ts       integration: a real PostgreSQL (started once in global set-up, migrated once)
//   *.workflow-spec.ts  workflows: the Temporal dev server with time skipping, real SDK worker
//   *.devserver-spec.ts the dev server itself, driven by the real SDK
//   *.e2e-spec.ts       the HTTP API in-process, with supertest
//   *.smoke-spec.ts     the embedded default started as a user would (`npm start`)
//   *.browser-spec.ts   the console in Debian's Chromium (playwright-core) against the real embedded stack
const fs = require('node:fs');
const path = require('node:path');

const swcConfig = JSON.parse(fs.readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));
delete swcConfig.$schema;

const moduleNameMapper = {
  '^@caseflow/(config|domain|sla|persistence|temporal)$': '<rootDir>/libs/$1/src',
  '^@caseflow/(config|domain|sla|persistence|temporal)/(.*)$': '<rootDir>/libs/$1/src/$2',
};

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', { ...swcConfig, swcrc: false }] },
  moduleNameMapper,
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.caseflow/'],
  setupFiles: ['reflect-metadata'],
};

const project = (displayName, suffix, extra = {}) => ({
  ...common,
  displayName,
  testMatch: [`<rootDir>/**/*.${suffix}.ts`],
  ...extra,
});

module.exports = {
  // Jest reads testTimeout only here, not per project: real servers and workflows need more than 5 s.
  testTimeout: 60_000,
  // One process running all 149 files in band grew past Node's 4 GB heap (files leave modules and native
  // handles behind). With a limit, Jest runs the files in a worker and starts a fresh one once a file leaves
  // it above the limit.
  workerIdleMemoryLimit: '1536MB',
  globalSetup: '<rootDir>/test/global-setup.js',
  globalTeardown: '<rootDir>/test/global-teardown.js',
  projects: [
    project('unit', 'spec'),
    project('integration', 'int-spec'),
    project('devserver', 'devserver-spec'),
    project('workflow', 'workflow-spec'),
    project('e2e', 'e2e-spec', { testEnvironment: '<rootDir>/test/e2e-environment.js' }),
    project('smoke', 'smoke-spec'),
    project('browser', 'browser-spec', { testEnvironment: '<rootDir>/test/e2e-environment.js' }),
  ],
};
