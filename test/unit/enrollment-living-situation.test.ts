import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chronicHomelessStatus,
  deriveLosUnderThreshold,
  isChronicallyHomeless,
  isHouseholdChronicallyHomeless,
  livingSituationGroup,
  priorLivingSituationAppliesTo,
  priorLivingSituationDataQuality,
  priorLivingSituationQuestions,
  type ChronicHomelessInputs,
} from '../../src/domain/enrollment/living-situation.ts';
import { isDisablingRecord, memberProjectStartDataQuality } from '../../src/domain/enrollment/data-quality.ts';

const HISTORY = ['dateToStreetESSH', 'timesHomelessPastThreeYears', 'monthsHomelessPastThreeYears'];

test('living situation groups follow the Appendix A code ranges', () => {
  assert.equal(livingSituationGroup(116), 'homeless');
  assert.equal(livingSituationGroup(207), 'institutional');
  assert.equal(livingSituationGroup(335), 'temporary');
  assert.equal(livingSituationGroup(410), 'permanent');
  assert.equal(livingSituationGroup(99), 'other');
  assert.equal(livingSituationGroup(null), 'other');
});

test('ES, SH and SO ask the whole homeless history whatever the living situation', () => {
  for (const projectType of [0, 1, 4, 8]) {
    assert.deepEqual(priorLivingSituationQuestions(projectType, { livingSituation: 410 }), ['livingSituation', 'lengthOfStay', ...HISTORY]);
  }
});

test('other projects: a homeless prior situation asks the history, no break questions', () => {
  assert.deepEqual(priorLivingSituationQuestions(3, { livingSituation: 101 }), ['livingSituation', 'lengthOfStay', ...HISTORY]);
});

test('other projects: institutional under 90 days → "night before on streets/ES/SH?" → history only when Yes', () => {
  // 3: one month or more but less than 90 days
  assert.deepEqual(priorLivingSituationQuestions(13, { livingSituation: 207, lengthOfStay: 3 }), ['livingSituation', 'lengthOfStay', 'losUnderThreshold', 'previousStreetESSH']);
  assert.deepEqual(priorLivingSituationQuestions(13, { livingSituation: 207, lengthOfStay: 3, previousStreetESSH: 1 }), [
    'livingSituation',
    'lengthOfStay',
    'losUnderThreshold',
    'previousStreetESSH',
    ...HISTORY,
  ]);
  assert.deepEqual(priorLivingSituationQuestions(13, { livingSituation: 207, lengthOfStay: 3, previousStreetESSH: 0 }), [
    'livingSituation',
    'lengthOfStay',
    'losUnderThreshold',
    'previousStreetESSH',
  ]);
  // 4: 90 days or more → the element ends
  assert.deepEqual(priorLivingSituationQuestions(13, { livingSituation: 207, lengthOfStay: 4, previousStreetESSH: 1 }), ['livingSituation', 'lengthOfStay', 'losUnderThreshold']);
});

test('other projects: temporary/permanent situations use the 7-night threshold', () => {
  assert.equal(deriveLosUnderThreshold(3, 335, 11), 1);
  assert.equal(deriveLosUnderThreshold(3, 335, 2), 0); // a week or more
  assert.equal(deriveLosUnderThreshold(3, 207, 2), 1); // institutional: a week is under 90 days
  assert.equal(deriveLosUnderThreshold(3, 410, 8), 99);
  assert.equal(deriveLosUnderThreshold(3, 116, 5), null);
  assert.equal(deriveLosUnderThreshold(0, 410, 10), null);
  assert.deepEqual(priorLivingSituationQuestions(2, { livingSituation: 410, lengthOfStay: 2, previousStreetESSH: 1 }), ['livingSituation', 'lengthOfStay', 'losUnderThreshold']);
});

test('rental subsidy type is asked only for 435, and unknown situations end the element', () => {
  assert.deepEqual(priorLivingSituationQuestions(3, { livingSituation: 435, lengthOfStay: 10, previousStreetESSH: 1 }), [
    'livingSituation',
    'rentalSubsidyType',
    'lengthOfStay',
    'losUnderThreshold',
    'previousStreetESSH',
    ...HISTORY,
  ]);
  assert.deepEqual(priorLivingSituationQuestions(3, { livingSituation: 8 }), ['livingSituation', 'lengthOfStay']);
});

test('3.917 applies to the head and adults only', () => {
  assert.equal(priorLivingSituationAppliesTo({ relationshipToHoH: 1, dob: '2010-01-01' }, '2026-01-10'), true);
  assert.equal(priorLivingSituationAppliesTo({ relationshipToHoH: 2, dob: '2010-01-01' }, '2026-01-10'), false);
  assert.equal(priorLivingSituationAppliesTo({ relationshipToHoH: 3, dob: '2008-01-10' }, '2026-01-10'), true);
  assert.equal(priorLivingSituationAppliesTo({ relationshipToHoH: 3, dob: '2008-01-11' }, '2026-01-10'), false);
  assert.equal(priorLivingSituationAppliesTo({ relationshipToHoH: 5 }, '2026-01-10'), true);
});

test('data quality: missing, unknown, invalid answers to questions that are asked', () => {
  const issues = priorLivingSituationDataQuality(0, { livingSituation: 8, lengthOfStay: 99, timesHomelessPastThreeYears: 7 }, '2026-01-10');
  assert.deepEqual(
    issues.map((i) => [i.kind, i.pointer]),
    [
      ['unknown', '/livingSituation'],
      ['missing', '/lengthOfStay'],
      ['missing', '/dateToStreetESSH'],
      ['invalid', '/timesHomelessPastThreeYears'],
      ['missing', '/monthsHomelessPastThreeYears'],
    ],
  );
  // Questions not asked are not reported missing.
  assert.deepEqual(priorLivingSituationDataQuality(3, { livingSituation: 410, lengthOfStay: 5 }, '2026-01-10'), []);
});

test('data quality: contradictions', () => {
  const subsidyWithoutRental = priorLivingSituationDataQuality(3, { livingSituation: 410, lengthOfStay: 5, rentalSubsidyType: 419 }, '2026-01-10');
  assert.deepEqual(subsidyWithoutRental.map((i) => [i.kind, i.pointer]), [['contradiction', '/rentalSubsidyType']]);

  const future = priorLivingSituationDataQuality(
    1,
    { livingSituation: 116, lengthOfStay: 2, dateToStreetESSH: '2026-02-01', timesHomelessPastThreeYears: 1, monthsHomelessPastThreeYears: 101 },
    '2026-01-10',
  );
  assert.deepEqual(future.map((i) => [i.kind, i.pointer]), [['contradiction', '/dateToStreetESSH']]);

  // Homeless since March 2024 (> 12 months before entry), but "3 months in the past three years".
  const tooFewMonths = priorLivingSituationDataQuality(
    1,
    { livingSituation: 116, lengthOfStay: 5, dateToStreetESSH: '2024-03-15', timesHomelessPastThreeYears: 1, monthsHomelessPastThreeYears: 103 },
    '2026-01-10',
  );
  assert.deepEqual(tooFewMonths.map((i) => [i.kind, i.pointer]), [['contradiction', '/monthsHomelessPastThreeYears']]);
  // Started 2025-11-20: touches Nov, Dec, Jan = 3 months; 3 is consistent, 2 is not.
  const consistent = { livingSituation: 116, lengthOfStay: 3, dateToStreetESSH: '2025-11-20', timesHomelessPastThreeYears: 1, monthsHomelessPastThreeYears: 103 };
  assert.deepEqual(priorLivingSituationDataQuality(1, consistent, '2026-01-10'), []);
  assert.equal(priorLivingSituationDataQuality(1, { ...consistent, monthsHomelessPastThreeYears: 102 }, '2026-01-10')[0]!.kind, 'contradiction');
});

const base: ChronicHomelessInputs = {
  projectType: 3,
  disablingCondition: 1,
  livingSituation: 116,
  lengthOfStay: 5,
  dateToStreetESSH: '2024-11-01',
  timesHomelessPastThreeYears: 1,
  monthsHomelessPastThreeYears: 113,
};

test('chronic: disabled and homeless 12 months continuously', () => {
  assert.equal(isChronicallyHomeless(base, '2026-01-10'), true);
  // exactly 365 days
  assert.equal(isChronicallyHomeless({ ...base, dateToStreetESSH: '2025-01-10' }, '2026-01-10'), true);
  assert.equal(isChronicallyHomeless({ ...base, dateToStreetESSH: '2025-01-11', monthsHomelessPastThreeYears: 112 }, '2026-01-10'), false);
});

test('chronic: four or more occasions totalling 12 months or more', () => {
  const episodic = { ...base, dateToStreetESSH: '2025-10-01', timesHomelessPastThreeYears: 4 };
  assert.equal(isChronicallyHomeless({ ...episodic, monthsHomelessPastThreeYears: 112 }, '2026-01-10'), true);
  assert.equal(isChronicallyHomeless({ ...episodic, monthsHomelessPastThreeYears: 111 }, '2026-01-10'), false);
  assert.equal(isChronicallyHomeless({ ...episodic, timesHomelessPastThreeYears: 3, monthsHomelessPastThreeYears: 113 }, '2026-01-10'), false);
});

test('chronic: needs a disabling condition', () => {
  assert.equal(chronicHomelessStatus({ ...base, disablingCondition: 0 }, '2026-01-10').status, 'no');
  assert.equal(chronicHomelessStatus({ ...base, disablingCondition: 8 }, '2026-01-10').status, 'client_doesnt_know_or_refused');
  assert.equal(chronicHomelessStatus({ ...base, disablingCondition: 99 }, '2026-01-10').status, 'data_not_collected');
});

test('chronic: institutional stay under 90 days after being on the street counts; 90 days or more does not', () => {
  const jail = { ...base, livingSituation: 207, lengthOfStay: 3, previousStreetESSH: 1 };
  assert.equal(isChronicallyHomeless(jail, '2026-01-10'), true);
  assert.equal(isChronicallyHomeless({ ...jail, previousStreetESSH: 0 }, '2026-01-10'), false);
  assert.equal(isChronicallyHomeless({ ...jail, lengthOfStay: 4 }, '2026-01-10'), false);
  // housed before entry (a year in their own rental) → not homeless
  assert.equal(isChronicallyHomeless({ ...base, livingSituation: 410, lengthOfStay: 5 }, '2026-01-10'), false);
  // but in an emergency shelter project the living situation does not filter
  assert.equal(isChronicallyHomeless({ ...base, projectType: 0, livingSituation: 410, lengthOfStay: 5 }, '2026-01-10'), true);
});

test('chronic: unknown history is reported as such, not as no', () => {
  const unknown = { ...base, dateToStreetESSH: null, timesHomelessPastThreeYears: 8, monthsHomelessPastThreeYears: null };
  assert.equal(chronicHomelessStatus(unknown, '2026-01-10').status, 'client_doesnt_know_or_refused');
  assert.equal(chronicHomelessStatus({ ...unknown, timesHomelessPastThreeYears: null }, '2026-01-10').status, 'data_not_collected');
  assert.equal(chronicHomelessStatus({ ...base, livingSituation: 99 }, '2026-01-10').status, 'data_not_collected');
});

test('a household is chronically homeless when any adult is', () => {
  assert.equal(isHouseholdChronicallyHomeless([{ ...base, disablingCondition: 0 }, base], '2026-01-10'), true);
  assert.equal(isHouseholdChronicallyHomeless([{ ...base, disablingCondition: 0 }], '2026-01-10'), false);
});

test('project start data quality: disabling condition, relationship, 3.917 for adults only', () => {
  const child = { relationshipToHoH: 2, dob: '2015-01-01', disablingCondition: 99 };
  assert.deepEqual(
    memberProjectStartDataQuality(child, 3, '2026-01-10', '/members/1').map((i) => [i.element, i.kind, i.pointer]),
    [['3.08', 'missing', '/members/1/disablingCondition']],
  );
  const adult = { relationshipToHoH: 99, dob: '1990-01-01', disablingCondition: 0, disabilities: [{ disabilityType: 9, disabilityResponse: 1, indefiniteAndImpairs: 1 }] };
  assert.deepEqual(
    memberProjectStartDataQuality(adult, 3, '2026-01-10', '/members/2').map((i) => [i.element, i.kind, i.pointer]),
    [
      ['3.08', 'contradiction', '/members/2/disablingCondition'],
      ['3.15', 'missing', '/members/2/relationshipToHoH'],
      ['3.917', 'missing', '/members/2/priorLivingSituation/livingSituation'],
      ['3.917', 'missing', '/members/2/priorLivingSituation/lengthOfStay'],
    ],
  );
  assert.equal(isDisablingRecord({ disabilityType: 9, disabilityResponse: 1, indefiniteAndImpairs: 0 }), false);
  assert.equal(isDisablingRecord({ disabilityType: 8, disabilityResponse: 1 }), true);
  assert.equal(isDisablingRecord({ disabilityType: 10, disabilityResponse: 3, indefiniteAndImpairs: 1 }), true);
  assert.equal(isDisablingRecord({ disabilityType: 10, disabilityResponse: 0, indefiniteAndImpairs: 1 }), false);
});
