import { describe, expect, it } from 'vitest';
import { formatTime, onWorkingTime, weekdayTime, workingBudget } from './time';

describe('times in the branch calendar’s zone', () => {
  it('shows the local time of the branch and names the zone when the browser is elsewhere', () => {
    expect(formatTime('2026-11-23T02:00:00.000Z', 'Asia/Shanghai', 'Europe/Berlin')).toBe(
      '2026-11-23 10:00 (Asia/Shanghai)',
    );
  });

  it('does not name the zone when the browser is in it', () => {
    expect(formatTime('2026-11-23T02:00:00.000Z', 'Asia/Shanghai', 'Asia/Shanghai')).toBe('2026-11-23 10:00');
  });

  it('writes a deadline’s weekday in the person’s language', () => {
    expect(weekdayTime('2026-11-23T02:00:00.000Z', 'Asia/Shanghai', 'zh-CN')).toBe('周一 10:00');
    expect(weekdayTime('2026-11-23T02:00:00.000Z', 'Asia/Shanghai', 'en')).toBe('Mon 10:00');
  });
});

describe('working-time labels', () => {
  it('recognise a working-time commitment by a budget shorter than its wall-clock span', () => {
    // 2 working hours from Friday 17:30: due Monday 10:30 (Asia/Shanghai).
    const friday = { startedAt: '2026-11-20T09:30:00.000Z', dueAt: '2026-11-23T02:30:00.000Z' };
    expect(onWorkingTime({ ...friday, remainingMs: 2 * 3_600_000 })).toBe(true);
    const clockHour = { startedAt: '2026-11-20T09:30:00.000Z', dueAt: '2026-11-20T10:30:00.000Z' };
    expect(onWorkingTime({ ...clockHour, remainingMs: 3_600_000 })).toBe(false);
    expect(onWorkingTime({ startedAt: friday.startedAt, dueAt: null, remainingMs: 1 })).toBe(false);
  });

  it('say the budget in working hours, or in working days when it is whole days', () => {
    expect(workingBudget(2 * 3_600_000)).toEqual({ unit: 'workingHours', count: 2 });
    expect(workingBudget(2 * 9.5 * 3_600_000)).toEqual({ unit: 'workingDays', count: 2 });
    expect(workingBudget(1.5 * 3_600_000)).toEqual({ unit: 'workingHours', count: 1.5 });
  });
});
