import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, type TestApp, type Client } from '../helpers/app.ts';

const person = (first: string, last: string, extra: Record<string, unknown> = {}) => ({
  firstName: first,
  lastName: last,
  dateOfBirth: '1980-05-17',
  ssn: '456-78-1234',
  sex: 1,
  race: ['White'],
  consent: { sharing: 'full' },
  ...extra,
});

describe('clients: records, consent and visibility', () => {
  let t: TestApp;
  let admin: Client, hrs: Client, matcher: Client, provider: Client, provider2: Client;
  before(async () => {
    t = await startApp();
    admin = await t.as('admin');
    hrs = await t.as('hrs');
    matcher = await t.as('matcher');
    provider = await t.as('provider');
    provider2 = await t.as('provider2');
  });
  after(() => t.close());

  const auditRows = (clientId: string, action: string) =>
    t.db.owner.db.selectFrom('audit_log').selectAll().where('client_id', '=', clientId).where('action', '=', action).execute();

  const search = async (c: Client, body: Record<string, unknown>) => {
    const res = await c.post('/api/v1/clients/search', body);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as { items: { id: string }[]; total: number };
  };

  test('create with full consent: 201, SSN masked, defaults, visible to another agency (read audited with the reason)', async () => {
    const res = await provider.post('/api/v1/clients', person('Oscar', 'Fullshare', { contacts: [{ kind: 'phone', type: 'mobile', value: '312 555 0100', okToLeaveMessage: true, preferred: true }] }));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.ssn, '*****1234');
    assert.equal(res.body.version, 1);
    assert.equal(res.body.ssnDataQuality, 1);
    assert.equal(res.body.consentState, 'full');
    assert.equal(res.body.locked, false);
    const other = await provider2.get(`/api/v1/clients/${res.body.id}`);
    assert.equal(other.status, 200);
    assert.equal(other.body.ssn, '*****1234');
    assert.equal(other.body.capabilities.canRevealSsn, false);
    const reads = await auditRows(res.body.id, 'client.read');
    assert.ok(reads.some((r) => r.reason === 'full consent' && r.user_id === t.ids.users.provider2));
    const contact = await provider2.get(`/api/v1/clients/${res.body.id}/contact`);
    assert.equal(contact.status, 200);
    assert.equal(contact.body.items[0].value, '(312) 555-0100');
    const consents = await provider.get(`/api/v1/clients/${res.body.id}/consents`);
    assert.equal(consents.body.items[0].endDate, '2029-11-25', 'default end: start + 3 years');
  });

  test('locked record (limited sharing): 404 and absent from search for another agency; visible to the CE HRS and the matching team', async () => {
    const res = await provider2.post('/api/v1/clients', person('Lydia', 'Lockwood', { consent: { sharing: 'limited' } }));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const id = res.body.id;
    assert.equal(res.body.locked, true);
    assert.equal((await provider.get(`/api/v1/clients/${id}`)).status, 404);
    assert.equal((await provider.get(`/api/v1/clients/${id}/contact`)).status, 404);
    assert.equal((await provider.post(`/api/v1/clients/${id}/ssn-reveal`)).status, 404);
    const s = await search(provider, { q: 'Lydia Lockwood' });
    assert.equal(s.items.some((i) => i.id === id), false);
    assert.equal(s.total, s.items.length);
    assert.equal((await search(provider, { clientId: id })).total, 0);
    for (const c of [hrs, matcher, admin, provider2]) {
      assert.equal((await c.get(`/api/v1/clients/${id}`)).status, 200);
      assert.ok((await search(c, { q: 'lydia lockwod' })).items.some((i) => i.id === id));
    }
    const reads = await auditRows(id, 'client.read');
    assert.ok(reads.some((r) => r.reason === 'visibility group: CE project' && r.user_id === t.ids.users.hrs));
    assert.ok(reads.some((r) => r.reason === 'visibility group: matching team' && r.user_id === t.ids.users.matcher));
    assert.ok(reads.some((r) => r.reason === 'administrator'));
  });

  test('a lock reason locks a full-consent record', async () => {
    const res = await provider2.post('/api/v1/clients', person('Dana', 'Safeway', { lockReasons: ['fleeing_dv'] }));
    assert.equal(res.status, 201);
    assert.equal(res.body.locked, true);
    assert.equal((await provider.get(`/api/v1/clients/${res.body.id}`)).status, 404);
    assert.equal((await hrs.get(`/api/v1/clients/${res.body.id}`)).status, 200);
  });

  test('a record in a HOPWA project locks a full-consent record', async () => {
    const res = await provider2.post('/api/v1/clients', person('Hugo', 'Hopwa'));
    assert.equal((await provider.get(`/api/v1/clients/${res.body.id}`)).status, 200);
    const now = t.clock.now();
    await t.db.owner.transaction(async (tx) => {
      await tx.insertInto('projects').values({ id: 'hopwaproject', agency_id: t.ids.agencies.lakeshore!, name: 'Lakeshore HOPWA TBRA', project_type: 3, operating_start: '2020-01-01', program_model: 'PSH', created_at: now, updated_at: now }).execute();
      await tx.insertInto('project_funders').values({ id: 'hopwafunder', project_id: 'hopwaproject', funder: 15, start_date: '2025-07-01' }).execute();
      await tx.insertInto('enrollments').values({ id: 'hopwaenrollment', client_id: res.body.id, project_id: 'hopwaproject', household_id: 'hopwahousehold', relationship_to_hoh: 1, entry_date: '2026-11-01' } as never).execute();
    });
    assert.equal((await provider.get(`/api/v1/clients/${res.body.id}`)).status, 404);
    assert.equal((await search(provider, { clientId: res.body.id })).total, 0);
    const own = await provider2.get(`/api/v1/clients/${res.body.id}`);
    assert.equal(own.body.locked, true);
    assert.deepEqual(own.body.lockReasons, ['hopwa_project']);
    assert.equal((await matcher.get(`/api/v1/clients/${res.body.id}`)).status, 200);
  });

  test('expired consent: back to the owning agency only', async () => {
    const res = await provider2.post('/api/v1/clients', person('Edgar', 'Expired', { consent: { sharing: 'full', startDate: '2021-03-01' } }));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const id = res.body.id;
    assert.equal((await provider2.get(`/api/v1/clients/${id}`)).body.consentState, 'expired');
    assert.equal((await provider.get(`/api/v1/clients/${id}`)).status, 404);
    assert.equal((await hrs.get(`/api/v1/clients/${id}`)).status, 404);
    assert.equal((await admin.get(`/api/v1/clients/${id}`)).status, 200);
  });

  test('revoked consent: forward-looking, back to the owning agency; a new release opens it again', async () => {
    const res = await provider2.post('/api/v1/clients', person('Rita', 'Revoked'));
    const id = res.body.id;
    assert.equal((await provider.get(`/api/v1/clients/${id}`)).status, 200);
    const list = await provider2.get(`/api/v1/clients/${id}/consents`);
    assert.equal((await provider.post(`/api/v1/clients/${id}/consents/${list.body.items[0].id}/revoke`, {})).status, 403, 'another agency may not revoke');
    const revoked = await provider2.post(`/api/v1/clients/${id}/consents/${list.body.items[0].id}/revoke`, { reason: 'Client asked' });
    assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
    assert.equal(revoked.body.state, 'revoked');
    assert.equal(revoked.body.consent.status, 'revoked');
    assert.equal(revoked.body.consent.startDate, list.body.items[0].startDate, 'history not rewritten');
    assert.equal((await provider.get(`/api/v1/clients/${id}`)).status, 404);
    assert.equal((await hrs.get(`/api/v1/clients/${id}`)).status, 404);
    assert.equal((await provider2.post(`/api/v1/clients/${id}/consents/${list.body.items[0].id}/revoke`, {})).status, 409);
    const again = await provider2.post(`/api/v1/clients/${id}/consents`, { sharing: 'full' });
    assert.equal(again.status, 201, JSON.stringify(again.body));
    assert.equal(again.body.state, 'full');
    assert.equal((await provider.get(`/api/v1/clients/${id}`)).status, 200);
  });

  test('no sharing: an identifying record is refused (422 naming the rule); an anonymous one is created and kept to the agency', async () => {
    const refused = await provider.post('/api/v1/clients', person('Nora', 'Noconsent', { consent: { sharing: 'none' } }));
    assert.equal(refused.status, 422);
    assert.equal(refused.body.rule, 'no-consent-identifying-record');
    assert.deepEqual(refused.body.errors.map((e: { pointer: string }) => e.pointer).sort(), ['/dateOfBirth', '/firstName', '/lastName', '/ssn']);
    const anon = await provider.post('/api/v1/clients', { sex: 99, consent: { sharing: 'none' } });
    assert.equal(anon.status, 201, JSON.stringify(anon.body));
    assert.equal(anon.body.anonymous, true);
    assert.match(anon.body.displayName, /^Anonymous client/);
    assert.equal(anon.body.firstName, null);
    assert.equal((await provider2.get(`/api/v1/clients/${anon.body.id}`)).status, 404);
    assert.equal((await hrs.get(`/api/v1/clients/${anon.body.id}`)).status, 404);
    const named = await provider.patch(`/api/v1/clients/${anon.body.id}`, { version: anon.body.version, firstName: 'Nora' });
    assert.equal(named.status, 422);
    assert.equal(named.body.rule, 'no-consent-identifying-record');
  });

  test('SSN: masked unless revealed; placeholder stored as empty; the reveal is permitted to the owner and the CE HRS and audited', async () => {
    const res = await provider.post('/api/v1/clients', person('Sam', 'Secret', { ssn: '123-45-6789' }));
    assert.equal(res.body.ssn, null, 'placeholder SSN stored as empty');
    assert.equal(res.body.ssnDataQuality, 99);
    const real = await provider.post('/api/v1/clients', person('Sid', 'Secret', { ssn: '52x-11-9876', ssnDataQuality: 2 }));
    assert.equal(real.body.ssn, '*****9876');
    const id = real.body.id;
    assert.equal((await provider2.post(`/api/v1/clients/${id}/ssn-reveal`)).status, 403);
    assert.equal((await matcher.post(`/api/v1/clients/${id}/ssn-reveal`)).status, 403);
    const own = await provider.post(`/api/v1/clients/${id}/ssn-reveal`);
    assert.equal(own.status, 200);
    assert.equal(own.body.ssn, '52x119876');
    assert.equal((await hrs.post(`/api/v1/clients/${id}/ssn-reveal`)).body.ssn, '52x119876');
    const reveals = await auditRows(id, 'client.ssn.reveal');
    assert.deepEqual(reveals.map((r) => r.user_id).sort(), [t.ids.users.provider, t.ids.users.hrs].sort());
    assert.equal((await provider.get(`/api/v1/clients/${id}`)).body.ssn, '*****9876');
    const bad = await provider.post('/api/v1/clients', person('Bad', 'Ssn', { ssn: '12345' }));
    assert.equal(bad.status, 422);
    assert.equal(bad.body.errors[0].pointer, '/ssn');
  });

  test('PATCH with a stale version → 409; the fresh one wins', async () => {
    const res = await provider.post('/api/v1/clients', person('Vera', 'Version'));
    const one = await provider.patch(`/api/v1/clients/${res.body.id}`, { version: 1, middleName: 'Q' });
    assert.equal(one.status, 200, JSON.stringify(one.body));
    assert.equal(one.body.version, 2);
    assert.equal((await provider2.patch(`/api/v1/clients/${res.body.id}`, { version: 1, middleName: 'Z' })).status, 409);
    assert.equal((await provider.get(`/api/v1/clients/${res.body.id}`)).body.middleName, 'Q');
    const lock = await provider2.patch(`/api/v1/clients/${res.body.id}`, { version: 2, lockReasons: ['hiv_aids'] });
    assert.equal(lock.status, 403, 'another agency may not lock the record');
  });

  test('search: typo-tolerant names, date of birth, last four; duplicates before create', async () => {
    const typo = await search(hrs, { q: 'Markus Witfield' });
    assert.equal(typo.items[0]?.id, t.ids.clients!.marcus);
    const dob = await search(hrs, { dateOfBirth: '1968-04-12' });
    assert.ok(dob.items.every((i: any) => i.dateOfBirth === '1968-04-12'));
    assert.ok(dob.items.some((i) => i.id === t.ids.clients!.marcus));
    const last4 = await search(hrs, { ssnLast4: '9637' });
    assert.deepEqual(last4.items.map((i) => i.id), [t.ids.clients!.marcus]);
    const dup = await hrs.post('/api/v1/clients/duplicates', { firstName: 'Marcus', lastName: 'Whitfeld', dateOfBirth: '1968-04-12' });
    assert.equal(dup.status, 200);
    assert.equal(dup.body.items[0].id, t.ids.clients!.marcus);
    assert.ok(dup.body.items[0].matches.includes('dateOfBirth'));
    const page = await search(hrs, { limit: 5 });
    assert.equal(page.items.length, 5);
    assert.ok(page.total > 5);
  });

  test('duplicates and search only hold visible records; consent and ownership rules', async () => {
    const hidden = await provider.post('/api/v1/clients/duplicates', { firstName: 'Lucia', lastName: 'Morales', dateOfBirth: '1992-07-14' });
    assert.equal(hidden.status, 200);
    assert.equal(hidden.body.items.length, 0, 'a locked record is no duplicate hint for another agency');
    const seen = await hrs.post('/api/v1/clients/duplicates', { firstName: 'Lucia', lastName: 'Morales', dateOfBirth: '1992-07-14' });
    assert.equal(seen.body.items[0].id, t.ids.clients!.lucia);
    const minor = await provider.post('/api/v1/clients', person('Milo', 'Minor', { dateOfBirth: '2012-03-03' }));
    assert.equal(minor.status, 422);
    assert.equal(minor.body.errors[0].pointer, '/consent/signedBy');
    const guardian = await provider.post('/api/v1/clients', person('Milo', 'Minor', { dateOfBirth: '2012-03-03', consent: { sharing: 'full', signedBy: 'guardian', signerName: 'Mara Minor' } }));
    assert.equal(guardian.status, 201);
    const notMine = await provider.post('/api/v1/clients', person('Olga', 'Owner', { ownerAgencyId: t.ids.agencies.lakeshore }));
    assert.equal(notMine.status, 422);
    assert.equal(notMine.body.errors[0].pointer, '/ownerAgencyId');
    const future = await provider.post('/api/v1/clients', person('Fred', 'Future', { dateOfBirth: '2030-01-01' }));
    assert.equal(future.status, 422);
    assert.equal(future.body.errors[0].pointer, '/dateOfBirth');
    const signedOut = await t.client().post('/api/v1/clients/search', {});
    assert.equal(signedOut.status, 401);
  });

  test('households: exactly one head, members join and leave, the head changes with history kept', async () => {
    const a = (await provider.post('/api/v1/clients', person('Hank', 'Household'))).body.id;
    const b = (await provider.post('/api/v1/clients', person('Hilda', 'Household'))).body.id;
    const c = (await provider.post('/api/v1/clients', person('Holly', 'Household', { dateOfBirth: '2015-02-02', consent: { sharing: 'full', signedBy: 'guardian' } }))).body.id;
    assert.ok(c);
    const noHead = await provider.post('/api/v1/households', { members: [{ clientId: a, relationshipToHoH: 3, joinedOn: '2026-10-01' }] });
    assert.equal(noHead.status, 422);
    assert.equal(noHead.body.rule, 'one-head-of-household');
    const twoHeads = await provider.post('/api/v1/households', {
      members: [
        { clientId: a, relationshipToHoH: 1, joinedOn: '2026-10-01' },
        { clientId: b, relationshipToHoH: 1, joinedOn: '2026-10-01' },
      ],
    });
    assert.equal(twoHeads.status, 422);
    const created = await provider.post('/api/v1/households', {
      members: [
        { clientId: a, relationshipToHoH: 1, joinedOn: '2026-10-01' },
        { clientId: b, relationshipToHoH: 3, joinedOn: '2026-10-01' },
      ],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const hid = created.body.id;
    assert.equal((await provider.post(`/api/v1/households/${hid}/members`, { clientId: c, relationshipToHoH: 1, joinedOn: '2026-10-05' })).status, 422);
    assert.equal((await provider.post(`/api/v1/households/${hid}/members`, { clientId: c, relationshipToHoH: 2, joinedOn: '2026-10-05' })).status, 200);
    const headLeaves = await provider.post(`/api/v1/households/${hid}/members/${a}/leave`, { leftOn: '2026-11-01' });
    assert.equal(headLeaves.status, 422);
    const changed = await provider.post(`/api/v1/households/${hid}/head`, { clientId: b, effectiveOn: '2026-11-01', formerHeadRelationship: 3 });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    const rows = changed.body.members;
    assert.equal(rows.filter((m: any) => m.current && m.relationshipToHoH === 1).length, 1);
    assert.equal(rows.find((m: any) => m.current && m.relationshipToHoH === 1).clientId, b);
    assert.ok(rows.some((m: any) => m.clientId === a && m.relationshipToHoH === 1 && m.leftOn === '2026-11-01'), 'the old head row is kept, closed');
    const left = await provider.post(`/api/v1/households/${hid}/members/${a}/leave`, { leftOn: '2026-11-20' });
    assert.equal(left.status, 200, JSON.stringify(left.body));
    const mine = await provider.get(`/api/v1/clients/${c}/household`);
    assert.equal(mine.body.household.id, hid);
    assert.equal(mine.body.household.members.filter((m: any) => m.current).length, 2);
  });

  test('a household shows only the members the caller may see; none → 404', async () => {
    const fam = await provider2.get(`/api/v1/clients/${t.ids.clients!.brianna}/household`);
    assert.equal(fam.status, 200);
    const hid = fam.body.household.id;
    assert.equal((await provider.get(`/api/v1/households/${hid}`)).status, 404);
    const open = await provider2.post('/api/v1/clients', person('Mia', 'Mixed'));
    const locked = await provider2.post('/api/v1/clients', person('Max', 'Mixed', { consent: { sharing: 'limited' } }));
    const h = await provider2.post('/api/v1/households', {
      members: [
        { clientId: locked.body.id, relationshipToHoH: 1, joinedOn: '2026-11-01' },
        { clientId: open.body.id, relationshipToHoH: 3, joinedOn: '2026-11-01' },
      ],
    });
    assert.equal(h.status, 201);
    const seen = await provider.get(`/api/v1/households/${h.body.id}`);
    assert.equal(seen.status, 200);
    assert.deepEqual(seen.body.members.map((m: any) => m.clientId), [open.body.id]);
  });

  test('contact information: PUT replaces the list; the best way to reach comes first; version guarded', async () => {
    const res = await provider.post('/api/v1/clients', person('Cora', 'Contact'));
    const put = await provider2.put(`/api/v1/clients/${res.body.id}/contact`, {
      version: res.body.version,
      items: [
        { kind: 'email', type: 'personal', value: 'cora@example.org', lastConfirmedOn: '2026-11-20' },
        { kind: 'phone', type: 'mobile', value: '(773) 555-0199', lastConfirmedOn: '2026-10-01', preferred: true, okToLeaveMessage: true },
        { kind: 'address', type: 'mailing', line1: '10 W Elm St', city: 'Chicago', state: 'IL', zip: '60610' },
        { kind: 'phone', type: 'home', value: '(773) 555-0198', lastConfirmedOn: '2026-11-24' },
      ],
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.deepEqual(put.body.items.map((i: any) => i.value ?? i.line1), ['(773) 555-0199', '(773) 555-0198', 'cora@example.org', '10 W Elm St']);
    const stale = await provider.put(`/api/v1/clients/${res.body.id}/contact`, { version: res.body.version, items: [] });
    assert.equal(stale.status, 409);
    const bad = await provider.put(`/api/v1/clients/${res.body.id}/contact`, { version: put.body.version, items: [{ kind: 'phone', value: '555' }, { kind: 'email', value: 'nope' }] });
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.body.errors.map((e: any) => e.pointer), ['/items/0/value', '/items/1/value']);
    const removed = await provider.put(`/api/v1/clients/${res.body.id}/contact`, { version: put.body.version, items: [put.body.items[2]] });
    assert.equal(removed.status, 200);
    assert.deepEqual(removed.body.items.map((i: any) => i.id), [put.body.items[2].id]);
  });
});
