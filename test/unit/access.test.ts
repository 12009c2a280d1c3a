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
  const nav = navigationFor(cm);
  for (const key of ['dashboard', 'projects']) assert.ok(nav.includes(key), key);
  for (const key of ['admin', 'admin.users', 'audit', 'outbox']) assert.equal(nav.includes(key), false, key);
});

test('memberships: an agency administrator grants agency roles in their agency only, never CoC-wide roles', () => {
  const admin = actor([{ agencyId: 'lead', role: 'hmis_admin', projectIds: [] }]);
  const aa = actor([{ agencyId: 'north', role: 'agency_admin', projectIds: [] }]);
  const cm = actor([{ agencyId: 'north', role: 'case_manager', projectIds: ['p1'] }]);
  assert.ok(can(admin, 'membership.grant', { agencyId: 'north', role: 'hmis_admin' }));
  assert.ok(can(aa, 'membership.grant', { agencyId: 'north', role: 'case_manager' }));
  assert.ok(can(aa, 'membership.grant', { agencyId: 'north', role: 'agency_admin' }));
  assert.equal(can(aa, 'membership.grant', { agencyId: 'north', role: 'hmis_admin' }), false);
  assert.equal(can(aa, 'membership.grant', { agencyId: 'north', role: 'ces_matcher' }), false);
  assert.equal(can(aa, 'membership.grant', { agencyId: 'lake', role: 'case_manager' }), false);
  assert.equal(can(cm, 'membership.grant', { agencyId: 'north', role: 'case_manager' }), false);
  assert.equal(can(cm, 'membership.grant'), false);
});

test('navigation: administrators see the administration screens and the audit log; agency administrators no audit log', () => {
  const admin = actor([{ agencyId: 'lead', role: 'hmis_admin', projectIds: [] }]);
  const aa = actor([{ agencyId: 'north', role: 'agency_admin', projectIds: [] }]);
  for (const k of ['admin.agencies', 'admin.projects', 'admin.users', 'audit']) assert.ok(navigationFor(admin).includes(k), k);
  assert.ok(navigationFor(aa).includes('admin.users'));
  assert.equal(navigationFor(aa).includes('audit'), false);
});
