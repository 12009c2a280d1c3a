import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cocInputValue, cocToday, formatDate, formatDateTime, fromCocInputValue, setCocCalendar } from '../../web/src/format.ts';

test("one date format: the CoC's locale, calendar dates never shifted by a zone", () => {
  setCocCalendar({ timeZone: 'America/Chicago', locale: 'en-US' });
  assert.equal(formatDate('2026-12-07'), 'Dec 7, 2026');
  assert.equal(formatDate(null), '—');
  assert.equal(formatDate(undefined, 'Not yet housed'), 'Not yet housed');
  // An instant is written as its date in the CoC's zone: 05:30 UTC on Dec 8 is 23:30 on Dec 7 in Chicago.
  assert.equal(formatDate('2026-12-08T05:30:00Z'), 'Dec 7, 2026');
  assert.equal(formatDateTime('2026-12-08T05:30:00Z'), 'Dec 7, 2026, 11:30 PM');
  setCocCalendar({ timeZone: 'America/Chicago', locale: 'en-GB' });
  assert.equal(formatDate('2026-12-07'), '7 Dec 2026');
  setCocCalendar({ timeZone: 'America/Chicago', locale: 'en-US' });
});

test("today and datetime inputs are read on the CoC's wall clock", () => {
  setCocCalendar({ timeZone: 'America/Chicago', locale: 'en-US' });
  assert.equal(cocToday(new Date('2026-12-08T05:30:00Z')), '2026-12-07');
  assert.equal(cocInputValue(new Date('2026-12-08T05:30:00Z')), '2026-12-07T23:30');
  assert.equal(fromCocInputValue('2026-12-07T23:30'), '2026-12-08T05:30:00.000Z');
  // Summer time (UTC−5) and the night the clocks go back (the first 01:30 of Nov 1 is CDT).
  assert.equal(fromCocInputValue('2026-07-03T19:00'), '2026-07-04T00:00:00.000Z');
  assert.equal(fromCocInputValue('2026-11-01T00:30'), '2026-11-01T05:30:00.000Z');
  assert.equal(fromCocInputValue('2026-11-01T03:00'), '2026-11-01T09:00:00.000Z');
  assert.equal(fromCocInputValue('not a time'), null);
});
