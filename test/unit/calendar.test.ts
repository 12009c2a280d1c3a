import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addBusinessDays,
  addDays,
  businessDaysBetween,
  dayOfWeek,
  daysBetween,
  endOfDayInstant,
  formatInstantWithOffset,
  holidayCalendar,
  isBusinessDay,
  isLocalDate,
  isValidTimeZone,
  localDateAt,
  NO_HOLIDAYS,
  observedDate,
  offsetMinutes,
  startOfDayInstant,
  US_FEDERAL_HOLIDAYS,
  usFederalHolidays,
  usFederalObservedHolidaysIn,
} from '../../src/domain/calendar/index.ts';

const CHI = 'America/Chicago';

test('calendar dates: validity, weekdays and arithmetic', () => {
  assert.ok(isLocalDate('2028-02-29'));
  for (const bad of ['2027-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026-1-01', '', 'x']) assert.equal(isLocalDate(bad), false, bad);
  assert.equal(dayOfWeek('2026-11-25'), 3); // Wednesday
  assert.equal(dayOfWeek('2026-11-28'), 6);
  assert.equal(dayOfWeek('1969-12-28'), 0);
  assert.equal(addDays('2026-12-31', 1), '2027-01-01');
  assert.equal(addDays('2028-03-01', -1), '2028-02-29');
  assert.equal(daysBetween('2026-11-01', '2026-11-11'), 10);
  assert.equal(daysBetween('2026-11-11', '2026-11-01'), -10);
  assert.throws(() => addDays('2026-02-30', 1), RangeError);
});

test('observed date: Saturday → Friday before, Sunday → Monday after, weekdays unchanged', () => {
  assert.equal(observedDate('2026-07-04'), '2026-07-03');
  assert.equal(observedDate('2027-07-04'), '2027-07-05');
  assert.equal(observedDate('2026-12-25'), '2026-12-25');
  assert.equal(observedDate('2022-01-01'), '2021-12-31');
});

// Observed US federal holidays per year (OPM), as the calendar must skip them.
const OBSERVED: Record<number, string[]> = {
  2020: ['2020-01-01', '2020-01-20', '2020-02-17', '2020-05-25', '2020-07-03', '2020-09-07', '2020-10-12', '2020-11-11', '2020-11-26', '2020-12-25'],
  2021: [
    '2021-01-01', '2021-01-18', '2021-02-15', '2021-05-31', '2021-06-18', '2021-07-05', '2021-09-06', '2021-10-11', '2021-11-11', '2021-11-25',
    '2021-12-24', '2021-12-31', // Christmas on a Saturday; New Year's Day 2022 (a Saturday) observed on Friday 31 December 2021
  ],
  2022: ['2022-01-17', '2022-02-21', '2022-05-30', '2022-06-20', '2022-07-04', '2022-09-05', '2022-10-10', '2022-11-11', '2022-11-24', '2022-12-26'],
  2023: ['2023-01-02', '2023-01-16', '2023-02-20', '2023-05-29', '2023-06-19', '2023-07-04', '2023-09-04', '2023-10-09', '2023-11-10', '2023-11-23', '2023-12-25'],
  2026: ['2026-01-01', '2026-01-19', '2026-02-16', '2026-05-25', '2026-06-19', '2026-07-03', '2026-09-07', '2026-10-12', '2026-11-11', '2026-11-26', '2026-12-25'],
  2027: [
    '2027-01-01', '2027-01-18', '2027-02-15', '2027-05-31', '2027-06-18', '2027-07-05', '2027-09-06', '2027-10-11', '2027-11-11', '2027-11-25',
    '2027-12-24', '2027-12-31',
  ],
  2028: ['2028-01-17', '2028-02-21', '2028-05-29', '2028-06-19', '2028-07-04', '2028-09-04', '2028-10-09', '2028-11-10', '2028-11-23', '2028-12-25'],
};

test('US federal holidays: the observed dates of every holiday across several years', () => {
  for (const [year, dates] of Object.entries(OBSERVED)) {
    assert.deepEqual(usFederalObservedHolidaysIn(Number(year)).map((h) => h.date).sort(), [...dates].sort(), `year ${year}`);
    assert.deepEqual(US_FEDERAL_HOLIDAYS.holidaysIn(Number(year)).map((h) => h.date), [...dates].sort(), `calendar ${year}`);
    for (const d of dates) {
      assert.equal(US_FEDERAL_HOLIDAYS.isHoliday(d), true, d);
      assert.equal(isBusinessDay(d), false, d);
      assert.notEqual(dayOfWeek(d), 0, `${d} observed on a weekday`);
      assert.notEqual(dayOfWeek(d), 6, `${d} observed on a weekday`);
    }
  }
});

test('US federal holidays: named, with their own dates and observed dates', () => {
  const y2027 = usFederalHolidays(2027);
  assert.equal(y2027.length, 11);
  const juneteenth = y2027.find((h) => h.name.startsWith('Juneteenth'));
  assert.deepEqual(juneteenth, { name: 'Juneteenth National Independence Day', date: '2027-06-19', observed: '2027-06-18' });
  assert.deepEqual(
    y2027.find((h) => h.name === 'Christmas Day'),
    { name: 'Christmas Day', date: '2027-12-25', observed: '2027-12-24' },
  );
  assert.deepEqual(
    usFederalHolidays(2026).find((h) => h.name === 'Independence Day'),
    { name: 'Independence Day', date: '2026-07-04', observed: '2026-07-03' },
  );
  assert.deepEqual(usFederalHolidays(2022)[0], { name: "New Year's Day", date: '2022-01-01', observed: '2021-12-31' });
  assert.equal(usFederalHolidays(2020).some((h) => h.name.startsWith('Juneteenth')), false, 'Juneteenth is a federal holiday from 2021');
  assert.equal(US_FEDERAL_HOLIDAYS.holidayName('2026-11-26'), 'Thanksgiving Day');
  assert.equal(US_FEDERAL_HOLIDAYS.holidayName('2021-12-31'), "New Year's Day");
  assert.equal(US_FEDERAL_HOLIDAYS.holidayName('2026-11-27'), null);
});

test('business days: weekends and holidays are skipped; the day a weekend holiday falls on is not observed twice', () => {
  assert.equal(isBusinessDay('2026-11-28'), false); // Saturday
  assert.equal(isBusinessDay('2026-11-29'), false); // Sunday
  assert.equal(isBusinessDay('2026-11-27'), true); // Friday after Thanksgiving: not a federal holiday
  assert.equal(isBusinessDay('2026-11-26'), false); // Thanksgiving
  assert.equal(isBusinessDay('2026-07-03'), false); // Independence Day observed
  assert.equal(isBusinessDay('2026-07-06'), true);
  assert.equal(isBusinessDay('2022-01-03'), true); // New Year 2022 was observed on 2021-12-31, not on Monday
  assert.equal(isBusinessDay('2027-06-21'), true); // Juneteenth 2027 observed Friday 18th, Monday is a business day
  assert.equal(isBusinessDay('2026-11-26', NO_HOLIDAYS), true);
});

test('addBusinessDays: the start date never counts; forward, backward, across weekends, holidays and year ends', () => {
  const cases: Array<[string, number, string]> = [
    ['2026-11-25', 2, '2026-11-30'], // Wed → Thanksgiving skipped → Mon
    ['2026-12-24', 2, '2026-12-29'], // Thu → Christmas skipped → Tue
    ['2026-11-28', 2, '2026-12-01'], // Sat → Mon (1), Tue (2)
    ['2026-11-29', 1, '2026-11-30'], // Sun → Mon
    ['2026-11-27', 1, '2026-11-30'], // Fri → Mon
    ['2026-11-30', 0, '2026-11-30'],
    ['2026-12-30', 2, '2027-01-04'], // New Year's Day 2027 (Fri)
    ['2021-12-29', 2, '2022-01-03'], // New Year 2022 observed Fri 2021-12-31
    ['2027-12-23', 1, '2027-12-27'], // Christmas 2027 observed Fri 12-24
    ['2027-12-30', 1, '2028-01-03'], // New Year 2028 observed Fri 2027-12-31
    ['2026-07-02', 1, '2026-07-06'], // Independence Day 2026 observed Fri 07-03
    ['2027-06-17', 1, '2027-06-21'], // Juneteenth 2027 observed Fri 06-18
    ['2026-11-30', -1, '2026-11-27'],
    ['2026-12-28', -1, '2026-12-24'],
    ['2027-01-04', -2, '2026-12-30'],
    ['2026-11-01', 10, '2026-11-16'], // Sun → Mon 2 … Fri 13 is the 9th (Veterans Day, Wed 11-11, skipped), Mon 16 the 10th
  ];
  for (const [from, n, expected] of cases) assert.equal(addBusinessDays(from, n), expected, `${from} + ${n}`);
  assert.equal(addBusinessDays('2026-11-25', 2, NO_HOLIDAYS), '2026-11-27');
  assert.throws(() => addBusinessDays('2026-11-25', 1.5), RangeError);
});

test('addBusinessDays: from the business day before each observed holiday, one business day lands after it', () => {
  for (const year of [2021, 2026, 2027]) {
    for (const h of usFederalObservedHolidaysIn(year)) {
      const before = addBusinessDays(h.date, -1);
      const next = addBusinessDays(before, 1);
      assert.ok(next > h.date, `${h.name} ${h.date}: ${before} + 1 = ${next}`);
      assert.equal(isBusinessDay(next), true);
    }
  }
});

test('businessDaysBetween counts the business days after the start up to the end', () => {
  assert.equal(businessDaysBetween('2026-11-25', '2026-11-30'), 2);
  assert.equal(businessDaysBetween('2026-11-25', '2026-11-25'), 0);
  assert.equal(businessDaysBetween('2026-11-25', '2026-11-20'), 0);
  assert.equal(businessDaysBetween('2026-12-24', '2026-12-31'), 4);
});

test('administrator edits: added days off and removed holidays, as data', () => {
  const cal = holidayCalendar('us-federal', {
    added: [{ date: '2026-11-27', name: 'Day after Thanksgiving' }],
    removed: ['2026-10-12'], // this CoC works on Columbus Day
  });
  assert.equal(isBusinessDay('2026-11-27', cal), false);
  assert.equal(cal.holidayName('2026-11-27'), 'Day after Thanksgiving');
  assert.equal(isBusinessDay('2026-10-12', cal), true);
  assert.equal(addBusinessDays('2026-11-25', 2, cal), '2026-12-01');
  assert.equal(cal.holidaysIn(2026).length, 11);
  const none = holidayCalendar('none', { added: [{ date: '2026-03-02', name: 'Local' }] });
  assert.deepEqual(none.holidaysIn(2026), [{ date: '2026-03-02', name: 'Local' }]);
  assert.equal(isBusinessDay('2026-11-26', none), true);
  assert.throws(() => holidayCalendar('us-federal', { removed: ['2026-02-30'] }), RangeError);
});

test('time zones: offsets, DST changes in America/Chicago and the end and start of a day', () => {
  assert.ok(isValidTimeZone(CHI));
  assert.equal(isValidTimeZone('Mars/Olympus'), false);
  assert.equal(offsetMinutes(new Date('2026-01-15T12:00:00Z'), CHI), -360);
  assert.equal(offsetMinutes(new Date('2026-07-15T12:00:00Z'), CHI), -300);
  // Spring forward on 2026-03-08 at 02:00 CST → 03:00 CDT (08:00Z).
  assert.equal(offsetMinutes(new Date('2026-03-08T07:59:59Z'), CHI), -360);
  assert.equal(offsetMinutes(new Date('2026-03-08T08:00:00Z'), CHI), -300);
  // Fall back on 2026-11-01 at 02:00 CDT → 01:00 CST (07:00Z).
  assert.equal(offsetMinutes(new Date('2026-11-01T06:59:59Z'), CHI), -300);
  assert.equal(offsetMinutes(new Date('2026-11-01T07:00:00Z'), CHI), -360);

  const eod: Array<[string, string]> = [
    ['2026-03-07', '2026-03-07T23:59:59.999-06:00'],
    ['2026-03-08', '2026-03-08T23:59:59.999-05:00'],
    ['2026-10-31', '2026-10-31T23:59:59.999-05:00'],
    ['2026-11-01', '2026-11-01T23:59:59.999-06:00'],
    ['2026-12-31', '2026-12-31T23:59:59.999-06:00'],
  ];
  for (const [d, iso] of eod) {
    const at = endOfDayInstant(d, CHI);
    assert.equal(formatInstantWithOffset(at, CHI), iso);
    assert.equal(at.getTime(), Date.parse(iso));
  }
  assert.equal(endOfDayInstant('2026-03-08', CHI).toISOString(), '2026-03-09T04:59:59.999Z');
  assert.equal(formatInstantWithOffset(startOfDayInstant('2026-03-08', CHI), CHI), '2026-03-08T00:00:00.000-06:00');
  assert.equal(formatInstantWithOffset(startOfDayInstant('2026-11-01', CHI), CHI), '2026-11-01T00:00:00.000-05:00');
  // A zone whose DST starts at midnight: the day starts at 01:00.
  assert.equal(formatInstantWithOffset(startOfDayInstant('2026-09-06', 'America/Santiago'), 'America/Santiago'), '2026-09-06T01:00:00.000-03:00');
  assert.equal(formatInstantWithOffset(endOfDayInstant('2026-11-30', 'UTC'), 'UTC'), '2026-11-30T23:59:59.999+00:00');
  assert.equal(formatInstantWithOffset(new Date('2026-06-01T12:00:00Z'), 'Asia/Kolkata'), '2026-06-01T17:30:00.000+05:30');
});

test('localDateAt: the CoC calendar date of an instant, not the UTC one', () => {
  assert.equal(localDateAt(new Date('2026-12-01T05:30:00Z'), CHI), '2026-11-30');
  assert.equal(localDateAt(new Date('2026-12-01T06:00:00Z'), CHI), '2026-12-01');
  assert.equal(localDateAt(new Date('2027-01-01T05:59:59.999Z'), CHI), '2026-12-31');
  assert.throws(() => localDateAt(new Date('nope'), CHI), RangeError);
});
