import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_PRIORITIZATION,
  daysHomeless,
  householdType,
  ineligibilityFor,
  isInactive,
  populationsOf,
  prioritizationSettingsFrom,
  rankCandidates,
  type CeCandidate,
} from '../../src/domain/prioritization/index.ts';

const TODAY = '2026-11-25';

/** A CE candidate: chronic unless told otherwise (disabling condition, on the street for two years). */
function cand(id: string, o: Partial<CeCandidate> & { chronic?: boolean } = {}): CeCandidate {
  const chronic = o.chronic ?? true;
  return {
    clientId: id,
    members: [{ clientId: id, relationshipToHoH: 1, dob: '1970-01-01', veteranStatus: 0 }],
    chronicInputs: [
      {
        projectType: 14,
        disablingCondition: chronic ? 1 : 0,
        livingSituation: 116,
        lengthOfStay: 5,
        dateToStreetESSH: '2024-06-01',
        timesHomelessPastThreeYears: 4,
        monthsHomelessPastThreeYears: 113,
      },
    ],
    ceEntryDate: '2026-09-01',
    disablingCondition: chronic ? 1 : 0,
    assessmentDate: '2026-09-10',
    score: 10,
    dateToStreetEssh: '2024-06-01',
    monthsHomelessCode: 113,
    listedSince: '2026-09-10',
    lastContact: '2026-11-01',
    ...o,
  };
}

describe('CE list ranking', () => {
  test('default order: chronic first, then score, then time homeless, then the earlier assessment', () => {
    const rows = rankCandidates(
      [
        cand('a', { chronic: false, score: 20 }),
        cand('b', { score: 8 }),
        cand('c', { score: 12 }),
        cand('d', { score: 12, dateToStreetEssh: '2020-01-01' }),
        cand('e', { score: 12, dateToStreetEssh: '2020-01-01', assessmentDate: '2026-08-01' }),
      ],
      TODAY,
    );
    assert.deepEqual(rows.map((r) => r.candidate.clientId), ['e', 'd', 'c', 'b', 'a']);
    assert.deepEqual(rows.map((r) => r.rank), [1, 2, 3, 4, 5]);
    assert.equal(rows[0]!.chronic, true);
    assert.equal(rows[4]!.chronic, false);
    assert.match(rows[0]!.reasons[0]!, /Chronically homeless/);
    assert.match(rows[0]!.reasons[1]!, /score 12/);
    // The reason that decided each place names the criterion.
    assert.match(rows[1]!.reasons.at(-1)!, /assessment date/);
    assert.match(rows[2]!.reasons.at(-1)!, /length of time homeless/);
    assert.match(rows[3]!.reasons.at(-1)!, /vulnerability score/);
    assert.match(rows[4]!.reasons.at(-1)!, /chronic homelessness/);
  });

  test('ties go to the earlier assessment; an unknown score comes last', () => {
    const rows = rankCandidates([cand('late', { assessmentDate: '2026-10-01' }), cand('early', { assessmentDate: '2026-09-01' }), cand('none', { score: null })], TODAY);
    assert.deepEqual(rows.map((r) => r.candidate.clientId), ['early', 'late', 'none']);
  });

  test('the criteria are data: score first when configured', () => {
    const settings = prioritizationSettingsFrom({ prioritization: { criteria: [{ key: 'score', direction: 'desc' }, { key: 'chronic', direction: 'desc' }] } });
    assert.equal(settings.inactivityDays, 90, 'missing keys take the defaults');
    const rows = rankCandidates([cand('chronic', { score: 5 }), cand('vulnerable', { chronic: false, score: 18 })], TODAY, settings);
    assert.deepEqual(rows.map((r) => r.candidate.clientId), ['vulnerable', 'chronic']);
    assert.match(rows[0]!.reasons[0]!, /score 18/);
  });

  test('an invalid configuration falls back to the defaults', () => {
    assert.deepEqual(prioritizationSettingsFrom({ prioritization: { criteria: [{ key: 'shoeSize', direction: 'up' }] } }), DEFAULT_PRIORITIZATION);
    assert.deepEqual(prioritizationSettingsFrom(null), DEFAULT_PRIORITIZATION);
  });

  test('length of time homeless from the episode start, else from the months code', () => {
    assert.equal(daysHomeless({ dateToStreetEssh: '2026-11-15', monthsHomelessCode: 113 }, TODAY), 10);
    assert.equal(daysHomeless({ dateToStreetEssh: null, monthsHomelessCode: 104 }, TODAY), 120);
    assert.equal(daysHomeless({ dateToStreetEssh: null, monthsHomelessCode: null }, TODAY), null);
  });

  test('inactive after 90 days without contact (configurable)', () => {
    assert.equal(isInactive({ lastContact: '2026-08-27' }, TODAY), false);
    assert.equal(isInactive({ lastContact: '2026-08-26' }, TODAY), true);
    assert.equal(isInactive({ lastContact: '2026-10-20' }, TODAY, { ...DEFAULT_PRIORITIZATION, inactivityDays: 30 }), true);
  });
});

describe('eligibility', () => {
  const psh = { name: 'Northside PSH', projectType: 3, populations: ['singles'] };
  const familyPsh = { name: 'Family PSH', projectType: 3, populations: ['families'] };
  const rrh = { name: 'RRH', projectType: 13, populations: [] as string[] };
  const family = (id: string) =>
    cand(id, {
      members: [
        { clientId: id, relationshipToHoH: 1, dob: '1985-01-01', veteranStatus: 0 },
        { clientId: `${id}-kid`, relationshipToHoH: 2, dob: '2015-01-01', veteranStatus: 99 },
      ],
    });

  test('PSH needs a disabling condition', () => {
    assert.deepEqual(ineligibilityFor(cand('x'), psh, null, TODAY), []);
    const why = ineligibilityFor(cand('y', { chronic: false }), psh, null, TODAY);
    assert.deepEqual(why.map((w) => w.rule), ['disability']);
    assert.match(why[0]!.message, /disabling condition/);
    assert.deepEqual(ineligibilityFor(cand('y', { chronic: false }), rrh, null, TODAY), []);
  });

  test('population: singles, families, youth, veterans by household composition, age and veteran status', () => {
    assert.equal(householdType(family('f').members, TODAY), 'family');
    assert.deepEqual(populationsOf(family('f').members, TODAY), ['families']);
    assert.deepEqual(ineligibilityFor(family('f'), psh, null, TODAY).map((w) => w.rule), ['population']);
    assert.deepEqual(ineligibilityFor(family('f'), familyPsh, null, TODAY), []);
    assert.deepEqual(ineligibilityFor(cand('s'), familyPsh, null, TODAY).map((w) => w.rule), ['population']);
    const youth = cand('y', { members: [{ clientId: 'y', relationshipToHoH: 1, dob: '2004-03-01', veteranStatus: 0 }] });
    assert.deepEqual(populationsOf(youth.members, TODAY), ['singles', 'youth']);
    const vet = cand('v', { members: [{ clientId: 'v', relationshipToHoH: 1, dob: '1960-03-01', veteranStatus: 1 }] });
    assert.deepEqual(populationsOf(vet.members, TODAY), ['singles', 'veterans']);
    assert.deepEqual(ineligibilityFor(cand('s'), { name: 'SSVF', projectType: 13, populations: ['veterans'] }, null, TODAY).map((w) => w.rule), ['population']);
    assert.deepEqual(ineligibilityFor(vet, { name: 'SSVF', projectType: 13, populations: ['veterans'] }, null, TODAY), []);
  });

  test('the opening: household size and population', () => {
    const opening = { householdSize: 1, bedrooms: 0, population: null };
    assert.deepEqual(ineligibilityFor(family('f'), familyPsh, opening, TODAY).map((w) => w.rule), ['household-size']);
    assert.deepEqual(ineligibilityFor(family('f'), familyPsh, { ...opening, householdSize: 3 }, TODAY), []);
    assert.deepEqual(ineligibilityFor(cand('s'), rrh, { householdSize: null, bedrooms: null, population: 'veterans' }, TODAY).map((w) => w.rule), ['opening-population']);
  });
});
