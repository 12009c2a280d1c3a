/**
 * Business days: Monday to Friday, except the holidays of a `HolidayCalendar`.
 */
import { fromDayNumber, isWeekend, toDayNumber, type LocalDate } from './dates.ts';
import { US_FEDERAL_HOLIDAYS, type HolidayCalendar } from './holidays.ts';

export function isBusinessDay(date: LocalDate, holidays: HolidayCalendar = US_FEDERAL_HOLIDAYS): boolean {
  return !isWeekend(date) && !holidays.isHoliday(date);
}

// Measured (issue 10, BENCHMARKS.md): counting business days one 'YYYY-MM-DD' string at a time (parse,
// format, weekday, holiday lookup) showed in the timeliness sweep. The loops below step over day numbers
// and remember each calendar's answer per day. A calendar's answers never change (holidayCalendar copies
// its edits; a changed holiday list is a new calendar), so the memo is keyed by the calendar object and
// goes with it. Bounded.
const memos = new WeakMap<HolidayCalendar, Map<number, boolean>>();
const MAX_MEMO_DAYS = 50_000;

function isBusinessDayNumber(day: number, holidays: HolidayCalendar): boolean {
  const dow = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  if (dow === 0 || dow === 6) return false;
  let memo = memos.get(holidays);
  if (!memo) {
    memo = new Map();
    memos.set(holidays, memo);
  }
  let business = memo.get(day);
  if (business === undefined) {
    business = !holidays.isHoliday(fromDayNumber(day));
    if (memo.size >= MAX_MEMO_DAYS) memo.clear();
    memo.set(day, business);
  }
  return business;
}

/**
 * The `n`th business day after `date` (n > 0) or before it (n < 0); `date` itself never counts, whether or
 * not it is a business day. `n = 0` returns `date` unchanged.
 *
 * Examples (US federal holidays): Wed 2026-11-25 + 2 → Mon 2026-11-30 (Thanksgiving is skipped);
 * Sat 2026-11-28 + 2 → Tue 2026-12-01; Mon 2026-11-30 − 1 → Fri 2026-11-27.
 */
export function addBusinessDays(date: LocalDate, n: number, holidays: HolidayCalendar = US_FEDERAL_HOLIDAYS): LocalDate {
  if (!Number.isInteger(n)) throw new RangeError(`Business days must be a whole number: ${n}`);
  if (n === 0) return date;
  const step = n < 0 ? -1 : 1;
  let left = Math.abs(n);
  let d = toDayNumber(date);
  while (left > 0) {
    d += step;
    if (isBusinessDayNumber(d, holidays)) left--;
  }
  return fromDayNumber(d);
}

/**
 * Business days strictly after `from` up to and including `to` (0 when `to` ≤ `from`). The "days taken"
 * a timeliness report counts for a step measured in business days.
 */
export function businessDaysBetween(from: LocalDate, to: LocalDate, holidays: HolidayCalendar = US_FEDERAL_HOLIDAYS): number {
  const last = toDayNumber(to);
  let count = 0;
  for (let d = toDayNumber(from) + 1; d <= last; d++) if (isBusinessDayNumber(d, holidays)) count++;
  return count;
}
