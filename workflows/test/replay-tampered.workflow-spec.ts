// Proof that the replay tests can fail: a recorded history with one command changed must not replay.
//
// `histories/service-request-remote-records.tampered.history.json` is
// `service-request-remote-records.history.json` (a whole case, recorded while its records were ordinary
// activities) with one thing changed: the activity scheduled for the customer's intake acknowledgement is
// named `recordCaseEvent` instead of `notifyCustomer`. Today's code schedules `notifyCustomer` there, so a
// worker replaying it must stop with a nondeterminism error — as it would if a refactoring reordered,
// renamed or dropped a command that running cases have in their histories.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { workflowBundle } from '@caseflow/temporal/testing';

const WORKFLOWS = path.join(__dirname, '..', 'index.ts');
const HISTORIES = path.join(__dirname, 'histories');

function load(file: string): temporal.api.history.v1.History {
  const json = JSON.parse(fs.readFileSync(path.join(HISTORIES, file), 'utf8'));
  return temporal.api.history.v1.History.fromObject(json);
}

const activityTypes = (history: temporal.api.history.v1.History) =>
  history.events.map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? null);

describe('a tampered history', () => {
  const original = load('service-request-remote-records.history.json');
  const tampered = load('service-request-remote-records.tampered.history.json');

  it('differs from the recorded one in exactly one command: one activity type', () => {
    expect(tampered.events).toHaveLength(original.events.length);
    const before = activityTypes(original);
    const after = activityTypes(tampered);
    const changed = before.flatMap((type, i) => (type === after[i] ? [] : [{ i, from: type, to: after[i] }]));
    expect(changed).toEqual([{ i: expect.any(Number), from: 'notifyCustomer', to: 'recordCaseEvent' }]);
  });

  it('fails replay with a nondeterminism error, while the recorded one replays under the same bundle', async () => {
    const options = { workflowBundle: await workflowBundle(WORKFLOWS) };
    await Worker.runReplayHistory(options, original, 'service-request-remote-records');
    const replay = Worker.runReplayHistory(options, tampered, 'service-request-remote-records-tampered');
    await expect(replay).rejects.toThrow(DeterminismViolationError);
    await expect(replay).rejects.toThrow(/notifyCustomer|recordCaseEvent|[Nn]ondeterminism/);
  });
});
