/**
 * "Today" is the CoC's date (issue 16 point 11): with the clock at 23:30 in Chicago — already the next day
 * in UTC — every rule that compares with today still reads the Chicago date; half an hour later it moves.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, type Client, type TestApp } from '../helpers/app.ts';

const AT_2330_CHICAGO = '2026-12-08T05:30:00Z'; // Monday Dec 7, 23:30 CST

describe('"today" is the CoC\'s date at 23:30 America/Chicago', () => {
  let t: TestApp;
  let provider: Client, provider2: Client, matcher: Client;
  let clientId: string;
  before(async () => {
    // Sessions outlive the hour the clock moves by.
    t = await startApp({ now: AT_2330_CHICAGO, config: { sessionIdleMinutes: 240 } });
    [provider, provider2, matcher] = await Promise.all([t.as('provider'), t.as('provider2'), t.as('matcher')]);
  });
  after(() => t.close());
  const atMidnightChicago = () => t.clock.set('2026-12-08T06:30:00Z'); // 00:30 on Dec 8
  const back = () => t.clock.set(AT_2330_CHICAGO);

  test("the signed-in user is told the CoC's calendar", async () => {
    const me = await provider.get('/api/v1/me');
    assert.deepEqual(me.body.coc, { timeZone: 'America/Chicago', locale: 'en-US', today: '2026-12-07' });
  });

  test('dates not in the future: tomorrow is refused, today (Chicago) is accepted', async () => {
    const baby = { firstName: 'Nora', lastName: 'Newborn', sex: 0, race: ['White'], consent: { sharing: 'full', signedBy: 'guardian', signerName: 'Ada Newborn' } };
    const tomorrow = await provider.post('/api/v1/clients', { ...baby, dateOfBirth: '2026-12-08' });
    assert.equal(tomorrow.status, 422);
    assert.deepEqual(tomorrow.body.errors.map((e: { pointer: string }) => e.pointer), ['/dateOfBirth']);
    const today = await provider.post('/api/v1/clients', { ...baby, dateOfBirth: '2026-12-07' });
    assert.equal(today.status, 201, JSON.stringify(today.body));

    // The adult of the next tests: a release that ends today.
    const adult = await provider.post('/api/v1/clients', { firstName: 'Dana', lastName: 'Latenight', dateOfBirth: '1980-03-02', sex: 1, race: ['White'], consent: { sharing: 'full', startDate: '2023-12-08', endDate: '2026-12-07' } });
    assert.equal(adult.status, 201, JSON.stringify(adult.body));
    clientId = adult.body.id;

    const referral = await matcher.post('/api/v1/referrals', { clientId: t.ids.clients!.jonathan, projectId: t.ids.projects['northside-rrh'], referralDate: '2026-12-08' });
    assert.equal(referral.status, 422);
    assert.equal(referral.body.errors[0].pointer, '/referralDate');
    assert.equal(referral.body.errors[0].message, 'Enter a referral date of today or earlier.');
  });

  test('consent expiry: a release ending today still opens the record until midnight in Chicago', async () => {
    assert.equal((await provider2.get(`/api/v1/clients/${clientId}`)).status, 200, 'still current on Dec 7');
    atMidnightChicago();
    try {
      assert.equal((await provider2.get(`/api/v1/clients/${clientId}`)).status, 404, 'expired on Dec 8');
    } finally {
      back();
    }
  });

  test('annual window and deadlines: a window closing today is open, not overdue; a referral made now is dated today', async () => {
    // Project start Nov 7, 2025: the first anniversary's window is Oct 8 – Dec 7, 2026.
    const enrolled = await provider.post('/api/v1/enrollments', { projectId: t.ids.projects['northside-psh'], entryDate: '2025-11-07', members: [{ clientId, relationshipToHoH: 1 }] });
    assert.equal(enrolled.status, 201, JSON.stringify(enrolled.body));
    const id = enrolled.body.enrollments[0].id;
    const annual = async () => (await provider.get(`/api/v1/enrollments/${id}`)).body.members[0].annual;
    assert.equal((await annual()).status, 'open');
    atMidnightChicago();
    try {
      assert.equal((await annual()).status, 'overdue');
    } finally {
      back();
    }

    const referral = await matcher.post('/api/v1/referrals', { clientId: t.ids.clients!.jonathan, projectId: t.ids.projects['northside-rrh'] });
    assert.equal(referral.status, 201, JSON.stringify(referral.body));
    assert.equal(referral.body.referralDate, '2026-12-07');
    const detail = await matcher.get(`/api/v1/referrals/${referral.body.id}`);
    assert.equal(detail.body.daysSinceReferral, 0);
  });
});
