import { test } from 'node:test';
import assert from 'node:assert/strict';
import { can, navigationFor, type Actor } from '../../src/domain/access.ts';

const actor = (memberships: Actor['memberships']): Actor => ({ userId: 'u', username: 'u', memberships });

test('deny by default: a user without memberships may do nothing', () => {
  const nobody = actor([]);
  for (const a of ['coc.read', 'agency.create', 'agency.update', 'project.create', 'project.update', 'user.manage', 'audit.read', 'config.manage'] as const) {
    assert.equal(can(nobody, a), false, a);
  }
});

test('an HMIS administrator manages everything', () => {
  const admin = actor([{ agencyId: 'lead', role: 'hmis_admin', projectIds: [] }]);
  assert.ok(can(admin, 'agency.create'));
  assert.ok(can(admin, 'project.update', { agencyId: 'any' }));
  assert.ok(can(admin, 'audit.read'));
});

test('an agency administrator manages only their own agency', () => {
  const aa = actor([{ agencyId: 'north', role: 'agency_admin', projectIds: ['p1'] }]);
  assert.ok(can(aa, 'project.update', { agencyId: 'north' }));
  assert.ok(can(aa, 'project.create', { agencyId: 'north' }));
  assert.equal(can(aa, 'project.update', { agencyId: 'lake' }), false);
  assert.equal(can(aa, 'project.create', { agencyId: 'lake' }), false);
  assert.equal(can(aa, 'agency.create'), false);
  assert.equal(can(aa, 'audit.read'), false);
  assert.ok(can(aa, 'user.manage', { agencyId: 'north' }));
});

test('a case manager reads the CoC structure and administers nothing', () => {
  const cm = actor([{ agencyId: 'north', role: 'case_manager', projectIds: ['p1'] }]);
  assert.ok(can(cm, 'coc.read'));
  assert.equal(can(cm, 'project.update', { agencyId: 'north' }), false);
  assert.equal(can(cm, 'user.manage'), false);
  assert.deepEqual(navigationFor(cm), ['dashboard', 'projects']);
});
