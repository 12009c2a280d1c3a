/**
 * The calendar's caches (issue 10): zone offsets remembered per (zone, UTC day), business days remembered
 * per holiday calendar. Each answer is compared with one computed without the cache — the zone's offset
 * read from Intl directly, business days counted one date at a time.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addBusinessDays,
  addDays,
  businessDaysBetween,
  formatInstantWithOffset,
  holidayCalendar,
  isBusinessDay,
  localDateAt,
  offsetMinutes,
  startOfDayInstant,
  endOfDayInstant,
  type Holiday,
  type LocalDate,
} from '../../src/domain/calendar/index.ts';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall time and offset at `instant`, read from Intl without any cache: the reference. */
function intl(instant: Date, timeZone: string): { date: LocalDate; offset: number; iso: string } {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', era: 'short' });
    formatters.set(timeZone, f);
  }
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(instant)) p[part.type] = part.value;
  const year = p.era === 'BC' || p.era === 'B' ? 1 - Number(p.year) : Number(p.year);
  const wall = new Date(0);
  wall.setUTCFullYear(year, Number(p.month) - 1, Number(p.day));
  wall.setUTCHours(Number(p.hour) % 24, Number(p.minute), Number(p.second), 0);
  const offset = Math.round((wall.getTime() - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
  const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');
  const date = `${pad(year, 4)}-${p.month}-${p.day}`;
  const millis = ((instant.getTime() % 1000) + 1000) % 1000;
  const iso = `${date}T${pad(Number(p.hour) % 24)}:${p.minute}:${p.second}.${pad(millis, 3)}${offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return { date, offset, iso };
}

function assertLikeIntl(instant: Date, zone: string): void {
  const want = intl(instant, zone);
  const label = `${instant.toISOString()} ${zone}`;
  assert.equal(offsetMinutes(instant, zone), want.offset, label);
  assert.equal(localDateAt(instant, zone), want.date, label);
  assert.equal(formatInstantWithOffset(instant, zone), want.iso, label);
}

const ZONES = ['America/Chicago', 'America/New_York', 'America/Santiago', 'America/St_Johns', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Apia', 'Europe/London', 'UTC'];

test('zone offsets and local dates equal Intl read directly, at transitions (DST, half-hour DST, midnight DST, a skipped day, LMT)', () => {
  const transitions: Array<[string, string]> = [
    ['America/Chicago', '2026-03-08T08:00:00Z'], // 02:00 CST → 03:00 CDT
    ['America/Chicago', '2026-11-01T07:00:00Z'], // 02:00 CDT → 01:00 CST
    ['America/Chicago', '1883-11-18T18:00:00Z'], // local mean time (−5:50:36) → CST
    ['America/Santiago', '2026-09-06T04:00:00Z'], // midnight → 01:00
    ['America/Santiago', '2026-04-05T03:00:00Z'], // midnight → 23:00 the day before
    ['America/St_Johns', '2026-03-08T05:30:00Z'], // −3:30 → −2:30
    ['Australia/Lord_Howe', '2026-04-04T15:00:00Z'], // +11 → +10:30
    ['Australia/Lord_Howe', '2026-10-03T15:30:00Z'], // +10:30 → +11
    ['Pacific/Apia', '2011-12-30T10:00:00Z'], // −10 → +14: 30 December 2011 never happened there
    ['Europe/London', '2026-03-29T01:00:00Z'],
    ['Europe/London', '2026-10-25T01:00:00Z'],
  ];
  for (const [zone, iso] of transitions) {
    const t = Date.parse(iso);
    // The listed instant really is a change (so the comparisons below straddle one).
    assert.notEqual(intl(new Date(t - 1), zone).offset, intl(new Date(t), zone).offset, `${zone} ${iso}`);
    for (const d of [-86_400_000, -3_600_000, -1000, -1, 0, 1, 999, 1000, 3_600_000, 86_400_000]) assertLikeIntl(new Date(t + d), zone);
  }
  assert.equal(localDateAt(new Date('2011-12-30T09:59:59.999Z'), 'Pacific/Apia'), '2011-12-29');
  assert.equal(localDateAt(new Date('2011-12-30T10:00:00Z'), 'Pacific/Apia'), '2011-12-31');
  assert.equal(formatInstantWithOffset(new Date('1883-11-18T17:59:59Z'), 'America/Chicago'), '1883-11-18T12:09:23.000-05:51');
});

test('zone offsets equal Intl at many instants from 1850 to 2100 (more days than the cache keeps: it starts over)', () => {
  let seed = 20261203;
  const random = () => {
    // mulberry32
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const from = Date.parse('1850-01-01T00:00:00Z');
  const to = Date.parse('2100-01-01T00:00:00Z');
  // 9 zones × 2,600 instants: over 20,000 (zone, day) pairs, the cache's bound.
  for (let i = 0; i < 2600; i++) {
    for (const zone of ZONES) assertLikeIntl(new Date(from + Math.floor(random() * (to - from))), zone);
  }
  // Same instants again in reverse zone order: answers from the cache (or after it started over) agree.
  for (const zone of [...ZONES].reverse()) {
    for (const iso of ['2026-03-08T07:59:59.999Z', '2026-03-08T08:00:00Z', '2026-11-01T06:59:59.999Z', '2026-11-01T07:00:00Z', '2024-02-29T12:00:00Z']) assertLikeIntl(new Date(iso), zone);
  }
});

test('start and end of day across DST: the same whether the day was seen before or not', () => {
  const days: LocalDate[] = [];
  for (let d = '2026-02-25'; d <= '2026-03-15'; d = addDays(d, 1)) days.push(d);
  for (let d = '2026-10-25'; d <= '2026-11-08'; d = addDays(d, 1)) days.push(d);
  for (const zone of ['America/Chicago', 'America/Santiago', 'Australia/Lord_Howe']) {
    const first = days.map((d) => [endOfDayInstant(d, zone).getTime(), startOfDayInstant(d, zone).getTime()]);
    const again = days.map((d) => [endOfDayInstant(d, zone).getTime(), startOfDayInstant(d, zone).getTime()]);
    assert.deepEqual(again, first);
    for (const [i, d] of days.entries()) {
      const [end, start] = first[i]!;
      assert.equal(intl(new Date(end!), zone).date, d);
      assert.equal(intl(new Date(end! + 1), zone).date, addDays(d, 1));
      assert.equal(intl(new Date(start!), zone).date, d);
      assert.equal(intl(new Date(start! - 1), zone).date, addDays(d, -1));
    }
  }
  // America/Chicago: 23 hours on the spring-forward day, 25 on the fall-back day.
  const hours = (d: LocalDate) => (endOfDayInstant(d, 'America/Chicago').getTime() + 1 - startOfDayInstant(d, 'America/Chicago').getTime()) / 3_600_000;
  assert.deepEqual(['2026-03-07', '2026-03-08', '2026-11-01', '2026-11-02'].map(hours), [24, 23, 25, 24]);
});

/** Business days counted one date at a time with `isBusinessDay` (no memo): the reference. */
function countBusinessDays(from: LocalDate, to: LocalDate, cal: ReturnType<typeof holidayCalendar>): number {
  let n = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isBusinessDay(d, cal)) n++;
  return n;
}

test('business days per calendar: a changed holiday list is a new calendar, and never gets the old answers', () => {
  const federal = holidayCalendar('us-federal');
  assert.equal(addBusinessDays('2026-11-25', 2, federal), '2026-11-30');
  const added: Holiday[] = [{ date: '2026-11-27', name: 'Day after Thanksgiving' }];
  const withFriday = holidayCalendar('us-federal', { added });
  assert.equal(addBusinessDays('2026-11-25', 2, withFriday), '2026-12-01');
  // The calendar copied its edits: changing the list afterwards changes nothing (a new list, a new calendar).
  added.push({ date: '2026-11-30', name: 'Local' });
  assert.equal(addBusinessDays('2026-11-25', 2, withFriday), '2026-12-01');
  assert.equal(addBusinessDays('2026-11-25', 2, holidayCalendar('us-federal', { added })), '2026-12-02');
  // Removing Thanksgiving (observed 2026-11-26); the first calendar still answers as before.
  const noThanksgiving = holidayCalendar('us-federal', { removed: ['2026-11-26'] });
  assert.equal(addBusinessDays('2026-11-25', 2, noThanksgiving), '2026-11-27');
  assert.equal(addBusinessDays('2026-11-25', 2, federal), '2026-11-30');
  assert.equal(businessDaysBetween('2026-11-25', '2026-11-30', federal), 2);
  assert.equal(businessDaysBetween('2026-11-25', '2026-11-30', withFriday), 1);
  assert.equal(businessDaysBetween('2026-11-25', '2026-11-30', noThanksgiving), 3);
  assert.equal(addBusinessDays('2026-11-30', -1, withFriday), '2026-11-25');
  assert.equal(addBusinessDays('2026-11-30', -1, federal), '2026-11-27');
});

test('business days over 150 years (more days than a calendar remembers) equal the count one date at a time', () => {
  const cal = holidayCalendar('us-federal', { added: [{ date: '1999-12-31', name: 'Y2K' }] });
  let total = 0;
  for (let y = 1900; y < 2050; y++) {
    const n = businessDaysBetween(`${y - 1}-12-31`, `${y}-12-31`, cal);
    if (y % 10 === 0) assert.equal(n, countBusinessDays(`${y - 1}-12-31`, `${y}-12-31`, cal), String(y));
    total += n;
  }
  assert.equal(businessDaysBetween('1899-12-31', '2049-12-31', cal), total);
  assert.equal(businessDaysBetween('1899-12-31', '2049-12-31', holidayCalendar('us-federal', { added: [{ date: '1999-12-31', name: 'Y2K' }] })), total);
  // New Year's Day 2050 is a Saturday, observed on Friday 31 December 2049: the last business day is the 30th.
  assert.equal(addBusinessDays('1899-12-31', total, cal), '2049-12-30');
  // Back from a holiday: the first business day counted, Tuesday 2 January 1900 (New Year's Day was a Monday).
  assert.equal(addBusinessDays('2049-12-31', -total, cal), '1900-01-02');
  assert.equal(addBusinessDays('1999-12-30', 1, cal), '2000-01-03'); // Y2K and the weekend skipped
  assert.throws(() => businessDaysBetween('2026-01-01', 'not a date', cal), RangeError);
  assert.equal(addBusinessDays('2026-02-30', 0, cal), '2026-02-30'); // n = 0 returns the date unchanged, as before
});
