/**
 * The timeliness engine's remembered due times (issue 10) and what the sweep relies on to skip work:
 * `stepsToCheck` (judged without the history) and `missedStepsOf` (from steps already evaluated).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays, holidayCalendar, type LocalDate } from '../../src/domain/calendar/index.ts';
import { loadDefaultReferralConfig } from '../../src/domain/referrals/config.ts';
import {
  dueAt,
  evaluateTimeliness,
  missedSteps,
  missedStepsOf,
  stepsToCheck,
  timelinessEngine,
  type ReferralTimelinessFacts,
  type StatusReached,
} from '../../src/domain/timeliness/deadlines.ts';

const config = loadDefaultReferralConfig();
const TWO = { businessDays: 2 } as const;

function datesFrom(first: LocalDate, last: LocalDate): LocalDate[] {
  const out: LocalDate[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) out.push(d);
  return out;
}

test('due times across DST changes: the same from the cache as computed afresh, in each zone', () => {
  const dates = [...datesFrom('2026-02-27', '2026-03-12'), ...datesFrom('2026-10-22', '2026-11-04')];
  const steps = [TWO, { businessDays: 1 }, { calendarDays: 3 }, { calendarDays: 15 }] as const;
  const shared = holidayCalendar('us-federal');
  for (const timeZone of ['America/Chicago', 'America/New_York', 'America/Santiago']) {
    for (const from of dates) {
      for (const within of steps) {
        const cached = dueAt({ config, holidays: shared, timeZone }, from, within);
        const again = dueAt({ config, holidays: shared, timeZone }, from, within);
        // A new calendar object has nothing remembered: computed afresh.
        const fresh = dueAt({ config, holidays: holidayCalendar('us-federal'), timeZone }, from, within);
        assert.deepEqual(again, cached);
        assert.deepEqual(fresh, cached, `${timeZone} ${from} ${JSON.stringify(within)}`);
        assert.equal(Date.parse(cached.dueAtIso), cached.dueAt.getTime());
        assert.equal(Date.parse(cached.dueSoonFromIso), cached.dueSoonFrom.getTime());
      }
    }
  }
  // The zone is part of what is remembered: the same date and calendar in two zones.
  const chicago = dueAt({ config, holidays: shared, timeZone: 'America/Chicago' }, '2026-03-06', TWO);
  const newYork = dueAt({ config, holidays: shared, timeZone: 'America/New_York' }, '2026-03-06', TWO);
  assert.equal(chicago.dueAtIso, '2026-03-10T23:59:59.999-05:00');
  assert.equal(newYork.dueAtIso, '2026-03-10T23:59:59.999-04:00');
  assert.equal(chicago.dueAt.getTime() - newYork.dueAt.getTime(), 3_600_000);
  // Before the change (CST) and after it (CDT), from referral dates a day apart.
  assert.equal(dueAt({ config, holidays: shared }, '2026-03-04', TWO).dueAtIso, '2026-03-06T23:59:59.999-06:00');
  assert.equal(dueAt({ config, holidays: shared }, '2026-03-05', TWO).dueAtIso, '2026-03-09T23:59:59.999-05:00');
  assert.equal(dueAt({ config, holidays: shared }, '2026-03-05', TWO).dueSoonFromIso, '2026-03-06T00:00:00.000-06:00');
});

test('more due times than one calendar remembers: the answers stay the same after it starts over', () => {
  const holidays = holidayCalendar('us-federal');
  const dates = datesFrom('2026-01-01', '2032-12-31'); // 2,557 dates × 4 steps: over the 10,000 remembered
  const steps = [TWO, { businessDays: 10 }, { calendarDays: 15 }, { calendarDays: 30 }] as const;
  const first = dates.flatMap((d) => steps.map((w) => dueAt({ config, holidays }, d, w).dueAtIso));
  const again = dates.flatMap((d) => steps.map((w) => dueAt({ config, holidays }, d, w).dueAtIso));
  assert.deepEqual(again, first);
  assert.equal(first[0], '2026-01-05T23:59:59.999-06:00'); // Thu 1 Jan (a holiday) + 2 business days: Mon 5 Jan
  assert.equal(first.at(-1), '2033-01-30T23:59:59.999-06:00'); // Fri 31 Dec 2032 + 30 days
});

test('due times follow the holiday list: a changed list (a new calendar) never gets the old due dates', () => {
  const federal = holidayCalendar('us-federal');
  const before = dueAt({ config, holidays: federal }, '2026-11-25', TWO);
  assert.equal(before.dueDate, '2026-11-30');
  const withFriday = holidayCalendar('us-federal', { added: [{ date: '2026-11-27', name: 'Day after Thanksgiving' }] });
  assert.equal(dueAt({ config, holidays: withFriday }, '2026-11-25', TWO).dueDate, '2026-12-01');
  const noThanksgiving = holidayCalendar('us-federal', { removed: ['2026-11-26'] });
  assert.equal(dueAt({ config, holidays: noThanksgiving }, '2026-11-25', TWO).dueDate, '2026-11-27');
  // The first calendar still answers as it did.
  assert.deepEqual(dueAt({ config, holidays: federal }, '2026-11-25', TWO), before);
  // Due soon counts business days back from the due day with the same calendar.
  assert.equal(dueAt({ config, holidays: withFriday }, '2026-11-25', TWO).dueSoonFromIso, '2026-11-30T00:00:00.000-06:00');
  assert.equal(dueAt({ config, holidays: federal }, '2026-11-25', TWO).dueSoonFromIso, '2026-11-27T00:00:00.000-06:00');

  // Through the engine, as the sweep builds it from the stored configuration each run.
  const facts: ReferralTimelinessFacts = { referralDate: '2026-11-25', status: 'matched', history: [] };
  const now = new Date('2026-12-01T12:00:00-06:00');
  assert.equal(timelinessEngine({ config, holidays: federal }).missedSteps(facts, now)[0]?.step, 'first response');
  assert.deepEqual(timelinessEngine({ config, holidays: withFriday }).missedSteps(facts, now), []);
  assert.equal(timelinessEngine({ config, holidays: federal }).missedSteps(facts, now)[0]?.step, 'first response');
});

test('the due-soon days are part of a due time; returned dates are the caller’s own', () => {
  const holidays = holidayCalendar('us-federal');
  const one = dueAt({ config, holidays }, '2026-11-25', TWO, 1);
  const three = dueAt({ config, holidays }, '2026-11-25', TWO, 3);
  assert.equal(one.dueAtIso, three.dueAtIso);
  assert.equal(one.dueSoonFromIso, '2026-11-27T00:00:00.000-06:00');
  assert.equal(three.dueSoonFromIso, '2026-11-24T00:00:00.000-06:00');
  one.dueAt.setTime(0);
  one.dueSoonFrom.setTime(0);
  const again = dueAt({ config, holidays }, '2026-11-25', TWO, 1);
  assert.equal(again.dueAt.toISOString(), '2026-12-01T05:59:59.999Z');
  assert.equal(again.dueSoonFrom.toISOString(), '2026-11-27T06:00:00.000Z');
});

test('stepsToCheck: every step a sweep could act on, judged from the date and status alone', async () => {
  const fc = await import('fast-check');
  const engine = timelinessEngine({ config, holidays: holidayCalendar('us-federal') });
  const codes = config.statuses.map((s) => s.code);
  const base = Date.parse('2026-10-01T00:00:00Z');
  const day = 86_400_000;
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 90 }),
      fc.constantFrom(...codes),
      fc.array(fc.tuple(fc.constantFrom(...codes), fc.integer({ min: 0, max: 60 * day })), { maxLength: 5 }),
      fc.integer({ min: 0, max: 60 * day }),
      (dateOffset, status, changes, nowAfter) => {
        const referralDate = addDays('2026-10-01', dateOffset);
        const start = base + dateOffset * day;
        const history: StatusReached[] = changes.map(([to, after]) => ({ to, at: new Date(start + after) }));
        const facts: ReferralTimelinessFacts = { referralDate, status, history };
        const now = new Date(start + nowAfter);
        const check = engine.stepsToCheck(facts, now);
        const has = (step: string, kind: string) => check.some((s) => s.step === step && s.kind === kind);
        const steps = engine.evaluate(facts, now);
        for (const m of engine.missedSteps(facts, now)) assert.ok(has(m.step, 'missed'), `${m.step} missed`);
        for (const s of steps) if (s.state === 'due_soon') assert.ok(has(s.step, 'due_soon'), `${s.step} due soon`);
        // Without a history it is exactly the pending steps past their due-soon start.
        const bare = engine.evaluate({ ...facts, history: [] }, now);
        assert.deepEqual(
          check,
          bare.filter((s) => s.state === 'overdue' || s.state === 'due_soon').map((s) => ({ step: s.step, kind: s.state === 'overdue' ? 'missed' : 'due_soon' })),
        );
        // missedStepsOf on evaluated steps is missedSteps.
        assert.deepEqual(missedStepsOf(steps), engine.missedSteps(facts, now));
        assert.deepEqual(missedStepsOf(evaluateTimeliness({ config }, facts, now)), missedSteps({ config }, facts, now));
      },
    ),
    { numRuns: 400, seed: 20261203 },
  );
  // A worked case: matched on Wednesday 2026-11-25, checked on the Monday it is due (due soon from Friday).
  assert.deepEqual(stepsToCheck({ config }, { referralDate: '2026-11-25', status: 'matched' }, new Date('2026-11-30T12:00:00-06:00')), [{ step: 'first response', kind: 'due_soon' }]);
  // Due soon from the first millisecond of Friday 2026-11-27; missed from the first after the due time.
  assert.deepEqual(stepsToCheck({ config }, { referralDate: '2026-11-25', status: 'matched' }, new Date('2026-11-26T23:59:59.999-06:00')), []);
  assert.deepEqual(stepsToCheck({ config }, { referralDate: '2026-11-25', status: 'matched' }, new Date('2026-11-27T00:00:00-06:00')), [{ step: 'first response', kind: 'due_soon' }]);
  assert.deepEqual(stepsToCheck({ config }, { referralDate: '2026-11-25', status: 'matched' }, new Date('2026-11-30T23:59:59.999-06:00')), [{ step: 'first response', kind: 'due_soon' }]);
  assert.deepEqual(stepsToCheck({ config }, { referralDate: '2026-11-25', status: 'matched' }, new Date('2026-12-01T00:00:00-06:00')), [{ step: 'first response', kind: 'missed' }]);
  assert.deepEqual(stepsToCheck({ config }, { referralDate: '2026-11-25', status: 'enrolled' }, new Date('2027-01-01T00:00:00-06:00')), []);
});
