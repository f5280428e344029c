// How a case writes its records (timeline and read model, escalation records, the outbox): the activity
// proxies and the patches that changed how they run. Every write goes through here, in turn.
import { patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { CaseRecordActivities } from '../../activities/types';
import { RECORD_ACTIVITY, RECORD_LOCAL_ACTIVITY, RECORD_LOCAL_ACTIVITY_BOUNDED } from '../kernel';
import { keptStorable, notedEntry } from '../storable-records';

const remote = proxyActivities<CaseRecordActivities>(RECORD_ACTIVITY);
/**
 * The case's own records — timeline and read model, escalation records, the outbox — are short, idempotent
 * writes, so they run as local activities: in the worker, inside the workflow task that decided them. A
 * ladder step is then one workflow task (timer fired → escalation written → timeline written → next timer)
 * instead of three with two activity tasks between them, and a re-plan signal one instead of two; that is
 * what lets a worker keep up with thousands of deadlines falling due together. Retries stay the same: a
 * short back-off is retried in the worker (the task heartbeating), a longer one waits on a timer.
 */
const local = proxyLocalActivities<CaseRecordActivities>(RECORD_LOCAL_ACTIVITY);
/** Cases started before the switch keep their (remote) activities, so their histories replay unchanged. */
export const LOCAL_RECORDS_PATCH = 'case-records-as-local-activities';
/**
 * A ladder step and its timeline entry are one record: one local activity, one statement. Cases that fired
 * steps before keep recording the entry separately when they replay them.
 */
export const STEP_WITH_ENTRY_PATCH = 'ladder-step-with-its-timeline-entry';
/**
 * A record write that keeps failing (the database down) retries in the workflow task only while its back-off
 * is short; past `localRetryThreshold` it waits on a timer, so the task — and the worker's task slot — is
 * free between attempts, and a failing case never slows the others. Cases started before keep `local`.
 */
export const BOUNDED_LOCAL_RETRY_PATCH = 'record-retries-wait-on-a-timer';
const localBounded = proxyLocalActivities<CaseRecordActivities>(RECORD_LOCAL_ACTIVITY_BOUNDED);
const records = () =>
  patched(LOCAL_RECORDS_PATCH) ? (patched(BOUNDED_LOCAL_RETRY_PATCH) ? localBounded : local) : remote;
/**
 * Record writes run one at a time. The SDK hands a workflow its local activities' results in the order they
 * finished when it runs them, but in the order they were started when it replays them; an update handler and
 * the main loop each awaiting a write (a note added as a breach fires) could then write a history that no
 * worker can replay — on Temporal Server as on the dev server
 * (apps/temporal-devserver/test/update-replay.devserver-spec.ts). In a queue, the order is the same both ways.
 * Cases started before keep writing side by side, so their histories replay unchanged.
 */
export const ONE_RECORD_AT_A_TIME_PATCH = 'one-record-write-at-a-time';
let recordQueue: Promise<unknown> = Promise.resolve();
function inTurn<T>(write: () => Promise<T>): Promise<T> {
  if (!patched(ONE_RECORD_AT_A_TIME_PATCH)) return write();
  const turn = recordQueue.then(write, write);
  recordQueue = turn.catch(() => undefined);
  return turn;
}
export const recordCaseEvent: CaseRecordActivities['recordCaseEvent'] = (input) =>
  keptStorable(
    (i: typeof input) => inTurn(() => records().recordCaseEvent(i)),
    input,
    (i) => ({ ...i, entry: notedEntry(i.entry) }),
  );
export const fireLadderStep: CaseRecordActivities['fireLadderStep'] = (input) =>
  keptStorable(
    (i: typeof input) => inTurn(() => records().fireLadderStep(i)),
    input,
    (i) => (i.timeline ? { ...i, timeline: { ...i.timeline, entry: notedEntry(i.timeline.entry) } } : i),
  );
export const notifyCustomer: CaseRecordActivities['notifyCustomer'] = (input) =>
  keptStorable((i: typeof input) => inTurn(() => records().notifyCustomer(i)), input);
// A read of the staff table whose refusal is the operator's answer: an ordinary activity.
export const { checkAssignable } = remote;
