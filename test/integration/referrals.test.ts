import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, type Client, type TestApp } from '../helpers/app.ts';
import { startSmtpServer } from '../helpers/smtp.ts';
import { createJobWorker, scheduleRecurringJobs } from '../../src/jobs/registry.ts';
import { createMailer } from '../../src/mail/mailer.ts';
import { markReferralEnrolled } from '../../src/usecases/referrals/referrals.ts';
import { newId } from '../../src/domain/ids.ts';

/** Undoes quoted-printable soft line breaks and escapes. */
const decodeQp = (raw: string) => raw.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

const STATUS = {
  matched: 'CES: Matched: Awaiting response by Housing Provider',
  attempting: 'CES: Attempted/Attempting Contact',
  engaged: 'CES: Client Engaged, In Progress to Enrollment',
  noResponse: 'CES: Rematch Needed: CES Team Only: Housing Provider Did Not Respond',
};

describe('referrals (issue 6)', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let matcher: Client, provider: Client, provider2: Client, admin: Client, hrs: Client, agencyadmin: Client;
  const client = (k: string) => t.ids.clients![k]!;
  const project = (k: string) => t.ids.projects[k]!;
  const refer = (body: Record<string, unknown>) => matcher.post('/api/v1/referrals', body);

  before(async () => {
    smtp = await startSmtpServer();
    t = await startApp({ config: { smtpUrl: smtp.url, publicUrl: 'http://hearth.test' } });
    matcher = await t.as('matcher');
    provider = await t.as('provider');
    provider2 = await t.as('provider2');
    admin = await t.as('admin');
    hrs = await t.as('hrs');
    agencyadmin = await t.as('agencyadmin');
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  test('navigation: referrals for providers, the matching team and administrators; configuration for administrators', async () => {
    const nav = async (c: Client) => (await c.get('/api/v1/me')).body.navigation as string[];
    for (const c of [provider, matcher, admin, agencyadmin]) assert.ok((await nav(c)).includes('referrals'));
    assert.equal((await nav(hrs)).includes('referrals'), false);
    assert.ok((await nav(admin)).includes('admin.referral-statuses') && (await nav(admin)).includes('admin.holidays'));
    assert.equal((await nav(provider)).includes('admin.holidays'), false);
  });

  test('statuses are configuration, labels exactly as written', async () => {
    const res = await hrs.get('/api/v1/referral-statuses');
    assert.equal(res.status, 200);
    const matched = res.body.items.find((s: { code: string }) => s.code === 'matched');
    assert.equal(matched.label, STATUS.matched);
    assert.deepEqual(matched.setBy, ['ces_team']);
    assert.equal(res.body.items.find((s: { code: string }) => s.code === 'enrolled').terminal, true);
  });

  test('lifecycle: matched → attempting contact → engaged, with contact attempts and history; new-referral e-mail without personal data', async () => {
    const created = await refer({ clientId: client('maria'), projectId: project('northside-psh'), note: 'Good fit for a studio.' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const r = created.body;
    assert.match(r.number, /^R-\d+$/);
    assert.deepEqual(r.status, { code: 'matched', label: STATUS.matched, terminal: false });
    assert.equal(r.referralDate, '2026-11-25');
    assert.equal(r.version, 1);
    assert.deepEqual(r.deadlines[0], { step: 'first response', dueAt: '2026-11-30T23:59:59.999-06:00', dueDate: '2026-11-30', dueSoonFrom: '2026-11-27T00:00:00.000-06:00', state: 'on_time', reachedAt: null });

    // The receiving project's contacts are told (case manager of the project, the agency's administrator).
    for (const c of [provider, agencyadmin]) {
      const n = await c.get('/api/v1/notifications');
      const item = n.body.items.find((i: { link: string }) => i.link === `/referrals/${r.id}`);
      assert.ok(item, 'notified');
      assert.equal(item.title, `New referral ${r.number} to Northside Permanent Supportive Housing`);
    }
    assert.equal((await provider2.get('/api/v1/notifications')).body.items.some((i: { link: string }) => i.link === `/referrals/${r.id}`), false);

    const worker = createJobWorker(t.db.database, t.clock, t.config, createMailer(smtp.url, 'Hearth <hearth@test>'));
    await scheduleRecurringJobs(t.db.database, t.clock.now());
    t.clock.advanceMinutes(2);
    await worker.runDue();
    const mail = smtp.messages.find((m) => m.raw.includes(r.number) && m.to.includes('provider@demo.hearth.invalid'));
    assert.ok(mail, 'the new-referral e-mail reached the SMTP server');
    assert.match(decodeQp(mail.raw), new RegExp(`http://hearth\\.test/referrals/${r.id}`));
    for (const personal of ['Maria', 'Santos', '1995-04-04', '398560214']) assert.equal(decodeQp(mail.raw).includes(personal), false, personal);

    let detail = await provider.get(`/api/v1/referrals/${r.id}`);
    assert.equal(detail.status, 200);
    const codes = detail.body.allowedStatuses.map((s: { code: string }) => s.code);
    assert.ok(codes.includes('attempting_contact') && codes.includes('engaged') && codes.includes('rematch_client_declined'));
    for (const never of ['enrolled', 'matched', 'cancelled', 'rematch_provider_no_response', 'rematch_unable_to_contact']) assert.equal(codes.includes(never), false, never);
    assert.equal(detail.body.headName, 'Maria Santos');

    for (const [minutes, outcome] of [[60, 'no_answer'], [30, 'left_message']] as const) {
      const at = new Date(t.clock.now().getTime() - minutes * 60_000).toISOString();
      const a = await provider.post(`/api/v1/referrals/${r.id}/contact-attempts`, { at, method: 'phone', outcome, note: 'Voicemail' });
      assert.equal(a.status, 201, JSON.stringify(a.body));
    }
    detail = await provider.get(`/api/v1/referrals/${r.id}`);
    assert.equal(detail.body.version, 1, 'contact attempts do not change the version');
    assert.equal(detail.body.contactAttempts.length, 2);

    let s = await provider.post(`/api/v1/referrals/${r.id}/status`, { status: 'attempting_contact', version: 1 });
    assert.equal(s.status, 200, JSON.stringify(s.body));
    assert.equal(s.body.status.label, STATUS.attempting);
    assert.equal(s.body.deadlines[0].state, 'met');
    s = await provider.post(`/api/v1/referrals/${r.id}/status`, { status: 'engaged', note: 'Viewing Monday', version: 2 });
    assert.equal(s.status, 200);
    assert.equal(s.body.version, 3);
    assert.deepEqual(
      s.body.history.map((h: { to: { code: string }; label: string; by: string; note: string | null }) => [h.to.code, h.label, h.by, h.note]),
      [
        ['matched', STATUS.matched, 'Morgan Matcher', 'Good fit for a studio.'],
        ['attempting_contact', STATUS.attempting, 'Pat Provider', null],
        ['engaged', STATUS.engaged, 'Pat Provider', 'Viewing Monday'],
      ],
    );
    const audit = await t.db.owner.db.selectFrom('audit_log').select('action').where('entity_id', '=', r.id).execute();
    assert.deepEqual(audit.map((a) => a.action).filter((a) => a.startsWith('referral.')).sort(), ['referral.contact_attempt', 'referral.contact_attempt', 'referral.create', 'referral.status', 'referral.status']);
  });

  test('403, 404, 409 and 422 cases', async () => {
    const r = (await refer({ clientId: client('jonathan'), projectId: project('northside-rrh') })).body;
    // Who may create
    for (const c of [provider, hrs, admin]) assert.equal((await c.post('/api/v1/referrals', { clientId: client('jonathan'), projectId: project('northside-rrh') })).status, 403);
    // Who sees
    assert.equal((await provider2.get(`/api/v1/referrals/${r.id}`)).status, 404);
    assert.equal((await hrs.get(`/api/v1/referrals/${r.id}`)).status, 404);
    assert.equal((await provider2.post(`/api/v1/referrals/${r.id}/status`, { status: 'attempting_contact', version: 1 })).status, 404);
    // setBy decides
    let res = await provider.post(`/api/v1/referrals/${r.id}/status`, { status: 'cancelled', note: 'x', version: 1 });
    assert.equal(res.status, 403);
    res = await matcher.post(`/api/v1/referrals/${r.id}/status`, { status: 'attempting_contact', version: 1 });
    assert.equal(res.status, 403);
    // enrolled only through an enrollment
    res = await provider.post(`/api/v1/referrals/${r.id}/status`, { status: 'enrolled', version: 1 });
    assert.equal(res.status, 422);
    assert.equal(res.body.rule, 'enrolled-only-through-enrollment');
    assert.equal(res.body.errors[0].pointer, '/status');
    // note required
    res = await provider.post(`/api/v1/referrals/${r.id}/status`, { status: 'rematch_client_ineligible', version: 1 });
    assert.equal(res.status, 422);
    assert.equal(res.body.rule, 'note-required');
    assert.equal(res.body.errors[0].pointer, '/note');
    // guard
    res = await provider.post(`/api/v1/referrals/${r.id}/status`, { status: 'rematch_unable_to_contact', version: 1 });
    assert.equal(res.status, 422);
    assert.equal(res.body.rule, 'unable-to-contact-guard');
    // unknown status, back to matched
    assert.equal((await provider.post(`/api/v1/referrals/${r.id}/status`, { status: 'nonsense', version: 1 })).body.rule, 'unknown-status');
    // stale version
    assert.equal((await provider.post(`/api/v1/referrals/${r.id}/status`, { status: 'attempting_contact', version: 7 })).status, 409);
    // a contact attempt in the future
    res = await provider.post(`/api/v1/referrals/${r.id}/contact-attempts`, { at: new Date(t.clock.now().getTime() + 3_600_000).toISOString(), method: 'phone', outcome: 'reached' });
    assert.equal(res.status, 422);
    assert.equal(res.body.errors[0].pointer, '/at');

    // Creation rules
    res = await refer({ clientId: client('maria'), projectId: project('northside-psh'), referralDate: '2026-11-26' });
    assert.equal(res.status, 422);
    assert.equal(res.body.errors[0].pointer, '/referralDate');
    res = await refer({ clientId: client('maria'), projectId: project('northside-psh'), referralDate: '2026-10-25' });
    assert.equal(res.status, 422);
    assert.equal(res.body.errors[0].pointer, '/referralDate');
    res = await refer({ clientId: client('maria'), projectId: project('northside-es') });
    assert.equal(res.status, 422);
    assert.equal(res.body.errors[0].pointer, '/projectId');
    res = await refer({ clientId: client('maria'), projectId: project('northside-psh'), openingId: newId() });
    assert.equal(res.status, 422);
    assert.equal(res.body.errors[0].pointer, '/openingId');
    res = await refer({ clientId: client('tyrese'), projectId: project('lakeshore-psh') });
    assert.equal(res.status, 422, 'a child is not the head of household');
    assert.equal(res.body.errors[0].pointer, '/clientId');
    res = await refer({ clientId: client('anon1'), projectId: project('northside-psh') });
    assert.equal(res.status, 404, 'a client the matcher may not see');
    res = await refer({ clientId: client('maria'), projectId: project('northside-psh'), referralDate: '2026-10-26' });
    assert.equal(res.status, 201, 'backdated 30 days is allowed');
    assert.equal((await matcher.post(`/api/v1/referrals/${res.body.id}/status`, { status: 'cancelled', note: 'Test referral', version: 1 })).status, 200);
  });

  test('two concurrent updates with the same version: exactly one wins', async () => {
    const r = (await refer({ clientId: client('priya'), projectId: project('northside-psh') })).body;
    const results = await Promise.all([
      provider.post(`/api/v1/referrals/${r.id}/status`, { status: 'attempting_contact', version: 1 }),
      agencyadmin.post(`/api/v1/referrals/${r.id}/status`, { status: 'engaged', version: 1 }),
    ]);
    assert.deepEqual(results.map((x) => x.status).sort(), [200, 409]);
    const history = (await provider.get(`/api/v1/referrals/${r.id}`)).body.history;
    assert.equal(history.length, 2);
  });

  test('a family referral snapshots the household; an administrator corrects a terminal status with a note', async () => {
    const r = (await refer({ clientId: client('angela'), projectId: project('northside-rrh') })).body;
    assert.equal(r.householdSize, 3);
    let res = await provider.post(`/api/v1/referrals/${r.id}/status`, { status: 'rematch_client_declined', version: 1 });
    assert.equal(res.status, 200);
    assert.ok(res.body.closedAt);
    const rematch = await t.db.owner.db.selectFrom('rematch_requests').selectAll().where('from_referral_id', '=', r.id).executeTakeFirst();
    assert.equal(rematch?.referrals_needed, 2);
    res = await provider.post(`/api/v1/referrals/${r.id}/status`, { status: 'engaged', version: 2 });
    assert.equal(res.status, 422);
    assert.equal(res.body.rule, 'terminal-status-final');
    const asAdmin = (await admin.get(`/api/v1/referrals/${r.id}`)).body;
    assert.equal(asAdmin.status.terminal, true, JSON.stringify(asAdmin));
    assert.equal(asAdmin.capabilities.canCorrect, true);
    assert.equal(asAdmin.capabilities.canEnroll, false, 'a closed referral offers no enrollment');
    assert.ok(asAdmin.allowedStatuses.every((s: { correction: boolean; requiresNote: boolean }) => s.correction && s.requiresNote));
    res = await admin.post(`/api/v1/referrals/${r.id}/status`, { status: 'engaged', version: 2 });
    assert.equal(res.status, 422);
    assert.equal(res.body.rule, 'correction-note-required');
    res = await admin.post(`/api/v1/referrals/${r.id}/status`, { status: 'engaged', version: 2, note: 'The provider picked the wrong status.' });
    assert.equal(res.status, 200);
    assert.equal(res.body.closedAt, null);
    const last = res.body.history.at(-1);
    assert.equal(last.correction, true);
    assert.equal(last.note, 'The provider picked the wrong status.');
  });

  test('markReferralEnrolled: the enrollment path fills the opening and closes its other referral', async () => {
    const db = t.db.owner.db;
    const now = t.clock.now();
    const openingId = newId();
    await db.insertInto('openings').values({ id: openingId, project_id: project('northside-psh'), available_on: '2026-11-25', created_at: now }).execute();
    const a = (await refer({ clientId: client('tomas'), projectId: project('northside-psh'), openingId })).body;
    const b = (await refer({ clientId: client('darnell'), projectId: project('northside-psh'), openingId })).body;
    assert.equal((await provider.post(`/api/v1/referrals/${a.id}/status`, { status: 'engaged', version: 1 })).status, 200);

    const ctx = { actor: null, requestId: newId(), address: null, clock: t.clock };
    // Without the enrollment: refused.
    await assert.rejects(() => t.db.database.transaction((tx) => markReferralEnrolled(tx, ctx, a.id, newId())), (e: { errors?: unknown; extra?: { rule?: string } }) => e.extra?.rule === 'enrollment-required');
    const householdId = newId();
    const enrollmentId = newId();
    await db.insertInto('households').values({ id: householdId, created_at: now, created_by: null }).execute();
    await db.insertInto('enrollments').values({ id: enrollmentId, client_id: client('tomas'), project_id: project('northside-psh'), household_id: householdId, relationship_to_hoh: 1, entry_date: '2026-11-25', created_at: now, created_by: null, updated_at: now, updated_by: null }).execute();
    const out = await t.db.database.transaction((tx) => markReferralEnrolled(tx, ctx, a.id, enrollmentId));
    assert.equal(out.referral.status_code, 'enrolled');
    assert.deepEqual(out.closedReferralIds, [b.id]);
    const other = (await matcher.get(`/api/v1/referrals/${b.id}`)).body;
    assert.equal(other.status.code, 'closed_opening_filled');
    assert.equal(other.history.at(-1).bySystem, true);
    const opening = await db.selectFrom('openings').selectAll().where('id', '=', openingId).executeTakeFirstOrThrow();
    assert.equal(opening.state, 'filled');
    assert.equal(opening.filled_by_referral_id, a.id);
    // Once only.
    await assert.rejects(() => t.db.database.transaction((tx) => markReferralEnrolled(tx, ctx, a.id, enrollmentId)));
    // The HUD 4.20 event
    const ev = await matcher.get(`/api/v1/clients/${client('tomas')}/ce-events`);
    assert.equal(ev.status, 200);
    const e = ev.body.items.find((x: { referralId: string }) => x.referralId === a.id);
    assert.equal(e.event, 14, 'PSH');
    assert.equal(e.locationCrisisOrPHHousing, project('northside-psh'));
    assert.equal(e.referralResult, 1);
    assert.equal(e.resultDate, '2026-11-25');
  });

  test('a locked client becomes visible to the receiving agency by the referral, and not before (the read audit says why)', async () => {
    const james = client('james');
    assert.equal((await provider.get(`/api/v1/clients/${james}`)).status, 404);
    const r = (await refer({ clientId: james, projectId: project('northside-rrh') })).body;
    assert.equal((await provider.get(`/api/v1/clients/${james}`)).status, 200);
    assert.equal((await provider2.get(`/api/v1/clients/${james}`)).status, 404, 'another agency still does not see it');
    const row = await t.db.owner.db
      .selectFrom('audit_log')
      .select('reason')
      .where('action', '=', 'client.read')
      .where('client_id', '=', james)
      .where('user_id', '=', t.ids.users.provider!)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    assert.equal(row.reason, `referral ${r.number}`);
    const list = (await provider.get(`/api/v1/referrals?projectId=${project('northside-rrh')}`)).body;
    assert.equal(list.items.find((i: { id: string }) => i.id === r.id).headName, 'James Kowalski');
    // A family referral opens the door to every member of the household snapshot.
    const [brianna, jayden] = [client('brianna'), client('jayden')];
    assert.equal((await provider.get(`/api/v1/clients/${jayden}`)).status, 404);
    const fam = (await refer({ clientId: brianna, projectId: project('northside-psh') })).body;
    assert.equal(fam.householdSize, 2);
    assert.equal((await provider.get(`/api/v1/clients/${brianna}`)).status, 200);
    assert.equal((await provider.get(`/api/v1/clients/${jayden}`)).status, 200);
    // The referral ends without an enrollment: the door closes again.
    assert.equal((await provider.post(`/api/v1/referrals/${r.id}/status`, { status: 'rematch_client_declined', version: 1 })).status, 200);
    assert.equal((await provider.get(`/api/v1/clients/${james}`)).status, 404);
  });

  test('lists: visibility in SQL, state filter, keyset pagination, overdue flag', async () => {
    const all = (await matcher.get('/api/v1/referrals?state=all&limit=200')).body;
    const mine = (await provider.get('/api/v1/referrals?state=all&limit=200')).body;
    const theirs = (await provider2.get('/api/v1/referrals?state=all&limit=200')).body;
    assert.ok(all.total > mine.total && mine.total > 0 && theirs.total > 0);
    assert.ok(mine.items.every((i: { projectId: string }) => [project('northside-psh'), project('northside-rrh')].includes(i.projectId)));
    assert.ok(theirs.items.every((i: { projectId: string }) => i.projectId === project('lakeshore-psh')));
    assert.equal((await hrs.get('/api/v1/referrals')).body.total, 0);
    const open = (await matcher.get('/api/v1/referrals')).body;
    assert.ok(open.items.every((i: { closedAt: string | null }) => i.closedAt === null));

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null; total: number } = (await matcher.get(`/api/v1/referrals?state=all&limit=4${cursor ? `&cursor=${cursor}` : ''}`)).body;
      assert.ok(page.items.length <= 4);
      assert.equal(page.total, all.total);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, all.items.map((i: { id: string }) => i.id));

    const overdue = (await matcher.get('/api/v1/referrals?overdue=true')).body;
    assert.ok(overdue.total >= 2, 'the demo has overdue referrals');
    assert.ok(overdue.items.every((i: { overdue: boolean }) => i.overdue));
  });

  test('the sweep escalates a referral past its first deadline once only; a later-step miss only flags', async () => {
    // Friday 2026-11-20: first response due Tuesday 2026-11-24, now Wednesday.
    const late = (await refer({ clientId: client('william'), projectId: project('northside-psh'), referralDate: '2026-11-20' })).body;
    assert.equal(late.deadlines[0].state, 'overdue');
    // 2026-11-05 with a prompt response: the engagement step (15 days) is missed, the first response met... late; it only flags.
    const slow = (await refer({ clientId: client('marcus'), projectId: project('lakeshore-psh'), referralDate: '2026-11-05' })).body;
    assert.equal((await provider2.post(`/api/v1/referrals/${slow.id}/status`, { status: 'attempting_contact', version: 1 })).status, 200);

    const before = smtp.messages.length;
    assert.equal((await provider.post('/api/v1/admin/timeliness/run')).status, 403);
    const first = await admin.post('/api/v1/admin/timeliness/run');
    assert.equal(first.status, 200);
    assert.equal(first.body.escalated, 1);
    assert.equal(first.body.flagged, 1);
    const second = await admin.post('/api/v1/admin/timeliness/run');
    assert.deepEqual([second.body.escalated, second.body.flagged], [0, 0], 'each miss acts once');

    const l = (await matcher.get(`/api/v1/referrals/${late.id}`)).body;
    assert.equal(l.status.code, 'rematch_provider_no_response');
    assert.equal(l.status.label, STATUS.noResponse);
    assert.equal(l.history.at(-1).bySystem, true);
    assert.equal(l.history.at(-1).by, 'system');
    assert.ok(l.closedAt);
    const s = (await provider2.get(`/api/v1/referrals/${slow.id}`)).body;
    assert.equal(s.status.code, 'attempting_contact', 'a later step only flags');
    assert.deepEqual(s.flaggedSteps, ['engagement']);

    // The provider and the matching team are told; the e-mails carry no personal data.
    const titles = (await provider.get('/api/v1/notifications')).body.items.map((i: { title: string }) => i.title);
    assert.ok(titles.includes(`Referral ${late.number} to Northside Permanent Supportive Housing was escalated: ${STATUS.noResponse}`));
    const mt = (await matcher.get('/api/v1/notifications')).body.items.map((i: { title: string }) => i.title);
    assert.ok(mt.some((x: string) => x.startsWith(`Referral ${slow.number} to Lakeshore Family PSH is overdue`)));
    const worker = createJobWorker(t.db.database, t.clock, t.config, createMailer(smtp.url, 'Hearth <hearth@test>'));
    t.clock.advanceMinutes(2);
    await worker.runDue();
    const mails = smtp.messages.slice(before);
    assert.ok(mails.some((m) => decodeQp(m.raw).includes(late.number)));
    for (const m of mails.map((x) => decodeQp(x.raw))) for (const personal of ['William', 'Carter', '1953-09-09', 'Marcus', 'Whitfield']) assert.equal(m.includes(personal), false, personal);
  });
});

describe('referral configuration and holidays (administrators)', () => {
  let t: TestApp;
  before(async () => {
    t = await startApp();
  });
  after(() => t.close());

  test('validated with pointers, versioned, renames keep history labels; holidays move deadlines', async () => {
    const admin = await t.as('admin');
    const provider = await t.as('provider');
    const matcher = await t.as('matcher');
    const cur = await admin.get('/api/v1/admin/referral-config');
    assert.equal(cur.status, 200);
    assert.equal((await provider.get('/api/v1/admin/referral-config')).status, 403);
    const doc = structuredClone(cur.body.config);
    const i = doc.statuses.findIndex((s: { code: string }) => s.code === 'cancelled');
    const bad = structuredClone(doc);
    bad.statuses[i].setBy = ['provider'];
    let res = await admin.put('/api/v1/admin/referral-config', { config: bad, version: cur.body.version });
    assert.equal(res.status, 422);
    assert.ok(res.body.errors.some((e: { pointer: string }) => e.pointer === `/config/statuses/${i}/setBy`));
    assert.equal((await provider.put('/api/v1/admin/referral-config', { config: doc, version: cur.body.version })).status, 403);

    const r = (await matcher.post('/api/v1/referrals', { clientId: t.ids.clients!.maria, projectId: t.ids.projects['northside-psh'] })).body;
    const m = doc.statuses.findIndex((s: { code: string }) => s.code === 'matched');
    doc.statuses[m].label = 'CES: Matched: Waiting for the provider';
    res = await admin.put('/api/v1/admin/referral-config', { config: doc, version: cur.body.version });
    assert.equal(res.status, 200);
    assert.equal(res.body.version, cur.body.version + 1);
    assert.equal((await admin.put('/api/v1/admin/referral-config', { config: doc, version: cur.body.version })).status, 409);
    const statuses = (await provider.get('/api/v1/referral-statuses')).body.items;
    assert.equal(statuses.find((s: { code: string }) => s.code === 'matched').label, 'CES: Matched: Waiting for the provider');
    const d = (await provider.get(`/api/v1/referrals/${r.id}`)).body;
    assert.equal(d.history[0].label, STATUS.matched, 'history keeps the label shown then');

    // Holidays: Thanksgiving is shipped; un-marking it moves a deadline earlier.
    let h = await admin.get('/api/v1/admin/holidays?year=2026');
    assert.ok(h.body.items.some((x: { date: string; dayOff: boolean; source: string }) => x.date === '2026-11-26' && x.dayOff && x.source === 'shipped'));
    h = await admin.put('/api/v1/admin/holidays', { action: 'remove', date: '2026-11-26' });
    assert.equal(h.status, 200);
    assert.equal(h.body.items.find((x: { date: string }) => x.date === '2026-11-26').dayOff, false);
    let created = (await matcher.post('/api/v1/referrals', { clientId: t.ids.clients!.jonathan, projectId: t.ids.projects['northside-psh'] })).body;
    assert.equal(created.deadlines[0].dueDate, '2026-11-27');
    h = await admin.put('/api/v1/admin/holidays', { action: 'add', date: '2026-11-27', name: 'Day after Thanksgiving' });
    assert.ok(h.body.items.some((x: { date: string; source: string }) => x.date === '2026-11-27' && x.source === 'added'));
    created = (await matcher.post('/api/v1/referrals', { clientId: t.ids.clients!.priya, projectId: t.ids.projects['northside-psh'] })).body;
    assert.equal(created.deadlines[0].dueDate, '2026-11-30');
    assert.equal((await provider.put('/api/v1/admin/holidays', { action: 'remove', date: '2026-12-25' })).status, 403);
  });
});
