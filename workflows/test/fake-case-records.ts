// An in-memory stand-in for the case-record activities, for workflow behaviour tests: it records every
// call (attempts included) so a test can read the timeline, the ladder steps and the messages a case
// produced. The real activities, on PostgreSQL, are tested by their own integration tests.
import { ApplicationFailure } from '@temporalio/common';
import { DomainErrorCode, type TimelineEntry, type CaseView } from '@caseflow/domain';
import type {
  AssignableStaff,
  CaseRecordActivities,
  FireLadderStepInput,
  NotifyCustomerInput,
  RecordCaseEventInput,
} from '../../activities/types';

export const STAFF: Record<string, AssignableStaff & { certified: boolean }> = {
  'eng-wang': { id: 'eng-wang', name: 'Wang Wei', supervisorId: 'sup-li', certified: true },
  'eng-zhao': { id: 'eng-zhao', name: 'Zhao Min', supervisorId: 'sup-li', certified: false },
};

export class FakeCaseRecords {
  readonly events: RecordCaseEventInput[] = [];
  /** Every attempt, including those that failed. */
  readonly ladderAttempts: FireLadderStepInput[] = [];
  readonly ladderDelivered: FireLadderStepInput[] = [];
  readonly notifications: NotifyCustomerInput[] = [];
  /** `workflowId/commitmentId/stepId` keys whose first attempt fails (as a database hiccup would). */
  readonly failFirstAttempt = new Set<string>();

  readonly activities: CaseRecordActivities = {
    recordCaseEvent: async (input) => {
      // Idempotent by (workflowId, seq), as the real activity.
      if (!this.events.some((e) => e.workflowId === input.workflowId && e.entry.seq === input.entry.seq))
        this.events.push(input);
    },
    fireLadderStep: async (input) => {
      this.ladderAttempts.push(input);
      const key = `${input.workflowId}/${input.commitmentId}/${input.stepId}`;
      if (this.failFirstAttempt.delete(key)) throw new Error(`connection reset while recording ${key}`);
      this.ladderDelivered.push(input);
      const recipients = [
        input.target === 'customer' ? 'customer' : `${input.target}-of-${input.assigneeId ?? 'hotline'}`,
      ];
      // As the real activity: the step's timeline entry, when given, is written with it (naming who was told).
      if (input.timeline) {
        const { entry, view } = input.timeline;
        await this.activities.recordCaseEvent({
          workflowId: input.workflowId,
          entry: { ...entry, data: { ...entry.data, recipients } },
          view,
        });
      }
      return { recipients };
    },
    checkAssignable: async ({ staffId }) => {
      const staff = STAFF[staffId];
      if (!staff) {
        throw ApplicationFailure.create({
          type: DomainErrorCode.NotFound,
          message: `No staff member '${staffId}'`,
          nonRetryable: true,
        });
      }
      if (!staff.certified) {
        throw ApplicationFailure.create({
          type: DomainErrorCode.ValidationFailed,
          message: `${staff.name} is not certified and cannot be assigned`,
          details: [{ errors: { assigneeId: 'is not certified' } }],
          nonRetryable: true,
        });
      }
      return { id: staff.id, name: staff.name, supervisorId: staff.supervisorId };
    },
    notifyCustomer: async (input) => {
      this.notifications.push(input);
    },
  };

  timeline(workflowId: string): TimelineEntry[] {
    return this.events
      .filter((e) => e.workflowId === workflowId)
      .map((e) => e.entry)
      .sort((a, b) => a.seq - b.seq);
  }

  /** The read model as the last event left it. */
  lastView(workflowId: string): CaseView | undefined {
    const events = this.events.filter((e) => e.workflowId === workflowId);
    return events.sort((a, b) => b.entry.seq - a.entry.seq)[0]?.view;
  }

  ladder(workflowId: string): FireLadderStepInput[] {
    return this.ladderDelivered.filter((s) => s.workflowId === workflowId);
  }
}
