// A small iCalendar (RFC 5545) reader for what a holiday file holds: all-day VEVENTs with a date
// (DTSTART;VALUE=DATE), an exclusive DTEND or a DURATION in days/weeks, and a SUMMARY. Enough for the
// public-holiday feeds admins download (one event per holiday block); anything it cannot read faithfully
// (a timed event, a recurrence rule, a malformed line) is a problem with its line number, never a guess.
//
// Make-up working days (China's 调休 weekends) come as events too: one whose SUMMARY says "补班" or
// "make-up working day", or that carries `X-CASEFLOW-KIND:MAKE-UP`, is a working day, not a holiday.
import type { Holiday, MakeUpWorkingDay } from './calendar-definition';
import { formatLocalDate, LocalDate, parseLocalDate } from './local-date';

export interface IcsProblem {
  /** 1-based line of the file (the first physical line of a folded line). */
  line: number;
  message: string;
}

export interface IcsHolidays {
  holidays: Holiday[];
  makeUpWorkingDays: MakeUpWorkingDay[];
  problems: IcsProblem[];
}

interface ContentLine {
  line: number;
  name: string;
  params: Record<string, string>;
  value: string;
}

/** An event longer than this is a mistake (a DTEND a year too late), not a holiday. */
const MAX_EVENT_DAYS = 60;
const MAKE_UP = /补班|make-up working day|makeup working day/i;

/** Unfolds lines (RFC 5545 §3.1: CRLF followed by a space or tab continues the line). */
function unfold(text: string): { line: number; text: string }[] {
  const physical = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const logical: { line: number; text: string }[] = [];
  physical.forEach((raw, i) => {
    if ((raw.startsWith(' ') || raw.startsWith('\t')) && logical.length > 0) {
      logical[logical.length - 1].text += raw.slice(1);
    } else if (raw !== '') {
      logical.push({ line: i + 1, text: raw });
    }
  });
  return logical;
}

/** `NAME;PARAM=value;PARAM="quoted:value":VALUE`; undefined when it is not a content line. */
function parseContentLine(line: number, text: string): ContentLine | undefined {
  let i = 0;
  const nameMatch = /^[A-Za-z0-9-]+/.exec(text);
  if (!nameMatch) return undefined;
  const name = nameMatch[0].toUpperCase();
  i = name.length;
  const params: Record<string, string> = {};
  while (text[i] === ';') {
    const eq = text.indexOf('=', i);
    if (eq < 0) return undefined;
    const param = text.slice(i + 1, eq).toUpperCase();
    i = eq + 1;
    let value = '';
    if (text[i] === '"') {
      const close = text.indexOf('"', i + 1);
      if (close < 0) return undefined;
      value = text.slice(i + 1, close);
      i = close + 1;
    } else {
      while (i < text.length && text[i] !== ';' && text[i] !== ':') value += text[i++];
    }
    params[param] = value;
  }
  if (text[i] !== ':') return undefined;
  return { line, name, params, value: text.slice(i + 1) };
}

/** TEXT values: \\ \; \, \n \N (RFC 5545 §3.3.11). */
export function unescapeIcsText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

function parseIcsDate(value: string): LocalDate | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(value.trim());
  if (!m) return undefined;
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  return parseLocalDate(date) === undefined ? undefined : date;
}

/** Whole days of a DURATION: P1D, P2W, P1W2D (a holiday is whole days; hours are refused). */
function parseDurationDays(value: string): number | undefined {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?$/.exec(value.trim());
  if (!m || (m[1] === undefined && m[2] === undefined)) return undefined;
  return Number(m[1] ?? 0) * 7 + Number(m[2] ?? 0);
}

/** Reads the holidays and make-up working days of an iCalendar file; `problems` empty means it parsed. */
export function parseIcsHolidays(text: string): IcsHolidays {
  const holidays: Holiday[] = [];
  const makeUpWorkingDays: MakeUpWorkingDay[] = [];
  const problems: IcsProblem[] = [];
  const problem = (line: number, message: string) => problems.push({ line, message });

  const lines = unfold(text);
  if (lines.length === 0 || lines[0].text.trim().toUpperCase() !== 'BEGIN:VCALENDAR') {
    problem(lines[0]?.line ?? 1, 'not an iCalendar file: the first line must be BEGIN:VCALENDAR');
    return { holidays, makeUpWorkingDays, problems };
  }

  const stack: { name: string; line: number }[] = [];
  let event: { line: number; props: ContentLine[] } | undefined;
  let events = 0;
  for (const { line, text: raw } of lines) {
    const content = parseContentLine(line, raw);
    if (!content) {
      problem(line, `not a content line ("NAME:value"): ${JSON.stringify(raw.slice(0, 60))}`);
      continue;
    }
    if (content.name === 'BEGIN') {
      const component = content.value.trim().toUpperCase();
      stack.push({ name: component, line });
      if (component === 'VEVENT') event = { line, props: [] };
      continue;
    }
    if (content.name === 'END') {
      const component = content.value.trim().toUpperCase();
      const open = stack.pop();
      if (!open || open.name !== component) {
        problem(
          line,
          `END:${component} does not close ${open ? `BEGIN:${open.name} (line ${open.line})` : 'anything'}`,
        );
        if (open) stack.push(open);
        continue;
      }
      if (component === 'VEVENT' && event) {
        events++;
        readEvent(event.line, event.props, { holidays, makeUpWorkingDays, problem });
        event = undefined;
      }
      continue;
    }
    // Properties of a VALARM inside an event are not the event's.
    if (event && stack[stack.length - 1]?.name === 'VEVENT') event.props.push(content);
  }
  for (const open of stack.reverse())
    problem(open.line, `BEGIN:${open.name} is never closed (END:${open.name})`);
  if (problems.length === 0 && events === 0) problem(1, 'the file has no events (VEVENT)');
  return { holidays, makeUpWorkingDays, problems };
}

function readEvent(
  line: number,
  props: ContentLine[],
  out: {
    holidays: Holiday[];
    makeUpWorkingDays: MakeUpWorkingDay[];
    problem: (line: number, message: string) => void;
  },
): void {
  const prop = (name: string) => props.find((p) => p.name === name);
  const summary = prop('SUMMARY');
  const name = summary ? unescapeIcsText(summary.value).trim() : '';
  const label = name ? `event "${name}"` : `event at line ${line}`;
  const rrule = prop('RRULE') ?? prop('RDATE');
  if (rrule) {
    return out.problem(
      rrule.line,
      `${label}: recurring events (${rrule.name}) are not supported; list each date`,
    );
  }
  const dtstart = prop('DTSTART');
  if (!dtstart) return out.problem(line, `${label}: has no DTSTART`);
  const start = parseIcsDate(dtstart.value);
  if (!start) {
    const timed = /^\d{8}T\d{6}Z?$/.test(dtstart.value.trim());
    return out.problem(
      dtstart.line,
      timed
        ? `${label}: DTSTART is a date-time (${dtstart.value}); a holiday is a whole day: DTSTART;VALUE=DATE:YYYYMMDD`
        : `${label}: DTSTART ${JSON.stringify(dtstart.value)} is not a date YYYYMMDD`,
    );
  }
  let days = 1;
  const dtend = prop('DTEND');
  const duration = prop('DURATION');
  if (dtend) {
    const end = parseIcsDate(dtend.value);
    if (!end)
      return out.problem(dtend.line, `${label}: DTEND ${JSON.stringify(dtend.value)} is not a date YYYYMMDD`);
    days = parseLocalDate(end)! - parseLocalDate(start)!;
    if (days <= 0)
      return out.problem(
        dtend.line,
        `${label}: DTEND ${end} is not after DTSTART ${start} (DTEND is exclusive)`,
      );
  } else if (duration) {
    const d = parseDurationDays(duration.value);
    if (d === undefined || d === 0) {
      return out.problem(
        duration.line,
        `${label}: DURATION ${JSON.stringify(duration.value)} must be whole days, e.g. P1D or P1W`,
      );
    }
    days = d;
  }
  if (days > MAX_EVENT_DAYS) {
    return out.problem(
      (dtend ?? duration ?? dtstart).line,
      `${label}: lasts ${days} days; a holiday block longer than ${MAX_EVENT_DAYS} days is surely a mistake`,
    );
  }
  const kind = prop('X-CASEFLOW-KIND')?.value.trim().toUpperCase();
  const makeUp = kind === 'MAKE-UP' || MAKE_UP.test(name);
  const first = parseLocalDate(start)!;
  for (let i = 0; i < days; i++) {
    const date = formatLocalDate(first + i);
    const entry = { date, name: name || (makeUp ? 'Make-up working day' : 'Holiday') };
    (makeUp ? out.makeUpWorkingDays : out.holidays).push(entry);
  }
}
