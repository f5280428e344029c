/** What a signed-in person may do. A user holds one or more roles; routes name the roles they accept. */
export enum Role {
  /** Hotline operator: takes calls, logs cases, answers or forwards them. */
  Operator = 'operator',
  /** Engineer / handler: contacts the customer, does the work, reports the result. */
  Engineer = 'engineer',
  /** Branch or division head: receives escalations and complaints. */
  Supervisor = 'supervisor',
  /** Quality and callback staff; the complaint supervision desk. */
  Quality = 'quality',
  /** Tunes commitments, calendars, escalation ladders and staff. */
  Admin = 'admin',
  /**
   * A manager or the general manager's office: the top of the escalation ladder. Holds every right of a
   * supervisor (see {@link effectiveRoles}), and decides what is reserved to managers.
   */
  Manager = 'manager',
}

export const ROLES: readonly Role[] = Object.values(Role);

/** The roles a user acts with: a manager is a supervisor too. */
export function effectiveRoles(roles: readonly Role[]): Role[] {
  return roles.includes(Role.Manager) && !roles.includes(Role.Supervisor)
    ? [...roles, Role.Supervisor]
    : [...roles];
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
