// `npm test [-- jest args]`: runs Jest (all projects unless told otherwise) and ends with one plain line,
// "jest: N passed, N failed, N skipped", so any reader of a CI log sees the count at a glance.
//
// It also makes sure the run ends. On two cores Jest runs every file in one process, and waits for that
// process to go idle before it exits: anything a test failed to stop (a worker, a dev server, a timer)
// would hold CI until it is killed, with no result. Jest writes its report when the last file is done, so
// once the report exists Jest gets LEFT_RUNNING_GRACE_MS to exit; after that the leftovers are named as a
// defect and the process is stopped, and the result is the tests' own. A run that never finishes at all is
// stopped after CASEFLOW_TEST_MAX_MINUTES (default 60) and fails.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const LEFT_RUNNING_GRACE_MS = 30_000;
const maxMinutes = Number(process.env.CASEFLOW_TEST_MAX_MINUTES ?? 60);

const report = path.join(__dirname, '..', 'reports', 'jest.json');
fs.mkdirSync(path.dirname(report), { recursive: true });
fs.rmSync(report, { force: true });
// The console's pure browser code (countdowns, time labels, i18n catalogues) is tested by Vitest first, on a
// whole run only (`npm test -- <jest args>` runs just those Jest tests).
let consoleFailed = false;
if (process.argv.length <= 2) {
  const vitest = path.join(__dirname, '..', 'node_modules', 'vitest', 'vitest.mjs');
  const run = spawnSync(process.execPath, [vitest, 'run', '--config', 'apps/console/vite.config.mts'], {
    stdio: 'inherit',
    cwd: path.join(__dirname, '..'),
  });
  consoleFailed = run.status !== 0;
  process.stdout.write(`vitest (apps/console): ${consoleFailed ? 'FAILED' : 'passed'}\n`);
}
const jest = require.resolve('jest/bin/jest');
// Its own process group, so stopping it also stops what it started (a dev server, PostgreSQL), which
// would otherwise keep CI's output open.
const child = spawn(process.execPath, [jest, '--json', `--outputFile=${report}`, ...process.argv.slice(2)], {
  stdio: 'inherit',
  detached: true,
});
const killGroup = (signal) => {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
};
// A terminal's Ctrl-C reaches only the foreground group, which Jest is no longer in: pass it on.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => killGroup(signal));

let stoppedBecause;
const stop = (why) => {
  if (stoppedBecause) return;
  stoppedBecause = why;
  process.stderr.write(`\n${why}\n`);
  killGroup('SIGKILL');
};

const startedAt = Date.now();
let reportSeenAt;
const watch = setInterval(() => {
  if (reportSeenAt === undefined && fs.existsSync(report)) reportSeenAt = Date.now();
  if (reportSeenAt !== undefined && Date.now() - reportSeenAt > LEFT_RUNNING_GRACE_MS) {
    stop(
      `test: every test file has finished, but Jest has not exited ${LEFT_RUNNING_GRACE_MS / 1000} s later: ` +
        'a test left something running (a Temporal worker, a dev server, a connection, a timer). ' +
        'That is a defect in the test to fix; `npx jest --detectOpenHandles <file>` shows what. Stopping Jest.',
    );
  } else if (Date.now() - startedAt > maxMinutes * 60_000) {
    stop(
      `test: the run has not finished after ${maxMinutes} minutes (CASEFLOW_TEST_MAX_MINUTES); stopping Jest.`,
    );
  }
}, 1_000);

child.on('exit', (code, signal) => {
  clearInterval(watch);
  // Whatever Jest left behind goes with it (a process holding CI's output open would hold CI too).
  killGroup('SIGKILL');
  let failed = code !== 0 || consoleFailed;
  if (fs.existsSync(report)) {
    const r = JSON.parse(fs.readFileSync(report, 'utf8'));
    const skipped = r.numPendingTests + (r.numTodoTests || 0);
    process.stdout.write(
      `jest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped\n`,
    );
    // Stopped only for what it left running: the verdict is the tests' own.
    if (signal === 'SIGKILL' && reportSeenAt !== undefined) failed = !r.success;
  } else {
    failed = true;
  }
  process.exit(failed ? 1 : 0);
});
