import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { firstDayAdult, householdType, listDayLimits, populationsOf, yearsOldIfBornBy, DEFAULT_PRIORITIZATION } from '../../src/domain/prioritization/index.ts';
import { addDays } from '../../src/domain/calendar/dates.ts';

/** The day limits the CE list's SQL uses must say what the domain's age rules say (issue 10). */
describe('CE list day limits', () => {
  const date = fc.integer({ min: 0, max: 60_000 }).map((n) => new Date(Date.UTC(1940, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
  const leapDays = fc.constantFrom('2008-02-29', '2012-02-29', '2028-02-29', '2000-02-29', '2010-02-28', '2010-03-01');

  test('born after yearsOldIfBornBy(today, 18) is exactly a minor under the domain rule', () => {
    fc.assert(
      fc.property(fc.oneof(date, leapDays), fc.oneof(date, leapDays), (dob, today) => {
        const minor = householdType([{ clientId: 'a', relationshipToHoH: 1, dob, veteranStatus: 0 }], today) === 'childOnly';
        assert.equal(dob > yearsOldIfBornBy(today, 18), minor, `${dob} on ${today}`);
      }),
      { numRuns: 2000, seed: 7 },
    );
  });

  test('youth: a head born after the youth limit is a youth', () => {
    fc.assert(
      fc.property(fc.oneof(date, leapDays), fc.oneof(date, leapDays), fc.integer({ min: 17, max: 30 }), (dob, today, youthMaxAge) => {
        const settings = { ...DEFAULT_PRIORITIZATION, youthMaxAge };
        const head = { clientId: 'a', relationshipToHoH: 1, dob, veteranStatus: 0 };
        const adult = { clientId: 'b', relationshipToHoH: 2, dob: '1950-01-01', veteranStatus: 0 };
        const youth = populationsOf([head, adult], today, settings).includes('youth');
        const limits = listDayLimits(today, settings);
        // With an adult in the household it is never child-only: only the head's age decides.
        assert.equal(dob > limits.youthIfBornAfter, youth, `${dob} on ${today}, youth up to ${youthMaxAge}`);
      }),
      { numRuns: 2000, seed: 8 },
    );
  });

  test('inactivity limit and leap days', () => {
    assert.equal(listDayLimits('2026-11-25').activeIfContactOnOrAfter, addDays('2026-11-25', -90));
    assert.equal(yearsOldIfBornBy('2028-02-29', 18), '2010-02-28');
    assert.equal(yearsOldIfBornBy('2028-02-29', 20), '2008-02-29');
  });

  test('a row is computed again on the day a member enrolled with the head turns 18', () => {
    assert.equal(firstDayAdult([], '2026-11-25'), null);
    assert.equal(firstDayAdult([null, '1990-01-01'], '2026-11-25'), null, 'adults and unknown ages: nothing to wait for');
    assert.equal(firstDayAdult(['2010-05-06', '2012-01-01'], '2026-11-25'), '2028-05-06', 'the first birthday');
    assert.equal(firstDayAdult(['2012-02-29'], '2026-11-25'), '2030-03-01', 'born on 29 February: an adult from 1 March');
    // On that day the member is an adult under the domain rule, and not the day before.
    const due = firstDayAdult(['2010-05-06'], '2026-11-25')!;
    assert.equal(householdType([{ clientId: 'm', relationshipToHoH: 1, dob: '2010-05-06', veteranStatus: 0 }], due), 'single');
    assert.equal(householdType([{ clientId: 'm', relationshipToHoH: 1, dob: '2010-05-06', veteranStatus: 0 }], addDays(due, -1)), 'childOnly');
  });
});
