// The catalogue of commitment kinds: every promise Caseflow knows how to start, with the case kinds a
// policy may give it to, what starts it, which actions meet it, and its name for people in both languages.
// A policy sets each kind's budget and ladder; only the kinds here are ever started by a workflow, so policy
// validation refuses any other (an admin could otherwise publish a promise nobody keeps).
//
// Pure and self-contained (no imports, no Node built-ins): workflows, activities, the API and the console
// (by relative import) all read it.

/** The case kinds a policy rule can match (`match.caseKind`). */
export const POLICY_CASE_KINDS = ['service_request', 'inquiry', 'complaint'] as const;
export type PolicyCaseKind = (typeof POLICY_CASE_KINDS)[number];

/** What starts a commitment of a kind (the moment its clock starts). */
export type CommitmentStart =
  /** The case is received (a dispatched service request: the moment it is dispatched). */
  | 'intake'
  /** The case is forwarded to a department. */
  | 'forwarded'
  /** The customer is asked to test a fix and report back. */
  | 'customer_test_requested'
  /** The case is resolved (the level-1 confirmation call is due at once). */
  | 'resolved'
  /** The level-2 callback's moment arrives (48 h after resolution by default). */
  | 'level2_callback_due'
  /** A callback found a problem: the case reopens. */
  | 'reopened'
  /** The month-end sample chose the case. */
  | 'month_end_sample'
  /** A complaint's round starts: at intake, and again after an unsatisfied callback. */
  | 'complaint_round'
  /** The complaint's result was delivered in person. */
  | 'result_delivered'
  /** The complaint's handling report was filed. */
  | 'report_filed';

export type CommitmentKindLabel = Readonly<Record<'zh-CN' | 'en', string>>;

export interface CommitmentKindEntry {
  /** The case kinds whose policy rules may define it (the workflows of other kinds never start it). */
  caseKinds: readonly PolicyCaseKind[];
  startsOn: CommitmentStart;
  /** The case or complaint actions (workflow update names) that keep the promise. */
  metBy: readonly string[];
  /** In a sentence: "your {{promise}} is late". English is lower case; a heading capitalises it. */
  label: CommitmentKindLabel;
  /** Where its budget is set: a policy (the default), or the sampling settings (never in a policy). */
  budgetFrom?: 'sampling_settings';
}

const entries = {
  first_contact: {
    caseKinds: ['service_request'],
    startsOn: 'intake',
    metBy: ['contact', 'resolve'],
    label: { 'zh-CN': '首次联系', en: 'first contact' },
  },
  forwarding: {
    caseKinds: ['service_request'],
    startsOn: 'intake',
    metBy: ['assign', 'forward', 'resolve'],
    label: { 'zh-CN': '转交处理', en: 'forwarding' },
  },
  handler_result: {
    caseKinds: ['service_request', 'inquiry'],
    startsOn: 'forwarded',
    metBy: ['return-result', 'resolve'],
    label: { 'zh-CN': '处理结果反馈', en: 'handler’s result' },
  },
  customer_test: {
    caseKinds: ['service_request'],
    startsOn: 'customer_test_requested',
    metBy: ['record-test-result'],
    label: { 'zh-CN': '客户测试反馈', en: 'customer’s test' },
  },
  resolution: {
    caseKinds: ['service_request', 'inquiry'],
    startsOn: 'reopened',
    metBy: ['resolve'],
    label: { 'zh-CN': '问题解决', en: 'resolution' },
  },
  inquiry_answer: {
    caseKinds: ['inquiry'],
    startsOn: 'intake',
    metBy: ['resolve'],
    label: { 'zh-CN': '咨询答复', en: 'answer to the inquiry' },
  },
  callback_level1: {
    caseKinds: ['service_request', 'inquiry'],
    startsOn: 'resolved',
    metBy: ['record-callback'],
    label: { 'zh-CN': '一级回访', en: 'level-1 callback' },
  },
  callback_level2: {
    caseKinds: ['service_request', 'inquiry'],
    startsOn: 'level2_callback_due',
    metBy: ['record-callback'],
    label: { 'zh-CN': '二级回访', en: 'level-2 callback' },
  },
  callback_level3: {
    caseKinds: [],
    startsOn: 'month_end_sample',
    metBy: ['record-callback'],
    label: { 'zh-CN': '三级回访', en: 'level-3 callback' },
    budgetFrom: 'sampling_settings',
  },
  complaint_acknowledge: {
    caseKinds: ['complaint'],
    startsOn: 'complaint_round',
    metBy: ['acknowledge'],
    label: { 'zh-CN': '投诉确认', en: 'acknowledgement of the complaint' },
  },
  complaint_answer: {
    caseKinds: ['complaint'],
    startsOn: 'complaint_round',
    metBy: ['promise-answer'],
    label: { 'zh-CN': '明确答复', en: 'clear answer' },
  },
  complaint_contact: {
    caseKinds: ['complaint'],
    startsOn: 'complaint_round',
    metBy: ['contact'],
    label: { 'zh-CN': '联系客户', en: 'contact with the customer' },
  },
  complaint_handling: {
    caseKinds: ['complaint'],
    startsOn: 'complaint_round',
    metBy: ['deliver-result'],
    label: { 'zh-CN': '投诉处理', en: 'handling of the complaint' },
  },
  complaint_result: {
    caseKinds: ['complaint'],
    startsOn: 'complaint_round',
    metBy: ['deliver-result'],
    label: { 'zh-CN': '当面反馈处理结果', en: 'result delivered in person' },
  },
  complaint_report: {
    caseKinds: ['complaint'],
    startsOn: 'result_delivered',
    metBy: ['report'],
    label: { 'zh-CN': '投诉处理报告', en: 'handling report' },
  },
  complaint_callback: {
    caseKinds: ['complaint'],
    startsOn: 'report_filed',
    metBy: ['callback'],
    label: { 'zh-CN': '处理结果回访', en: 'callback on the result' },
  },
} as const satisfies Record<string, CommitmentKindEntry>;

/** A commitment kind's name: `'first_contact'`, `'complaint_answer'`, … */
export type CommitmentKind = keyof typeof entries;

/** The catalogue, by kind. */
export const COMMITMENT_KINDS: Readonly<Record<CommitmentKind, CommitmentKindEntry>> = entries;

/** Every kind's name, in the catalogue's order. */
export const COMMITMENT_KIND_NAMES = Object.keys(entries) as CommitmentKind[];

/** The kinds a policy may define (all but those timed elsewhere). */
export const POLICY_COMMITMENT_KINDS = COMMITMENT_KIND_NAMES.filter(
  (k) => COMMITMENT_KINDS[k].budgetFrom === undefined,
);

export function isCommitmentKind(kind: unknown): kind is CommitmentKind {
  return typeof kind === 'string' && Object.prototype.hasOwnProperty.call(entries, kind);
}

/**
 * A kind's entry, or `undefined` for a kind the catalogue does not know. A commitment id may carry its
 * round (`'resolution#2'`): the kind is the part before `#`.
 */
export function commitmentKind(kind: string): (CommitmentKindEntry & { kind: CommitmentKind }) | undefined {
  const name = kind.split('#')[0];
  return isCommitmentKind(name) ? { kind: name, ...COMMITMENT_KINDS[name] } : undefined;
}

/** A kind's name for people; an unknown kind is shown as its words (`'site_arrival'` → `site arrival`). */
export function commitmentLabel(kind: string, language: keyof CommitmentKindLabel): string {
  return commitmentKind(kind)?.label[language] ?? kind.split('#')[0].replace(/_/g, ' ');
}

/** The kinds a case of this kind starts the moment it is received (the others start later in its life). */
export function intakeCommitmentKinds(caseKind: string): CommitmentKind[] {
  return COMMITMENT_KIND_NAMES.filter((k) => {
    const entry = COMMITMENT_KINDS[k];
    return entry.startsOn === 'intake' && entry.caseKinds.includes(caseKind as PolicyCaseKind);
  });
}
