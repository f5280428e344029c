// The month-end sample (月底抽查): which customers served in a month are called back a third time.
//
// The draw is a pure function of (population, seed, ratio), so a month drawn again gives the same sample
// and an auditor can recompute it from the `samples` record:
//   1. every case gets a key: the first 60 bits of md5(`${seed}:${caseNumber}`) (ties: the case number);
//   2. a customer (by record; by phone for a case naming none) is represented by their case with the smallest key — so no customer twice,
//      and a customer served by two branches is counted in one of them;
//   3. customers already unreachable twice this month are skipped (and counted);
//   4. the sample size is ⌈ratio × eligible customers⌉, allocated to branches in proportion to their
//      eligible customers by the largest-remainder method, at least one per branch that served anyone;
//   5. each branch takes its customers with the smallest keys.
// The production draw runs in SQL (activities/sampling.ts computes the same key as a bigint); this module mirrors it for tests and previews of small populations. Pure and bundle-safe.

/** The ratio an admin may choose, in basis points (10–20 %); the standards' default is 15 %. */
export const SAMPLE_RATIO_MIN_BP = 1000;
export const SAMPLE_RATIO_MAX_BP = 2000;
export const DEFAULT_SAMPLE_RATIO_BP = 1500;

/** `yyyy-mm`. */
export const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isValidRatioBp(bp: unknown): bp is number {
  return (
    Number.isInteger(bp) && (bp as number) >= SAMPLE_RATIO_MIN_BP && (bp as number) <= SAMPLE_RATIO_MAX_BP
  );
}

/** A ratio given as a fraction (0.15) in whole basis points, or undefined if it is not one. */
export function ratioToBp(ratio: number): number | undefined {
  const bp = Math.round(ratio * 10_000);
  return Math.abs(bp - ratio * 10_000) < 1e-6 ? bp : undefined;
}

/** '2026-11' → '2026-12'; '2026-12' → '2027-01'. */
export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/**
 * The sample key of one case: the first 60 bits of md5(`seed:caseNumber`), as 15 lowercase hex digits —
 * ordered like the number they spell. SQL computes the same as a bigint, so the sort compares integers:
 * ('x' || left(md5($seed || ':' || number), 15))::bit(60)::bigint.
 */
export function sampleKey(seed: string, caseNumber: string): string {
  return md5Hex(`${seed}:${caseNumber}`).slice(0, SAMPLE_KEY_HEX_DIGITS);
}
export const SAMPLE_KEY_HEX_DIGITS = 15;

export interface BranchCount {
  branchId: string;
  /** Customers eligible for the sample in this branch. */
  eligible: number;
}

/**
 * ⌈ratio × total⌉ seats over the branches, in proportion to their eligible customers (largest remainder;
 * ties to the larger branch, then the branch id), then at least one for every branch with anyone eligible.
 * A branch never gets more seats than customers. Integer arithmetic only: exact for any population size.
 */
export function allocateSample(branches: readonly BranchCount[], ratioBp: number): Map<string, number> {
  const total = branches.reduce((sum, b) => sum + b.eligible, 0);
  const seats = Math.ceil((total * ratioBp) / 10_000);
  const allocation = new Map<string, number>();
  if (total === 0) return allocation;
  const remainders: { branchId: string; eligible: number; remainder: number }[] = [];
  let given = 0;
  for (const b of branches) {
    if (b.eligible <= 0) continue;
    const share = Math.floor((seats * b.eligible) / total);
    allocation.set(b.branchId, share);
    given += share;
    remainders.push({ branchId: b.branchId, eligible: b.eligible, remainder: (seats * b.eligible) % total });
  }
  remainders.sort(
    (a, b) =>
      b.remainder - a.remainder ||
      b.eligible - a.eligible ||
      (a.branchId < b.branchId ? -1 : a.branchId > b.branchId ? 1 : 0),
  );
  for (let i = 0; given < seats; i++, given++) {
    const { branchId } = remainders[i];
    allocation.set(branchId, allocation.get(branchId)! + 1);
  }
  // Every branch that served anyone is represented, even when its share rounds down to nothing.
  for (const [branchId, n] of allocation) if (n === 0) allocation.set(branchId, 1);
  return allocation;
}

export interface SampleCandidate {
  caseNumber: string;
  /** Who the customer is (their record's id; their phone for a case naming none): never sampled twice. */
  customerKey: string;
  /** '' for a case with no branch. */
  branchId: string;
}

export interface BranchSample {
  branchId: string;
  /** Distinct customers served in the month (including skipped ones). */
  population: number;
  /** Customers already unreachable twice this month. */
  skipped: number;
  eligible: number;
  chosen: number;
}

export interface SampleDraw {
  ratioBp: number;
  seed: string;
  branches: BranchSample[];
  /** Chosen case numbers, sorted. */
  chosen: string[];
}

/** The draw (see the file comment); `unreachableTwice` holds customer keys to skip. */
export function drawSample(input: {
  population: readonly SampleCandidate[];
  seed: string;
  ratioBp: number;
  unreachableTwice?: ReadonlySet<string>;
}): SampleDraw {
  const { seed, ratioBp } = input;
  const keyed = input.population.map((c) => ({ ...c, key: sampleKey(seed, c.caseNumber) }));
  const byKey = (a: { key: string; caseNumber: string }, b: { key: string; caseNumber: string }) =>
    a.key < b.key
      ? -1
      : a.key > b.key
        ? 1
        : a.caseNumber < b.caseNumber
          ? -1
          : a.caseNumber > b.caseNumber
            ? 1
            : 0;
  keyed.sort(byKey);
  const representative = new Map<string, (typeof keyed)[number]>();
  for (const c of keyed) if (!representative.has(c.customerKey)) representative.set(c.customerKey, c);

  const branches = new Map<string, BranchSample & { queue: typeof keyed }>();
  for (const c of representative.values()) {
    let b = branches.get(c.branchId);
    if (!b) {
      b = { branchId: c.branchId, population: 0, skipped: 0, eligible: 0, chosen: 0, queue: [] };
      branches.set(c.branchId, b);
    }
    b.population++;
    if (input.unreachableTwice?.has(c.customerKey)) b.skipped++;
    else {
      b.eligible++;
      b.queue.push(c); // already in key order
    }
  }
  const sorted = [...branches.values()].sort((a, b) => (a.branchId < b.branchId ? -1 : 1));
  const allocation = allocateSample(sorted, ratioBp);
  const chosen: string[] = [];
  for (const b of sorted) {
    b.chosen = allocation.get(b.branchId) ?? 0;
    chosen.push(...b.queue.slice(0, b.chosen).map((c) => c.caseNumber));
  }
  return {
    ratioBp,
    seed,
    branches: sorted.map(({ queue: _queue, ...b }) => b),
    chosen: chosen.sort(),
  };
}

// ── MD5 (RFC 1321), so the draw can be recomputed anywhere, the workflow sandbox included ─────────────

const S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
const K = Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) >>> 0);

function utf8(text: string): number[] {
  const bytes: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) bytes.push(cp);
    else if (cp < 0x800) bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else bytes.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return bytes;
}

export function md5Hex(text: string): string {
  const bytes = utf8(text);
  const bitLength = bytes.length * 8;
  bytes.push(0x80);
  while (bytes.length % 64 !== 56) bytes.push(0);
  for (let i = 0; i < 8; i++) bytes.push(i < 4 ? (bitLength >>> (8 * i)) & 0xff : 0);
  let a0 = 0x67452301;
  let b0 = 0xefcdab89;
  let c0 = 0x98badcfe;
  let d0 = 0x10325476;
  const m = new Array<number>(16);
  for (let chunk = 0; chunk < bytes.length; chunk += 64) {
    for (let i = 0; i < 16; i++) {
      const o = chunk + i * 4;
      m[i] = bytes[o] | (bytes[o + 1] << 8) | (bytes[o + 2] << 16) | (bytes[o + 3] << 24);
    }
    let [a, b, c, d] = [a0, b0, c0, d0];
    for (let i = 0; i < 64; i++) {
      let f: number;
      let g: number;
      if (i < 16) [f, g] = [(b & c) | (~b & d), i];
      else if (i < 32) [f, g] = [(d & b) | (~d & c), (5 * i + 1) % 16];
      else if (i < 48) [f, g] = [b ^ c ^ d, (3 * i + 5) % 16];
      else [f, g] = [c ^ (b | ~d), (7 * i) % 16];
      const sum = (a + f + K[i] + m[g]) | 0;
      const shift = S[(i >> 4) * 4 + (i % 4)];
      [a, d, c] = [d, c, b];
      b = (b + ((sum << shift) | (sum >>> (32 - shift)))) | 0;
    }
    a0 = (a0 + a) | 0;
    b0 = (b0 + b) | 0;
    c0 = (c0 + c) | 0;
    d0 = (d0 + d) | 0;
  }
  return [a0, b0, c0, d0]
    .map((word) => [0, 8, 16, 24].map((s) => ((word >>> s) & 0xff).toString(16).padStart(2, '0')).join(''))
    .join('');
}
