import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  changeHead,
  headExitNeedsNewHead,
  householdDataQuality,
  proposeNewHeadCandidates,
  validateHouseholdEntry,
  validateMemberJoin,
} from '../../src/domain/enrollment/household.ts';
import { throwIfProblems } from '../../src/domain/enrollment/common.ts';
import { RuleViolation } from '../../src/domain/errors.ts';

const head = { clientId: 'a', relationshipToHoH: 1, dob: '1980-05-01', enrollmentCoC: 'IL-510' };

test('a single adult head of household with a CoC is accepted', () => {
  assert.deepEqual(validateHouseholdEntry({ entryDate: '2026-01-10', members: [head] }), []);
});

test('no head of household is refused', () => {
  const problems = validateHouseholdEntry({ entryDate: '2026-01-10', members: [{ ...head, relationshipToHoH: 3 }, { clientId: 'b', relationshipToHoH: 2 }] });
  const p = problems.find((x) => x.rule === 'household.no-head');
  assert.ok(p);
  assert.equal(p.pointer, '/members/0/relationshipToHoH');
});

test('two heads of household: the second one is named', () => {
  const problems = validateHouseholdEntry({ entryDate: '2026-01-10', members: [head, { clientId: 'b', relationshipToHoH: 1 }] });
  assert.deepEqual(
    problems.map((p) => [p.rule, p.pointer]),
    [['household.two-heads', '/members/1/relationshipToHoH']],
  );
  assert.match(problems[0]!.message, /member 1 already is/);
});

test('every member needs a relationship from HUD list 3.15.1', () => {
  const problems = validateHouseholdEntry({
    entryDate: '2026-01-10',
    members: [head, { clientId: 'b', relationshipToHoH: null }, { clientId: 'c', relationshipToHoH: 6 }, { clientId: 'd', relationshipToHoH: 99 }],
  });
  assert.deepEqual(
    problems.map((p) => [p.rule, p.pointer]),
    [
      ['household.relationship-required', '/members/1/relationshipToHoH'],
      ['household.relationship-invalid', '/members/2/relationshipToHoH'],
    ],
  );
  // 99 is accepted but shows as a data-quality problem.
  assert.deepEqual(householdDataQuality([head, { clientId: 'd', relationshipToHoH: 99 }]).map((d) => d.pointer), ['/members/1/relationshipToHoH']);
});

test('the same client cannot be listed twice', () => {
  const problems = validateHouseholdEntry({ entryDate: '2026-01-10', members: [head, { clientId: 'a', relationshipToHoH: 2 }] });
  assert.deepEqual(problems.map((p) => p.pointer), ['/members/1/clientId']);
});

test('an empty household is refused', () => {
  assert.equal(validateHouseholdEntry({ entryDate: '2026-01-10', members: [] })[0]!.rule, 'household.no-members');
});

test('Enrollment CoC is required for the head only, and must be one of the project CoCs when given', () => {
  const noCoc = validateHouseholdEntry({ entryDate: '2026-01-10', members: [{ ...head, enrollmentCoC: null }, { clientId: 'b', relationshipToHoH: 2 }] });
  assert.deepEqual(noCoc.map((p) => [p.rule, p.pointer]), [['household.enrollment-coc-required', '/members/0/enrollmentCoC']]);
  const badFormat = validateHouseholdEntry({ entryDate: '2026-01-10', members: [{ ...head, enrollmentCoC: 'il510' }] });
  assert.equal(badFormat[0]!.rule, 'household.enrollment-coc-invalid');
  const otherCoc = validateHouseholdEntry({ entryDate: '2026-01-10', members: [head], projectCocCodes: ['IL-511'] });
  assert.equal(otherCoc[0]!.rule, 'household.enrollment-coc-invalid');
});

test('member dates stay within the stay', () => {
  const problems = validateHouseholdEntry({
    entryDate: '2026-01-10',
    members: [
      { ...head, exitDate: '2026-06-30' },
      { clientId: 'b', relationshipToHoH: 2, entryDate: '2026-01-09' },
      { clientId: 'c', relationshipToHoH: 3, entryDate: '2026-02-01', exitDate: '2026-01-20' },
      { clientId: 'd', relationshipToHoH: 4, entryDate: '2026-02-01', exitDate: '2026-07-01' },
      { clientId: 'e', relationshipToHoH: 5, entryDate: '2026-07-02' },
    ],
  });
  assert.deepEqual(
    problems.map((p) => p.pointer),
    ['/members/1/entryDate', '/members/2/exitDate', '/members/3/exitDate', '/members/4/entryDate'],
  );
});

test('a member joining later: after the start, before the exit, never a second head', () => {
  const h = { entryDate: '2026-01-10', exitDate: null };
  assert.deepEqual(validateMemberJoin(h, { relationshipToHoH: 2, entryDate: '2026-03-01' }), []);
  assert.equal(validateMemberJoin(h, { relationshipToHoH: 1, entryDate: '2026-03-01' })[0]!.rule, 'household.two-heads');
  assert.equal(validateMemberJoin(h, { relationshipToHoH: 2, entryDate: '2026-01-01' })[0]!.rule, 'household.member-dates');
  assert.equal(validateMemberJoin({ entryDate: '2026-01-10', exitDate: '2026-02-01' }, { relationshipToHoH: 2, entryDate: '2026-03-01' })[0]!.rule, 'household.member-dates');
  assert.equal(validateMemberJoin(h, { relationshipToHoH: 2, entryDate: '2026-03-01' }, ['x'], 'x')[0]!.rule, 'household.duplicate-member');
});

test('when the head leaves, adults still enrolled are proposed as new head, oldest first', () => {
  const members = [
    { ...head, exitDate: '2026-05-01' },
    { clientId: 'child', relationshipToHoH: 2, dob: '2010-01-01' },
    { clientId: 'partner', relationshipToHoH: 3, dob: '1985-01-01' },
    { clientId: 'grandma', relationshipToHoH: 4, dob: '1950-01-01' },
    { clientId: 'gone', relationshipToHoH: 5, dob: '1970-01-01', exitDate: '2026-04-01' },
    // 18 only after the project start: not an adult at entry
    { clientId: 'teen', relationshipToHoH: 2, dob: '2008-03-01', entryDate: '2026-01-10' },
    { clientId: 'nodob', relationshipToHoH: 5 },
  ];
  assert.deepEqual(
    proposeNewHeadCandidates(members, '2026-05-01', '2026-01-10').map((c) => [c.clientId, c.ageAtEntry]),
    [
      ['grandma', 76],
      ['partner', 41],
    ],
  );
  assert.equal(headExitNeedsNewHead(members, '2026-05-01'), true);
  assert.equal(headExitNeedsNewHead([members[0]!, members[4]!], '2026-05-01'), false);

  const ok = changeHead(members, 'partner', 3, '2026-05-01', '2026-01-10');
  assert.deepEqual(ok, {
    ok: true,
    changes: [
      { clientId: 'partner', relationshipToHoH: 1 },
      { clientId: 'a', relationshipToHoH: 3 },
    ],
  });
  const child = changeHead(members, 'child', 2, '2026-05-01', '2026-01-10');
  assert.equal(child.ok, false);
  assert.equal(!child.ok && child.problems[0]!.pointer, '/newHeadClientId');
  const badRel = changeHead(members, 'partner', 1, '2026-05-01', '2026-01-10');
  assert.equal(!badRel.ok && badRel.problems[0]!.pointer, '/formerHeadRelationship');
});

test('problems become a RuleViolation (422) naming the rule and every field', () => {
  const problems = validateHouseholdEntry({ entryDate: '2026-01-10', members: [head, { clientId: 'b', relationshipToHoH: 1 }] });
  assert.throws(
    () => throwIfProblems(problems),
    (err: unknown) =>
      err instanceof RuleViolation &&
      err.status === 422 &&
      err.extra.rule === 'household.two-heads' &&
      err.errors[0]!.pointer === '/members/1/relationshipToHoH',
  );
  assert.doesNotThrow(() => throwIfProblems([]));
});
