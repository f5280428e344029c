// `npm test [-- jest args]`: runs Jest (all projects unless told otherwise) and ends with one plain line,
// "jest: N passed, N failed, N skipped", so any reader of a CI log sees the count at a glance.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const report = path.join(__dirname, '..', 'reports', 'jest.json');
fs.mkdirSync(path.dirname(report), { recursive: true });
fs.rmSync(report, { force: true });
const jest = require.resolve('jest/bin/jest');
const result = spawnSync(
  process.execPath,
  [jest, '--json', `--outputFile=${report}`, ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);
if (fs.existsSync(report)) {
  const r = JSON.parse(fs.readFileSync(report, 'utf8'));
  const skipped = r.numPendingTests + (r.numTodoTests || 0);
  process.stdout.write(`jest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped\n`);
}
process.exit(result.status === null ? 1 : result.status);
