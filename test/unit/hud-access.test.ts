import { test } from 'node:test';
import assert from 'node:assert/strict';
import { can, navigationFor, type Actor, type Role } from '../../src/domain/access.ts';

const actor = (role: Role, agencyId = 'a1', projectIds: string[] = []): Actor => ({ userId: 'u', username: 'u', memberships: [{ agencyId, role, projectIds }] });

test('hud.export: HMIS administrators everywhere; agency administrators for their own agencies only; nobody else', () => {
  assert.equal(can(actor('hmis_admin'), 'hud.export', { agencyId: 'other' }), true);
  assert.equal(can(actor('agency_admin', 'a1'), 'hud.export'), true);
  assert.equal(can(actor('agency_admin', 'a1'), 'hud.export', { agencyId: 'a1' }), true);
  assert.equal(can(actor('agency_admin', 'a1'), 'hud.export', { agencyId: 'a2' }), false);
  for (const role of ['case_manager', 'ces_matcher', 'housing_resource_specialist'] as const) {
    assert.equal(can(actor(role, 'a1', ['p1']), 'hud.export'), false, role);
    assert.equal(can(actor(role, 'a1', ['p1']), 'hud.export', { agencyId: 'a1', projectId: 'p1' }), false, role);
  }
});

test('hud.import: HMIS administrators only (an import writes across agencies)', () => {
  assert.equal(can(actor('hmis_admin'), 'hud.import'), true);
  for (const role of ['agency_admin', 'case_manager', 'ces_matcher', 'housing_resource_specialist'] as const) assert.equal(can(actor(role), 'hud.import'), false, role);
});

test('navigation: the export screen for those who may export, the import screen for administrators', () => {
  assert.deepEqual(['admin.hud-export', 'admin.hud-import'].filter((k) => navigationFor(actor('hmis_admin')).includes(k)), ['admin.hud-export', 'admin.hud-import']);
  assert.deepEqual(['admin.hud-export', 'admin.hud-import'].filter((k) => navigationFor(actor('agency_admin')).includes(k)), ['admin.hud-export']);
  assert.deepEqual(['admin.hud-export', 'admin.hud-import'].filter((k) => navigationFor(actor('case_manager', 'a1', ['p1'])).includes(k)), []);
});
