import { describe, expect, it } from 'vitest';
import { expiryTone, unitTree } from './expiry';

const now = Date.parse('2026-12-07T00:00:00Z');

describe('a certificate’s expiry', () => {
  it('is expired once the time has passed, soon within 30 days, otherwise fine', () => {
    expect(expiryTone('2026-12-06T23:59:59Z', now)).toBe('expired');
    expect(expiryTone('2026-12-07T00:00:00Z', now)).toBe('expired');
    expect(expiryTone('2027-01-06T00:00:00Z', now)).toBe('soon');
    expect(expiryTone('2027-01-06T00:00:01Z', now)).toBe('ok');
    expect(expiryTone(null, now)).toBe('none');
  });
});

describe('the organisation as a tree', () => {
  it('puts teams under their department, and a unit with an unknown parent at the top', () => {
    const tree = unitTree([
      { id: 't2', parentId: 'd1', name: 'Team B' },
      { id: 'd1', parentId: null, name: 'Tech support' },
      { id: 't1', parentId: 'd1', name: 'Team A' },
      { id: 'x', parentId: 'gone', name: 'Orphan' },
    ]);
    expect(tree.map((n) => [n.unit.id, n.children.map((c) => c.unit.id)])).toEqual([
      ['x', []],
      ['d1', ['t1', 't2']],
    ]);
  });
});
