// Command validation (Temporal's command_attr_validator.go): a workflow task's commands are checked before any
// is applied.
import { msFromDur } from '../../util';
import { Req } from '../common';
import { ExecutionRecord } from '../state';
import { HistoryContext } from './context';

/** Returns a failure cause when a command is malformed, like the real server's attribute validation. */
export function validateCommands(
  shard: HistoryContext,
  exec: ExecutionRecord,
  commands: Req[],
  messages: Req[],
): { cause: string; message: string } | null {
  const ids = new Set(messages.map((m) => m.id));
  for (const c of commands) {
    switch (c.commandType) {
      case 'COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK': {
        const a = c.scheduleActivityTaskCommandAttributes;
        if (!a?.activityId || !a.activityType?.name || !(a.taskQueue?.name || exec.taskQueue)) {
          return {
            cause: 'WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES',
            message: 'ActivityId or ActivityType is not set on command.',
          };
        }
        if (!msFromDur(a.scheduleToCloseTimeout) && !msFromDur(a.startToCloseTimeout)) {
          return {
            cause: 'WORKFLOW_TASK_FAILED_CAUSE_BAD_SCHEDULE_ACTIVITY_ATTRIBUTES',
            message: 'A valid StartToClose or ScheduleToCloseTimeout is not set on command.',
          };
        }
        break;
      }
      case 'COMMAND_TYPE_START_TIMER':
        if (!c.startTimerCommandAttributes?.timerId) {
          return {
            cause: 'WORKFLOW_TASK_FAILED_CAUSE_BAD_START_TIMER_ATTRIBUTES',
            message: 'TimerId is not set on command.',
          };
        }
        if (exec.timers[c.startTimerCommandAttributes.timerId]) {
          return {
            cause: 'WORKFLOW_TASK_FAILED_CAUSE_START_TIMER_DUPLICATE_ID',
            message: 'Timer with the same id already exists.',
          };
        }
        break;
      case 'COMMAND_TYPE_PROTOCOL_MESSAGE':
        if (!ids.has(c.protocolMessageCommandAttributes?.messageId)) {
          return {
            cause: 'WORKFLOW_TASK_FAILED_CAUSE_BAD_UPDATE_WORKFLOW_EXECUTION_MESSAGE',
            message: 'Protocol message not found.',
          };
        }
        break;
      case 'COMMAND_TYPE_SCHEDULE_NEXUS_OPERATION':
      case 'COMMAND_TYPE_REQUEST_CANCEL_NEXUS_OPERATION':
        return {
          cause: 'WORKFLOW_TASK_FAILED_CAUSE_FEATURE_DISABLED',
          message: 'Nexus is not supported by this dev server.',
        };
      case undefined:
      case 'COMMAND_TYPE_UNSPECIFIED':
        return { cause: 'WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND', message: 'Unknown command type.' };
    }
  }
  return null;
}
