import { test } from 'node:test';
import assert from 'node:assert/strict';
import { can, type Actor } from '../../src/domain/access.ts';
import { priorLivingSituationCodeProblems, priorLivingSituationColumns, collectionProblems, stagedColumns } from '../../src/usecases/enrollments/common.ts';
import { serviceProblems, serviceRow } from '../../src/usecases/enrollments/services.ts';

const actor = (memberships: Actor['memberships']): Actor => ({ userId: 'u', username: 'u', memberships });

test('enrollment.manage: the project’s case managers, the agency’s administrators and HMIS administrators', () => {
  const scope = { projectId: 'p1', agencyId: 'a1' };
  assert.equal(can(actor([{ agencyId: 'a1', role: 'case_manager', projectIds: ['p1'] }]), 'enrollment.manage', scope), true);
  assert.equal(can(actor([{ agencyId: 'a1', role: 'case_manager', projectIds: ['p2'] }]), 'enrollment.manage', scope), false);
  assert.equal(can(actor([{ agencyId: 'a1', role: 'agency_admin', projectIds: [] }]), 'enrollment.manage', scope), true);
  assert.equal(can(actor([{ agencyId: 'a2', role: 'agency_admin', projectIds: [] }]), 'enrollment.manage', scope), false);
  assert.equal(can(actor([{ agencyId: 'x', role: 'hmis_admin', projectIds: [] }]), 'enrollment.manage', scope), true);
  assert.equal(can(actor([{ agencyId: 'x', role: 'ces_matcher', projectIds: [] }]), 'enrollment.manage', scope), false);
  assert.equal(can(actor([{ agencyId: 'x', role: 'housing_resource_specialist', projectIds: ['p1'] }]), 'enrollment.manage'), false);
});

test('services: financial assistance needs an amount, others refuse one; dates within the stay and not in the future', () => {
  const stay = { entryDate: '2026-01-10', exitDate: null, today: '2026-03-01' };
  assert.deepEqual(serviceProblems({ date: '2026-02-01', type: 'rental_assistance', amount: 950 }, stay), []);
  assert.equal(serviceProblems({ date: '2026-02-01', type: 'rental_assistance' }, stay)[0]!.rule, 'service.amount-required');
  assert.equal(serviceProblems({ date: '2026-02-01', type: 'case_management', amount: 5 }, stay)[0]!.rule, 'service.amount-not-allowed');
  assert.equal(serviceProblems({ date: '2026-01-09', type: 'other' }, stay)[0]!.message, 'A service cannot be dated before the project start.');
  assert.equal(serviceProblems({ date: '2026-03-02', type: 'other' }, stay)[0]!.message, 'A service cannot be dated in the future.');
  assert.equal(serviceProblems({ date: '2026-02-20', type: 'other' }, { ...stay, exitDate: '2026-02-15' })[0]!.message, 'A service cannot be dated after the exit.');
  assert.equal(serviceProblems({ date: '2026-02-01', type: 'nope' }, stay, '/initialService')[0]!.pointer, '/initialService/type');
  // ESG RRH financial assistance defaults to the ESG funder (10).
  assert.equal(serviceRow({ date: '2026-02-01', type: 'rental_assistance', amount: 950 }, 'e', 'c', true, 'u', new Date()).funder, 10);
  assert.equal(serviceRow({ date: '2026-02-01', type: 'case_management' }, 'e', 'c', true, 'u', new Date()).funder, null);
});

test('staged data: disability codes, one answer per type, domestic-violence follow-ups only for survivors; total income derived', () => {
  const head = { relationshipToHoH: 1, dob: '1980-01-01', entryDate: '2026-01-10' };
  const check = (staged: Parameters<typeof collectionProblems>[3]['staged'], at = '') => collectionProblems(3, head, 'projectStart', { staged }, { enrollment: '', staged: at });
  assert.deepEqual(check({ disabilities: [{ disabilityType: 10, disabilityResponse: 3 }], domesticViolenceSurvivor: 1, whenOccurred: 2 }), []);
  assert.equal(check({ disabilities: [{ disabilityType: 9, disabilityResponse: 3 }] }, '/assessment')[0]!.pointer, '/assessment/disabilities/0/disabilityResponse');
  assert.equal(check({ disabilities: [{ disabilityType: 5, disabilityResponse: 0 }, { disabilityType: 5, disabilityResponse: 1 }] }).at(-1)!.rule, 'assessment.duplicate-disability');
  assert.equal(check({ domesticViolenceSurvivor: 0, currentlyFleeing: 1 })[0]!.pointer, '/currentlyFleeing');
  assert.equal(stagedColumns({ incomeSources: { Earned: 1000, SSI: 914 } }).total_monthly_income, 1914);
  assert.equal(stagedColumns({ incomeSources: { Earned: 1000 }, totalMonthlyIncome: 1200 }).total_monthly_income, 1200);
  assert.equal(stagedColumns(undefined).income_from_any_source, null);
});

test('3.917: bad codes name the field; the "less than threshold" answer is derived from the length of stay', () => {
  const p = priorLivingSituationCodeProblems({ livingSituation: 999, lengthOfStay: 4 }, '/members/1/priorLivingSituation');
  assert.equal(p.length, 1);
  assert.equal(p[0]!.pointer, '/members/1/priorLivingSituation/livingSituation');
  // PSH (3), from an institution (215) for one night or less (10): under 90 days → 1.
  assert.equal(priorLivingSituationColumns(3, { livingSituation: 215, lengthOfStay: 10 }).los_under_threshold, 1);
  // Emergency shelter (0): the threshold question is not asked.
  assert.equal(priorLivingSituationColumns(0, { livingSituation: 215, lengthOfStay: 10 }).los_under_threshold, null);
});
