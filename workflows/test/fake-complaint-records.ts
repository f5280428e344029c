// An in-memory stand-in for the complaint activities, for complaint workflow tests: it records every call
// (routing, ladder steps, penalties, messages) so a test can read what a complaint did. The real activities,
// on PostgreSQL, are tested by the complaint activities' integration tests.
import { ApplicationFailure } from '@temporalio/common';
import { DomainErrorCode, type StaffRef } from '@caseflow/domain';
import { DEFAULT_CALENDAR, type PolicyRule, type PolicyVersion } from '@caseflow/sla';
import { COMPLAINT_POLICY_V1_RULES } from '../../libs/persistence/src/migrations/1795370000000-Complaints';
import type {
  ComplaintActivities,
  FireComplaintStepInput,
  ProposePenaltiesInput,
  RecordComplaintEventInput,
  RouteComplaintInput,
} from '../../activities/complaint-types';
import type { NotifyCustomerInput } from '../../activities/types';

/** The complaint policy the migration seeds (its snapshot). */
export const COMPLAINT_POLICY: PolicyVersion = {
  policyId: 'complaints',
  version: 1,
  rules: COMPLAINT_POLICY_V1_RULES as unknown as PolicyRule[],
};

/** Staff the fake chart knows. */
const STAFF: Record<string, string> = { 'eng-wang': 'Wang Wei', 'eng-zhao': 'Zhao Min' };

export class FakeComplaintRecords {
  readonly events: RecordComplaintEventInput[] = [];
  readonly routed: RouteComplaintInput[] = [];
  readonly gmOffice: string[] = [];
  readonly steps: FireComplaintStepInput[] = [];
  readonly penalties = new Map<string, ProposePenaltiesInput['proposals'][number]>();
  readonly messages: NotifyCustomerInput[] = [];
  roundLimit = 3;
  policy = COMPLAINT_POLICY;
  private serial = 0;
  private readonly numbers = new Map<string, string>();

  readonly activities: ComplaintActivities & { notifyCustomer(input: NotifyCustomerInput): Promise<void> } = {
    openComplaint: async ({ workflowId }) => {
      if (!this.numbers.has(workflowId))
        this.numbers.set(workflowId, `C20261122-${String(++this.serial).padStart(4, '0')}`);
      return {
        number: this.numbers.get(workflowId)!,
        policy: this.policy,
        calendars: [DEFAULT_CALENDAR],
        roundLimit: this.roundLimit,
      };
    },
    recordComplaintEvent: async (input) => {
      // As PostgreSQL does (SQLSTATE 22021), and as activities/failure-tracking.ts reports it.
      if (JSON.stringify(input).includes('\\u0000')) {
        throw ApplicationFailure.create({
          type: 'DATA_REJECTED',
          message: 'invalid byte sequence',
          nonRetryable: true,
        });
      }
      if (!this.events.some((e) => e.workflowId === input.workflowId && e.entry.seq === input.entry.seq))
        this.events.push(input);
    },
    routeComplaint: async (input) => {
      this.routed.push(input);
      const supervisor: StaffRef = {
        staffId: `sup-${input.department}`,
        name: `Head of ${input.department}`,
      };
      return { supervisor, qualityDesk: { staffId: 'qa-desk', name: 'Complaint desk' } };
    },
    routeToGmOffice: async (input) => {
      this.gmOffice.push(input.workflowId);
      return { staffId: 'gm', name: 'GM office' };
    },
    fireComplaintStep: async (input) => {
      this.steps.push(input);
      return { recipients: [input.target] };
    },
    checkStaffInvolved: async ({ staffIds }) => {
      const errors: Record<string, string[]> = {};
      staffIds.forEach((id, i) => {
        if (!STAFF[id]) errors[`staffInvolved[${i}].staffId`] = [`no staff member has the id "${id}"`];
      });
      if (Object.keys(errors).length > 0) {
        throw ApplicationFailure.create({
          type: DomainErrorCode.ValidationFailed,
          message: 'unknown staff',
          details: [{ errors }],
          nonRetryable: true,
        });
      }
      return staffIds.map((id) => ({ staffId: id, name: STAFF[id] }));
    },
    proposePenalties: async ({ complaintNumber, round, proposals }) => {
      let proposed = 0;
      for (const p of proposals) {
        const key = `complaint-${complaintNumber}-round-${round}-${p.staffId}`;
        if (!this.penalties.has(key)) {
          this.penalties.set(key, p);
          proposed++;
        }
      }
      return { proposed };
    },
    notifyCustomer: async (input) => {
      this.messages.push(input);
    },
  };

  timeline(workflowId: string) {
    return this.events
      .filter((e) => e.workflowId === workflowId)
      .map((e) => e.entry)
      .sort((a, b) => a.seq - b.seq);
  }
}
