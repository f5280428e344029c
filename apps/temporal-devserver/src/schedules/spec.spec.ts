// The spec's time maths, without a server: the parts the both-server tests reach only through a few
// ListScheduleMatchingTimes calls.
import { CompiledSpec } from './spec';

const every = (min: number, max: number) => [{ start: min, end: max, step: 1 }];
const iso = (ms: number): string => new Date(ms).toISOString();

function times(spec: CompiledSpec, from: string, count: number): string[] {
  const out: string[] = [];
  let t = Date.parse(from);
  for (let i = 0; i < count; i++) {
    const next = spec.nextTime('seed', t);
    if (!next) break;
    out.push(iso(next.next));
    t = next.next;
  }
  return out;
}

describe('CompiledSpec', () => {
  const everySecond = (timezoneName: string): CompiledSpec =>
    new CompiledSpec({
      structuredCalendar: [{ second: every(0, 59), minute: every(0, 59), hour: every(0, 23) }].map((c) => ({
        ...c,
        dayOfMonth: every(1, 31),
        month: every(1, 12),
        dayOfWeek: every(0, 6),
      })),
      timezoneName,
    });

  it('takes every second exactly once through the hour New York repeats in autumn and the one it skips in spring', () => {
    const spec = everySecond('America/New_York');
    // Fall back at 06:00Z on 7 November 2027 (02:00 EDT becomes 01:00 EST): instants stay consecutive.
    expect(times(spec, '2027-11-07T05:59:58Z', 4)).toEqual([
      '2027-11-07T05:59:59.000Z',
      '2027-11-07T06:00:00.000Z',
      '2027-11-07T06:00:01.000Z',
      '2027-11-07T06:00:02.000Z',
    ]);
    // Spring forward at 07:00Z on 14 March 2027 (02:00 EST becomes 03:00 EDT).
    expect(times(spec, '2027-03-14T06:59:58Z', 3)).toEqual([
      '2027-03-14T06:59:59.000Z',
      '2027-03-14T07:00:00.000Z',
      '2027-03-14T07:00:01.000Z',
    ]);
  });

  it('finds the next second of a per-second calendar in a zone with DST quickly (no scan of the day)', () => {
    const spec = everySecond('Asia/Shanghai');
    const started = process.hrtime.bigint();
    expect(times(spec, '2027-05-05T12:34:56Z', 200)).toHaveLength(200);
    // A scan from the day's first second took ~15 ms per call; the bound is generous for a loaded machine.
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(1000);
  });

  it('counts an interval with its offset from the Unix epoch', () => {
    const spec = new CompiledSpec({ interval: [{ interval: { seconds: 5400 }, phase: { seconds: 600 } }] });
    expect(times(spec, '2027-01-01T00:00:00Z', 3)).toEqual([
      '2027-01-01T00:10:00.000Z',
      '2027-01-01T01:40:00.000Z',
      '2027-01-01T03:10:00.000Z',
    ]);
  });

  it('jitters each time by the same amount every time, within the jitter and before the next time', () => {
    const spec = new CompiledSpec({ interval: [{ interval: { seconds: 10 } }], jitter: { seconds: 60 } });
    const a = spec.nextTime('seed', Date.parse('2027-01-01T00:00:00Z'))!;
    const b = spec.nextTime('seed', Date.parse('2027-01-01T00:00:00Z'))!;
    expect(a).toEqual(b);
    expect(iso(a.nominal)).toBe('2027-01-01T00:00:10.000Z');
    expect(a.next - a.nominal).toBeGreaterThanOrEqual(0);
    expect(a.next - a.nominal).toBeLessThan(10_000);
  });

  it('refuses an unknown time zone and an interval under a second, naming them', () => {
    expect(() => new CompiledSpec({ timezoneName: 'Mars/Olympus_Mons' })).toThrow(
      'Invalid schedule spec: unknown time zone Mars/Olympus_Mons',
    );
    expect(() => new CompiledSpec({ interval: [{ interval: { nanos: 500_000_000 } }] })).toThrow(
      'Invalid schedule spec: interval is too small',
    );
  });
});
