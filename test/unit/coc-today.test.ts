import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/clock.ts';
import { cocToday } from '../../src/domain/calendar/today.ts';

test("the CoC's today at 23:30 America/Chicago is still that day, though UTC has moved on", () => {
  const clock = new ManualClock('2026-12-08T05:30:00Z'); // 23:30 CST on Dec 7
  assert.equal(clock.now().toISOString().slice(0, 10), '2026-12-08');
  assert.equal(cocToday(clock, 'America/Chicago'), '2026-12-07');
  clock.advanceMinutes(30); // midnight in Chicago
  assert.equal(cocToday(clock, 'America/Chicago'), '2026-12-08');
});

test('19:00 in Chicago in summer (CDT, UTC−5) is still today; other zones read their own wall clock', () => {
  const clock = new ManualClock('2026-07-04T00:00:00Z');
  assert.equal(cocToday(clock, 'America/Chicago'), '2026-07-03');
  assert.equal(cocToday(clock, 'America/Los_Angeles'), '2026-07-03');
  assert.equal(cocToday(clock, 'Europe/Berlin'), '2026-07-04');
});

test('the night clocks change: 23:30 on the last day of daylight saving time', () => {
  // 2026-11-01 is the first day of CST; 23:30 CDT on Oct 31 is 04:30 UTC on Nov 1.
  assert.equal(cocToday(new ManualClock('2026-11-01T04:30:00Z'), 'America/Chicago'), '2026-10-31');
  assert.equal(cocToday(new ManualClock('2026-11-01T05:30:00Z'), 'America/Chicago'), '2026-11-01');
});
