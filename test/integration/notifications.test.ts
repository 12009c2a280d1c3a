import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, type TestApp } from '../helpers/app.ts';
import { startSmtpServer } from '../helpers/smtp.ts';
import { notify } from '../../src/usecases/notifications/notify.ts';
import { createJobWorker, scheduleRecurringJobs } from '../../src/jobs/registry.ts';
import { createMailer } from '../../src/mail/mailer.ts';

describe('notifications: in-app, immediate e-mail over real SMTP, daily digest', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  before(async () => {
    smtp = await startSmtpServer();
    t = await startApp({ config: { smtpUrl: smtp.url } });
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  test('each user gets them as they chose; e-mails carry a link, not client data', async () => {
    const provider = await t.as('provider');
    const matcher = await t.as('matcher');
    const hrs = await t.as('hrs');
    assert.equal((await matcher.put('/api/v1/me/notification-preferences', { delivery: 'daily_digest' })).status, 200);
    assert.equal((await hrs.put('/api/v1/me/notification-preferences', { delivery: 'in_app_only' })).status, 200);
    assert.equal((await hrs.put('/api/v1/me/notification-preferences', { delivery: 'sometimes' })).status, 400);

    const users = [t.ids.users.provider!, t.ids.users.matcher!, t.ids.users.hrs!];
    await t.db.database.transaction((tx) =>
      notify(tx, t.clock.now(), 'http://hearth.test', { userIds: users, kind: 'referral.new', title: 'New referral R-1001 to Northside PSH', link: '/referrals/abc' }),
    );

    for (const c of [provider, matcher, hrs]) {
      const list = await c.get('/api/v1/notifications');
      assert.equal(list.status, 200);
      assert.equal(list.body.unreadCount, 1);
      assert.equal(list.body.items[0].title, 'New referral R-1001 to Northside PSH');
    }

    const worker = createJobWorker(t.db.database, t.clock, t.config, createMailer(smtp.url, 'Hearth <hearth@test>'));
    await scheduleRecurringJobs(t.db.database, t.clock.now());
    t.clock.advanceMinutes(2);
    assert.ok((await worker.runDue()) >= 1);
    assert.equal(smtp.messages.length, 1, 'only the immediate user is e-mailed now');
    assert.deepEqual(smtp.messages[0]!.to, ['provider@demo.hearth.invalid']);
    assert.match(smtp.messages[0]!.raw, /http:\/\/hearth\.test\/referrals\/abc/);
    assert.match(smtp.messages[0]!.raw, /R-1001/);

    t.clock.advance(24 * 3_600_000);
    await worker.runDue();
    t.clock.advanceMinutes(2);
    await worker.runDue();
    assert.equal(smtp.messages.length, 2, 'the digest user receives one digest, the in-app-only user nothing');
    assert.deepEqual(smtp.messages[1]!.to, ['matcher@demo.hearth.invalid']);
    assert.match(smtp.messages[1]!.raw, /Daily digest: 1 notification/);

    // A day has passed on the clock: everyone signs in again.
    const provider2 = await t.as('provider');
    const matcher2 = await t.as('matcher');
    const outbox = await (await t.as('admin')).get('/api/v1/admin/outbox');
    assert.equal(outbox.body.items.length, 2);
    assert.ok(outbox.body.items.every((m: { sentAt: string | null }) => m.sentAt !== null));
    assert.equal((await provider2.get('/api/v1/admin/outbox')).status, 403);

    const id = (await provider2.get('/api/v1/notifications')).body.items[0].id;
    assert.equal((await provider2.post(`/api/v1/notifications/${id}/read`)).status, 204);
    assert.equal((await provider2.get('/api/v1/notifications')).body.unreadCount, 0);
    assert.equal((await matcher2.post(`/api/v1/notifications/${id}/read`)).status, 404, "another user's notification is not found");
  });
});
