// The case as the workflow holds it: its facts, its state, its commitments, its own callback workflows, and
// the few things every part of the workflow does with them (its view, its timeline, a word to the customer).
import { workflowInfo } from '@temporalio/workflow';
import {
  allowedActions,
  type Actor,
  type CaseState,
  type CaseView,
  type FaultGrade,
  type NotificationType,
  type Resolution,
  type TimelineEntry,
} from '@caseflow/domain';
import type { CaseFacts, CommitmentRecord } from '@caseflow/sla';
import { CommitmentRunner } from '../commitments';
import { iso } from '../kernel';
import type { CaseEventType, CaseWorkflowInput } from '../messages';
import { notifyCustomer, recordCaseEvent } from './records';

/**
 * Clocks that measure how long *we* take to solve the problem: they stop while the customer has the
 * ball (testing a fix) and resume with the budget they had left when the customer answers.
 * `forwarding` is one of them: until the customer has tried the fix, the hotline cannot know whether
 * the case must be passed on. `first_contact` keeps running (somebody still has to call the customer),
 * and the callbacks do not run before resolution.
 */
export const WAITS_ON_CUSTOMER = ['resolution', 'handler_result', 'inquiry_answer', 'forwarding'];
export const CALLBACK_KINDS = ['callback_level1', 'callback_level2'];

/** Scheduled moments after a resolution. */
export const SURVEY = 'survey';
export const LEVEL2_CALLBACK = 'level2_callback';

/** One of the case's own callback workflows, as the case knows it. */
export interface OwnCallback {
  callbackId: string;
  workflowId: string;
  level: 1 | 2;
  round: number;
  startsAt: string;
  dueAt?: string;
  /** The due time as people read it (local time). */
  due: string;
  ended: boolean;
  /** Settles once its start is recorded (a cancel is sent only after it). */
  started: Promise<void>;
}

/** What changes as the case goes on; the timeline holds how it got here. */
export interface CaseFields {
  state: CaseState;
  resolution?: Resolution;
  assignee?: { id: string; name: string };
  department?: CaseView['department'];
  visitAt?: string;
  summary?: string;
  faultGrade?: FaultGrade;
  resolvedAt?: number;
  closedAt?: number;
  reopenCount: number;
  updatedAt: number;
}

/** One running service request or inquiry: what every part of its workflow reads and changes. */
export class Case {
  readonly intake: CaseWorkflowInput['intake'];
  readonly schedule: CaseWorkflowInput['schedule'];
  readonly workflowId: string;
  readonly facts: CaseFacts;
  readonly commitments: CommitmentRunner;
  readonly kase: CaseFields = { state: 'new', reopenCount: 0, updatedAt: Date.now() };
  /** The last timeline entry's sequence number. */
  seq = 0;
  /** Whether this round's level-1/2 callbacks are callback workflows (decided at each resolution). */
  callbacksAsWorkflows = false;
  /** The case's own callback workflows, every round; `ended` once it told its outcome or was cancelled. */
  readonly ownCallbacks: OwnCallback[] = [];

  constructor(input: CaseWorkflowInput) {
    this.intake = input.intake;
    this.schedule = input.schedule;
    this.workflowId = workflowInfo().workflowId;
    this.facts = {
      caseKind: input.intake.kind,
      category: input.intake.category,
      tier: input.intake.customer.tier,
      channel: input.intake.channel,
      dispatched: input.intake.dispatched,
    };
    this.commitments = new CommitmentRunner({
      policy: input.policy,
      calendars: input.calendars,
      facts: this.facts,
    });
  }

  /** 1 for the first resolution, 2 after the first reopen, … */
  round(): number {
    return this.kase.reopenCount + 1;
  }

  view(): CaseView {
    const { intake, kase } = this;
    const policy = this.commitments.policyVersion;
    return {
      number: intake.number,
      workflowId: this.workflowId,
      kind: intake.kind,
      state: kase.state,
      resolution: kase.resolution,
      channel: intake.channel,
      category: intake.category,
      dispatched: intake.dispatched,
      customer: intake.customer,
      product: intake.product,
      description: intake.description,
      branchId: intake.branchId,
      operator: intake.operator,
      assignee: kase.assignee,
      department: kase.department,
      routing: intake.routing,
      visitAt: kase.visitAt,
      summary: kase.summary,
      faultGrade: kase.faultGrade,
      receivedAt: intake.receivedAt,
      resolvedAt: iso(kase.resolvedAt),
      closedAt: iso(kase.closedAt),
      reopenCount: kase.reopenCount,
      policy: { id: policy.policyId, version: policy.version },
      commitments: this.commitments.view(Date.now()),
      allowedActions: allowedActions(intake.kind, kase.state),
      lastSeq: this.seq,
      updatedAt: iso(kase.updatedAt)!,
    };
  }

  /** The next timeline entry: its sequence number and the case's update time, taken now. */
  nextEntry(
    type: CaseEventType,
    actor: Actor,
    summary: string,
    data?: Record<string, unknown>,
  ): TimelineEntry {
    this.kase.updatedAt = Date.now();
    return { seq: ++this.seq, at: iso(this.kase.updatedAt)!, type, actor: actor.username, summary, data };
  }

  /** Writes one timeline entry with the case as it is now (sequence and snapshot taken synchronously). */
  async record(
    type: CaseEventType,
    actor: Actor,
    summary: string,
    data?: Record<string, unknown>,
  ): Promise<void> {
    const entry = this.nextEntry(type, actor, summary, data);
    await recordCaseEvent({ workflowId: this.workflowId, entry, view: this.view() });
  }

  /** A commitment's due time as the timeline says it (local time and zone). */
  due(record: CommitmentRecord | undefined): string | undefined {
    return record ? this.commitments.timelineTime(this.commitments.dueAt(record), record) : undefined;
  }

  /** A message to the customer through the outbox; `step` makes it once per case moment. */
  tellCustomer(template: NotificationType, step: string, data?: Record<string, unknown>): Promise<void> {
    return notifyCustomer({
      idempotencyKey: `${this.workflowId}:${step}`,
      caseNumber: this.intake.number,
      customer: this.intake.customer,
      template,
      data,
    });
  }
}
