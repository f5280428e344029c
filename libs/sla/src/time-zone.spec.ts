import fc from 'fast-check';
import { HOUR_MS, MINUTE_MS } from './duration';
import { TimeZone } from './time-zone';

const ZONES = [
  'Asia/Shanghai',
  'Europe/Berlin',
  'America/New_York',
  'America/Santiago',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
];
const FROM = Date.UTC(2025, 0, 1);
const TO = Date.UTC(2028, 0, 1);

// An uncached reference: Intl asked directly, nothing remembered.
function referenceOffset(zone: string, t: number): number {
  const whole = Math.floor(t / 1000) * 1000;
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(whole);
  const f = Object.fromEntries(parts.map((p) => [p.type, Number(p.value)]));
  return Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second) - whole;
}

describe('TimeZone', () => {
  it('knows the offsets either side of the 2026 DST switches, to the millisecond', () => {
    const berlin = TimeZone.of('Europe/Berlin');
    const spring = Date.UTC(2026, 2, 29, 1); // 02:00 CET -> 03:00 CEST
    expect(berlin.offsetAt(spring - 1)).toBe(1 * HOUR_MS);
    expect(berlin.offsetAt(spring)).toBe(2 * HOUR_MS);
    const newYork = TimeZone.of('America/New_York');
    const autumn = Date.UTC(2026, 10, 1, 6); // 02:00 EDT -> 01:00 EST
    expect(newYork.offsetAt(autumn - 1)).toBe(-4 * HOUR_MS);
    expect(newYork.offsetAt(autumn)).toBe(-5 * HOUR_MS);
    expect(TimeZone.of('Asia/Shanghai').offsetAt(spring)).toBe(8 * HOUR_MS);
  });

  it('handles half-hour DST switches in the middle of a cached hour (Lord Howe Island)', () => {
    const lordHowe = TimeZone.of('Australia/Lord_Howe');
    const start = Date.UTC(2026, 9, 3, 15, 30); // 4 October 02:00 +10:30 -> 02:30 +11, at half past a UTC hour
    expect(lordHowe.offsetAt(start - 1)).toBe(10.5 * HOUR_MS);
    expect(lordHowe.offsetAt(start)).toBe(11 * HOUR_MS);
    expect(lordHowe.offsetAt(start - 30 * MINUTE_MS)).toBe(10.5 * HOUR_MS);
  });

  it('matches Intl at every instant, cached or not', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: FROM, max: TO }), (zone, t) => {
        expect(TimeZone.of(zone).offsetAt(t)).toBe(referenceOffset(zone, t));
      }),
      { numRuns: 2000 },
    );
  });

  it('maps a repeated local time to its first occurrence and a skipped one to the end of the gap', () => {
    const berlin = TimeZone.of('Europe/Berlin');
    expect(berlin.instantAt(Date.UTC(2026, 9, 25, 2, 30))).toBe(Date.parse('2026-10-25T02:30:00+02:00'));
    expect(berlin.instantAt(Date.UTC(2026, 2, 29, 2, 30))).toBe(Date.parse('2026-03-29T03:00:00+02:00'));
    // Santiago springs forward at midnight: 6 September 2026 00:00 does not exist, the day starts at 01:00.
    expect(TimeZone.of('America/Santiago').instantAt(Date.UTC(2026, 8, 6))).toBe(
      Date.parse('2026-09-06T01:00:00-03:00'),
    );
  });

  it('instantAt is the first instant whose wall clock reads the given time or later', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: FROM, max: TO }),
        fc.integer({ min: 0, max: 3 * HOUR_MS }),
        (zone, wall, later) => {
          const z = TimeZone.of(zone);
          const t = z.instantAt(wall);
          expect(z.wallClockAt(t)).toBeGreaterThanOrEqual(wall);
          // one millisecond earlier the clock had not reached it yet (sampled across the surrounding hours)
          for (const back of [1, MINUTE_MS, HOUR_MS, 2 * HOUR_MS])
            expect(z.wallClockAt(t - back)).toBeLessThan(wall);
          // monotonic: a later wall-clock time never maps to an earlier instant
          expect(z.instantAt(wall + later)).toBeGreaterThanOrEqual(t);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('rejects an unknown zone', () => {
    expect(() => TimeZone.of('Mars/Olympus_Mons')).toThrow(RangeError);
    expect(TimeZone.isValid('Mars/Olympus_Mons')).toBe(false);
    expect(TimeZone.isValid('Asia/Shanghai')).toBe(true);
  });
});
