// A complaint's intake, in the domain's words. Pure and bundle-safe: the API, the service-request and
// callback workflows and the staff module (customer evaluations) all raise complaints with this shape.
import type { Actor } from './case-lifecycle';
import type { Category } from './case';
import type { Customer } from './case-view';

/** Where a complaint came from: a channel, or another record that showed extreme dissatisfaction. */
export const COMPLAINT_SOURCES = [
  'hotline',
  'web',
  'email',
  'letter',
  'walk_in',
  'callback',
  'evaluation',
] as const;
export type ComplaintSource = (typeof COMPLAINT_SOURCES)[number];

/** Simple complaints are promised a clear answer within 2 h, complex ones within 24 h (default policy). */
export const COMPLAINT_COMPLEXITIES = ['simple', 'complex'] as const;
export type ComplaintComplexity = (typeof COMPLAINT_COMPLEXITIES)[number];

/** What a handling report may propose against a member of staff; confirmed or rejected by a manager. */
export const PENALTY_KINDS = ['warning', 'fine', 'disqualification'] as const;
export type PenaltyKind = (typeof PENALTY_KINDS)[number];

export interface ComplaintIntake {
  source: ComplaintSource;
  /** Decides the responsible department: technical/other → tech support, sales → product division, service → customer service. */
  category: Category;
  complexity: ComplaintComplexity;
  customer: Customer;
  description: string;
  branchId?: string;
  /** ISO time the complaint was received. */
  receivedAt: string;
  raisedBy: Actor;
  /** The service request or inquiry it arose from (case number), when there is one. */
  sourceCaseNumber?: string;
  /** The callback (level 1–3) or customer evaluation that showed extreme dissatisfaction. */
  sourceCallbackId?: string;
  sourceEvaluationId?: string;
}
