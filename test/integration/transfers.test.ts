import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, type Client, type TestApp } from '../helpers/app.ts';
import { runTransferSweep, transferTestHooks } from '../../src/usecases/transfers/transfers.ts';

const RRH_EXIT = { exit_reason: 'housed-other-subsidy', months_rental_assistance: 3, total_rental_assistance: 3450, still_in_unit: 'no', monthly_income_at_exit: 980, follow_up_consent: 'yes', follow_up_method: ['phone'] };

// 2026-11-25 is a Wednesday; Thursday 26 is Thanksgiving (a federal holiday).
describe('transfers under the CE transfer policy (issue 8)', () => {
  let t: TestApp;
  let provider: Client, provider2: Client, agencyadmin: Client, matcher: Client, admin: Client;
  let psh2 = '';
  let demoTransfers: string[] = [];
  const client = (k: string) => t.ids.clients![k]!;
  const project = (k: string) => t.ids.projects[k]!;
  const db = () => t.db.database.db;
  const openEnrollment = (clientKey: string, projectId: string) =>
    db().selectFrom('enrollments').selectAll().where('client_id', '=', client(clientKey)).where('project_id', '=', projectId).orderBy('entry_date', 'desc').executeTakeFirst();
  const notificationsOf = async (c: Client, transferId: string) =>
    ((await c.get('/api/v1/notifications')).body.items as { link: string; title: string; kind: string }[]).filter((n) => n.link === `/transfers/${transferId}`);

  before(async () => {
    t = await startApp();
    [provider, provider2, agencyadmin, matcher, admin] = await Promise.all([t.as('provider'), t.as('provider2'), t.as('agencyadmin'), t.as('matcher'), t.as('admin')]);
    // A second PSH project at Northside (created by the administrator, as a CoC would).
    const p = await admin.post('/api/v1/projects', {
      agencyId: t.ids.agencies.northside,
      name: 'Northside Scattered-Site PSH',
      projectType: 3,
      housingType: 1,
      operatingStart: '2020-01-01',
      programModel: 'PSH',
      receivesReferrals: true,
    });
    assert.equal(p.status, 201, JSON.stringify(p.body));
    psh2 = p.body.id;
    demoTransfers = (await t.db.database.db.selectFrom('transfers').select('id').execute()).map((r) => r.id);
  });

  test('the demo: one transfer awaiting acknowledgement, one awaiting approval, one denied', async () => {
    const list = await matcher.get('/api/v1/transfers');
    assert.equal(list.status, 200);
    const byState = (s: string) => list.body.items.filter((i: { state: string }) => i.state === s);
    assert.equal(byState('completed').length, 1);
    assert.equal(byState('completed')[0].fromProject.name, 'Lakeshore Safe Haven');
    assert.equal(byState('awaiting_approval').length, 1);
    assert.equal(byState('awaiting_approval')[0].targetProject.name, 'Northside Permanent Supportive Housing');
    assert.equal(byState('denied').length, 1);
    assert.equal(byState('denied')[0].kind, 'external');
    assert.deepEqual(list.body.counts, { awaitingApproval: 1, awaitingAcknowledgement: 1, overdue: 0, filedLate: 0 });
    // Providers see their projects' transfers, both sides.
    assert.equal((await provider.get('/api/v1/transfers')).body.items.length, 2);
    assert.equal((await provider2.get('/api/v1/transfers')).body.items.length, 2);
  });
  after(async () => {
    transferTestHooks.afterExit = undefined;
    await t.close();
  });

  test('same program model (PSH → PSH, one agency): no approval, completed at once, acknowledged by CES', async () => {
    const old = (await openEnrollment('robert', project('northside-psh')))!;
    assert.ok(old.move_in_date, 'the demo household is housed');
    // The provider (case manager of the old project) requests: the request is the notification.
    const req = await provider.post('/api/v1/transfers', { enrollmentId: old.id, targetProjectId: psh2, reason: 'Needs a ground-floor unit', decidedOn: '2026-11-25', memberClientIds: [client('robert')] });
    assert.equal(req.status, 201, JSON.stringify(req.body));
    assert.equal(req.body.kind, 'internal');
    assert.equal(req.body.approvalRequired, false);
    assert.equal(req.body.state, 'awaiting_completion');
    // Decided Wed 25 → 2 business days, Thanksgiving skipped → Mon 30.
    assert.equal(req.body.deadlines.notificationDue.dueDate, '2026-11-30');
    assert.equal(req.body.deadlines.notificationDue.dueAt, '2026-11-30T23:59:59.999-06:00');
    assert.equal(req.body.deadlines.notifiedOnTime, true);
    assert.equal(req.body.deadlines.acknowledgementDue.dueDate, '2026-11-30');
    const id = req.body.id;

    // Both sides and the matching team are told; titles hold no client data.
    for (const c of [provider, agencyadmin, matcher]) {
      const n = await notificationsOf(c, id);
      assert.equal(n.length, 1, 'one notification');
      assert.match(n[0]!.title, /^Transfer T-\d+ from Northside Permanent Supportive Housing to Northside Scattered-Site PSH filed/);
      assert.equal(/Robert|Nguyen/.test(n[0]!.title), false);
    }
    assert.equal((await notificationsOf(provider2, id)).length, 0, 'another agency is not told');

    // Only the case manager assigned to both projects may enroll in the target: the agency administrator completes.
    assert.equal((await provider.get(`/api/v1/transfers/${id}`)).body.capabilities.canComplete, false);
    assert.equal((await provider.post(`/api/v1/transfers/${id}/complete`, { entryDate: '2026-11-25' })).status, 403);
    assert.equal((await matcher.post(`/api/v1/transfers/${id}/acknowledge`)).status, 422, 'nothing to acknowledge before completion');

    const done = await agencyadmin.post(`/api/v1/transfers/${id}/complete`, { entryDate: '2026-11-25' });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(done.body.state, 'completed');
    assert.deepEqual(done.body.oldExit, { destination: 435, destinationSubsidyType: 439 });
    const exited = (await db().selectFrom('enrollments').selectAll().where('id', '=', old.id).executeTakeFirstOrThrow());
    assert.equal(exited.exit_date, '2026-11-25');
    assert.equal(exited.destination, 435);
    assert.equal(exited.destination_subsidy_type, 439);
    const fresh = (await openEnrollment('robert', psh2))!;
    assert.equal(fresh.entry_date, '2026-11-25');
    assert.equal(fresh.exit_date, null);
    assert.equal(fresh.move_in_date, '2026-11-25', 'housed and not moving: move-in is the new start');
    assert.equal(fresh.living_situation, 435, 'prior living situation: the PSH rental');
    assert.equal(fresh.rental_subsidy_type, 439);
    assert.deepEqual(done.body.newEnrollmentIds, [fresh.id]);

    // A provider may not acknowledge; the matching team does, recording a referral already enrolled.
    assert.equal((await provider.post(`/api/v1/transfers/${id}/acknowledge`)).status, 403);
    const ack = await matcher.post(`/api/v1/transfers/${id}/acknowledge`);
    assert.equal(ack.status, 200, JSON.stringify(ack.body));
    assert.equal(ack.body.state, 'acknowledged');
    const referral = await db().selectFrom('referrals').selectAll().where('id', '=', ack.body.referral.id).executeTakeFirstOrThrow();
    assert.equal(referral.status_code, 'enrolled');
    assert.equal(referral.status_label, 'CES: Enrolled');
    assert.equal(referral.enrollment_id, fresh.id);
    assert.equal(referral.project_id, psh2);
    assert.equal(referral.outside_timeliness, true);
    assert.equal(referral.source, 'transfer');
    assert.ok(referral.closed_at);
    const history = await db().selectFrom('referral_status_history').selectAll().where('referral_id', '=', referral.id).execute();
    assert.equal(history.length, 1);
    assert.equal(history[0]!.label, 'CES: Enrolled');
    const linked = await db().selectFrom('enrollments').select('referral_id').where('id', '=', fresh.id).executeTakeFirstOrThrow();
    assert.equal(linked.referral_id, referral.id);
    // The referral is outside the timeliness standards: no deadlines.
    const rd = await matcher.get(`/api/v1/referrals/${referral.id}`);
    assert.deepEqual(rd.body.deadlines, []);
    assert.equal(rd.body.source, 'transfer');

    const detail = await provider.get(`/api/v1/transfers/${id}`);
    assert.deepEqual(detail.body.timeline.map((e: { kind: string }) => e.kind), ['requested', 'completed', 'acknowledged']);
    assert.equal((await notificationsOf(provider, id)).length, 3, 'request, completion, acknowledgement');
  });

  test('Safe Haven ↔ PSH within an agency: no approval; no move-in when the household was not housed', async () => {
    const enr = await admin.post('/api/v1/enrollments', { projectId: project('lakeshore-sh'), entryDate: '2026-10-01', members: [{ clientId: client('william'), relationshipToHoH: 1 }] });
    assert.equal(enr.status, 201, JSON.stringify(enr.body));
    const req = await admin.post('/api/v1/transfers', {
      enrollmentId: enr.body.enrollments[0].id,
      targetProjectId: project('lakeshore-psh'),
      reason: 'Ready for permanent housing',
      decidedOn: '2026-11-20',
      memberClientIds: [client('william')],
    });
    assert.equal(req.status, 201, JSON.stringify(req.body));
    assert.equal(req.body.kind, 'internal');
    assert.equal(req.body.approvalRequired, false);
    // Decided Fri 20 → due Tue 24: filed on Wed 25, late (recorded, not refused).
    assert.equal(req.body.deadlines.notificationDue.dueDate, '2026-11-24');
    assert.equal(req.body.deadlines.notifiedOnTime, false);
    const done = await admin.post(`/api/v1/transfers/${req.body.id}/complete`, { entryDate: '2026-11-24' });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.deepEqual(done.body.oldExit, { destination: 435, destinationSubsidyType: 439 });
    assert.equal(done.body.newMoveInDate, null);
    const fresh = (await openEnrollment('william', project('lakeshore-psh')))!;
    assert.equal(fresh.move_in_date, null);
    assert.equal(fresh.living_situation, 118, 'prior living situation: Safe Haven');
    const old = (await openEnrollment('william', project('lakeshore-sh')))!;
    assert.equal(old.exit_date, '2026-11-24');

    // Late filings show on the matching team's overdue queue.
    const overdue = await matcher.get('/api/v1/transfers?overdue=true');
    assert.ok(overdue.body.items.some((i: { id: string; filedLate: boolean }) => i.id === req.body.id && i.filedLate));
  });

  test('a failure in the middle of completing leaves both enrollments as they were', async () => {
    const enr = await admin.post('/api/v1/enrollments', { projectId: project('lakeshore-psh'), entryDate: '2026-09-01', members: [{ clientId: client('jonathan'), relationshipToHoH: 1 }] });
    assert.equal(enr.status, 201, JSON.stringify(enr.body));
    const oldId = enr.body.enrollments[0].id;
    const req = await admin.post('/api/v1/transfers', { enrollmentId: oldId, targetProjectId: project('lakeshore-sh'), reason: 'Needs a low-demand setting', decidedOn: '2026-11-25', memberClientIds: [client('jonathan')] });
    assert.equal(req.status, 201);
    let exitSeenInside: string | null = null;
    transferTestHooks.afterExit = async (tx) => {
      exitSeenInside = (await tx.selectFrom('enrollments').select('exit_date').where('id', '=', oldId).executeTakeFirstOrThrow()).exit_date;
      throw new Error('injected failure after the exit');
    };
    try {
      const res = await admin.post(`/api/v1/transfers/${req.body.id}/complete`, { entryDate: '2026-11-25' });
      assert.equal(res.status, 500);
    } finally {
      transferTestHooks.afterExit = undefined;
    }
    assert.equal(exitSeenInside, '2026-11-25', 'the exit was written inside the transaction');
    const old = await db().selectFrom('enrollments').selectAll().where('id', '=', oldId).executeTakeFirstOrThrow();
    assert.equal(old.exit_date, null);
    assert.equal(old.destination, null);
    assert.equal((await db().selectFrom('enrollment_assessments').select('id').where('enrollment_id', '=', oldId).where('data_collection_stage', '=', 3).execute()).length, 0);
    assert.equal(await openEnrollment('jonathan', project('lakeshore-sh')), undefined, 'no new enrollment');
    assert.equal((await admin.get(`/api/v1/transfers/${req.body.id}`)).body.state, 'awaiting_completion');
    // Safe Haven target: destination 118 without a subsidy type.
    const ok = await admin.post(`/api/v1/transfers/${req.body.id}/complete`, { entryDate: '2026-11-25' });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.deepEqual(ok.body.oldExit, { destination: 118, destinationSubsidyType: null });
  });

  test('different model (RRH → PSH): CES approval, a referral in the normal flow, then completion', async () => {
    const old = (await openEnrollment('carlos', project('northside-rrh')))!;
    const members = [client('carlos'), client('rosa'), client('sofia')];
    const bad = await provider.post('/api/v1/transfers', { enrollmentId: old.id, targetProjectId: project('northside-psh'), reason: 'x', decidedOn: '2026-11-25', memberClientIds: [client('carlos')] });
    assert.equal(bad.status, 422, 'members still enrolled cannot be left without a head');
    const stranger = await provider.post('/api/v1/transfers', { enrollmentId: old.id, targetProjectId: project('northside-psh'), reason: 'x', decidedOn: '2026-11-25', memberClientIds: [...members, client('maria')] });
    assert.equal(stranger.status, 422);
    assert.equal(stranger.body.errors[0].pointer, '/memberClientIds/3');
    assert.equal((await provider2.post('/api/v1/transfers', { enrollmentId: old.id, targetProjectId: project('northside-psh'), reason: 'x', decidedOn: '2026-11-25', memberClientIds: members })).status, 403);

    const req = await provider.post('/api/v1/transfers', { enrollmentId: old.id, targetProjectId: project('northside-psh'), reason: 'Disability needs long-term support', decidedOn: '2026-11-25', memberClientIds: members });
    assert.equal(req.status, 201, JSON.stringify(req.body));
    assert.equal(req.body.kind, 'internal');
    assert.equal(req.body.approvalRequired, true);
    assert.equal(req.body.state, 'awaiting_approval');
    assert.equal(req.body.deadlines.notificationDue, null);
    const id = req.body.id;
    const queue = await matcher.get('/api/v1/transfers?state=awaiting_approval');
    assert.ok(queue.body.items.some((i: { id: string }) => i.id === id));
    assert.ok(queue.body.counts.awaitingApproval >= 1);

    assert.equal((await provider.post(`/api/v1/transfers/${id}/approve`)).status, 403, 'a provider cannot approve');
    assert.equal((await provider.post(`/api/v1/transfers/${id}/complete`, { entryDate: '2026-11-25' })).status, 422, 'not before approval');
    const ok = await matcher.post(`/api/v1/transfers/${id}/approve`, {});
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.state, 'approved');
    const referral = await db().selectFrom('referrals').selectAll().where('id', '=', ok.body.referral.id).executeTakeFirstOrThrow();
    assert.equal(referral.status_code, 'matched');
    assert.equal(referral.status_label, 'CES: Matched: Awaiting response by Housing Provider');
    assert.equal(referral.source, 'transfer');
    assert.equal(referral.outside_timeliness, false);
    assert.equal(referral.project_id, project('northside-psh'));
    assert.equal(referral.household_snapshot.length, 3);
    // The normal flow: the referral has its timeliness deadlines, the receiving provider is told.
    const rd = await provider.get(`/api/v1/referrals/${referral.id}`);
    assert.ok(rd.body.deadlines.length > 0);
    assert.ok(((await provider.get('/api/v1/notifications')).body.items as { link: string }[]).some((n) => n.link === `/referrals/${referral.id}`));
    // The household stays where it is until a new enrollment exists.
    assert.equal((await db().selectFrom('enrollments').select('exit_date').where('id', '=', old.id).executeTakeFirstOrThrow()).exit_date, null);
    assert.equal((await provider.get(`/api/v1/transfers/${id}`)).body.capabilities.canComplete, false);

    // The receiving project enrolls from the referral; the transfer then completes by exiting the RRH stay.
    const enr = await provider.post('/api/v1/enrollments', { projectId: project('northside-psh'), entryDate: '2026-11-25', referralId: referral.id });
    assert.equal(enr.status, 201, JSON.stringify(enr.body));
    assert.equal((await provider.get(`/api/v1/transfers/${id}`)).body.capabilities.canComplete, true);
    // The transfers job tells the requesting side, once, that only the completion is left.
    assert.equal((await runTransferSweep(t.db.database, t.clock, 'http://hearth.test')).readyToComplete, 1);
    assert.equal((await runTransferSweep(t.db.database, t.clock, 'http://hearth.test')).readyToComplete, 0);
    assert.ok((await notificationsOf(provider, id)).some((n) => n.kind === 'transfer.ready_to_complete'));
    assert.ok((await notificationsOf(provider, id)).some((n) => n.kind === 'transfer.approved'), 'approval was announced');
    const done = await provider.post(`/api/v1/transfers/${id}/complete`, { exitForms: [{ formId: 'rrh-exit-summary', answers: RRH_EXIT }] });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(done.body.state, 'completed');
    assert.equal(done.body.capabilities.canAcknowledge, false, 'an approved transfer already has its referral');
    const exited = await db().selectFrom('enrollments').selectAll().where('household_id', '=', old.household_id).execute();
    assert.equal(exited.length, 3);
    for (const e of exited) {
      assert.equal(e.exit_date, '2026-11-25');
      assert.equal(e.destination, 435);
      assert.equal(e.destination_subsidy_type, 439);
    }
  });

  test('another agency (external): approval needed; denied, no enrollment changes', async () => {
    const old = (await openEnrollment('priya', project('northside-psh')))!;
    const before = await db().selectFrom('enrollments').selectAll().where('client_id', '=', client('priya')).orderBy('id').execute();
    const req = await provider.post('/api/v1/transfers', { enrollmentId: old.id, targetProjectId: project('lakeshore-psh'), reason: 'Moving closer to family', decidedOn: '2026-11-25', memberClientIds: [client('priya')] });
    assert.equal(req.status, 201, JSON.stringify(req.body));
    assert.equal(req.body.kind, 'external');
    assert.equal(req.body.approvalRequired, true);
    assert.equal(req.body.state, 'awaiting_approval');
    const id = req.body.id;
    // The receiving side sees the transfer (both sides) and is told.
    assert.equal((await provider2.get(`/api/v1/transfers/${id}`)).status, 200);
    assert.equal((await notificationsOf(provider2, id)).length, 1);
    assert.equal((await provider2.post(`/api/v1/transfers/${id}/deny`, { reason: 'no' })).status, 403);
    assert.equal((await matcher.post(`/api/v1/transfers/${id}/deny`, { reason: '' })).status, 400);
    const denied = await matcher.post(`/api/v1/transfers/${id}/deny`, { reason: 'No family-size unit is available' });
    assert.equal(denied.status, 200, JSON.stringify(denied.body));
    assert.equal(denied.body.state, 'denied');
    assert.equal(denied.body.denyReason, 'No family-size unit is available');
    assert.equal(denied.body.referral, null);
    assert.equal((await matcher.post(`/api/v1/transfers/${id}/approve`)).status, 422, 'a denied transfer is final');
    const after = await db().selectFrom('enrollments').selectAll().where('client_id', '=', client('priya')).orderBy('id').execute();
    assert.deepEqual(after, before, 'a denied request changes no enrollment');
    assert.equal((await db().selectFrom('referrals').select('id').where('client_id', '=', client('priya')).where('source', '=', 'transfer').execute()).length, 0);
    const n = await notificationsOf(provider, id);
    assert.ok(n.some((x) => x.kind === 'transfer.denied'));
    // Visibility: an HRS sees no transfers; providers of other projects do not see this one.
    assert.deepEqual((await (await t.as('hrs')).get('/api/v1/transfers')).body.items, []);
  });

  test('overdue acknowledgement: on the queue, and the matching team is told once', async () => {
    const enr = await admin.post('/api/v1/enrollments', { projectId: project('northside-psh'), entryDate: '2026-11-01', members: [{ clientId: client('darnell'), relationshipToHoH: 1 }] });
    assert.equal(enr.status, 201, JSON.stringify(enr.body));
    const req = await agencyadmin.post('/api/v1/transfers', { enrollmentId: enr.body.enrollments[0].id, targetProjectId: psh2, reason: 'Closer to the clinic', decidedOn: '2026-11-25', memberClientIds: [client('darnell')] });
    assert.equal(req.status, 201, JSON.stringify(req.body));
    assert.equal((await agencyadmin.post(`/api/v1/transfers/${req.body.id}/complete`, { entryDate: '2026-11-25', householdMoves: true })).status, 200);
    const fresh = (await openEnrollment('darnell', psh2))!;
    assert.equal(fresh.move_in_date, null, 'not housed before: no move-in');

    assert.equal((await runTransferSweep(t.db.database, t.clock, 'http://hearth.test')).overdue, 0);
    t.clock.set('2026-12-01T12:00:00Z'); // after Mon 30 23:59 Chicago
    const m = await t.as('matcher');
    const q = await m.get('/api/v1/transfers?overdue=true');
    assert.ok(q.body.items.some((i: { id: string; overdue: boolean }) => i.id === req.body.id && i.overdue));
    const first = await runTransferSweep(t.db.database, t.clock, 'http://hearth.test');
    assert.ok(first.overdue >= 1);
    assert.equal((await runTransferSweep(t.db.database, t.clock, 'http://hearth.test')).overdue, 0, 'once');
    const n = await notificationsOf(m, req.body.id);
    assert.equal(n.filter((x) => x.kind === 'transfer.overdue').length, 1);
    assert.equal((await (await t.as('agencyadmin')).get(`/api/v1/transfers/${req.body.id}`)).body.timeline.at(-1).kind, 'overdue');
    const ack = await m.post(`/api/v1/transfers/${req.body.id}/acknowledge`);
    assert.equal(ack.status, 200);
    t.clock.set('2026-11-25T15:00:00Z');
  });

  test('the transfer log: by kind and outcome, median business days to decision; not for providers', async () => {
    assert.equal((await provider.get('/api/v1/transfers/log')).status, 403);
    // Only this file's transfers: the demo's (requested on the 24th and 25th) are left out by removing them.
    await t.db.database.db.deleteFrom('transfer_events').where('transfer_id', 'in', demoTransfers).execute();
    await t.db.database.db.deleteFrom('transfers').where('id', 'in', demoTransfers).execute();
    const log = await (await t.as('admin')).get('/api/v1/transfers/log?from=2026-11-01&to=2026-11-30');
    assert.equal(log.status, 200, JSON.stringify(log.body));
    const internal = log.body.byKind.find((k: { kind: string }) => k.kind === 'internal');
    const external = log.body.byKind.find((k: { kind: string }) => k.kind === 'external');
    assert.equal(external.total, 1);
    assert.equal(external.outcomes.denied, 1);
    assert.equal(internal.total, 5);
    assert.equal(internal.outcomes.acknowledged, 2);
    assert.equal(internal.outcomes.completed, 3);
    assert.equal(log.body.medianBusinessDaysToDecision, 0, 'decided the day they were requested');
    assert.equal(log.body.decided, 2);
    assert.equal(log.body.filedLate, 1);
    assert.equal(log.body.acknowledgedLate, 1);
    const none = await (await t.as('admin')).get('/api/v1/transfers/log?from=2026-12-01&to=2026-12-31');
    assert.equal(none.body.total, 0);
    assert.equal(none.body.medianBusinessDaysToDecision, null);
  });
});
