// The callback as its workflow holds it: its one commitment (the due time), its attempts and outcome, its
// view and its work-queue row.
import { workflowInfo } from '@temporalio/workflow';
import {
  createCalendar,
  standardLadder,
  type BusinessCalendar,
  type CommitmentKind,
  type CommitmentDefinition,
  type PolicyVersion,
} from '@caseflow/sla';
import type { CallbackTaskRecord } from '../../activities/callback-types';
import type {
  CallbackAttemptRequest,
  CallbackState,
  CallbackView,
  CallbackWorkflowInput,
} from '../callback-messages';
import { CommitmentRunner } from '../commitments';
import { iso } from '../kernel';
import { recordCallbackTask } from './activity-proxies';

/** The scheduled moment of the next attempt after the customer was not reached. */
export const NEXT_ATTEMPT = 'next_attempt';
const CLOSED: CallbackState[] = ['done', 'unreachable', 'cancelled'];
/** Done, unreachable or cancelled: nothing more is recorded on it. */
export const isClosed = (state: CallbackState) => CLOSED.includes(state);

/** What changes as the callback goes on. */
export interface CallbackFields {
  state: CallbackState;
  assignee?: { id: string; name: string };
  attempts: number;
  firstAttemptAt?: number;
  nextAttemptAt?: number;
  outcome?: CallbackView['outcome'];
  satisfaction?: number;
  engineerRating?: number;
  faultGrade?: CallbackAttemptRequest['faultGrade'];
  remarks?: string;
  reopenedCaseNumber?: string;
  complaintWorkflowId?: string;
  closedAt?: number;
}

/** One running callback: what every part of its workflow reads and changes. */
export class Callback {
  readonly workflowId: string;
  readonly calendar: BusinessCalendar;
  /** `callback_level1`, `callback_level2`, `callback_level3`: the commitment's kind and id. */
  readonly kind: CommitmentKind;
  readonly commitmentDefinition: CommitmentDefinition;
  readonly commitments: CommitmentRunner;
  readonly startsAt: number;
  readonly cb: CallbackFields;
  /** The work-queue row's version. */
  seq = 0;

  constructor(
    readonly input: CallbackWorkflowInput,
    readonly maxAttempts: number,
  ) {
    this.workflowId = workflowInfo().workflowId;
    this.calendar = createCalendar(input.calendar);
    this.kind = `callback_level${input.level}` as const;
    this.commitmentDefinition = {
      kind: this.kind,
      budget: input.budget,
      clock: 'working',
      calendarId: input.calendar.id,
      ladder: standardLadder(),
    };
    this.commitments = new CommitmentRunner({
      policy: this.policy(1, this.commitmentDefinition),
      calendars: [input.calendar],
      facts: { caseKind: 'callback' },
    });
    this.startsAt = Date.parse(input.startsAt);
    this.cb = { state: Date.now() < this.startsAt ? 'pending' : 'open', attempts: 0 };
  }

  /** The callback's one-commitment policy (what a re-plan signal's budget and calendar become). */
  policy(version: number, definition: CommitmentDefinition): PolicyVersion {
    return { policyId: 'callbacks', version, rules: [{ match: {}, commitments: [definition] }] };
  }

  dueAt(): number | undefined {
    const c = this.commitments.get(this.kind);
    return c ? this.commitments.dueAt(c) : undefined;
  }

  breached(): boolean {
    return this.commitments.view(Date.now()).some((c) => c.breached);
  }

  view(): CallbackView {
    const { input, cb } = this;
    return {
      callbackId: input.callbackId,
      workflowId: this.workflowId,
      level: input.level,
      caseNumber: input.caseNumber,
      state: cb.state,
      customer: input.customer,
      branchId: input.branchId,
      sampleId: input.sampleId,
      assignee: cb.assignee,
      startsAt: input.startsAt,
      dueAt: iso(this.dueAt()),
      nextAttemptAt: iso(cb.nextAttemptAt),
      attempts: cb.attempts,
      maxAttempts: this.maxAttempts,
      outcome: cb.outcome,
      satisfaction: cb.satisfaction,
      reopenedCaseNumber: cb.reopenedCaseNumber,
      complaintWorkflowId: cb.complaintWorkflowId,
      breached: this.breached(),
    };
  }

  /** The work-queue row, brought up to the callback as it is now (ordered by `seq`). */
  save(): Promise<void> {
    const { input, cb } = this;
    const record: CallbackTaskRecord = {
      callbackId: input.callbackId,
      workflowId: this.workflowId,
      seq: ++this.seq,
      caseNumber: input.caseNumber,
      level: input.level,
      state: cb.state,
      customer: input.customer,
      branchId: input.branchId,
      sampleId: input.sampleId,
      assigneeStaffId: cb.assignee?.id,
      engineerStaffId: input.engineerStaffId,
      startsAt: input.startsAt,
      dueAt: iso(this.dueAt()),
      nextAttemptAt: iso(cb.nextAttemptAt),
      attempts: cb.attempts,
      maxAttempts: this.maxAttempts,
      outcome: cb.outcome,
      satisfaction: cb.satisfaction,
      engineerRating: cb.engineerRating,
      faultGrade: cb.faultGrade,
      remarks: cb.remarks,
      reopenedCaseNumber: cb.reopenedCaseNumber,
      complaintWorkflowId: cb.complaintWorkflowId,
      breached: this.breached(),
      closedAt: iso(cb.closedAt),
    };
    return recordCallbackTask(record);
  }
}
