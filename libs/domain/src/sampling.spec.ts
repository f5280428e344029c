import { createHash } from 'node:crypto';
import {
  allocateSample,
  drawSample,
  isValidRatioBp,
  md5Hex,
  nextMonth,
  ratioToBp,
  sampleKey,
  type SampleCandidate,
} from './sampling';

/** A month's population: `sizes[i]` customers in branch b<i>, one case each, numbered like real cases. */
function population(sizes: number[]): SampleCandidate[] {
  const cases: SampleCandidate[] = [];
  let serial = 0;
  sizes.forEach((size, i) => {
    for (let j = 0; j < size; j++) {
      serial++;
      cases.push({
        caseNumber: `20261105-01-${String(serial).padStart(4, '0')}`,
        customerKey: `138${String(serial).padStart(8, '0')}`,
        branchId: `b${String(i).padStart(2, '0')}`,
      });
    }
  });
  return cases;
}

describe('md5Hex', () => {
  it('equals the standard MD5 (as PostgreSQL md5() computes it) for ASCII and non-ASCII text', () => {
    for (const text of ['', 'a', 'seed:20261122-07-0003', '客户回访', 'x'.repeat(200), '🙂 emoji']) {
      expect(md5Hex(text)).toBe(createHash('md5').update(text, 'utf8').digest('hex'));
    }
  });
});

describe('ratio and months', () => {
  it('accepts 10–20 % only, in whole basis points', () => {
    expect([999, 1000, 1500, 2000, 2001, 15.5].map(isValidRatioBp)).toEqual([
      false,
      true,
      true,
      true,
      false,
      false,
    ]);
    expect(ratioToBp(0.15)).toBe(1500);
    expect(ratioToBp(0.125)).toBe(1250);
    expect(ratioToBp(0.12345)).toBeUndefined();
  });

  it('rolls December over to January', () => {
    expect(nextMonth('2026-11')).toBe('2026-12');
    expect(nextMonth('2026-12')).toBe('2027-01');
  });
});

describe('allocateSample', () => {
  it('rounds the sample size up and splits it by largest remainder', () => {
    // 15 % of 101 = 15.15 → 16 seats; quotas 7.92, 5.94, 2.14 → 7, 5, 2 + the two largest remainders.
    const allocation = allocateSample(
      [
        { branchId: 'a', eligible: 50 },
        { branchId: 'b', eligible: 37 },
        { branchId: 'c', eligible: 14 },
      ],
      1500,
    );
    expect(Object.fromEntries(allocation)).toEqual({ a: 8, b: 6, c: 2 });
  });

  it('gives every branch that served anyone at least one call, and none to an empty month', () => {
    const allocation = allocateSample(
      [
        { branchId: 'big', eligible: 1000 },
        { branchId: 'tiny', eligible: 1 },
      ],
      1000,
    );
    expect(allocation.get('tiny')).toBe(1);
    expect(allocation.get('big')).toBe(101); // ⌈10 % × 1001⌉ = 101 seats, 100.9 of them its share
    expect(allocateSample([], 1500).size).toBe(0);
  });

  it('keeps every branch within one of its exact share for many shapes', () => {
    for (let shape = 0; shape < 200; shape++) {
      const sizes = Array.from(
        { length: 1 + (shape % 13) },
        (_, i) => 1 + ((shape * 7919 + i * 104729) % 400),
      );
      const ratioBp = 1000 + ((shape * 37) % 1001);
      const branches = sizes.map((eligible, i) => ({ branchId: `b${i}`, eligible }));
      const total = sizes.reduce((s, n) => s + n, 0);
      const seats = Math.ceil((total * ratioBp) / 10_000);
      const allocation = allocateSample(branches, ratioBp);
      let sum = 0;
      for (const b of branches) {
        const n = allocation.get(b.branchId)!;
        const quota = (seats * b.eligible) / total;
        expect(n).toBeGreaterThanOrEqual(Math.max(1, Math.floor(quota)));
        expect(n).toBeLessThanOrEqual(Math.max(1, Math.ceil(quota)));
        expect(n).toBeLessThanOrEqual(b.eligible);
        sum += n;
      }
      // Only the at-least-one rule may add seats beyond ⌈ratio × population⌉.
      expect(sum).toBeGreaterThanOrEqual(seats);
      expect(sum - seats).toBeLessThanOrEqual(branches.length);
    }
  });
});

describe('drawSample', () => {
  const cases = population([120, 60, 15, 5]);

  it('is reproducible: the same population, seed and ratio give the same sample, in any input order', () => {
    const first = drawSample({ population: cases, seed: 'a1b2', ratioBp: 1500 });
    const shuffled = [...cases].reverse();
    expect(drawSample({ population: shuffled, seed: 'a1b2', ratioBp: 1500 })).toEqual(first);
    expect(drawSample({ population: cases, seed: 'other', ratioBp: 1500 }).chosen).not.toEqual(first.chosen);
  });

  it('draws ⌈15 %⌉ stratified by branch, and over many seeds gives each case its branch share', () => {
    const seeds = 400;
    const hits = new Map<string, number>();
    for (let s = 0; s < seeds; s++) {
      const draw = drawSample({ population: cases, seed: `seed-${s}`, ratioBp: 1500 });
      expect(draw.chosen).toHaveLength(30); // ⌈0.15 × 200⌉
      expect(draw.branches.map((b) => b.chosen)).toEqual([18, 9, 2, 1]);
      for (const n of draw.chosen) hits.set(n, (hits.get(n) ?? 0) + 1);
    }
    // Inside the biggest branch every case should be chosen about 18/120 of the time.
    const branch0 = cases.filter((c) => c.branchId === 'b00');
    const rates = branch0.map((c) => (hits.get(c.caseNumber) ?? 0) / seeds);
    const mean = rates.reduce((s, r) => s + r, 0) / rates.length;
    expect(mean).toBeCloseTo(18 / 120, 5);
    // Binomial(400, 0.15): sd ≈ 0.018; no case is far off (a bias by case number would show here).
    for (const r of rates) expect(Math.abs(r - 0.15)).toBeLessThan(0.1);
    const firstHalf = rates.slice(0, 60).reduce((s, r) => s + r, 0) / 60;
    expect(Math.abs(firstHalf - 0.15)).toBeLessThan(0.02);
  });

  it('never picks a customer twice and skips (and counts) customers unreachable twice', () => {
    const repeatCustomer: SampleCandidate[] = Array.from({ length: 40 }, (_, i) => ({
      caseNumber: `20261101-02-${String(i + 1).padStart(4, '0')}`,
      customerKey: i < 20 ? 'same-customer' : `c${i}`,
      branchId: i % 2 ? 'x' : 'y',
    }));
    const unreachable = new Set(['c21', 'c22', 'c23']);
    for (let s = 0; s < 50; s++) {
      const draw = drawSample({
        population: repeatCustomer,
        seed: `s${s}`,
        ratioBp: 2000,
        unreachableTwice: unreachable,
      });
      const chosenCustomers = draw.chosen.map(
        (n) => repeatCustomer.find((c) => c.caseNumber === n)!.customerKey,
      );
      expect(new Set(chosenCustomers).size).toBe(chosenCustomers.length);
      expect(chosenCustomers.filter((c) => unreachable.has(c))).toEqual([]);
      expect(draw.branches.reduce((s, b) => s + b.population, 0)).toBe(21);
      expect(draw.branches.reduce((s, b) => s + b.skipped, 0)).toBe(3);
      expect(draw.chosen).toHaveLength(4); // ⌈20 % × 18 eligible⌉
    }
  });

  it('draws nothing from an empty month', () => {
    expect(drawSample({ population: [], seed: 's', ratioBp: 1500 })).toEqual({
      ratioBp: 1500,
      seed: 's',
      branches: [],
      chosen: [],
    });
  });

  it('draws from a month with one branch', () => {
    const one = population([7]);
    const draw = drawSample({ population: one, seed: 's', ratioBp: 1000 });
    expect(draw.branches).toEqual([{ branchId: 'b00', population: 7, skipped: 0, eligible: 7, chosen: 1 }]);
    expect(draw.chosen).toHaveLength(1);
    // The chosen case is the one with the smallest key.
    const smallest = [...one].sort((a, b) =>
      sampleKey('s', a.caseNumber) < sampleKey('s', b.caseNumber) ? -1 : 1,
    )[0];
    expect(draw.chosen).toEqual([smallest.caseNumber]);
  });
});
