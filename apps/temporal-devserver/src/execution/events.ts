// History event construction: the attribute field name follows from the event type.
import type { HistoryEvent } from './state';
import { tsFromMs } from '../util';

const attributeFieldCache = new Map<string, string>();

/** EVENT_TYPE_WORKFLOW_EXECUTION_STARTED -> workflowExecutionStartedEventAttributes */
export function attributeField(eventType: string): string {
  let field = attributeFieldCache.get(eventType);
  if (!field) {
    const words = eventType
      .replace(/^EVENT_TYPE_/, '')
      .toLowerCase()
      .split('_');
    field = words.map((w, i) => (i === 0 ? w : w[0].toUpperCase() + w.slice(1))).join('') + 'EventAttributes';
    attributeFieldCache.set(eventType, field);
  }
  return field;
}

let taskIdSeq = 1;

/** After a restart, new events continue the task ids of the saved ones (they are unique per server). */
export function continueTaskIdsAfter(lastTaskId: number): void {
  taskIdSeq = Math.max(taskIdSeq, lastTaskId + 1);
}

export function makeEvent(
  eventType: string,
  time: number,
  attributes: object,
  userMetadata?: object | null,
): HistoryEvent {
  const field = attributeField(eventType);
  const event: HistoryEvent = {
    eventId: 0,
    eventTime: tsFromMs(time),
    eventType,
    version: 0,
    taskId: taskIdSeq++,
    workerMayIgnore: false,
    [field]: attributes,
    attributes: field,
  };
  if (userMetadata) event.userMetadata = userMetadata;
  return event;
}

export function attrs<T = Record<string, any>>(event: HistoryEvent): T {
  return event[attributeField(event.eventType)] as T;
}

export const CLOSE_EVENT_TYPES = new Set([
  'EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED',
  'EVENT_TYPE_WORKFLOW_EXECUTION_FAILED',
  'EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT',
  'EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED',
  'EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED',
  'EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW',
]);
