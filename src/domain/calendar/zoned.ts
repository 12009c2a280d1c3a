/**
 * Instants ↔ wall-clock dates in an IANA time zone (e.g. America/Chicago), with daylight saving time,
 * using only `Intl.DateTimeFormat` (no library).
 */
import { addDays, type LocalDate } from './dates.ts';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      era: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when `timeZone` is an IANA zone name this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const MS_PER_DAY = 86_400_000;
/** Date's range (±8.64e15 ms) less a day, so an instant plus its offset stays a valid Date. */
const SAFE_MS = 8.64e15 - MS_PER_DAY;

/** The wall time at `instant` read from Intl (slow: see `offsetsOfDay`). */
function intlWallTime(instant: Date, timeZone: string): WallTime {
  const p: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(instant)) p[part.type] = part.value;
  let year = Number(p.year);
  if (p.era === 'BC' || p.era === 'B') year = 1 - year;
  return {
    year,
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour) % 24,
    minute: Number(p.minute),
    second: Number(p.second),
  };
}

/** The zone's offset at whole second `sec` (ms since the epoch, a multiple of 1000), in ms, read from Intl. */
function intlOffsetMs(sec: number, timeZone: string): number {
  const w = intlWallTime(new Date(sec), timeZone);
  const asUtc = new Date(0);
  asUtc.setUTCFullYear(w.year, w.month - 1, w.day);
  asUtc.setUTCHours(w.hour, w.minute, w.second, 0);
  return asUtc.getTime() - sec;
}

/**
 * The offsets of one UTC day in one zone: constant, or one change at `at` (a whole second). `null`: more
 * than one change that day, read from Intl each time.
 */
type DayOffsets = number | { at: number; before: number; after: number } | null;

// Measured (issue 10, BENCHMARKS.md): `formatToParts` was ~70 % of the timeliness sweep's deadline
// arithmetic. An offset only changes at a zone's transitions (whole seconds, months apart), so each
// (zone, UTC day) is read from Intl once: its first and last second, and when they differ the transition
// by bisection (a day with two changes that the bisection notices is read from Intl each time). Bounded;
// pure: the answer depends only on the zone and the instant. Assumes no zone changes its offset and back
// within one UTC day (we know of no such day in the tz database); test/unit/calendar-cache.test.ts
// compares with Intl directly.
const dayOffsets = new Map<string, Map<number, DayOffsets>>();
const MAX_CACHED_DAYS = 20_000;
let cachedDays = 0;

function offsetsOfDay(day: number, timeZone: string): DayOffsets {
  let zone = dayOffsets.get(timeZone);
  if (!zone) {
    formatter(timeZone); // throws for an unknown zone before anything is cached
    zone = new Map();
    dayOffsets.set(timeZone, zone);
  }
  let entry = zone.get(day);
  if (entry !== undefined) return entry;
  const first = day * MS_PER_DAY;
  const last = first + MS_PER_DAY - 1000;
  const before = intlOffsetMs(first, timeZone);
  const after = intlOffsetMs(last, timeZone);
  if (before === after) entry = before;
  else {
    // The first whole second with the new offset.
    let lo = first; // offset `before`
    let hi = last; // offset ≠ `before`
    while (hi - lo > 1000) {
      const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
      if (intlOffsetMs(mid, timeZone) === before) lo = mid;
      else hi = mid;
    }
    entry = intlOffsetMs(hi, timeZone) === after ? { at: hi, before, after } : null;
  }
  if (cachedDays >= MAX_CACHED_DAYS) {
    dayOffsets.clear();
    cachedDays = 0;
    dayOffsets.set(timeZone, zone);
    zone.clear();
  }
  zone.set(day, entry);
  cachedDays++;
  return entry;
}

/** The zone's offset at instant `ms`, in ms (whole seconds: offsets before 1900 may have some). */
function offsetMsAt(ms: number, timeZone: string): number {
  const sec = Math.floor(ms / 1000) * 1000;
  if (Math.abs(ms) > SAFE_MS) return intlOffsetMs(sec, timeZone);
  const o = offsetsOfDay(Math.floor(ms / MS_PER_DAY), timeZone);
  if (o === null) return intlOffsetMs(sec, timeZone);
  if (typeof o === 'number') return o;
  return sec >= o.at ? o.after : o.before;
}

function wallTime(instant: Date, timeZone: string): WallTime {
  const ms = instant.getTime();
  if (Math.abs(ms) > SAFE_MS) return intlWallTime(instant, timeZone);
  const w = new Date(Math.floor(ms / 1000) * 1000 + offsetMsAt(ms, timeZone));
  return {
    year: w.getUTCFullYear(),
    month: w.getUTCMonth() + 1,
    day: w.getUTCDate(),
    hour: w.getUTCHours(),
    minute: w.getUTCMinutes(),
    second: w.getUTCSeconds(),
  };
}

function checkInstant(instant: Date): number {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid date');
  return ms;
}

/** The zone's offset from UTC at `instant`, in minutes (America/Chicago: −360 in winter, −300 in summer). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const ms = checkInstant(instant);
  return Math.round(offsetMsAt(ms, timeZone) / 60_000);
}

/** The calendar date at `instant` in `timeZone`. */
export function localDateAt(instant: Date, timeZone: string): LocalDate {
  checkInstant(instant);
  const w = wallTime(instant, timeZone);
  return `${String(w.year).padStart(4, '0')}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/**
 * The instant at which the wall clock in `timeZone` shows `date` `hh:mm:ss.mmm`. For a wall time skipped by
 * a DST change the later offset is used; for a repeated one, the first occurrence.
 */
export function zonedWallTimeToInstant(
  date: LocalDate,
  time: { hour: number; minute: number; second: number; millisecond: number },
  timeZone: string,
): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wallAsUtc = Date.UTC(y, m - 1, d, time.hour, time.minute, time.second, time.millisecond);
  // Two passes: guess with the offset at the wall time read as UTC, then correct with the offset at the guess.
  const off1 = offsetMinutes(new Date(wallAsUtc), timeZone);
  let guess = wallAsUtc - off1 * 60_000;
  const off2 = offsetMinutes(new Date(guess), timeZone);
  if (off2 !== off1) {
    const alt = wallAsUtc - off2 * 60_000;
    // Prefer a candidate whose wall time really is the requested one; the earliest when both are.
    const ok = (t: number) => offsetMinutes(new Date(t), timeZone) === Math.round((wallAsUtc - t) / 60_000);
    const candidates = [guess, alt].filter(ok).sort((a, b) => a - b);
    guess = candidates[0] ?? Math.max(guess, alt);
  }
  return new Date(guess);
}

/** The last millisecond (23:59:59.999) of `date` in `timeZone`. */
export function endOfDayInstant(date: LocalDate, timeZone: string): Date {
  return zonedWallTimeToInstant(date, { hour: 23, minute: 59, second: 59, millisecond: 999 }, timeZone);
}

/** The first instant of `date` in `timeZone` (one millisecond after the previous day's end; safe when midnight is skipped by DST). */
export function startOfDayInstant(date: LocalDate, timeZone: string): Date {
  return new Date(endOfDayInstant(addDays(date, -1), timeZone).getTime() + 1);
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** ISO 8601 with the zone's offset, e.g. `2026-11-30T23:59:59.999-06:00` (UTC is written `+00:00`). */
export function formatInstantWithOffset(instant: Date, timeZone: string): string {
  const ms = checkInstant(instant);
  const w = wallTime(instant, timeZone);
  const off = offsetMinutes(instant, timeZone);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  const millis = ((ms % 1000) + 1000) % 1000;
  return (
    `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}.${pad(millis, 3)}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}
