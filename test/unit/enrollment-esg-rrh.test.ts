import { test } from 'node:test';
import assert from 'node:assert/strict';
import limitsJson from '../../config/income-limits.example.json' with { type: 'json' };
import {
  ESG_RRH_FORMS,
  checkEsgRrhExit,
  checkEsgRrhReevaluation,
  checkEsgRrhScreening,
  checkInitialService,
  esgRrhFollowUpDates,
  incomeLimitFor,
  isEsgRrh,
  parseIncomeLimits,
  reevaluationDue,
} from '../../src/domain/enrollment/esg-rrh.ts';
import { throwIfProblems } from '../../src/domain/enrollment/common.ts';
import { formDefinition } from '../../src/domain/forms/catalog.ts';
import { RuleViolation } from '../../src/domain/errors.ts';

const screening = formDefinition(ESG_RRH_FORMS.screening);
const reevaluation = formDefinition(ESG_RRH_FORMS.reevaluation);
const exitSummary = formDefinition(ESG_RRH_FORMS.exitSummary);
const limits = parseIncomeLimits(limitsJson);

const eligible = {
  homeless_category: 'category-1',
  homeless_verification: 'third-party',
  other_residence: 'no',
  other_resources: 'no',
  sufficient_funds: 'no',
  duplicate_assistance: 'no',
  other_housing_offer: 'no',
  screening_date: '2026-01-10',
};

test('ESG RRH is detected from funder 10 active on the entry date', () => {
  const project = { funders: [{ funder: 3, startDate: '2020-01-01' }, { funder: 10, startDate: '2025-10-01', endDate: '2026-09-30' }] };
  assert.equal(isEsgRrh(project, '2026-01-10'), true);
  assert.equal(isEsgRrh(project, '2025-09-30'), false);
  assert.equal(isEsgRrh(project, '2026-10-01'), false);
  assert.equal(isEsgRrh({ funders: [{ funder: 3, startDate: '2020-01-01' }] }, '2026-01-10'), false);
});

test('screening: all "No" is accepted', () => {
  assert.deepEqual(checkEsgRrhScreening([{ formId: screening.id, answers: eligible }], screening), []);
});

test('screening: missing screening is refused', () => {
  const p = checkEsgRrhScreening(undefined, screening);
  assert.deepEqual(p.map((x) => [x.rule, x.pointer]), [['esg-rrh.screening-required', '/forms']]);
  assert.equal(checkEsgRrhScreening([{ formId: 'other', answers: {} }], screening)[0]!.rule, 'esg-rrh.screening-required');
});

test('screening: a "Yes" answer refuses the entry naming the question', () => {
  const forms = [{ formId: 'something-else', answers: {} }, { formId: screening.id, answers: { ...eligible, other_resources: 'yes' } }];
  const p = checkEsgRrhScreening(forms, screening);
  assert.deepEqual(p.map((x) => [x.rule, x.pointer]), [['esg-rrh.screening-ineligible', '/forms/1/answers/other_resources']]);
  assert.match(p[0]!.message, /other resources or support networks/);
  assert.throws(
    () => throwIfProblems(p),
    (e: unknown) => e instanceof RuleViolation && e.extra.rule === 'esg-rrh.screening-ineligible' && /Not eligible/.test(e.message),
  );
});

test('screening: unanswered questions are reported as incomplete, with the ineligibility first', () => {
  const { other_residence: _o, ...partial } = eligible;
  const p = checkEsgRrhScreening([{ formId: screening.id, answers: { ...partial, duplicate_assistance: 'yes' } }], screening);
  assert.deepEqual(
    p.map((x) => [x.rule, x.pointer]),
    [
      ['esg-rrh.screening-ineligible', '/forms/0/answers/duplicate_assistance'],
      ['esg-rrh.screening-incomplete', '/forms/0/answers/other_residence'],
    ],
  );
});

test('an initial service is required on the entry date', () => {
  assert.deepEqual(checkInitialService([{ date: '2026-01-10' }], '2026-01-10'), []);
  assert.equal(checkInitialService([{ date: '2026-01-11' }], '2026-01-10')[0]!.rule, 'esg-rrh.initial-service-required');
  assert.equal(checkInitialService([], '2026-01-10')[0]!.pointer, '/services');
});

test('income limits per household size, with HUD extrapolation above 8', () => {
  assert.equal(incomeLimitFor(limits, 'IL-510', 2026, 1), 27100);
  assert.equal(incomeLimitFor(limits, 'IL-510', 2026, 8), 51100);
  // 9 people: 51,100 + 8% of 38,700 = 54,196 → rounded up to 54,200
  assert.equal(incomeLimitFor(limits, 'IL-510', 2026, 9), 54200);
  assert.equal(incomeLimitFor(limits, 'IL-510', 2025, 1), null);
  assert.equal(incomeLimitFor(limits, 'IL-999', 2026, 1), null);
  assert.equal(incomeLimitFor(limits, 'IL-510', 2026, 0), null);
  assert.throws(() => parseIncomeLimits({ limits: [{ cocCode: 'IL-510', year: 2026, percentOfAmi: 30, annualIncomeByHouseholdSize: { 1: 100 } }] }));
});

const reeval = {
  reevaluation_date: '2027-01-05',
  household_size: 3,
  annual_income: 34850,
  income_documentation: 'source-documents',
  resources_to_stay_housed: 'no',
  continue_assistance: 'yes',
};

test('re-evaluation: income at the limit is eligible, above it is not, for every household size', () => {
  for (let size = 1; size <= 8; size++) {
    const limit = incomeLimitFor(limits, 'IL-510', 2026, size)!;
    assert.deepEqual(checkEsgRrhReevaluation({ ...reeval, household_size: size, annual_income: limit }, reevaluation, limits, 'IL-510', 2026), [], `size ${size} at limit`);
    const above = checkEsgRrhReevaluation({ ...reeval, household_size: size, annual_income: limit + 0.01 }, reevaluation, limits, 'IL-510', 2026);
    assert.deepEqual(above.map((p) => [p.rule, p.pointer]), [['esg-rrh.income-above-limit', '/answers/annual_income']], `size ${size} above limit`);
  }
  const msg = checkEsgRrhReevaluation({ ...reeval, annual_income: 40000 }, reevaluation, limits, 'IL-510', 2026)[0]!.message;
  assert.match(msg, /\$40,000 is above the limit of \$34,850/);
});

test('re-evaluation: other resources, missing limits, incomplete form', () => {
  assert.equal(checkEsgRrhReevaluation({ ...reeval, resources_to_stay_housed: 'yes' }, reevaluation, limits, 'IL-510', 2026)[0]!.rule, 'esg-rrh.reevaluation-ineligible');
  assert.equal(checkEsgRrhReevaluation(reeval, reevaluation, limits, 'IL-510', 2030)[0]!.rule, 'esg-rrh.income-limit-missing');
  const { annual_income: _a, ...partial } = reeval;
  assert.deepEqual(
    checkEsgRrhReevaluation(partial, reevaluation, limits, 'IL-510', 2026).map((p) => [p.rule, p.pointer]),
    [['esg-rrh.reevaluation-incomplete', '/answers/annual_income']],
  );
});

test('re-evaluation is due at least every 12 months', () => {
  assert.deepEqual(reevaluationDue('2026-01-10', [], '2026-06-01'), { last: null, dueBy: '2027-01-10', status: 'ok' });
  assert.equal(reevaluationDue('2026-01-10', [], '2026-12-15').status, 'due_soon');
  assert.equal(reevaluationDue('2026-01-10', [], '2027-01-11').status, 'overdue');
  assert.deepEqual(reevaluationDue('2024-02-29', ['2024-12-01', '2025-02-01'], '2025-06-01'), { last: '2025-02-01', dueBy: '2026-02-01', status: 'ok' });
});

test('the RRH exit summary is required at exit; follow-ups at 30, 60 days and one year', () => {
  assert.equal(checkEsgRrhExit(undefined, exitSummary)[0]!.rule, 'esg-rrh.exit-summary-required');
  const answers = {
    exit_reason: 'completed',
    months_rental_assistance: 6,
    total_rental_assistance: 7200,
    still_in_unit: 'no',
    monthly_income_at_exit: 1800,
    follow_up_consent: 'no',
  };
  assert.deepEqual(checkEsgRrhExit([{ formId: exitSummary.id, answers }], exitSummary), []);
  assert.deepEqual(
    checkEsgRrhExit([{ formId: exitSummary.id, answers: { ...answers, still_in_unit: 'yes' } }], exitSummary).map((p) => p.pointer),
    ['/forms/0/answers/lease_in_name', '/forms/0/answers/can_pay_rent'],
  );
  assert.deepEqual(esgRrhFollowUpDates('2026-06-30'), { thirtyDays: '2026-07-30', sixtyDays: '2026-08-29', oneYear: '2027-06-30' });
});
