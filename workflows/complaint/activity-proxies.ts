// The complaint's activities: its records, routing, ladder steps and penalty proposals.
import { proxyActivities } from '@temporalio/workflow';
import type { ComplaintActivities } from '../../activities/complaint-types';
import type { CaseRecordActivities } from '../../activities/types';
import { RECORD_ACTIVITY } from '../kernel';
import { keptStorable, notedEntry } from '../storable-records';

export const {
  openComplaint,
  recordComplaintEvent: recordComplaintEventOnce,
  routeComplaint,
  routeToGmOffice,
  fireComplaintStep,
  checkStaffInvolved,
  proposePenalties,
  notifyCustomer: notifyCustomerOnce,
} = proxyActivities<ComplaintActivities & Pick<CaseRecordActivities, 'notifyCustomer'>>(
  // A timeline entry or a penalty proposal is never dropped: retried until it works.
  RECORD_ACTIVITY,
);

/** A record the database refuses for good is written storable, and says so (see storable-records.ts). */
export const recordComplaintEvent: ComplaintActivities['recordComplaintEvent'] = (input) =>
  keptStorable(recordComplaintEventOnce, input, (i) => ({ ...i, entry: notedEntry(i.entry) }));
export const notifyCustomer: CaseRecordActivities['notifyCustomer'] = (input) =>
  keptStorable(notifyCustomerOnce, input);
