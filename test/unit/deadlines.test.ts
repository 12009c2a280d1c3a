import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { holidayCalendar } from '../../src/domain/calendar/index.ts';
import { DEFAULT_REFERRAL_CONFIG_URL, loadDefaultReferralConfig, parseReferralConfigOrThrow } from '../../src/domain/referrals/config.ts';
import {
  dueAt,
  evaluateTimeliness,
  isOverdue,
  missedSteps,
  nextDue,
  stepDeadlines,
  stepState,
  timelinessEngine,
  transferDeadlines,
  type ReferralTimelinessFacts,
  type StepState,
} from '../../src/domain/timeliness/deadlines.ts';

const config = loadDefaultReferralConfig();
const ctx = { config };
const at = (iso: string) => new Date(iso);
const TWO = { businessDays: 2 } as const;

test('worked examples (2 business days, America/Chicago)', () => {
  const cases: Array<[string, string, string]> = [
    ['2026-11-25', '2026-11-30', '2026-11-30T23:59:59.999-06:00'], // Wed; Thanksgiving skipped
    ['2026-12-24', '2026-12-29', '2026-12-29T23:59:59.999-06:00'], // Thu; Christmas skipped
    ['2026-11-28', '2026-12-01', '2026-12-01T23:59:59.999-06:00'], // Sat
  ];
  for (const [referral, dueDate, iso] of cases) {
    const d = dueAt(ctx, referral, TWO);
    assert.equal(d.dueDate, dueDate, referral);
    assert.equal(d.dueAtIso, iso, referral);
    assert.equal(d.dueAt.getTime(), Date.parse(iso));
  }
  assert.equal(dueAt(ctx, '2026-11-30', TWO).dueAt.toISOString(), '2026-12-03T05:59:59.999Z');
});

test('business-day deadlines across weekends, holidays and year ends', () => {
  const cases: Array<[string, number, string]> = [
    ['2026-11-23', 2, '2026-11-25'], // Mon → Wed
    ['2026-11-20', 2, '2026-11-24'], // Fri → Tue
    ['2026-11-29', 2, '2026-12-01'], // Sun → Tue
    ['2026-11-26', 2, '2026-11-30'], // on Thanksgiving itself: it never counts
    ['2026-12-30', 2, '2027-01-04'], // New Year's Day 2027
    ['2026-12-31', 1, '2027-01-04'],
    ['2021-12-29', 2, '2022-01-03'], // New Year 2022 observed Fri 2021-12-31
    ['2027-12-29', 2, '2028-01-03'], // New Year 2028 observed Fri 2027-12-31
    ['2027-12-23', 2, '2027-12-28'], // Christmas 2027 observed Fri 12-24
    ['2027-06-17', 2, '2027-06-22'], // Juneteenth 2027 observed Fri 06-18
    ['2026-07-02', 2, '2026-07-07'], // Independence Day 2026 observed Fri 07-03
    ['2026-01-16', 2, '2026-01-21'], // MLK Day
    ['2026-02-13', 2, '2026-02-18'], // Washington's Birthday
    ['2026-05-22', 2, '2026-05-27'], // Memorial Day
    ['2026-06-18', 2, '2026-06-23'], // Juneteenth (Fri)
    ['2026-09-04', 2, '2026-09-09'], // Labor Day
    ['2026-10-09', 2, '2026-10-14'], // Columbus Day
    ['2026-11-10', 2, '2026-11-13'], // Veterans Day (Wed)
    ['2026-12-23', 2, '2026-12-28'], // Christmas (Fri)
    ['2026-11-25', 0, '2026-11-25'],
    ['2026-11-25', 10, '2026-12-10'],
  ];
  for (const [referral, n, dueDate] of cases) assert.equal(dueAt(ctx, referral, { businessDays: n }).dueDate, dueDate, `${referral} + ${n}`);
});

test('DST: the offset in dueAt is the one in force on the due day (2026-03-08 and 2026-11-01 in Chicago)', () => {
  const cases: Array<[string, object, string]> = [
    ['2026-03-04', TWO, '2026-03-06T23:59:59.999-06:00'], // before spring forward
    ['2026-03-05', TWO, '2026-03-09T23:59:59.999-05:00'], // after
    ['2026-02-21', { calendarDays: 15 }, '2026-03-08T23:59:59.999-05:00'], // the change day itself (23 hours long)
    ['2026-03-06', { calendarDays: 1 }, '2026-03-07T23:59:59.999-06:00'],
    ['2026-10-28', TWO, '2026-10-30T23:59:59.999-05:00'], // before fall back
    ['2026-10-29', TWO, '2026-11-02T23:59:59.999-06:00'], // after
    ['2026-10-17', { calendarDays: 15 }, '2026-11-01T23:59:59.999-06:00'], // the change day itself (25 hours long)
    ['2026-10-01', { calendarDays: 30 }, '2026-10-31T23:59:59.999-05:00'],
  ];
  for (const [referral, within, iso] of cases) {
    const d = dueAt(ctx, referral, within as never);
    assert.equal(d.dueAtIso, iso, referral);
    assert.equal(d.dueAt.getTime(), Date.parse(iso));
  }
  // Another time zone from the context.
  assert.equal(dueAt({ config, timeZone: 'America/New_York' }, '2026-11-25', TWO).dueAtIso, '2026-11-30T23:59:59.999-05:00');
  assert.equal(dueAt({ config, timeZone: 'UTC' }, '2026-07-01', TWO).dueAtIso, '2026-07-06T23:59:59.999+00:00');
});

test('calendar-day deadlines: the end of referral date + N, weekends and holidays included', () => {
  const cases: Array<[string, number, string]> = [
    ['2026-11-25', 15, '2026-12-10'],
    ['2026-11-25', 30, '2026-12-25'], // on Christmas: calendar days do not move off holidays
    ['2026-12-20', 15, '2027-01-04'],
    ['2028-02-14', 15, '2028-02-29'],
    ['2026-11-14', 15, '2026-11-29'], // a Sunday
    ['2026-11-25', 0, '2026-11-25'],
  ];
  for (const [referral, n, dueDate] of cases) {
    const d = dueAt(ctx, referral, { calendarDays: n });
    assert.equal(d.dueDate, dueDate, `${referral} + ${n}`);
    assert.ok(d.dueAtIso.startsWith(`${dueDate}T23:59:59.999-0`), d.dueAtIso);
  }
});

test('holiday edits change the deadlines without code changes', () => {
  const holidays = holidayCalendar('us-federal', { added: [{ date: '2026-11-27', name: 'Day after Thanksgiving' }] });
  assert.equal(dueAt({ config, holidays }, '2026-11-25', TWO).dueDate, '2026-12-01');
  const noColumbus = holidayCalendar('us-federal', { removed: ['2026-10-12'] });
  assert.equal(dueAt({ config, holidays: noColumbus }, '2026-10-09', TWO).dueDate, '2026-10-13');
});

test('due soon starts at the beginning of the business day before the due day', () => {
  const d = dueAt(ctx, '2026-11-25', TWO);
  assert.equal(d.dueSoonFromIso, '2026-11-27T00:00:00.000-06:00');
  // Due on Monday 2026-12-28 (after Christmas): due soon from Thursday 12-24.
  assert.equal(dueAt(ctx, '2026-12-23', TWO).dueSoonFromIso, '2026-12-24T00:00:00.000-06:00');
  // A calendar-day step due on a Sunday: due soon from the Friday.
  assert.equal(dueAt(ctx, '2026-11-14', { calendarDays: 15 }).dueSoonFromIso, '2026-11-27T00:00:00.000-06:00');
  // Across the spring DST change.
  assert.equal(dueAt(ctx, '2026-03-05', TWO).dueSoonFromIso, '2026-03-06T00:00:00.000-06:00');
  assert.equal(dueAt(ctx, '2026-03-05', TWO, 2).dueSoonFromIso, '2026-03-05T00:00:00.000-06:00');
});

test('stepDeadlines lists every configured step for a referral date', () => {
  assert.deepEqual(
    stepDeadlines(ctx, '2026-11-25').map((d) => [d.step, d.dueAtIso]),
    [
      ['first response', '2026-11-30T23:59:59.999-06:00'],
      ['engagement', '2026-12-10T23:59:59.999-06:00'],
      ['enrollment', '2026-12-25T23:59:59.999-06:00'],
    ],
  );
});

// A referral made on Wed 2026-11-25 at 10:00 Chicago time.
const MATCHED_AT = at('2026-11-25T10:00:00-06:00');
const referral = (status: string, ...changes: Array<[string, string]>): ReferralTimelinessFacts => ({
  referralDate: '2026-11-25',
  status,
  history: [{ to: 'matched', at: MATCHED_AT }, ...changes.map(([to, when]) => ({ to, at: at(when) }))],
});
const states = (r: ReferralTimelinessFacts, now: string): Record<string, StepState> =>
  Object.fromEntries(evaluateTimeliness(ctx, r, at(now)).map((s) => [s.step, s.state]));

test('pending steps: on time, due soon from the business day before, overdue after the due time', () => {
  const r = referral('matched');
  assert.deepEqual(states(r, '2026-11-25T12:00:00-06:00'), { 'first response': 'on_time', engagement: 'on_time', enrollment: 'on_time' });
  assert.equal(states(r, '2026-11-26T23:59:59.999-06:00')['first response'], 'on_time');
  assert.equal(states(r, '2026-11-27T00:00:00-06:00')['first response'], 'due_soon');
  assert.equal(states(r, '2026-11-30T23:59:59.999-06:00')['first response'], 'due_soon');
  assert.equal(states(r, '2026-12-01T00:00:00-06:00')['first response'], 'overdue');
  assert.deepEqual(states(r, '2026-12-09T09:00:00-06:00'), { 'first response': 'overdue', engagement: 'due_soon', enrollment: 'on_time' });
  assert.deepEqual(states(r, '2026-12-26T09:00:00-06:00'), { 'first response': 'overdue', engagement: 'overdue', enrollment: 'overdue' });
  assert.equal(isOverdue(ctx, r, at('2026-11-30T12:00:00-06:00')), false);
  assert.equal(isOverdue(ctx, r, at('2026-12-01T12:00:00-06:00')), true);
});

test('met: a step reached on time (days taken in its unit); missed: reached late', () => {
  const onTime = referral('attempting_contact', ['attempting_contact', '2026-11-30T23:59:59.999-06:00']);
  const s = stepState(ctx, onTime, 'first response', at('2026-12-02T09:00:00-06:00'))!;
  assert.equal(s.state, 'met');
  assert.equal(s.daysTaken, 2, 'business days');
  assert.deepEqual(s.reachedAt, at('2026-11-30T23:59:59.999-06:00'));
  assert.deepEqual(states(onTime, '2026-12-02T09:00:00-06:00'), { 'first response': 'met', engagement: 'on_time', enrollment: 'on_time' });

  const late = referral('attempting_contact', ['attempting_contact', '2026-12-01T00:00:00-06:00']);
  const l = stepState(ctx, late, 'first response', at('2026-12-02T09:00:00-06:00'))!;
  assert.equal(l.state, 'missed');
  assert.equal(l.daysTaken, 3);

  const engaged = referral('engaged', ['attempting_contact', '2026-11-27T09:00:00-06:00'], ['engaged', '2026-12-05T09:00:00-06:00']);
  const e = stepState(ctx, engaged, 'engagement', at('2026-12-20T09:00:00-06:00'))!;
  assert.equal(e.state, 'met');
  assert.equal(e.daysTaken, 10, 'calendar days');
  assert.equal(stepState(ctx, engaged, 'enrollment', at('2026-12-20T09:00:00-06:00'))!.state, 'on_time');
  assert.equal(stepState(ctx, engaged, 'nope', at('2026-12-20T09:00:00-06:00')), undefined);
});

test('only the first time a mustReach status is reached counts; history order does not matter', () => {
  const back = referral('attempting_contact', ['engaged', '2026-12-01T09:00:00-06:00'], ['attempting_contact', '2026-11-27T09:00:00-06:00'], ['attempting_contact', '2026-12-03T09:00:00-06:00']);
  assert.deepEqual(states(back, '2026-12-20T09:00:00-06:00'), { 'first response': 'met', engagement: 'met', enrollment: 'on_time' });
});

test('not applicable: the referral ended by a status the step does not ask for, before its due time', () => {
  // Closed because the opening was filled on day 1: first response and engagement do not ask for it.
  const filled = referral('closed_opening_filled', ['closed_opening_filled', '2026-11-26T09:00:00-06:00']);
  assert.deepEqual(states(filled, '2027-01-30T09:00:00-06:00'), { 'first response': 'not_applicable', engagement: 'not_applicable', enrollment: 'met' });
  // Cancelled is asked for by every step: met.
  const cancelled = referral('cancelled', ['cancelled', '2026-11-26T09:00:00-06:00']);
  assert.deepEqual(states(cancelled, '2027-01-30T09:00:00-06:00'), { 'first response': 'met', engagement: 'met', enrollment: 'met' });
  // Unable to contact after engaging: engagement met earlier; first response met; enrollment met (it ends the step).
  const utc = referral('rematch_unable_to_contact', ['attempting_contact', '2026-11-26T09:00:00-06:00'], ['rematch_unable_to_contact', '2026-12-08T09:00:00-06:00']);
  assert.deepEqual(states(utc, '2027-01-30T09:00:00-06:00'), { 'first response': 'met', engagement: 'met', enrollment: 'met' });
});

test('missed: the referral ended while the step was overdue (e.g. escalated by the sweep)', () => {
  const escalated = referral('rematch_provider_no_response', ['rematch_provider_no_response', '2026-12-01T00:05:00-06:00']);
  const s = evaluateTimeliness(ctx, escalated, at('2026-12-02T09:00:00-06:00'));
  assert.deepEqual(
    s.map((x) => [x.step, x.state]),
    [
      ['first response', 'missed'],
      ['engagement', 'not_applicable'],
      ['enrollment', 'not_applicable'],
    ],
  );
  assert.deepEqual(s[0]!.leftAt, at('2026-12-01T00:05:00-06:00'));
  assert.equal(s[0]!.reachedAt, null);
  assert.equal(s[0]!.daysTaken, null);
  // Closed at exactly the due time: not applicable (the step no longer mattered before it was due).
  const atDue = referral('closed_opening_filled', ['closed_opening_filled', '2026-11-30T23:59:59.999-06:00']);
  assert.equal(stepState(ctx, atDue, 'first response', at('2026-12-05T00:00:00-06:00'))!.state, 'not_applicable');
  const afterDue = referral('closed_opening_filled', ['closed_opening_filled', '2026-12-01T00:00:00-06:00']);
  assert.equal(stepState(ctx, afterDue, 'first response', at('2026-12-05T00:00:00-06:00'))!.state, 'missed');
});

test('nextDue: the earliest pending due time (overdue included); null once nothing is pending', () => {
  const n = nextDue(ctx, referral('matched'), at('2026-11-25T12:00:00-06:00'))!;
  assert.equal(n.step, 'first response');
  assert.equal(n.dueAtIso, '2026-11-30T23:59:59.999-06:00');
  assert.equal(nextDue(ctx, referral('matched'), at('2026-12-05T12:00:00-06:00'))!.state, 'overdue');
  const contacted = referral('attempting_contact', ['attempting_contact', '2026-11-26T09:00:00-06:00']);
  assert.equal(nextDue(ctx, contacted, at('2026-11-26T12:00:00-06:00'))!.step, 'engagement');
  const engaged = referral('engaged', ['engaged', '2026-11-26T09:00:00-06:00']);
  assert.equal(nextDue(ctx, engaged, at('2026-11-26T12:00:00-06:00'))!.dueAtIso, '2026-12-25T23:59:59.999-06:00');
  assert.equal(nextDue(ctx, referral('enrolled', ['enrolled', '2026-11-26T09:00:00-06:00']), at('2026-11-26T12:00:00-06:00')), null);
});

test('missedSteps: what the sweep acts on, earliest first, stopping after a setStatus rule', () => {
  const r = referral('matched');
  assert.deepEqual(missedSteps(ctx, r, at('2026-11-30T23:59:59.999-06:00')), []);
  const first = missedSteps(ctx, r, at('2026-12-01T00:00:00-06:00'));
  assert.equal(first.length, 1);
  assert.equal(first[0]!.step, 'first response');
  assert.equal(first[0]!.dueAtIso, '2026-11-30T23:59:59.999-06:00');
  assert.deepEqual(first[0]!.onMissed, { action: 'setStatus', status: 'rematch_provider_no_response', notify: ['receiving project referral contacts', 'ces_team'] });
  // Backdated past every deadline and still matched: only the first response (its setStatus changes everything after it).
  assert.deepEqual(missedSteps(ctx, r, at('2027-01-15T00:00:00-06:00')).map((m) => m.step), ['first response']);
  // Attempting contact, past the engagement and the enrollment deadlines: both flag.
  const contacted = referral('attempting_contact', ['attempting_contact', '2026-11-26T09:00:00-06:00']);
  assert.deepEqual(
    missedSteps(ctx, contacted, at('2027-01-15T00:00:00-06:00')).map((m) => [m.step, m.onMissed.action]),
    [
      ['engagement', 'flag'],
      ['enrollment', 'flag'],
    ],
  );
  assert.deepEqual(missedSteps(ctx, contacted, at('2026-12-11T00:00:00-06:00')).map((m) => m.step), ['engagement']);
  // After the sweep set the status: nothing more to do.
  const escalated = referral('rematch_provider_no_response', ['rematch_provider_no_response', '2026-12-01T00:05:00-06:00']);
  assert.deepEqual(missedSteps(ctx, escalated, at('2027-01-15T00:00:00-06:00')), []);
});

test('transfer deadlines: notification within 2 business days of the decision, CES referral within 2 business days of it', () => {
  const t = transferDeadlines(ctx, '2026-11-25');
  assert.equal(t.notificationDue.dueAtIso, '2026-11-30T23:59:59.999-06:00');
  assert.equal(t.cesReferralDue.dueAtIso, '2026-12-02T23:59:59.999-06:00');
  const notified = transferDeadlines(ctx, '2026-11-25', '2026-11-27');
  assert.equal(notified.cesReferralDue.dueDate, '2026-12-01');
  const yearEnd = transferDeadlines(ctx, '2027-12-22');
  assert.equal(yearEnd.notificationDue.dueDate, '2027-12-27');
  assert.equal(yearEnd.cesReferralDue.dueDate, '2027-12-29');
});

test('the engine binds the configuration, holidays and time zone', () => {
  const engine = timelinessEngine({ config, holidays: holidayCalendar('none') });
  assert.equal(engine.timeZone, 'America/Chicago');
  assert.equal(engine.dueAt('2026-11-25', TWO).dueDate, '2026-11-27');
  assert.equal(engine.stepDeadlines('2026-11-25')[0]!.dueDate, '2026-11-27');
  assert.equal(engine.nextDue(referral('matched'), at('2026-11-25T12:00:00-06:00'))!.dueDate, '2026-11-27');
  assert.equal(engine.evaluate(referral('matched'), at('2026-11-28T12:00:00-06:00'))[0]!.state, 'overdue');
  assert.equal(engine.isOverdue(referral('matched'), at('2026-11-28T12:00:00-06:00')), true);
  assert.equal(engine.missedSteps(referral('matched'), at('2026-11-28T12:00:00-06:00')).length, 1);
  assert.equal(engine.transferDeadlines('2026-11-25').notificationDue.dueDate, '2026-11-27');
});

test('a configuration in another time zone and with other steps needs no code change', () => {
  const doc = JSON.parse(readFileSync(DEFAULT_REFERRAL_CONFIG_URL, 'utf8'));
  doc.timeZone = 'America/Los_Angeles';
  doc.timeliness[0].within = { businessDays: 3 };
  doc.timeliness[0].step = 'initial contact';
  doc.dueSoon = { businessDays: 2 };
  const other = parseReferralConfigOrThrow(doc);
  const d = stepDeadlines({ config: other }, '2026-11-25')[0]!;
  assert.equal(d.step, 'initial contact');
  assert.equal(d.dueAtIso, '2026-12-01T23:59:59.999-08:00');
  assert.equal(d.dueSoonFromIso, '2026-11-27T00:00:00.000-08:00');
});

test('properties: N business days later is a business day, after the start, with exactly N business days between; dueAtIso is dueAt', async () => {
  const fc = await import('fast-check');
  const { addBusinessDays, businessDaysBetween, isBusinessDay, fromDayNumber, toDayNumber } = await import('../../src/domain/calendar/index.ts');
  const first = toDayNumber('2020-01-01');
  const last = toDayNumber('2030-12-31');
  fc.assert(
    fc.property(fc.integer({ min: first, max: last }), fc.integer({ min: 1, max: 40 }), (day, n) => {
      const from = fromDayNumber(day);
      const due = addBusinessDays(from, n);
      assert.ok(due > from);
      assert.ok(isBusinessDay(due));
      assert.equal(businessDaysBetween(from, due), n);
      assert.equal(addBusinessDays(due, -n) <= from, true);
      const d = dueAt(ctx, from, { businessDays: n });
      assert.equal(Date.parse(d.dueAtIso), d.dueAt.getTime());
      assert.ok(d.dueAtIso.startsWith(`${due}T23:59:59.999-0`));
      assert.ok(d.dueSoonFrom.getTime() < d.dueAt.getTime());
    }),
    { numRuns: 300, seed: 20261125 },
  );
});
