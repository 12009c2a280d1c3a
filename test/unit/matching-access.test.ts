import { test } from 'node:test';
import assert from 'node:assert/strict';
import { can, navigationFor, type Actor } from '../../src/domain/access.ts';

const actor = (role: Actor['memberships'][number]['role'], projectIds: string[] = []): Actor => ({ userId: 'u', username: 'u', memberships: [{ agencyId: 'a', role, projectIds }] });

test('the CE list, matching and the rematch queue belong to the matching team and HMIS administrators', () => {
  assert.equal(can(actor('ces_matcher'), 'ce.match'), true);
  assert.equal(can(actor('hmis_admin'), 'ce.match'), true);
  for (const role of ['case_manager', 'agency_admin', 'housing_resource_specialist'] as const) assert.equal(can(actor(role, ['p']), 'ce.match'), false, role);
});

test('navigation: matchers get the CE list, openings and the rematch queue; providers their openings', () => {
  const m = navigationFor(actor('ces_matcher'));
  assert.ok(['ce-list', 'openings', 'rematch-queue'].every((k) => m.includes(k)));
  const p = navigationFor(actor('case_manager', ['p']));
  assert.ok(p.includes('openings'));
  assert.ok(!p.includes('ce-list') && !p.includes('rematch-queue'));
  assert.ok(!navigationFor(actor('housing_resource_specialist', ['ce'])).includes('openings'));
});
