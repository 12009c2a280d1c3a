/**
 * Business days: Monday to Friday, except the holidays of a `HolidayCalendar`.
 */
import { addDays, isWeekend, type LocalDate } from './dates.ts';
import { US_FEDERAL_HOLIDAYS, type HolidayCalendar } from './holidays.ts';

export function isBusinessDay(date: LocalDate, holidays: HolidayCalendar = US_FEDERAL_HOLIDAYS): boolean {
  return !isWeekend(date) && !holidays.isHoliday(date);
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
  const step = n < 0 ? -1 : 1;
  let left = Math.abs(n);
  let d = date;
  while (left > 0) {
    d = addDays(d, step);
    if (isBusinessDay(d, holidays)) left--;
  }
  return d;
}

/**
 * Business days strictly after `from` up to and including `to` (0 when `to` ≤ `from`). The "days taken"
 * a timeliness report counts for a step measured in business days.
 */
export function businessDaysBetween(from: LocalDate, to: LocalDate, holidays: HolidayCalendar = US_FEDERAL_HOLIDAYS): number {
  let count = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isBusinessDay(d, holidays)) count++;
  return count;
}
