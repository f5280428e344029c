// Every commitment kind a workflow starts is in the catalogue (libs/sla commitment-kinds.ts), on a case kind
// that policy validation lets a rule give it to: otherwise an admin could not set its budget, or the
// policy's promise would never start. The kinds come from where the workflows name them, not from a grep.
import {
  COMMITMENT_KINDS,
  commitmentKind,
  DEFAULT_POLICY,
  type CommitmentKind,
  type PolicyCaseKind,
} from '@caseflow/sla';
import type { CallbackWorkflowInput } from '../callback-messages';
import { COMPLAINT_COMMITMENTS } from '../complaint.workflow';

/** Compiles only while every level a callback workflow can be started with names a catalogue kind. */
type CallbackKind = `callback_level${CallbackWorkflowInput['level']}`;
const callbackKindsAreCatalogued: [CallbackKind] extends [CommitmentKind] ? true : never = true;

const appliesTo = (kind: string, caseKind: PolicyCaseKind) => [
  kind,
  commitmentKind(kind)?.caseKinds.includes(caseKind) ?? 'not in the catalogue',
];

describe('the kinds the workflows start', () => {
  it('the complaint workflow’s are in the catalogue, for complaints', () => {
    for (const kind of Object.values(COMPLAINT_COMMITMENTS))
      expect(appliesTo(kind, 'complaint')).toEqual([kind, true]);
  });

  it('the callback workflow’s (one per level) are in the catalogue', () => {
    expect(callbackKindsAreCatalogued).toBe(true);
    const levels: CallbackWorkflowInput['level'][] = [1, 2, 3];
    for (const level of levels) expect(commitmentKind(`callback_level${level}`)).toBeDefined();
    // Level 3 is timed by the sampling settings: a policy cannot define it.
    expect(COMMITMENT_KINDS.callback_level3.budgetFrom).toBe('sampling_settings');
  });

  it('the default policy’s (what the service request and inquiry workflow is given) are in the catalogue, on their rules’ case kinds', () => {
    for (const rule of DEFAULT_POLICY.rules)
      for (const c of rule.commitments)
        expect(appliesTo(c.kind, rule.match.caseKind as PolicyCaseKind)).toEqual([c.kind, true]);
  });
});
