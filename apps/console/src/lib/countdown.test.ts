import { describe, expect, it } from 'vitest';
import { clock, countdown } from './countdown';

const at = (iso: string) => Date.parse(iso);

describe('countdown', () => {
  const deadline = { dueAt: '2026-11-23T02:00:00.000Z', warnAt: '2026-11-23T01:45:00.000Z' };

  it('is neutral before the warning point, counting down to the deadline', () => {
    expect(countdown(deadline, at('2026-11-23T01:00:00.000Z'))).toEqual({
      tone: 'neutral',
      remainingMs: 3_600_000,
      text: '1:00:00',
    });
  });

  it('turns amber from the warning point on', () => {
    expect(countdown(deadline, at('2026-11-23T01:45:00.000Z')).tone).toBe('warning');
    expect(countdown(deadline, at('2026-11-23T01:44:59.999Z')).tone).toBe('neutral');
  });

  it('turns red at the deadline and counts up from there', () => {
    const past = countdown(deadline, at('2026-11-23T02:05:07.000Z'));
    expect(past.tone).toBe('breached');
    expect(past.remainingMs).toBe(-307_000);
    expect(past.text).toBe('+0:05:07');
    expect(countdown(deadline, at('2026-11-23T02:00:00.000Z')).tone).toBe('breached');
  });

  it('is red when the workflow has marked it breached, even before this clock says so', () => {
    expect(countdown({ ...deadline, breached: true }, at('2026-11-23T01:59:59.000Z')).tone).toBe('breached');
  });

  it('shows nothing counting for a paused, met or cancelled commitment', () => {
    expect(countdown({ status: 'paused' }, 0)).toMatchObject({ tone: 'paused', text: '' });
    expect(countdown({ ...deadline, status: 'met' }, 0)).toMatchObject({ tone: 'met', text: '' });
    expect(countdown({ ...deadline, status: 'cancelled' }, 0)).toMatchObject({ tone: 'none', text: '' });
    expect(countdown({ dueAt: null }, 0)).toMatchObject({ tone: 'none', text: '' });
  });

  it('has no amber without a known warning point', () => {
    expect(countdown({ dueAt: deadline.dueAt }, at('2026-11-23T01:59:00.000Z')).tone).toBe('neutral');
  });
});

describe('clock', () => {
  it('writes hours, minutes and seconds, and days past 24 h in the unit given', () => {
    expect(clock(0)).toBe('0:00:00');
    expect(clock(59_999)).toBe('0:00:59');
    expect(clock(3_723_000)).toBe('1:02:03');
    expect(clock(2 * 86_400_000 + 3_723_000, '天')).toBe('2天 01:02:03');
  });
});
