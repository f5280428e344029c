// The complaint as its workflow holds it: intake, number, rounds, commitments, its view and its timeline.
import { workflowInfo } from '@temporalio/workflow';
import {
  allowedComplaintActions,
  defaultDepartmentFor,
  type Actor,
  type ComplaintAction,
  type ComplaintRound,
  type ComplaintState,
  type ComplaintView,
  type TimelineEntry,
} from '@caseflow/domain';
import type { CaseFacts, CommitmentKind, CommitmentRecord } from '@caseflow/sla';
import type { CommitmentRunner } from '../commitments';
import type { ComplaintEventType } from '../complaint-messages';
import { iso } from '../kernel';
import type { ComplaintWorkflowInput } from '../messages';
import { recordComplaintEvent } from './activity-proxies';

/** The commitments of one round, by the step that keeps them (see the complaint policy's rules). */
export const COMPLAINT_COMMITMENTS = {
  /** Forwarded at once, day or night: the supervisor acknowledges, or the ladder climbs. */
  acknowledge: 'complaint_acknowledge',
  /** A clear answer promised within 2 h (simple) or 24 h (complex). */
  answer: 'complaint_answer',
  /** The customer contacted within 24 h (phone complaints: a reply within 1 working day). */
  contact: 'complaint_contact',
  /** Phone complaints: handled within 3 (simple) or 5 (complex) working days. */
  handling: 'complaint_handling',
  /** The result delivered in person within 5 working days. */
  result: 'complaint_result',
  /** The handling report the working day after the result. */
  report: 'complaint_report',
  /** The callback on the result. */
  callback: 'complaint_callback',
} as const;

/** What changes as the complaint goes on; the timeline holds how it got here. */
export interface ComplaintFields {
  state: ComplaintState;
  rounds: ComplaintRound[];
  closedAt?: number;
  closeReason?: string;
  updatedAt: number;
}

/** One running complaint: what every part of its workflow reads and changes. */
export class Complaint {
  readonly intake: ComplaintWorkflowInput['intake'];
  readonly workflowId: string;
  readonly department: ComplaintView['department'];
  readonly facts: CaseFacts;
  // Set once the number is allocated and the policy read (the first activity).
  number = '';
  roundLimit = 0;
  private runner: CommitmentRunner | undefined = undefined;
  opened = false;
  readonly complaint: ComplaintFields = { state: 'forwarded', rounds: [], updatedAt: Date.now() };
  seq = 0;

  constructor({ intake }: ComplaintWorkflowInput) {
    this.intake = intake;
    this.workflowId = workflowInfo().workflowId;
    this.department = defaultDepartmentFor(intake.category);
    this.facts = {
      caseKind: 'complaint',
      category: intake.category,
      tier: intake.customer.tier,
      complexity: intake.complexity,
      channel: intake.source,
    };
  }

  /** The commitment runner, from the policy the opening activity read. */
  get commitments(): CommitmentRunner {
    return this.runner!;
  }

  set commitments(runner: CommitmentRunner) {
    this.runner = runner;
  }

  current(): ComplaintRound {
    return this.complaint.rounds[this.complaint.rounds.length - 1];
  }

  allowed(): ComplaintAction[] {
    return allowedComplaintActions(this.complaint.state, {
      answerPromised: this.current()?.answerPromise !== undefined,
    });
  }

  view(): ComplaintView {
    const { intake, complaint } = this;
    const runner = this.commitments;
    const policy = runner.policyVersion;
    const all = runner.view(Date.now()).map((c) => ({ ...c, round: roundOf(c.id) }));
    return {
      number: this.number,
      workflowId: this.workflowId,
      state: complaint.state,
      source: intake.source,
      category: intake.category,
      complexity: intake.complexity,
      department: this.department,
      customer: intake.customer,
      description: intake.description,
      branchId: intake.branchId,
      receivedAt: intake.receivedAt,
      raisedBy: intake.raisedBy,
      sourceCaseNumber: intake.sourceCaseNumber,
      sourceCallbackId: intake.sourceCallbackId,
      sourceEvaluationId: intake.sourceEvaluationId,
      round: complaint.rounds.length,
      roundLimit: this.roundLimit,
      rounds: complaint.rounds.map((r) => ({ ...r, commitmentIds: [...r.commitmentIds] })),
      closedAt: iso(complaint.closedAt),
      closeReason: complaint.closeReason,
      policy: { id: policy.policyId, version: policy.version },
      commitments: all,
      breached: all.some((c) => c.breached),
      allowedActions: this.allowed(),
      lastSeq: this.seq,
      updatedAt: iso(complaint.updatedAt)!,
    };
  }

  /** Writes one timeline entry with the complaint as it is now (sequence and snapshot taken synchronously). */
  async record(
    type: ComplaintEventType,
    actor: Actor,
    summary: string,
    data?: Record<string, unknown>,
  ): Promise<void> {
    this.complaint.updatedAt = Date.now();
    const round = this.complaint.rounds.length;
    const entry: TimelineEntry & { round: number } = {
      seq: ++this.seq,
      at: iso(this.complaint.updatedAt)!,
      type,
      actor: actor.username,
      summary,
      data: { round, ...data },
      round,
    };
    await recordComplaintEvent({ workflowId: this.workflowId, entry, view: this.view() });
  }

  /** A commitment's due time as the timeline says it (local time and zone). */
  due(record: CommitmentRecord | undefined): string | undefined {
    return record ? this.commitments.timelineTime(this.commitments.dueAt(record), record) : undefined;
  }

  /** Starts this round's commitment of a kind (skipped when the policy does not define it for this complaint). */
  promise(kind: CommitmentKind, at: number): CommitmentRecord | undefined {
    const round = this.current();
    const record = this.commitments.start(kind, at, { id: `${kind}#${round.round}` });
    if (record && !round.commitmentIds.includes(record.id)) round.commitmentIds.push(record.id);
    return record;
  }
}

/** `complaint_contact#2` → 2. */
const roundOf = (commitmentId: string) => Number(commitmentId.split('#')[1] ?? 1);
