// Commands unchanged by the kernel redesign: histories recorded by the workflows as they were before it
// (commit 0c93a3a, the test suites' own scenarios — a complaint's ladder, rounds, report and re-plan; a
// callback's retries and re-plan; cases resolved, called back, re-planned, closed) replay under today's
// code. Some were recorded while still running (a replay then checks the commands up to where they stop).
// `replay-tampered.workflow-spec.ts` shows that a changed command does fail such a replay.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '@caseflow/temporal/testing';

const WORKFLOWS = path.join(__dirname, '..', 'index.ts');
const HISTORIES = path.join(__dirname, 'histories');
const recorded = fs
  .readdirSync(HISTORIES)
  .filter((file) => file.endsWith('.before-kernel.history.json'))
  .sort();

function load(file: string): temporal.api.history.v1.History {
  return temporal.api.history.v1.History.fromObject(
    JSON.parse(fs.readFileSync(path.join(HISTORIES, file), 'utf8')),
  );
}

const typeOf = (history: temporal.api.history.v1.History) =>
  history.events[0].workflowExecutionStartedEventAttributes!.workflowType!.name;

describe('histories recorded before the kernel', () => {
  it('cover the three commitment-bearing workflows', () => {
    const types = new Set(recorded.map((file) => typeOf(load(file))));
    expect([...types].sort()).toEqual(['callbackWorkflow', 'complaintWorkflow', 'serviceRequestWorkflow']);
  });

  it.each(recorded)('%s replays under today’s code', async (file) => {
    await Worker.runReplayHistory(
      { workflowBundle: await workflowBundle(WORKFLOWS) },
      load(file),
      file.replace(/\.history\.json$/, ''),
    );
  });
});
