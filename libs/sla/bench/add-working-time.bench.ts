// Micro-benchmark: how long addWorkingTime over 2 working days takes, cold (empty caches: Intl is asked)
// and warm. Run: node -r @swc-node/register libs/sla/bench/add-working-time.bench.ts
import { createCalendar, DEFAULT_CALENDAR, HOUR_MS, DAY_MS, CalendarDefinition } from '../src';

const TWO_WORKING_DAYS = 19 * HOUR_MS;
const CASES = 10_000;
const YEAR_START = Date.UTC(2026, 0, 1);

// A fixed pseudo-random sequence (no Math.random: the same run every time).
const starts = Array.from({ length: CASES }, (_, i) => YEAR_START + ((i * 2_654_435_761) % (365 * DAY_MS)));

function timePerCall(definition: CalendarDefinition, label: string): void {
  const calendar = createCalendar(definition);
  let t0 = performance.now();
  for (const start of starts) calendar.addWorkingTime(start, TWO_WORKING_DAYS);
  const cold = ((performance.now() - t0) * 1000) / CASES;
  const rounds: number[] = [];
  for (let r = 0; r < 5; r++) {
    t0 = performance.now();
    for (const start of starts) calendar.addWorkingTime(start, TWO_WORKING_DAYS);
    rounds.push(((performance.now() - t0) * 1000) / CASES);
  }
  rounds.sort((a, b) => a - b);
  console.log(
    `${label}: first pass over ${CASES} cases ${cold.toFixed(2)} µs/call, warm median ${rounds[2].toFixed(2)} µs/call`,
  );
}

timePerCall(DEFAULT_CALENDAR, 'Asia/Shanghai, default calendar');
const lunch = [
  { start: '09:00', end: '12:00' },
  { start: '13:30', end: '18:30' },
];
timePerCall(
  {
    ...DEFAULT_CALENDAR,
    timeZone: 'Europe/Berlin',
    weeklyPeriods: { mon: lunch, tue: lunch, wed: lunch, thu: lunch, fri: lunch, sat: [], sun: [] },
  },
  'Europe/Berlin, lunch break',
);
