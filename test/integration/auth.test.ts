import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { API_ROUTE_PLUGINS } from '../../src/http/app.ts';
import { totpCodeAt } from '../../src/domain/totp.ts';
import { disableInactiveAccounts } from '../../src/usecases/auth/inactive-accounts.ts';
import { DEMO_PASSWORD } from '../../src/demo/seed.ts';
import { loginFrom, startApp, type Client, type TestApp } from '../helpers/app.ts';

// A route that opens client data, to prove the user-agreement gate (no client routes exist in this issue).
API_ROUTE_PLUGINS.push(async function clientDataProbe(app: FastifyInstance) {
  app.get('/api/v1/test-client-data', { config: { access: 'signedIn', clientData: true }, schema: { hide: true } }, async () => ({ ok: true }));
});

const MINUTE = 60_000;

async function auditRows(t: TestApp, action: string) {
  return t.db.owner.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
}

async function setSecurity(t: TestApp, security: Record<string, unknown>, demo?: boolean) {
  await t.db.owner.db
    .updateTable('coc')
    .set({ settings: JSON.stringify({ security }), ...(demo === undefined ? {} : { demo }) })
    .execute();
}

describe('sign-in throttling', () => {
  let t: TestApp;
  before(async () => {
    t = await startApp();
  });
  after(() => t.close());

  test('a wrong password answers 401 and is audited', async () => {
    const res = await t.client().login('provider', 'not the password');
    assert.equal(res.status, 401);
    assert.match(res.body.detail, /not right/);
    const rows = await auditRows(t, 'auth.login_failed');
    assert.equal(rows.at(-1)!.user_id, t.ids.users.provider);
    assert.deepEqual(rows.at(-1)!.details, { reason: 'wrong password' });
  });

  test('an attacker from other addresses cannot keep a user with the right password out (issue 15, defect 3)', async () => {
    // Five wrong passwords from five addresses, then the right one from a sixth: before the fix, 429 for 15 minutes.
    for (let i = 0; i < 5; i++) {
      t.clock.advance(10_000);
      assert.equal((await loginFrom(t, `127.0.0.${10 + i}`, 'hrs', 'wrong password')).status, 401, `attempt ${i + 1}`);
    }
    assert.equal((await loginFrom(t, '127.0.0.20', 'hrs', DEMO_PASSWORD)).status, 200);
    // Fifty more from ten addresses: the user still signs in, at once, from their own address.
    for (let i = 0; i < 50; i++) await loginFrom(t, `127.0.4.${i % 10}`, 'hrs', 'wrong password');
    assert.equal((await loginFrom(t, '127.0.0.20', 'hrs', DEMO_PASSWORD)).status, 200);
    assert.equal((await loginFrom(t, '127.0.0.21', 'hrs', DEMO_PASSWORD)).status, 200);
  });

  test('the 6th failure for a username from one address answers 429 with Retry-After there, even with the right password', async () => {
    for (let i = 0; i < 5; i++) {
      t.clock.advance(10_000);
      assert.equal((await loginFrom(t, '127.0.5.1', 'provider', 'wrong password')).status, 401, `attempt ${i + 1}`);
    }
    const sixth = await loginFrom(t, '127.0.5.1', 'provider', DEMO_PASSWORD);
    assert.equal(sixth.status, 429);
    assert.equal(sixth.body.status, 429);
    const retryAfter = Number(sixth.headers['retry-after']);
    assert.ok(retryAfter > 0 && retryAfter <= 15 * 60, `Retry-After ${sixth.headers['retry-after']}`);
    const throttled = await auditRows(t, 'auth.throttled');
    assert.equal(throttled.at(-1)!.user_id, t.ids.users.provider);
    // Another address is not held back by them.
    assert.equal((await loginFrom(t, '127.0.5.2', 'provider', DEMO_PASSWORD)).status, 200);
    // Once Retry-After has passed, the right password works from the first address too.
    t.clock.advance(retryAfter * 1000);
    assert.equal((await loginFrom(t, '127.0.5.1', 'provider', DEMO_PASSWORD)).status, 200);
  });

  test('an address that failed on an account under attack waits a growing delay between its attempts', async () => {
    // Six other addresses fail once each: 6 failures on the account.
    for (let i = 0; i < 6; i++) await loginFrom(t, `127.0.6.${i + 1}`, 'agencyadmin', 'wrong password');
    assert.equal((await loginFrom(t, '127.0.6.50', 'agencyadmin', 'wrong password')).status, 401);
    // 7 failures: this address waits 4 s before its next attempt (the right password included).
    const soon = await loginFrom(t, '127.0.6.50', 'agencyadmin', DEMO_PASSWORD);
    assert.equal(soon.status, 429);
    assert.equal(soon.headers['retry-after'], '4');
    t.clock.advance(4000);
    assert.equal((await loginFrom(t, '127.0.6.50', 'agencyadmin', DEMO_PASSWORD)).status, 200);
  });

  test('an unknown username is throttled identically', async () => {
    const known: number[] = [];
    const unknown: number[] = [];
    t.clock.advanceMinutes(20);
    for (let i = 0; i < 6; i++) {
      known.push((await loginFrom(t, '127.0.1.10', 'provider2', 'wrong password')).status);
      unknown.push((await loginFrom(t, '127.0.2.10', 'nobody-by-that-name', 'wrong password')).status);
    }
    assert.deepEqual(known, [401, 401, 401, 401, 401, 429]);
    assert.deepEqual(unknown, known);
    const a = await loginFrom(t, '127.0.1.10', 'provider2', DEMO_PASSWORD);
    const b = await loginFrom(t, '127.0.2.10', 'nobody-by-that-name', DEMO_PASSWORD);
    assert.equal(a.status, 429);
    assert.deepEqual(b.body, a.body);
    assert.equal(b.headers['retry-after'], a.headers['retry-after']);
    const throttled = await auditRows(t, 'auth.throttled');
    assert.ok(throttled.some((r) => r.user_id === null), 'throttling of an unknown user is audited too');
  });

  test('the 21st failure from one address answers 429 whatever the username', async () => {
    for (let i = 0; i < 20; i++) assert.equal((await loginFrom(t, '127.0.3.1', `u${i}`, 'wrong password')).status, 401, `attempt ${i + 1}`);
    const res = await loginFrom(t, '127.0.3.1', 'matcher', DEMO_PASSWORD);
    assert.equal(res.status, 429);
    assert.ok(Number(res.headers['retry-after']) > 0);
    // The user is not locked out from elsewhere: it is the address that is throttled.
    assert.equal((await loginFrom(t, '127.0.3.2', 'matcher', DEMO_PASSWORD)).status, 200);
  });

  test('sign-in from another origin is refused (403)', async () => {
    const res = await t.client().post('/api/v1/auth/login', { username: 'provider', password: DEMO_PASSWORD }, { origin: 'https://evil.example' });
    assert.equal(res.status, 403);
  });
});

describe('sessions end: timeouts, logout, password change, deactivation', () => {
  let t: TestApp;
  before(async () => {
    t = await startApp();
  });
  after(() => t.close());

  test('idle timeout after 30 minutes without a request; activity keeps the session', async () => {
    const c = await t.as('provider');
    t.clock.advanceMinutes(29);
    assert.equal((await c.get('/api/v1/me')).status, 200);
    t.clock.advanceMinutes(29);
    const me = await c.get('/api/v1/me');
    assert.equal(me.status, 200);
    assert.equal(me.body.sessionIdleExpiresAt, new Date(t.clock.now().getTime() + 30 * MINUTE).toISOString());
    t.clock.advanceMinutes(30);
    assert.equal((await c.get('/api/v1/me')).status, 401);
  });

  test('the idle warning can ask how long is left without extending the session', async () => {
    const c = await t.as('provider');
    const signedInAt = t.clock.now().getTime();
    t.clock.advanceMinutes(28);
    const peek = await c.get('/api/v1/auth/session');
    assert.equal(peek.status, 200);
    assert.equal(peek.body.sessionIdleExpiresAt, new Date(signedInAt + 30 * MINUTE).toISOString());
    t.clock.advanceMinutes(2);
    assert.equal((await c.get('/api/v1/auth/session')).status, 401, 'peeking did not count as activity');
  });

  test('absolute lifetime of 12 hours however active', async () => {
    const c = await t.as('provider');
    for (let i = 0; i < 35; i++) {
      t.clock.advanceMinutes(20);
      assert.equal((await c.get('/api/v1/me')).status, 200, `after ${(i + 1) * 20} minutes`);
    }
    t.clock.advanceMinutes(20); // 12 h
    assert.equal((await c.get('/api/v1/me')).status, 401);
  });

  test('logout ends the session at once', async () => {
    const c = await t.as('provider');
    const cookie = c.cookie;
    assert.equal((await c.post('/api/v1/auth/logout')).status, 204);
    c.cookie = cookie;
    assert.equal((await c.get('/api/v1/me')).status, 401);
    assert.ok((await auditRows(t, 'auth.logout')).some((r) => r.user_id === t.ids.users.provider));
  });

  test('a new session id at every sign-in', async () => {
    const a = await t.as('provider');
    const b = await t.as('provider');
    assert.notEqual(a.cookie, b.cookie);
    assert.notEqual(a.csrfToken, b.csrfToken);
  });

  test('missing CSRF token → 403, audited', async () => {
    const c = await t.as('provider');
    const res = await c.post('/api/v1/me/password', { currentPassword: DEMO_PASSWORD, newPassword: 'a long new passphrase' }, { 'x-csrf-token': '' });
    assert.equal(res.status, 403);
    assert.match(res.body.detail, /CSRF/);
    const denied = await auditRows(t, 'access.denied');
    assert.equal(denied.at(-1)!.reason, 'missing or wrong CSRF token');
    assert.equal(denied.at(-1)!.user_id, t.ids.users.provider);
  });

  test('password change: rules enforced inline, other sessions end, this one stays', async () => {
    const here = await t.as('provider2');
    const elsewhere = await t.as('provider2');
    const wrong = await here.post('/api/v1/me/password', { currentPassword: 'not it at all', newPassword: 'a long new passphrase' });
    assert.equal(wrong.status, 422);
    assert.equal(wrong.body.errors[0].pointer, '/currentPassword');
    const weak = await here.post('/api/v1/me/password', { currentPassword: DEMO_PASSWORD, newPassword: 'password123' });
    assert.equal(weak.status, 422);
    assert.equal(weak.body.errors[0].pointer, '/newPassword');
    assert.match(weak.body.errors[0].message, /too common/);
    const ok = await here.post('/api/v1/me/password', { currentPassword: DEMO_PASSWORD, newPassword: 'blue kettle on the stove' });
    assert.equal(ok.status, 204);
    assert.equal((await here.get('/api/v1/me')).status, 200);
    assert.equal((await elsewhere.get('/api/v1/me')).status, 401);
    assert.equal((await t.client().login('provider2')).status, 401);
    assert.equal((await t.client().login('provider2', 'blue kettle on the stove')).status, 200);
    assert.equal((await auditRows(t, 'auth.password_changed')).at(-1)!.entity_id, t.ids.users.provider2);
    assert.equal((await auditRows(t, 'auth.password_change_failed')).at(-1)!.entity_id, t.ids.users.provider2);
  });

  test('deactivation ends the user’s sessions at once and sign-in is refused', async () => {
    const c = await t.as('agencyadmin');
    await t.db.owner.db.updateTable('users').set({ active: false }).where('id', '=', t.ids.users.agencyadmin!).execute();
    assert.equal((await c.get('/api/v1/me')).status, 401);
    assert.equal((await t.client().login('agencyadmin')).status, 401);
    assert.deepEqual((await auditRows(t, 'auth.login_failed')).at(-1)!.details, { reason: 'account disabled' });
    await t.db.owner.db.updateTable('users').set({ active: true }).where('id', '=', t.ids.users.agencyadmin!).execute();
  });

  test('inactive accounts are disabled by the job after 90 days, their sessions end, each audited', async () => {
    t.clock.advance(89 * 86_400_000);
    // Matcher was active 10 days ago; everyone else was last seen about 89+ days ago.
    await t.db.owner.db.updateTable('users').set({ last_seen_at: new Date(t.clock.now().getTime() - 10 * 86_400_000) }).where('id', '=', t.ids.users.matcher!).execute();
    const ctx = { actor: null, requestId: 'job:test', address: null, clock: t.clock };
    assert.deepEqual(await disableInactiveAccounts(t.db.database, ctx), []);
    t.clock.advance(2 * 86_400_000);
    const disabled = await disableInactiveAccounts(t.db.database, ctx);
    assert.ok(disabled.includes(t.ids.users.provider!));
    assert.ok(!disabled.includes(t.ids.users.matcher!));
    const users = await t.db.owner.db.selectFrom('users').select(['id', 'active']).execute();
    assert.equal(users.find((u) => u.id === t.ids.users.provider)!.active, false);
    assert.equal(users.find((u) => u.id === t.ids.users.matcher)!.active, true);
    const open = await t.db.owner.db.selectFrom('sessions').select('user_id').where('revoked_at', 'is', null).where('user_id', '=', t.ids.users.provider!).execute();
    assert.equal(open.length, 0);
    const rows = await auditRows(t, 'user.disabled_inactive');
    assert.deepEqual(rows.map((r) => r.entity_id).sort(), [...disabled].sort());
    assert.equal((await t.client().login('provider')).status, 401);
  });
});

describe('TOTP multi-factor authentication', () => {
  let t: TestApp;
  let secret: string;
  before(async () => {
    t = await startApp();
  });
  after(() => t.close());

  test('in demo mode an administrator signs in without MFA', async () => {
    const res = await t.client().login('admin');
    assert.equal(res.status, 200);
    assert.equal(res.body.mfaEnrollmentRequired, false);
  });

  test('outside demo mode an administrator without MFA gets a session limited to enrolment', async () => {
    await setSecurity(t, {}, false);
    const admin = t.client();
    const res = await admin.login('admin');
    assert.equal(res.status, 200);
    assert.equal(res.body.mfaEnrollmentRequired, true);
    const me = await admin.get('/api/v1/me');
    assert.equal(me.body.restriction, 'mfaEnrollment');
    assert.equal(me.body.mfaRequired, true);
    const blocked = await admin.get('/api/v1/agencies');
    assert.equal(blocked.status, 403);
    assert.equal(blocked.body.mfaEnrollmentRequired, true);
    // A case manager's role does not require MFA.
    const provider = await t.as('provider');
    assert.equal((await provider.get('/api/v1/agencies')).status, 200);

    const enrol = await admin.post('/api/v1/me/mfa/enroll');
    assert.equal(enrol.status, 200);
    secret = enrol.body.secret;
    assert.match(enrol.body.otpauthUri, /^otpauth:\/\/totp\/Hearth:admin\?secret=/);
    const wrong = await admin.post('/api/v1/me/mfa/confirm', { code: '000000' === totpCodeAt(secret, t.clock.now()) ? '111111' : '000000' });
    assert.equal(wrong.status, 422);
    assert.equal(wrong.body.errors[0].pointer, '/code');
    assert.equal((await auditRows(t, 'auth.mfa_failed')).at(-1)!.entity_id, t.ids.users.admin);
    const ok = await admin.post('/api/v1/me/mfa/confirm', { code: totpCodeAt(secret, t.clock.now()) });
    assert.equal(ok.status, 204);
    assert.equal((await auditRows(t, 'auth.mfa_enrolled')).at(-1)!.entity_id, t.ids.users.admin);
    assert.equal((await admin.get('/api/v1/agencies')).status, 200);
    assert.equal((await admin.get('/api/v1/me')).body.restriction, null);
  });

  test('sign-in then needs the code (401 mfaRequired); a code is accepted once', async () => {
    const missing = await t.client().login('admin');
    assert.equal(missing.status, 401);
    assert.equal(missing.body.mfaRequired, true);
    // The code used to confirm enrolment is spent.
    const reusedFromEnrolment = await t.client().login('admin', DEMO_PASSWORD, totpCodeAt(secret, t.clock.now()));
    assert.equal(reusedFromEnrolment.status, 401);
    assert.equal(reusedFromEnrolment.body.mfaRequired, true);
    t.clock.advance(30_000);
    const code = totpCodeAt(secret, t.clock.now());
    const c = t.client();
    const ok = await c.login('admin', DEMO_PASSWORD, code);
    assert.equal(ok.status, 200);
    assert.equal(ok.body.mfaEnrollmentRequired, false);
    assert.equal((await c.get('/api/v1/agencies')).status, 200);
    const replay = await t.client().login('admin', DEMO_PASSWORD, code);
    assert.equal(replay.status, 401);
    const failures = await auditRows(t, 'auth.mfa_failed');
    assert.deepEqual(failures.at(-1)!.details, { reason: 'reused' });
    const wrong = await t.client().login('admin', DEMO_PASSWORD, '12345');
    assert.equal(wrong.status, 401);
    const logins = await auditRows(t, 'auth.login');
    assert.deepEqual(logins.at(-1)!.details, { mfa: true });
  });

  test('an administrator with MFA signs in with password and code from a new address while others fail on the account', async () => {
    for (let i = 0; i < 10; i++) assert.equal((await loginFrom(t, `127.0.7.${i}`, 'admin', 'wrong password')).status, 401);
    t.clock.advance(30_000);
    const res = await loginFrom(t, '127.0.7.99', 'admin', DEMO_PASSWORD, totpCodeAt(secret, t.clock.now()));
    assert.equal(res.status, 200);
    assert.equal(res.body.mfaEnrollmentRequired, false);
  });

  test('MFA-required roles come from the CoC settings', async () => {
    await setSecurity(t, { mfaRequiredRoles: ['case_manager'] }, false);
    const provider = t.client();
    assert.equal((await provider.login('provider')).body.mfaEnrollmentRequired, true);
    const matcher = t.client();
    assert.equal((await matcher.login('matcher')).body.mfaEnrollmentRequired, false);
    await setSecurity(t, {}, false);
  });

  test('an administrator resets a user’s MFA (audited); agency administrators only within their agency', async () => {
    // The provider sets up MFA voluntarily.
    const provider = await t.as('provider');
    const enrol = await provider.post('/api/v1/me/mfa/enroll');
    assert.equal((await provider.post('/api/v1/me/mfa/confirm', { code: totpCodeAt(enrol.body.secret, t.clock.now()) })).status, 204);
    assert.equal((await t.client().login('provider')).body.mfaRequired, true);

    const agencyAdmin = await t.as('agencyadmin');
    assert.equal((await agencyAdmin.post(`/api/v1/users/${t.ids.users.provider2}/mfa-reset`)).status, 404, 'another agency’s user');
    assert.equal((await agencyAdmin.post(`/api/v1/users/${t.ids.users.admin}/mfa-reset`)).status, 404);
    assert.equal((await provider.post(`/api/v1/users/${t.ids.users.provider2}/mfa-reset`)).status, 403, 'a case manager');
    assert.equal((await agencyAdmin.post(`/api/v1/users/${t.ids.users.provider}/mfa-reset`)).status, 204);
    assert.equal((await provider.get('/api/v1/me')).status, 401, 'the user’s sessions end');
    assert.equal((await t.client().login('provider')).status, 200, 'signs in without a code again');
    const rows = await auditRows(t, 'auth.mfa_reset');
    assert.equal(rows.at(-1)!.entity_id, t.ids.users.provider);
    assert.equal(rows.at(-1)!.user_id, t.ids.users.agencyadmin);
  });
});

describe('password reset link, agreement and password age', () => {
  let t: TestApp;
  let admin: Client;
  before(async () => {
    t = await startApp();
    admin = await t.as('admin');
  });
  after(() => t.close());

  test('an administrator creates a one-time link; it sets the password once and ends the user’s sessions', async () => {
    const victim = await t.as('provider2');
    const res = await admin.post(`/api/v1/users/${t.ids.users.provider2}/password-reset`);
    assert.equal(res.status, 201);
    assert.match(res.body.resetUrl, /\/reset-password#token=[A-Za-z0-9_-]{40,}$/);
    assert.equal(res.body.expiresAt, new Date(t.clock.now().getTime() + 24 * 3_600_000).toISOString());
    const token = res.body.resetUrl.split('#token=')[1];
    const anon = t.client();
    const weak = await anon.post('/api/v1/auth/password-reset', { token, newPassword: 'short' });
    assert.equal(weak.status, 422);
    assert.equal(weak.body.errors[0].pointer, '/newPassword');
    assert.equal((await anon.post('/api/v1/auth/password-reset', { token, newPassword: 'green tea and honey' })).status, 204);
    assert.equal((await victim.get('/api/v1/me')).status, 401);
    assert.equal((await t.client().login('provider2', 'green tea and honey')).status, 200);
    const again = await anon.post('/api/v1/auth/password-reset', { token, newPassword: 'another fine phrase' });
    assert.equal(again.status, 404);
    assert.equal((await t.client().login('provider2', 'another fine phrase')).status, 401);
    assert.equal((await auditRows(t, 'auth.password_reset_issued')).at(-1)!.entity_id, t.ids.users.provider2);
    assert.equal((await auditRows(t, 'auth.password_reset')).at(-1)!.entity_id, t.ids.users.provider2);
    assert.deepEqual((await auditRows(t, 'auth.password_reset_failed')).at(-1)!.details, { reason: 'link already used' });
    // Only the hash of the token is stored.
    const stored = await t.db.owner.db.selectFrom('password_reset_tokens').select('token_hash').execute();
    assert.ok(stored.every((s) => s.token_hash !== token));
  });

  test('a link expires after 24 hours; a newer link replaces an older one; scope is enforced', async () => {
    const first = await admin.post(`/api/v1/users/${t.ids.users.provider}/password-reset`);
    const second = await admin.post(`/api/v1/users/${t.ids.users.provider}/password-reset`);
    const tokenOf = (r: { body: { resetUrl: string } }) => r.body.resetUrl.split('#token=')[1];
    assert.equal((await t.client().post('/api/v1/auth/password-reset', { token: tokenOf(first), newPassword: 'first link phrase' })).status, 404);
    const agencyAdmin = await t.as('agencyadmin');
    assert.equal((await agencyAdmin.post(`/api/v1/users/${t.ids.users.provider2}/password-reset`)).status, 404);
    assert.equal((await (await t.as('provider')).post(`/api/v1/users/${t.ids.users.provider2}/password-reset`)).status, 403);
    t.clock.advance(24 * 3_600_000 + 1000);
    assert.equal((await t.client().post('/api/v1/auth/password-reset', { token: tokenOf(second), newPassword: 'second link phrase' })).status, 404);
    assert.deepEqual((await auditRows(t, 'auth.password_reset_failed')).at(-1)!.details, { reason: 'link expired' });
  });

  test('user agreement: yearly (configurable) re-acceptance gates client data', async () => {
    await setSecurity(t, { agreementDays: 30 });
    t.clock.advance(31 * 86_400_000);
    const c = await t.as('provider');
    const me = await c.get('/api/v1/me');
    assert.equal(me.body.agreementCurrent, false);
    const blocked = await c.get('/api/v1/test-client-data');
    assert.equal(blocked.status, 403);
    assert.match(blocked.body.detail, /user agreement/);
    const agreement = await c.get('/api/v1/me/agreement');
    assert.equal(agreement.body.current, false);
    assert.ok(agreement.body.text.length > 100);
    const accepted = await c.post('/api/v1/me/agreement', { version: agreement.body.version });
    assert.equal(accepted.status, 200);
    assert.equal(accepted.body.current, true);
    assert.equal(accepted.body.renewBy, new Date(t.clock.now().getTime() + 30 * 86_400_000).toISOString());
    assert.equal((await c.get('/api/v1/test-client-data')).status, 200);
    assert.equal((await auditRows(t, 'auth.agreement_accepted')).at(-1)!.entity_id, t.ids.users.provider);
    // A new version of the agreement must be accepted again.
    await setSecurity(t, { agreementDays: 30, agreement: { version: '2026-2', text: 'New terms of use, long enough to read.' } });
    assert.equal((await c.get('/api/v1/test-client-data')).status, 403);
    const stale = await c.post('/api/v1/me/agreement', { version: agreement.body.version });
    assert.equal(stale.status, 422);
    assert.equal((await c.post('/api/v1/me/agreement', { version: '2026-2' })).status, 200);
    assert.equal((await c.get('/api/v1/test-client-data')).status, 200);
  });

  test('no forced rotation unless passwordMaxAgeDays is configured; then the session is limited to the change', async () => {
    await setSecurity(t, {});
    t.clock.advance(400 * 86_400_000);
    const c = await t.as('hrs');
    assert.equal((await c.get('/api/v1/me')).body.restriction, null);
    await setSecurity(t, { passwordMaxAgeDays: 180 });
    assert.equal((await c.get('/api/v1/me')).body.restriction, 'passwordChange');
    const blocked = await c.get('/api/v1/agencies');
    assert.equal(blocked.status, 403);
    assert.equal(blocked.body.passwordChangeRequired, true);
    assert.equal((await c.post('/api/v1/me/password', { currentPassword: DEMO_PASSWORD, newPassword: 'a fresh spring phrase' })).status, 204);
    assert.equal((await c.get('/api/v1/agencies')).status, 200);
    await setSecurity(t, {});
  });
});
