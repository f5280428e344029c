// The vocabulary of a case, in the domain's words (REQUIREMENTS.md glossary). Pure and bundle-safe:
// workflows, activities, the API and reports all use these same values.

export const CASE_KINDS = ['service_request', 'inquiry', 'complaint'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

/** How the customer reached us. */
export const CHANNELS = ['phone', 'web', 'email', 'walk_in', 'engineer_direct'] as const;
export type Channel = (typeof CHANNELS)[number];

/** The hotline form's four boxes. */
export const CATEGORIES = ['technical', 'service', 'sales', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

export const CUSTOMER_TIERS = ['standard', 'gold'] as const;
export type CustomerTier = (typeof CUSTOMER_TIERS)[number];

export const CASE_STATES = [
  'new',
  'assigned',
  'contacted',
  'scheduled',
  'in_progress',
  'awaiting_customer',
  'forwarded',
  'resolved',
  'closed',
  'reopened',
  'cancelled',
] as const;
export type CaseState = (typeof CASE_STATES)[number];

/** States a case never leaves: every other state is a case still open in some sense (resolved included). */
export const FINAL_CASE_STATES = ['closed', 'cancelled'] as const satisfies readonly CaseState[];
export type FinalCaseState = (typeof FINAL_CASE_STATES)[number];

export type OpenCaseState = Exclude<CaseState, 'resolved' | FinalCaseState>;
/**
 * States in which a case is still being worked by its assignee (a resolved case waits on callbacks only),
 * in the order of CASE_STATES: new … forwarded, reopened.
 */
export const OPEN_CASE_STATES: readonly OpenCaseState[] = CASE_STATES.filter(
  (state): state is OpenCaseState =>
    state !== 'resolved' && !(FINAL_CASE_STATES as readonly CaseState[]).includes(state),
);

/** Departments a case can be routed or forwarded to. */
export const DEPARTMENTS = [
  'tech_support',
  'product_division',
  'customer_service',
  'quality_desk',
  'gm_office',
] as const;
export type Department = (typeof DEPARTMENTS)[number];

/**
 * Default routing by category: technical → tech-support engineer; sales → the product division's head;
 * service quality → customer-service department (it is a complaint); other → tech support.
 */
export function defaultDepartmentFor(category: Category): Department {
  switch (category) {
    case 'technical':
    case 'other':
      return 'tech_support';
    case 'sales':
      return 'product_division';
    case 'service':
      return 'customer_service';
  }
}

/** A department as people read it: "product division". */
export const departmentName = (department: Department): string => department.replace(/_/g, ' ');

/**
 * The routing as one timeline phrase: "routed to the product division (Sales East, head Wang)", or, when
 * nobody could be told, why not.
 */
export function routedTo(routing: {
  department: Department;
  unitName: string | null;
  headName: string | null;
}): string {
  const department = departmentName(routing.department);
  if (routing.unitName === null)
    return `routed to the ${department}: no ${department} unit in this branch, nobody was told`;
  if (routing.headName === null)
    return `routed to the ${department} (${routing.unitName}): the unit has no active head, nobody was told`;
  return `routed to the ${department} (${routing.unitName}, head ${routing.headName})`;
}
