import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, type TestApp, type Client } from '../helpers/app.ts';

/**
 * Issue 15, defect 1: every action on a user account needs authority over every membership the user
 * holds. An agency administrator once reset the password of a user who also held a CES matcher (or
 * another agency's, or the CE HRS) membership, signed in as them and read what only those roles read.
 */
describe('an agency administrator acts only on accounts wholly within their agency', () => {
  let t: TestApp;
  let admin: Client;
  let aa: Client;
  const targets: Record<string, { id: string; version: number; northsideMembership: string }> = {};

  before(async () => {
    t = await startApp();
    admin = await t.as('admin');
    aa = await t.as('agencyadmin');
    const northsideCm = { agencyId: t.ids.agencies.northside!, role: 'case_manager', projectIds: [t.ids.projects['northside-es']!] };
    const second: Record<string, object | null> = {
      alsoMatcher: { agencyId: t.ids.agencies.lead!, role: 'ces_matcher' },
      alsoLakeshore: { agencyId: t.ids.agencies.lakeshore!, role: 'case_manager', projectIds: [t.ids.projects['lakeshore-psh']!] },
      alsoCeHrs: { agencyId: t.ids.agencies.lead!, role: 'housing_resource_specialist', projectIds: [t.ids.projects.ce!] },
      alsoAdmin: { agencyId: t.ids.agencies.lead!, role: 'hmis_admin' },
      onlyNorthside: null,
    };
    for (const [name, extra] of Object.entries(second)) {
      const created = await admin.post('/api/v1/users', { username: name.toLowerCase(), displayName: name, memberships: [northsideCm, ...(extra ? [extra] : [])] });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      targets[name] = { id: created.body.id, version: created.body.version, northsideMembership: created.body.memberships[0].id };
    }
  });
  after(() => t.close());

  const denials = async (userId: string) =>
    (await t.db.database.db.selectFrom('audit_log').select(['action', 'reason', 'details']).where('action', '=', 'access.denied').where('entity_id', '=', userId).execute()).map(
      (r) => (r.details as { attempted: string }).attempted,
    );
  const openLinks = async (userId: string) =>
    Number((await t.db.database.db.selectFrom('password_reset_tokens').select((eb) => eb.fn.countAll().as('n')).where('user_id', '=', userId).where('used_at', 'is', null).executeTakeFirstOrThrow()).n);

  const attempts = (id: string, target: { version: number; northsideMembership: string }) => [
    ['password.reset', () => aa.post(`/api/v1/users/${id}/password-reset`)],
    ['mfa.reset', () => aa.post(`/api/v1/users/${id}/mfa-reset`)],
    ['throttle.clear', () => aa.post(`/api/v1/users/${id}/sign-in-throttle/clear`)],
    ['edit', () => aa.patch(`/api/v1/users/${id}`, { version: target.version, displayName: 'Taken over' })],
    ['deactivate', () => aa.patch(`/api/v1/users/${id}`, { version: target.version, active: false })],
    ['membership.add', () => aa.post(`/api/v1/users/${id}/memberships`, { agencyId: t.ids.agencies.northside, role: 'agency_admin' })],
    ['membership.change', () => aa.put(`/api/v1/memberships/${target.northsideMembership}`, { role: 'case_manager', projectIds: [t.ids.projects['northside-psh']] })],
    ['membership.remove', () => aa.delete(`/api/v1/memberships/${target.northsideMembership}`)],
  ] as const;

  for (const name of ['alsoMatcher', 'alsoLakeshore', 'alsoCeHrs', 'alsoAdmin']) {
    test(`a Northside user who also holds another membership (${name}): every account action is 403, audited, nothing written`, async () => {
      const target = targets[name]!;
      const linksBefore = await openLinks(target.id);
      for (const [action, attempt] of attempts(target.id, target)) {
        const res = await attempt();
        assert.equal(res.status, 403, `${action}: ${JSON.stringify(res.body)}`);
        assert.match(res.contentType ?? '', /^application\/problem\+json/);
      }
      assert.deepEqual((await denials(target.id)).sort(), attempts(target.id, target).map(([a]) => a).sort(), 'every refused attempt is audited');
      assert.equal(await openLinks(target.id), linksBefore, 'no reset link was issued');
      const now = await admin.get(`/api/v1/users/${target.id}`);
      assert.equal(now.body.displayName, name);
      assert.equal(now.body.active, true);
      assert.equal(now.body.memberships.length, 2);
      const seen = await aa.get(`/api/v1/users/${target.id}`);
      assert.equal(seen.status, 200, 'still visible: they work for Northside');
      assert.deepEqual(seen.body.capabilities, { canEdit: false, canDeactivate: false, canManageMemberships: false, canResetPassword: false, canResetMfa: false, canClearSignInThrottle: false });
    });
  }

  test('a user of another agency only: every account action is 404, audited', async () => {
    const id = t.ids.users.provider2!;
    const user = await admin.get(`/api/v1/users/${id}`);
    const target = { version: user.body.version, northsideMembership: user.body.memberships[0].id };
    for (const [action, attempt] of attempts(id, target)) {
      const res = await attempt();
      assert.equal(res.status, 404, `${action}: ${JSON.stringify(res.body)}`);
    }
    assert.equal((await denials(id)).length, attempts(id, target).length);
  });

  test('a user wholly within Northside: the agency administrator may do each of these', async () => {
    const target = targets.onlyNorthside!;
    const reset = await aa.post(`/api/v1/users/${target.id}/password-reset`);
    assert.equal(reset.status, 201, JSON.stringify(reset.body));
    assert.equal((await aa.post(`/api/v1/users/${target.id}/mfa-reset`)).status, 204);
    const seen = await aa.get(`/api/v1/users/${target.id}`);
    assert.deepEqual(seen.body.capabilities, { canEdit: true, canDeactivate: true, canManageMemberships: true, canResetPassword: true, canResetMfa: true, canClearSignInThrottle: true });
    const renamed = await aa.patch(`/api/v1/users/${target.id}`, { version: seen.body.version, displayName: 'Only Northside' });
    assert.equal(renamed.status, 200);
    const added = await aa.post(`/api/v1/users/${target.id}/memberships`, { agencyId: t.ids.agencies.northside, role: 'agency_admin' });
    assert.equal(added.status, 201);
    assert.equal((await aa.delete(`/api/v1/memberships/${added.body.id}`)).status, 204);
    assert.deepEqual(await denials(target.id), []);
  });
});
