/**
 * "Today" is the CoC's date: the calendar date on the CoC's wall clock at this instant, never the
 * server's or UTC's. At 19:00 in Chicago (01:00 UTC the next day) it is still today in Chicago. Every
 * rule that compares with today — consent expiry, dates not in the future, annual windows, deadlines —
 * takes its `today` from here (through `todayOf` in the use cases, which knows the CoC's time zone).
 */
import type { LocalDate } from './dates.ts';
import { localDateAt } from './zoned.ts';

/** The CoC's date now: the injected clock read in the CoC's IANA time zone. */
export function cocToday(clock: { now(): Date }, timeZone: string): LocalDate {
  return localDateAt(clock.now(), timeZone);
}

