/**
 * Calendar dates as 'YYYY-MM-DD' strings (the form the database drivers and the API use), with the small
 * amount of arithmetic the business-day calendar and the deadlines need. Pure: a date here is a day on a
 * wall calendar, with no time zone; converting to and from instants is in `zoned.ts`.
 */

/** A calendar date, 'YYYY-MM-DD'. */
export type LocalDate = string;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** True when `value` is a real calendar date written 'YYYY-MM-DD' (2026-02-30 is not). */
export function isLocalDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

function parts(date: LocalDate): [number, number, number] {
  const m = DATE_RE.exec(date);
  if (!m || !isLocalDate(date)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** Days since 1970-01-01 (negative before). */
export function toDayNumber(date: LocalDate): number {
  const [y, m, d] = parts(date);
  return Math.round(Date.UTC(y, m - 1, d) / MS_PER_DAY);
}

export function fromDayNumber(day: number): LocalDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Builds a date from numbers (month 1–12). */
export function localDate(year: number, month: number, day: number): LocalDate {
  const s = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (!isLocalDate(s)) throw new RangeError(`Not a calendar date: ${s}`);
  return s;
}

export function yearOf(date: LocalDate): number {
  return parts(date)[0];
}

/** `date` plus `n` calendar days (n may be negative). */
export function addDays(date: LocalDate, n: number): LocalDate {
  return fromDayNumber(toDayNumber(date) + n);
}

/** Calendar days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** Day of the week: 0 Sunday … 6 Saturday. */
export function dayOfWeek(date: LocalDate): number {
  // 1970-01-01 was a Thursday (4).
  return (((toDayNumber(date) + 4) % 7) + 7) % 7;
}

export function isWeekend(date: LocalDate): boolean {
  const d = dayOfWeek(date);
  return d === 0 || d === 6;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The `nth` (1-based) given weekday (0 Sunday … 6 Saturday) of a month. */
export function nthWeekdayOfMonth(year: number, month: number, weekday: number, nth: number): LocalDate {
  const first = localDate(year, month, 1);
  const offset = (weekday - dayOfWeek(first) + 7) % 7;
  return addDays(first, offset + (nth - 1) * 7);
}

/** The last given weekday of a month. */
export function lastWeekdayOfMonth(year: number, month: number, weekday: number): LocalDate {
  const last = localDate(year, month, daysInMonth(year, month));
  const back = (dayOfWeek(last) - weekday + 7) % 7;
  return addDays(last, -back);
}
