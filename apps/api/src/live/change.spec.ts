import { Role } from '@caseflow/domain';
import { mayRead, type Change, type Reader } from './change';

const ME = '00000000-0000-4000-8000-000000000001';
const TEAMMATE = '00000000-0000-4000-8000-000000000002';
const STRANGER = '00000000-0000-4000-8000-000000000003';

function change(overrides: Partial<Change>): Change {
  return {
    id: '1',
    at: '2026-12-07T00:00:00.000Z',
    kind: 'case',
    ref: '20261207-07-0001',
    caseNumber: '20261207-07-0001',
    complaintNumber: null,
    assigneeIds: [],
    unassigned: false,
    branchId: 'sh',
    recipientStaffId: null,
    ...overrides,
  };
}

const engineer: Reader = {
  staffId: ME,
  roles: [Role.Engineer],
  scope: { all: false, assigneeIds: [ME, TEAMMATE], unassignedInBranches: ['sh'] },
  readsComplaints: false,
};
const supervisor: Reader = {
  staffId: ME,
  roles: [Role.Supervisor],
  scope: { all: false, assigneeIds: [ME, TEAMMATE], unassignedInBranches: ['sh'] },
  readsComplaints: true,
};
const operator: Reader = {
  staffId: null,
  roles: [Role.Operator],
  scope: { all: true },
  readsComplaints: true,
};

describe('who hears of a change', () => {
  it('a case change reaches those whose team holds its assignee, before or after a reassignment', () => {
    expect(mayRead(engineer, change({ assigneeIds: [TEAMMATE] }))).toBe(true);
    expect(mayRead(engineer, change({ assigneeIds: [STRANGER] }))).toBe(false);
    // Reassigned from the team to a stranger: the team sees it leave.
    expect(mayRead(engineer, change({ kind: 'commitment', assigneeIds: [STRANGER, TEAMMATE] }))).toBe(true);
    expect(mayRead(operator, change({ assigneeIds: [STRANGER] }))).toBe(true);
  });

  it('an unassigned case reaches the pool of its branch only', () => {
    expect(mayRead(engineer, change({ unassigned: true, branchId: 'sh' }))).toBe(true);
    expect(mayRead(engineer, change({ unassigned: true, branchId: 'bj' }))).toBe(false);
    expect(
      mayRead(
        { ...engineer, scope: { ...engineer.scope, unassignedInBranches: 'any' } as Reader['scope'] },
        change({ unassigned: true, branchId: 'bj' }),
      ),
    ).toBe(true);
  });

  it('an inbox message reaches its recipient only, whatever their scope', () => {
    expect(
      mayRead(engineer, change({ kind: 'inbox', ref: 'm', caseNumber: null, recipientStaffId: ME })),
    ).toBe(true);
    expect(
      mayRead(operator, change({ kind: 'inbox', ref: 'm', caseNumber: null, recipientStaffId: STRANGER })),
    ).toBe(false);
  });

  it('an escalation reaches its recipient, and supervisors who may see what it is about', () => {
    const about = { kind: 'escalation' as const, ref: 'e', recipientStaffId: STRANGER };
    expect(mayRead(engineer, change({ ...about, recipientStaffId: ME, assigneeIds: [STRANGER] }))).toBe(true);
    expect(mayRead(engineer, change({ ...about, assigneeIds: [TEAMMATE] }))).toBe(false);
    expect(mayRead(supervisor, change({ ...about, assigneeIds: [TEAMMATE] }))).toBe(true);
    expect(mayRead(supervisor, change({ ...about, assigneeIds: [STRANGER] }))).toBe(false);
    expect(mayRead(supervisor, change({ ...about, caseNumber: null, complaintNumber: 'C1' }))).toBe(true);
  });

  it('a complaint reaches those who read complaints, never an engineer', () => {
    const complaint = change({ kind: 'complaint', ref: 'C1', caseNumber: null, complaintNumber: 'C1' });
    expect(mayRead(supervisor, complaint)).toBe(true);
    expect(mayRead(engineer, complaint)).toBe(false);
  });
});
