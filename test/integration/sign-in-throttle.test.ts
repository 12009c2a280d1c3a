import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD } from '../../src/demo/seed.ts';
import { createJobWorker, scheduleRecurringJobs } from '../../src/jobs/registry.ts';
import { createMailer } from '../../src/mail/mailer.ts';
import { loginFrom, startApp, type TestApp } from '../helpers/app.ts';
import { startSmtpServer } from '../helpers/smtp.ts';

/** Issue 15, defect 3: repeated failures are told to the user by e-mail; an administrator clears a throttle. */
describe('sign-in throttle: the user is told, an administrator clears it', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  before(async () => {
    smtp = await startSmtpServer();
    t = await startApp({ config: { smtpUrl: smtp.url, publicUrl: 'http://hearth.test' } });
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  test('the 5th failure on an account e-mails its holder once (real SMTP), whatever their delivery preference', async () => {
    const provider = await t.as('provider');
    assert.equal((await provider.put('/api/v1/me/notification-preferences', { delivery: 'in_app_only' })).status, 200);
    const worker = createJobWorker(t.db.database, t.clock, t.config, createMailer(smtp.url, 'Hearth <hearth@test>'));
    await scheduleRecurringJobs(t.db.database, t.clock.now());
    for (let i = 0; i < 4; i++) await loginFrom(t, `127.0.10.${i + 1}`, 'provider', 'wrong password');
    t.clock.advanceMinutes(2);
    await worker.runDue();
    assert.equal(smtp.messages.length, 0, 'four failures: no alert yet');
    for (let i = 4; i < 9; i++) await loginFrom(t, `127.0.10.${i + 1}`, 'provider', 'wrong password');
    t.clock.advanceMinutes(2);
    await worker.runDue();
    assert.equal(smtp.messages.length, 1, 'one alert for the window, not one per failure');
    const mail = smtp.messages[0]!;
    assert.deepEqual(mail.to, ['provider@demo.hearth.invalid']);
    assert.match(mail.raw, /Subject: \[Hearth\] Repeated failed sign-ins to your Hearth account/);
    assert.match(mail.raw.replace(/=\r?\n/g, ''), /5 failed attempts/);
    assert.match(mail.raw.replace(/=\r?\n/g, ''), /not locked/);
    assert.doesNotMatch(mail.raw, /127\.0\.10\./, 'no address in the e-mail');
    const inApp = await provider.get('/api/v1/notifications');
    assert.equal(inApp.body.items[0].title, 'Repeated failed sign-ins to your Hearth account');
    // An unknown username has no one to tell.
    for (let i = 0; i < 6; i++) await loginFrom(t, `127.0.11.${i + 1}`, 'nobody-here', 'wrong password');
    t.clock.advanceMinutes(2);
    await worker.runDue();
    assert.equal(smtp.messages.length, 1);
  });

  test('the user screen counts recent failures; an HMIS administrator clears the throttle (audited)', async () => {
    t.clock.advanceMinutes(30);
    for (let i = 0; i < 5; i++) assert.equal((await loginFrom(t, '127.0.12.1', 'matcher', 'wrong password')).status, 401);
    assert.equal((await loginFrom(t, '127.0.12.1', 'matcher', DEMO_PASSWORD)).status, 429);
    const admin = await t.as('admin');
    const seen = await admin.get(`/api/v1/users/${t.ids.users.matcher}`);
    assert.equal(seen.body.signInFailures.recent, 5);
    assert.equal(seen.body.capabilities.canClearSignInThrottle, true);
    const list = await admin.get('/api/v1/users');
    assert.equal(list.body.items.find((u: { id: string }) => u.id === t.ids.users.matcher).signInFailures.recent, 5);

    // An agency administrator has no authority over a CoC-wide role: 404 (not in their agency).
    const agencyAdmin = await t.as('agencyadmin');
    assert.equal((await agencyAdmin.post(`/api/v1/users/${t.ids.users.matcher}/sign-in-throttle/clear`)).status, 404);

    const cleared = await admin.post(`/api/v1/users/${t.ids.users.matcher}/sign-in-throttle/clear`);
    assert.equal(cleared.status, 200);
    assert.equal(cleared.body.failuresCleared, 5);
    assert.equal((await admin.get(`/api/v1/users/${t.ids.users.matcher}`)).body.signInFailures.recent, 0);
    assert.equal((await loginFrom(t, '127.0.12.1', 'matcher', DEMO_PASSWORD)).status, 200, 'the address may try the username again at once');
    const audit = await t.db.owner.db.selectFrom('audit_log').selectAll().where('action', '=', 'auth.throttle_cleared').execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.entity_id, t.ids.users.matcher);
    assert.equal(audit[0]!.user_id, t.ids.users.admin);
    assert.deepEqual(audit[0]!.details, { failuresCleared: 5 });
  });

  test('an agency administrator clears the throttle of their own agency’s case manager', async () => {
    for (let i = 0; i < 5; i++) await loginFrom(t, '127.0.13.1', 'provider', 'wrong password');
    const agencyAdmin = await t.as('agencyadmin');
    assert.equal((await agencyAdmin.post(`/api/v1/users/${t.ids.users.provider}/sign-in-throttle/clear`)).status, 200);
    assert.equal((await loginFrom(t, '127.0.13.1', 'provider', DEMO_PASSWORD)).status, 200);
  });
});
