import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ROLES, type Actor, type Role } from '../../src/domain/access.ts';
import { ACCOUNT_ACTIONS, decideAccountAction, userCapabilities } from '../../src/domain/policies/user-accounts.ts';

const actor = (memberships: Actor['memberships']): Actor => ({ userId: 'me', username: 'me', memberships });
const admin = actor([{ agencyId: 'lead', role: 'hmis_admin', projectIds: [] }]);
const aa = actor([{ agencyId: 'north', role: 'agency_admin', projectIds: [] }]);
const user = (...memberships: [string, Role][]) => ({ id: 'target', memberships: memberships.map(([agencyId, role]) => ({ agencyId, role })) });

test('an HMIS administrator may do anything to any account', () => {
  for (const action of ACCOUNT_ACTIONS) assert.deepEqual(decideAccountAction(admin, user(), action), { allowed: true });
});

test('an agency administrator: users wholly within their agency yes; a second membership beyond it 403; none in it 404', () => {
  const cases: [ReturnType<typeof user>, 'allowed' | 403 | 404][] = [
    [user(['north', 'case_manager']), 'allowed'],
    [user(['north', 'case_manager'], ['north', 'agency_admin']), 'allowed'],
    [user(['north', 'case_manager'], ['lead', 'ces_matcher']), 403],
    [user(['north', 'case_manager'], ['lake', 'case_manager']), 403],
    [user(['north', 'case_manager'], ['lead', 'housing_resource_specialist']), 403],
    [user(['north', 'case_manager'], ['north', 'ces_matcher']), 403],
    [user(['north', 'hmis_admin']), 403],
    [user(['lake', 'case_manager']), 404],
    [user(), 404],
  ];
  for (const [target, expected] of cases) {
    for (const action of ACCOUNT_ACTIONS.filter((a) => a !== 'view')) {
      const d = decideAccountAction(aa, target, action);
      assert.equal(d.allowed ? 'allowed' : d.status, expected, `${action} on ${JSON.stringify(target.memberships)}`);
    }
    assert.equal(decideAccountAction(aa, target, 'view').allowed, expected !== 404, 'view: visible when one membership is theirs');
  }
});

test('property: an agency administrator acts on an account iff they could grant every membership it holds', () => {
  const agencies = ['north', 'lake', 'lead'];
  const membership = fc.record({ agencyId: fc.constantFrom(...agencies), role: fc.constantFrom(...ROLES), projectIds: fc.constant([] as string[]) });
  fc.assert(
    fc.property(fc.array(membership, { maxLength: 3 }), fc.array(membership, { maxLength: 4 }), fc.constantFrom(...ACCOUNT_ACTIONS), (mine, theirs, action) => {
      const me = actor(mine);
      const d = decideAccountAction(me, { id: 't', memberships: theirs }, action);
      const isAdmin = mine.some((m) => m.role === 'hmis_admin');
      const administered = mine.filter((m) => m.role === 'agency_admin').map((m) => m.agencyId);
      const visible = theirs.some((m) => administered.includes(m.agencyId));
      const wholly = theirs.every((m) => administered.includes(m.agencyId) && m.role !== 'hmis_admin' && m.role !== 'ces_matcher');
      const expected = isAdmin || (visible && (action === 'view' || wholly));
      assert.equal(d.allowed, expected);
      if (!d.allowed) assert.equal(d.status, visible ? 403 : 404);
    }),
    { numRuns: 2000 },
  );
});

test('capability flags follow the same rule (nobody deactivates themselves)', () => {
  assert.deepEqual(userCapabilities(aa, user(['north', 'case_manager'])), { canEdit: true, canDeactivate: true, canManageMemberships: true, canResetPassword: true, canResetMfa: true, canClearSignInThrottle: true });
  assert.deepEqual(userCapabilities(aa, user(['north', 'case_manager'], ['lake', 'case_manager'])), {
    canEdit: false,
    canDeactivate: false,
    canManageMemberships: false,
    canResetPassword: false,
    canResetMfa: false,
    canClearSignInThrottle: false,
  });
  assert.equal(userCapabilities(admin, { id: 'me', memberships: [] }).canDeactivate, false);
});
