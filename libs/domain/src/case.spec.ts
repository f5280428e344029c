import { defaultDepartmentFor, FINAL_CASE_STATES, OPEN_CASE_STATES, routedTo } from './case';

describe('default routing by category', () => {
  it.each([
    ['technical', 'tech_support'],
    ['sales', 'product_division'],
    ['service', 'customer_service'],
    ['other', 'tech_support'],
  ] as const)('routes %s problems to %s', (category, department) => {
    expect(defaultDepartmentFor(category)).toBe(department);
  });
});

describe('the routing as the timeline says it', () => {
  it('names the department, its unit and the head who was told', () => {
    expect(routedTo({ department: 'product_division', unitName: 'Sales (Shanghai)', headName: 'Ma' })).toBe(
      'routed to the product division (Sales (Shanghai), head Ma)',
    );
  });

  it('says that nobody was told when the branch has no unit of the department', () => {
    expect(routedTo({ department: 'product_division', unitName: null, headName: null })).toBe(
      'routed to the product division: no product division unit in this branch, nobody was told',
    );
  });

  it('says that nobody was told when the unit has no active head', () => {
    expect(routedTo({ department: 'tech_support', unitName: 'Support', headName: null })).toBe(
      'routed to the tech support (Support): the unit has no active head, nobody was told',
    );
  });
});

describe('open and final case states', () => {
  it('counts a case as being worked in every state but resolved, closed and cancelled, in lifecycle order', () => {
    expect(OPEN_CASE_STATES.join(' → ')).toBe(
      'new → assigned → contacted → scheduled → in_progress → awaiting_customer → forwarded → reopened',
    );
  });

  it('never leaves closed or cancelled, and no state is both open and final', () => {
    expect(FINAL_CASE_STATES).toEqual(['closed', 'cancelled']);
    expect(OPEN_CASE_STATES.filter((s) => (FINAL_CASE_STATES as readonly string[]).includes(s))).toEqual([]);
  });
});
