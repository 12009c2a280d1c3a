import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, type TestApp, type Client } from '../helpers/app.ts';

const pointers = (res: { body: any }) => (res.body.errors ?? []).map((e: { pointer: string }) => e.pointer).sort();

describe('users and memberships administration', () => {
  let t: TestApp;
  let admin: Client;
  before(async () => {
    t = await startApp();
    admin = await t.as('admin');
  });
  after(() => t.close());

  const audit = (entityId: string) => t.db.database.db.selectFrom('audit_log').selectAll().where('entity_id', '=', entityId).orderBy('id').execute();

  test('an administrator lists every user with memberships and capability flags', async () => {
    const res = await admin.get('/api/v1/users');
    assert.equal(res.status, 200);
    assert.equal(res.body.items.length, 6);
    const provider = res.body.items.find((u: any) => u.username === 'provider');
    assert.equal(provider.memberships[0].role, 'case_manager');
    assert.equal(provider.memberships[0].projectIds.length, 2);
    assert.deepEqual(provider.capabilities, { canEdit: true, canDeactivate: true, canManageMemberships: true, canResetPassword: true, canResetMfa: true, canClearSignInThrottle: true });
    const self = res.body.items.find((u: any) => u.username === 'admin');
    assert.equal(self.capabilities.canDeactivate, false);
  });

  test('create a user with a membership: a one-time password-set link, audited with after', async () => {
    const res = await admin.post('/api/v1/users', {
      username: 'newcm',
      displayName: 'New Case Manager',
      email: 'newcm@example.org',
      memberships: [{ agencyId: t.ids.agencies.lakeshore, role: 'case_manager', projectIds: [t.ids.projects['lakeshore-psh']] }],
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.match(res.body.passwordSetLink.resetUrl, /\/reset-password#token=/);
    assert.equal(res.body.memberships[0].projectIds[0], t.ids.projects['lakeshore-psh']);
    const rows = await audit(res.body.id);
    const create = rows.find((r) => r.action === 'user.create')!;
    assert.equal((create.after as any).username, 'newcm');
    assert.equal((create.after as any).memberships[0].role, 'case_manager');
    assert.ok(!JSON.stringify(create.after).includes('password'), 'no password material in the audit');
    assert.ok(rows.some((r) => r.action === 'auth.password_reset_issued'));
    const membershipRow = await t.db.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'membership.create').where('entity_id', '=', res.body.memberships[0].id).executeTakeFirst();
    assert.ok(membershipRow, 'the membership write is audited too');
    // No password works until the link is used.
    assert.equal((await t.client().login('newcm', '!unset')).status, 401);
    const dup = await admin.post('/api/v1/users', { username: 'NEWCM', displayName: 'Again' });
    assert.equal(dup.status, 409);
    assert.deepEqual(pointers(dup), ['/username']);
  });

  test('a case manager is assigned only to projects of the membership’s agency (422)', async () => {
    const res = await admin.post('/api/v1/users', {
      username: 'crossed',
      displayName: 'Crossed Wires',
      memberships: [{ agencyId: t.ids.agencies.lakeshore, role: 'case_manager', projectIds: [t.ids.projects['lakeshore-psh'], t.ids.projects['northside-psh']] }],
    });
    assert.equal(res.status, 422);
    assert.deepEqual(pointers(res), ['/memberships/0/projectIds/1']);
    assert.equal((await admin.get('/api/v1/users')).body.items.some((u: any) => u.username === 'crossed'), false, 'nothing half-created');
    const none = await admin.post('/api/v1/users', { username: 'noprojects', displayName: 'No Projects', memberships: [{ agencyId: t.ids.agencies.lakeshore, role: 'case_manager', projectIds: [] }] });
    assert.equal(none.status, 422);
    assert.deepEqual(pointers(none), ['/memberships/0/projectIds']);
  });

  test('memberships: add, change projects (PUT), remove — each audited with before/after', async () => {
    const created = await admin.post('/api/v1/users', { username: 'mover', displayName: 'Mover' });
    const id = created.body.id;
    const add = await admin.post(`/api/v1/users/${id}/memberships`, { agencyId: t.ids.agencies.northside, role: 'case_manager', projectIds: [t.ids.projects['northside-psh']] });
    assert.equal(add.status, 201, JSON.stringify(add.body));
    const put = await admin.put(`/api/v1/memberships/${add.body.id}`, { role: 'case_manager', projectIds: [t.ids.projects['northside-rrh'], t.ids.projects['northside-es']] });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.equal(put.body.projectIds.length, 2);
    const badProject = await admin.post(`/api/v1/users/${id}/memberships`, { agencyId: t.ids.agencies.northside, role: 'housing_resource_specialist', projectIds: [t.ids.projects.ce] });
    assert.equal(badProject.status, 422);
    const del = await admin.delete(`/api/v1/memberships/${add.body.id}`);
    assert.equal(del.status, 204);
    const rows = await audit(add.body.id);
    assert.deepEqual(rows.map((r) => r.action), ['membership.create', 'membership.update', 'membership.delete']);
    assert.equal((rows[1]!.before as any).projectIds.length, 1);
    assert.equal((rows[1]!.after as any).projectIds.length, 2);
    assert.equal((rows[2]!.before as any).role, 'case_manager');
    assert.equal((await admin.get(`/api/v1/users/${id}`)).body.memberships.length, 0);
  });

  test('an agency administrator manages only their agency, and may not grant CoC-wide roles', async () => {
    const aa = await t.as('agencyadmin');
    const list = await aa.get('/api/v1/users');
    assert.equal(list.status, 200);
    const names = list.body.items.map((u: any) => u.username).sort();
    assert.ok(names.includes('provider'));
    assert.ok(names.includes('agencyadmin'));
    assert.ok(!names.includes('provider2'), 'a Lakeshore user is not listed');
    assert.ok(!names.includes('admin'));
    assert.equal((await aa.get(`/api/v1/users/${t.ids.users.provider2}`)).status, 404);
    assert.equal((await aa.patch(`/api/v1/users/${t.ids.users.provider2}`, { version: 1, displayName: 'x' })).status, 404);

    const mine = await aa.post('/api/v1/users', { username: 'northcm', displayName: 'North CM', memberships: [{ agencyId: t.ids.agencies.northside, role: 'case_manager', projectIds: [t.ids.projects['northside-es']] }] });
    assert.equal(mine.status, 201, JSON.stringify(mine.body));
    const lonely = await aa.post('/api/v1/users', { username: 'lonely', displayName: 'No membership' });
    assert.equal(lonely.status, 422);
    const elsewhere = await aa.post('/api/v1/users', { username: 'elsewhere', displayName: 'Elsewhere', memberships: [{ agencyId: t.ids.agencies.lakeshore, role: 'case_manager', projectIds: [t.ids.projects['lakeshore-psh']] }] });
    assert.equal(elsewhere.status, 403);
    const grantAdmin = await aa.post(`/api/v1/users/${mine.body.id}/memberships`, { agencyId: t.ids.agencies.northside, role: 'hmis_admin' });
    assert.equal(grantAdmin.status, 403);
    const grantMatcher = await aa.post(`/api/v1/users/${mine.body.id}/memberships`, { agencyId: t.ids.agencies.northside, role: 'ces_matcher' });
    assert.equal(grantMatcher.status, 403);
    const grantAa = await aa.post(`/api/v1/users/${mine.body.id}/memberships`, { agencyId: t.ids.agencies.northside, role: 'agency_admin' });
    assert.equal(grantAa.status, 201);
    assert.equal(grantAa.body.projectIds.length, 3, 'an agency administrator covers every project of the agency');
    const renamed = await aa.patch(`/api/v1/users/${mine.body.id}`, { version: mine.body.version, displayName: 'North Case Manager' });
    assert.equal(renamed.status, 200);
    // A user who also works for Lakeshore: visible, but their account is the administrators'.
    await admin.post(`/api/v1/users/${mine.body.id}/memberships`, { agencyId: t.ids.agencies.lakeshore, role: 'case_manager', projectIds: [t.ids.projects['lakeshore-psh']] });
    const shared = await aa.get(`/api/v1/users/${mine.body.id}`);
    assert.equal(shared.body.capabilities.canEdit, false);
    assert.equal((await aa.patch(`/api/v1/users/${mine.body.id}`, { version: shared.body.version, active: false })).status, 403);
    const lakeMembership = shared.body.memberships.find((m: any) => m.agencyId === t.ids.agencies.lakeshore);
    assert.equal((await aa.delete(`/api/v1/memberships/${lakeMembership.id}`)).status, 403);
  });

  test('deactivation ends the user’s sessions at once; stale version → 409; audited', async () => {
    const provider2 = await t.as('provider2');
    assert.equal((await provider2.get('/api/v1/me')).status, 200);
    const user = await admin.get(`/api/v1/users/${t.ids.users.provider2}`);
    const res = await admin.patch(`/api/v1/users/${t.ids.users.provider2}`, { version: user.body.version, active: false });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.active, false);
    assert.equal((await provider2.get('/api/v1/me')).status, 401, 'the open session ended');
    const open = await t.db.database.db.selectFrom('sessions').select('id_hash').where('user_id', '=', t.ids.users.provider2!).where('revoked_at', 'is', null).execute();
    assert.equal(open.length, 0);
    assert.equal((await t.client().login('provider2')).status, 401);
    const stale = await admin.patch(`/api/v1/users/${t.ids.users.provider2}`, { version: user.body.version, active: true });
    assert.equal(stale.status, 409);
    const rows = await audit(t.ids.users.provider2!);
    const deactivate = rows.find((r) => r.action === 'user.deactivate')!;
    assert.equal((deactivate.before as any).active, true);
    assert.equal((deactivate.after as any).active, false);
    const self = await admin.get(`/api/v1/users/${t.ids.users.admin}`);
    assert.equal((await admin.patch(`/api/v1/users/${t.ids.users.admin}`, { version: self.body.version, active: false })).status, 422);
  });

  test('the last HMIS administrator membership cannot be removed', async () => {
    const me = await admin.get(`/api/v1/users/${t.ids.users.admin}`);
    const res = await admin.delete(`/api/v1/memberships/${me.body.memberships[0].id}`);
    assert.equal(res.status, 422);
  });
});
