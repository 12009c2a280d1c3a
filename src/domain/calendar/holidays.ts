/**
 * The holiday calendar business days skip: US federal holidays with their observed dates (5 U.S.C. 6103 and
 * the OPM rule for Monday–Friday workers: a holiday on a Saturday is observed the Friday before, on a Sunday
 * the Monday after), generated for any year, plus the dates an HMIS administrator adds or removes.
 *
 * Note the year-end case: New Year's Day on a Saturday (2022, 2028, 2033…) is observed on Friday 31 December
 * of the previous year, so the observed dates *in* a year can include next year's New Year's Day.
 */
import {
  addDays,
  dayOfWeek,
  isLocalDate,
  lastWeekdayOfMonth,
  localDate,
  nthWeekdayOfMonth,
  yearOf,
  type LocalDate,
} from './dates.ts';

export interface FederalHoliday {
  /** e.g. "Independence Day". */
  name: string;
  /** The holiday's own date. */
  date: LocalDate;
  /** The day it is observed (a weekday), the day that is not a business day. */
  observed: LocalDate;
}

/** A holiday the calendar skips (observed date). */
export interface Holiday {
  date: LocalDate;
  name: string;
}

const MON = 1;
const THU = 4;

/** Saturday → the Friday before; Sunday → the Monday after; otherwise the day itself. */
export function observedDate(date: LocalDate): LocalDate {
  const dow = dayOfWeek(date);
  if (dow === 6) return addDays(date, -1);
  if (dow === 0) return addDays(date, 1);
  return date;
}

/**
 * The US federal holidays *of* `year` (by the holiday's own date), each with its observed date — which, for
 * New Year's Day on a Saturday, falls in the previous year. Juneteenth is included from 2021 (when it
 * became a federal holiday).
 */
export function usFederalHolidays(year: number): FederalHoliday[] {
  const fixed = (name: string, month: number, day: number): FederalHoliday => {
    const date = localDate(year, month, day);
    return { name, date, observed: observedDate(date) };
  };
  const floating = (name: string, date: LocalDate): FederalHoliday => ({ name, date, observed: date });
  const list: FederalHoliday[] = [
    fixed("New Year's Day", 1, 1),
    floating('Birthday of Martin Luther King, Jr.', nthWeekdayOfMonth(year, 1, MON, 3)),
    floating("Washington's Birthday", nthWeekdayOfMonth(year, 2, MON, 3)),
    floating('Memorial Day', lastWeekdayOfMonth(year, 5, MON)),
  ];
  if (year >= 2021) list.push(fixed('Juneteenth National Independence Day', 6, 19));
  list.push(
    fixed('Independence Day', 7, 4),
    floating('Labor Day', nthWeekdayOfMonth(year, 9, MON, 1)),
    floating('Columbus Day', nthWeekdayOfMonth(year, 10, MON, 2)),
    fixed('Veterans Day', 11, 11),
    floating('Thanksgiving Day', nthWeekdayOfMonth(year, 11, THU, 4)),
    fixed('Christmas Day', 12, 25),
  );
  return list;
}

/** The observed federal holidays that fall within `year` (including next year's New Year's Day when observed on 31 December). */
export function usFederalObservedHolidaysIn(year: number): Holiday[] {
  return [...usFederalHolidays(year), ...usFederalHolidays(year + 1)]
    .filter((h) => yearOf(h.observed) === year)
    .map((h) => ({ date: h.observed, name: h.name }));
}

/**
 * What business days skip besides weekends. A calendar's answers never change (business-day counts are
 * remembered per calendar object): a changed holiday list is a new calendar.
 */
export interface HolidayCalendar {
  /** True when `date` is a holiday (not a business day even if it is a weekday). */
  isHoliday(date: LocalDate): boolean;
  /** The holiday's name, or null. */
  holidayName(date: LocalDate): string | null;
  /** The holidays (observed dates) in a year, sorted. */
  holidaysIn(year: number): Holiday[];
}

/** The administrator's edits to the base calendar, kept as data. */
export interface HolidayOverrides {
  /** Extra days off (e.g. the day after Thanksgiving, a local holiday). */
  added?: readonly Holiday[] | undefined;
  /** Base holidays the CoC works on (observed dates, e.g. Columbus Day). */
  removed?: readonly LocalDate[] | undefined;
}

export type HolidayBase = 'us-federal' | 'none';

/**
 * Builds a calendar: `base` ('us-federal' by default, generated for any year) with the administrator's
 * `added` and `removed` dates. Added dates win over removed ones when both list the same date.
 */
export function holidayCalendar(base: HolidayBase = 'us-federal', overrides: HolidayOverrides = {}): HolidayCalendar {
  for (const h of overrides.added ?? []) if (!isLocalDate(h.date)) throw new RangeError(`Not a calendar date: ${h.date}`);
  for (const d of overrides.removed ?? []) if (!isLocalDate(d)) throw new RangeError(`Not a calendar date: ${d}`);
  const removed = new Set(overrides.removed ?? []);
  const added = new Map((overrides.added ?? []).map((h) => [h.date, h.name] as const));
  const byYear = new Map<number, Map<LocalDate, string>>();
  const yearMap = (year: number): Map<LocalDate, string> => {
    let m = byYear.get(year);
    if (!m) {
      m = new Map();
      if (base === 'us-federal') {
        for (const h of usFederalObservedHolidaysIn(year)) if (!removed.has(h.date)) m.set(h.date, h.name);
      }
      for (const [date, name] of added) if (yearOf(date) === year) m.set(date, name);
      byYear.set(year, m);
    }
    return m;
  };
  return {
    isHoliday: (date) => yearMap(yearOf(date)).has(date),
    holidayName: (date) => yearMap(yearOf(date)).get(date) ?? null,
    holidaysIn: (year) =>
      [...yearMap(year)].map(([date, name]) => ({ date, name })).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)),
  };
}

/** US federal holidays, no edits. */
export const US_FEDERAL_HOLIDAYS: HolidayCalendar = holidayCalendar('us-federal');

/** No holidays at all (weekends only). */
export const NO_HOLIDAYS: HolidayCalendar = holidayCalendar('none');
