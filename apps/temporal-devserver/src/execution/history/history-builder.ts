// The history builder (Temporal's workflow/history_builder.go): appending events, buffering those that arrive
// during a workflow task, and writing them when it ends.
import { durFromMs, num } from '../../util';
import { attrs, makeEvent } from '../events';
import { ExecutionRecord, HistoryEvent, WorkflowTaskRecord } from '../state';
import { HistoryContext } from './context';

export function appendEvent(
  shard: HistoryContext,
  exec: ExecutionRecord,
  eventType: string,
  attributes: object,
  userMetadata?: object | null,
): HistoryEvent {
  const event = makeEvent(eventType, shard.clock.now(), attributes, userMetadata);
  const wft = exec.workflowTask;
  if (wft && wft.startedEventId > 0) {
    exec.buffered.push(event);
  } else {
    event.eventId = exec.nextEventId++;
    exec.history.push(event);
    // A new event turns an update-only (speculative) task into a real one.
    if (wft && wft.speculative && wft.startedEventId === 0) persistScheduledTask(shard, exec, wft);
  }
  exec.stateTransitionCount++;
  return event;
}

export function persistScheduledTask(
  shard: HistoryContext,
  exec: ExecutionRecord,
  wft: WorkflowTaskRecord,
): void {
  wft.speculative = false;
  wft.persisted = true;
  const event = makeEvent('EVENT_TYPE_WORKFLOW_TASK_SCHEDULED', shard.clock.now(), {
    taskQueue: wft.queue,
    startToCloseTimeout: durFromMs(wft.timeoutMs),
    attempt: wft.attempt,
  });
  event.eventId = exec.nextEventId++;
  exec.history.push(event);
  wft.scheduledEventId = event.eventId;
}

/** Writes buffered events; fills in ids that referred to events still in the buffer. */
export function flushBuffered(shard: HistoryContext, exec: ExecutionRecord): boolean {
  if (exec.buffered.length === 0) return false;
  const startedByScheduled = new Map<number, number>();
  for (const event of exec.buffered) {
    event.eventId = exec.nextEventId++;
    const a = attrs(event);
    switch (event.eventType) {
      case 'EVENT_TYPE_ACTIVITY_TASK_STARTED':
        startedByScheduled.set(num(a.scheduledEventId), event.eventId);
        break;
      case 'EVENT_TYPE_ACTIVITY_TASK_COMPLETED':
      case 'EVENT_TYPE_ACTIVITY_TASK_FAILED':
      case 'EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT':
      case 'EVENT_TYPE_ACTIVITY_TASK_CANCELED':
        if (a.startedEventId === -1) a.startedEventId = startedByScheduled.get(num(a.scheduledEventId)) ?? 0;
        break;
      case 'EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED': {
        const child = exec.children[String(a.initiatedEventId)];
        if (child) child.startedEventId = event.eventId;
        startedByScheduled.set(-num(a.initiatedEventId), event.eventId);
        break;
      }
      case 'EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED':
      case 'EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED':
      case 'EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED':
      case 'EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT':
      case 'EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED':
        if (a.startedEventId === -1) a.startedEventId = startedByScheduled.get(-num(a.initiatedEventId)) ?? 0;
        break;
    }
    exec.history.push(event);
  }
  exec.buffered = [];
  return true;
}
