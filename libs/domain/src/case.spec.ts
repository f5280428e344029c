import { defaultDepartmentFor } from './case';

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
