import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HUD, receivesReferralsFrom, validateProject, type ProjectDraft } from '../../src/domain/projects.ts';

const base = (over: Partial<ProjectDraft> = {}): ProjectDraft => ({
  name: 'P',
  projectType: 3,
  rrhSubtype: null,
  housingType: 1,
  targetPopulation: 4,
  operatingStart: '2024-01-01',
  operatingEnd: null,
  programModel: 'PSH',
  populations: ['singles'],
  funders: [{ funder: 2, grantId: 'G', startDate: '2024-01-01' }],
  cocs: [{ cocCode: 'XX-999', geocode: '179031' }],
  inventory: [{ cocCode: 'XX-999', householdType: 1, unitInventory: 5, bedInventory: 5, startDate: '2024-01-01' }],
  hmisParticipation: [{ participationType: 1, startDate: '2024-01-01' }],
  ceParticipation: [],
  ...over,
});
const ptrs = (d: ProjectDraft) => validateProject(d).map((e) => e.pointer).sort();

test('the HUD lists load without their metadata; retired funders are not offered', () => {
  assert.equal(HUD.projectType[13], 'PH – Rapid Re-Housing');
  assert.equal(HUD.projectType[5], undefined);
  assert.equal(HUD.funder[47], undefined, 'ESG-CV is retired in FY2026');
  assert.ok(!('hudList' in HUD.funder));
});

test('a valid PSH passes', () => assert.deepEqual(ptrs(base()), []));

test('RRH sub-type: required for type 13, refused elsewhere', () => {
  assert.deepEqual(ptrs(base({ projectType: 13 })), ['/rrhSubtype']);
  assert.deepEqual(ptrs(base({ projectType: 13, rrhSubtype: 2 })), []);
  assert.deepEqual(ptrs(base({ rrhSubtype: 1 })), ['/rrhSubtype']);
  // RRH services-only has no beds: no housing type needed, no inventory allowed.
  assert.deepEqual(ptrs(base({ projectType: 13, rrhSubtype: 1, housingType: null })), ['/inventory']);
});

test('dates, codes and bed totals name their field', () => {
  assert.deepEqual(ptrs(base({ operatingEnd: '2023-12-31' })), ['/operatingEnd']);
  assert.deepEqual(ptrs(base({ funders: [{ funder: 46, grantId: ' ', startDate: '2024-02-01', endDate: '2024-01-01' }] })), ['/funders/0/endDate', '/funders/0/grantId', '/funders/0/otherFunder']);
  assert.deepEqual(ptrs(base({ inventory: [{ cocCode: 'XX-999', householdType: 1, unitInventory: 5, bedInventory: 5, chBedInventory: 3, startDate: '2024-01-01' }] })), ['/inventory/0/bedInventory']);
  assert.deepEqual(ptrs(base({ projectType: 0, programModel: 'ES' })), ['/inventory/0/availability', '/inventory/0/esBedType']);
  assert.deepEqual(ptrs(base({ populations: ['pets'] })), ['/populations/0']);
});

test('participation periods may not overlap; CE participation decides receivesReferrals', () => {
  assert.deepEqual(ptrs(base({ hmisParticipation: [{ participationType: 1, startDate: '2024-01-01', endDate: '2024-06-30' }, { participationType: 0, startDate: '2024-06-30' }] })), ['/hmisParticipation/1/startDate']);
  assert.deepEqual(ptrs(base({ hmisParticipation: [{ participationType: 1, startDate: '2024-01-01', endDate: '2024-06-29' }, { participationType: 0, startDate: '2024-06-30' }] })), []);
  const ce = [
    { accessPoint: false, receivesReferrals: true, startDate: '2024-01-01', endDate: '2024-12-31' },
    { accessPoint: false, receivesReferrals: false, startDate: '2025-01-01' },
  ];
  assert.equal(receivesReferralsFrom(ce, '2024-06-01', false), true);
  assert.equal(receivesReferralsFrom(ce, '2025-06-01', true), false);
  assert.equal(receivesReferralsFrom(ce, '2023-06-01', true), false, 'no current record: no referrals');
  assert.equal(receivesReferralsFrom([], '2023-06-01', true), true, 'without records the flag stands');
});
