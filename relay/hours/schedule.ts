// Business hours (README, What the visitor gets): RELAY_HOURS, RELAY_TIMEZONE and RELAY_HOLIDAYS, parsed once at
// start, and the availability at any instant: open now, or when the team is back. Hours are
// wall-clock times in the relay's time zone, so a daylight-saving change moves the UTC instants
// and never the opening time on the clock.
import type { Availability } from '../../protocol/relay-api';

/** One opening on a weekday: minutes after that day's midnight; `end` past 1440 runs over midnight. */
export interface OpeningRange {
  /** 0 = Monday … 6 = Sunday. */
  day: number;
  start: number;
  end: number;
}

export interface Schedule {
  timeZone: string;
  ranges: readonly OpeningRange[];
  /** Local dates (YYYY-MM-DD) closed all day: no hours start on them, and hours of the evening before end at midnight. */
  holidays: readonly string[];
}

const DAY_MIN = 1440;
const DAY_MS = 86_400_000;
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const MAX_HOLIDAYS = 1000;
export const HOURS_SYNTAX = 'rules like "Mon-Fri 09:00-18:00, Sat 10:00-14:00" (a day or a day range, then one or more HH:MM-HH:MM ranges)';

/** Parses RELAY_HOURS; throws an Error saying which rule is wrong (never quoting the value). */
export function parseHours(raw: string): OpeningRange[] {
  const ranges: OpeningRange[] = [];
  raw.split(',').forEach((text, i) => {
    const [daysText = '', ...times] = text.trim().split(/\s+/);
    const days = parseDays(daysText);
    if (!days) throw new Error(`rule ${i + 1} does not start with a day (Mon … Sun) or a day range (Mon-Fri)`);
    if (!times.length) throw new Error(`rule ${i + 1} has no HH:MM-HH:MM range`);
    for (const time of times) {
      const m = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(time);
      const start = m && minutes(m[1]!, m[2]!, false);
      const end = m && minutes(m[3]!, m[4]!, true);
      if (start == null || end == null) throw new Error(`rule ${i + 1} has a range that is not HH:MM-HH:MM with times from 00:00 to 24:00`);
      if (start === end) throw new Error(`rule ${i + 1} has a range that starts and ends at the same time`);
      for (const day of days) ranges.push({ day, start, end: end > start ? end : end + DAY_MIN });
    }
  });
  return ranges;
}

function parseDays(text: string): number[] | null {
  const [from, to, extra] = text.toLowerCase().split('-');
  const a = DAYS.indexOf(from!.slice(0, 3));
  const b = to === undefined ? a : DAYS.indexOf(to.slice(0, 3));
  if (a < 0 || b < 0 || extra !== undefined || !isDayName(from!) || (to !== undefined && !isDayName(to))) return null;
  const days = [a];
  for (let d = a; d !== b; ) days.push((d = (d + 1) % 7));
  return days;
}

const FULL_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const isDayName = (word: string) => DAYS.includes(word) || FULL_NAMES.includes(word);

function minutes(h: string, m: string, isEnd: boolean): number | null {
  const value = Number(h) * 60 + Number(m);
  if (Number(m) > 59 || value > DAY_MIN || (value === DAY_MIN && !isEnd)) return null;
  return value;
}

/** Parses RELAY_HOLIDAYS: comma-separated real dates, YYYY-MM-DD. */
export function parseHolidays(raw: string): string[] {
  const dates = raw.split(',').map((d) => d.trim()).filter(Boolean);
  if (dates.length > MAX_HOLIDAYS) throw new Error(`lists more than ${MAX_HOLIDAYS} dates`);
  for (const [i, date] of dates.entries()) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
    const valid = m && new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!)).toISOString().startsWith(date);
    if (!valid) throw new Error(`date ${i + 1} is not a real date written YYYY-MM-DD`);
  }
  return dates;
}

/** True for an IANA time zone name this runtime knows (Europe/Berlin, UTC). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** A local calendar date as days since 1970-01-01, so day arithmetic ignores time zones. */
type DayNumber = number;
const dayNumber = (y: number, m: number, d: number): DayNumber => Date.UTC(y, m - 1, d) / DAY_MS;
const dateText = (day: DayNumber) => new Date(day * DAY_MS).toISOString().slice(0, 10);
/** 0 = Monday, as in OpeningRange. */
const weekday = (day: DayNumber) => (new Date(day * DAY_MS).getUTCDay() + 6) % 7;

interface WallClock {
  day: DayNumber;
  /** Minutes after local midnight. */
  minute: number;
  /** Wall-clock time as if it were UTC, in ms: instant + offset. */
  asUtc: number;
}

/** Reads instants as wall-clock times of one zone. */
function zoneClock(timeZone: string) {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  });
  const wall = (at: number): WallClock => {
    const p: Record<string, number> = {};
    for (const part of format.formatToParts(at)) p[part.type] = Number(part.value);
    const day = dayNumber(p.year!, p.month!, p.day!);
    const minute = p.hour! * 60 + p.minute!;
    return { day, minute, asUtc: day * DAY_MS + (minute * 60 + p.second!) * 1000 + (at % 1000) };
  };
  const offset = (at: number) => wall(at).asUtc - at;
  /**
   * The instant the clock reads `minute` on `day`. A time that occurs twice (clocks go back) is
   * its first occurrence; a time the clocks skip is the moment they jump past it.
   */
  const instant = (day: DayNumber, minute: number): number => {
    const target = day * DAY_MS + minute * 60_000;
    const candidates = [target - offset(target - DAY_MS / 2), target - offset(target + DAY_MS / 2)].sort((a, b) => a - b);
    const exact = candidates.find((t) => wall(t).asUtc === target);
    if (exact !== undefined) return exact;
    // Skipped: search for the first instant whose wall time is at or past the target.
    let [lo, hi] = [candidates[0]!, candidates[1]!];
    while (hi - lo > 1000) {
      const mid = Math.floor((lo + hi) / 2000) * 1000;
      if (wall(mid).asUtc >= target) hi = mid;
      else lo = mid;
    }
    return hi;
  };
  return { wall, instant };
}

/** Availability at `at` (ms since epoch); no schedule means always online. */
export function createAvailability(schedule: Schedule | undefined): (at: number) => Availability {
  if (!schedule) return () => ({ online: true });
  const clock = zoneClock(schedule.timeZone);
  const holidays = new Set(schedule.holidays);
  const closed = (day: DayNumber) => holidays.has(dateText(day));
  const byDay = DAYS.map((_, d) => schedule.ranges.filter((r) => r.day === d).sort((a, b) => a.start - b.start));

  function isOpen({ day, minute }: WallClock): boolean {
    if (closed(day)) return false;
    if (byDay[weekday(day)]!.some((r) => r.start <= minute && minute < r.end)) return true;
    // The evening before, over midnight (never out of a holiday).
    return !closed(day - 1) && byDay[weekday(day - 1)]!.some((r) => minute + DAY_MIN < r.end);
  }

  return (at) => {
    const now = clock.wall(at);
    if (isOpen(now)) return { online: true };
    // Every week has an opening and each holiday blocks one day, so this finds the next one.
    for (let day = now.day; day <= now.day + 7 * (holidays.size + 2); day++) {
      if (closed(day)) continue;
      for (const r of byDay[weekday(day)]!) {
        const opens = clock.instant(day, r.start);
        if (opens > at) return { online: false, opensAt: new Date(opens).toISOString() };
      }
    }
    return { online: false };
  };
}
