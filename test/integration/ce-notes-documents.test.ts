import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApp, type Client, type TestApp } from '../helpers/app.ts';
import { tinyPdf, tinyPng } from '../../src/demo/coordinated-entry.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function assertProblem(res: { status: number; contentType: string | null; body: any }, status: number) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.ok(res.contentType?.startsWith('application/problem+json'), `content-type ${res.contentType}`);
  assert.equal(typeof res.body.detail, 'string');
}

/** Raw upload: the file is the body, the name in a header, the type in the query. */
async function upload(c: Client, clientId: string, bytes: Uint8Array, type = 'id', filename = 'scan.pdf', contentType = 'application/octet-stream') {
  const res = await fetch(`${c.baseUrl}/api/v1/clients/${clientId}/documents?type=${type}`, {
    method: 'POST',
    headers: { cookie: c.cookie!, 'x-csrf-token': c.csrfToken!, 'content-type': contentType, 'x-document-filename': encodeURIComponent(filename), accept: 'application/json' },
    body: bytes as unknown as BodyInit,
  });
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get('content-type'), body: text ? JSON.parse(text) : undefined };
}

async function download(c: Client, documentId: string) {
  const res = await fetch(`${c.baseUrl}/api/v1/documents/${documentId}/content`, { headers: { cookie: c.cookie! } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

const ASSESSMENT = {
  assessmentDate: '2026-11-24',
  assessmentLocation: 'Uptown access point',
  assessmentType: 3,
  assessmentLevel: 2,
  prioritizationStatus: 1,
  score: 12.5,
  disablingCondition: 1,
  livingSituation: 116,
  dateToStreetEssh: '2025-06-01',
  timesHomelessPastThreeYears: 4,
  monthsHomelessPastThreeYears: 113,
  answers: [
    { group: 'Risks', question: 'Emergency room visits in the past six months?', answer: 'Yes' },
    { question: 'Where do you sleep most frequently?', answer: 'Outdoors' },
  ],
  socialServiceContacts: [
    { name: 'Dana Ellis', organization: 'Jesse Brown VA Medical Center', role: 'Social worker', phone: '(312) 555-0190', email: 'dana.ellis@example.org', notes: 'Tuesdays' },
    { name: 'Ray Greene', organization: 'Uptown Warming Center' },
  ],
};

describe('Coordinated Entry enrollment and assessment, notes, documents', () => {
  let t: TestApp;
  let dataDir: string;
  let hrs: Client, matcher: Client, provider: Client, provider2: Client, agencyadmin: Client, admin: Client;
  let maria: string, priya: string, tanya: string, samuel: string, tyrese: string, angela: string;

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-ce-'));
    t = await startApp({ config: { dataDir } });
    [hrs, matcher, provider, provider2, agencyadmin, admin] = await Promise.all([t.as('hrs'), t.as('matcher'), t.as('provider'), t.as('provider2'), t.as('agencyadmin'), t.as('admin')]);
    const c = t.ids.clients!;
    [maria, priya, tanya, samuel, tyrese, angela] = [c.maria!, c.priya!, c.tanya!, c.samuel!, c.tyrese!, c.angela!];
  });
  after(async () => {
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  let enrollment: any;

  test('an HRS enrolls the client in CE; a second open CE enrollment is refused (409)', async () => {
    const res = await hrs.post(`/api/v1/clients/${maria}/ce-enrollment`, { entryDate: '2026-11-20', disablingCondition: 1, livingSituation: 101, lengthOfStay: 3, dateToStreetEssh: '2026-08-01', timesHomelessPastThreeYears: 2, monthsHomelessPastThreeYears: 104 });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    enrollment = res.body;
    assert.equal(enrollment.clientId, maria);
    assert.equal(enrollment.relationshipToHoH, 1);
    assert.equal(enrollment.entryDate, '2026-11-20');
    assert.equal(enrollment.exitDate, null);
    assert.equal(enrollment.projectName, 'Coordinated Entry System');
    assert.equal(enrollment.enrollmentCoc, 'XX-999');
    assert.match(enrollment.householdId, /^[0-9a-f]{32}$/);
    assert.equal(enrollment.chronic.status, 'no');

    const again = await hrs.post(`/api/v1/clients/${maria}/ce-enrollment`, { entryDate: '2026-11-21' });
    assertProblem(again, 409);
    assert.match(again.body.detail, /already has an open Coordinated Entry enrollment/);

    const got = await provider.get(`/api/v1/clients/${maria}/ce-enrollment`);
    assert.equal(got.status, 200);
    assert.equal(got.body.enrollment.id, enrollment.id);
    assert.deepEqual(got.body.capabilities, { canEnroll: false, canEdit: false, canAssess: false });
    const mine = await hrs.get(`/api/v1/clients/${maria}/ce-enrollment`);
    assert.deepEqual(mine.body.capabilities, { canEnroll: false, canEdit: true, canAssess: true });
  });

  test('only the CE project’s HRS may enroll, assess or record a living situation', async () => {
    for (const c of [provider, matcher, agencyadmin, admin]) {
      assertProblem(await c.post(`/api/v1/clients/${priya}/ce-enrollment`, { entryDate: '2026-11-20' }), 403);
      assertProblem(await c.post(`/api/v1/clients/${maria}/ce-assessments`, ASSESSMENT), 403);
      assertProblem(await c.post(`/api/v1/clients/${maria}/current-living-situations`, { informationDate: '2026-11-24', currentLivingSituation: 116 }), 403);
      assertProblem(await c.patch(`/api/v1/ce-enrollments/${enrollment.id}`, { version: enrollment.version, disablingCondition: 0 }), 403);
    }
  });

  test('later changes are updates of the same enrollment, with its version', async () => {
    const res = await hrs.patch(`/api/v1/ce-enrollments/${enrollment.id}`, { version: enrollment.version, dateToStreetEssh: '2025-10-01' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.id, enrollment.id);
    assert.equal(res.body.version, enrollment.version + 1);
    assert.equal(res.body.chronic.status, 'yes', 'a year homeless with a disabling condition');
    assertProblem(await hrs.patch(`/api/v1/ce-enrollments/${enrollment.id}`, { version: enrollment.version, disablingCondition: 0 }), 409);
    const bad = await hrs.patch(`/api/v1/ce-enrollments/${enrollment.id}`, { version: res.body.version, dateToStreetEssh: '2026-11-22' });
    assertProblem(bad, 422);
    assert.equal(bad.body.errors[0].pointer, '/dateToStreetEssh');
    enrollment = res.body;
  });

  test('for a family the head is enrolled: a member is refused (422)', async () => {
    const res = await hrs.post(`/api/v1/clients/${tyrese}/ce-enrollment`, { entryDate: '2026-11-20' });
    assertProblem(res, 422);
    assert.match(res.body.detail, /head of household/);
    const head = await hrs.get(`/api/v1/clients/${angela}/ce-enrollment`);
    assert.equal(head.body.enrollment.relationshipToHoH, 1);
    assert.deepEqual(head.body.enrollment.members.map((m: any) => m.clientId).sort(), [t.ids.clients!.tyrese, t.ids.clients!.imani].sort());
  });

  test('a family: the head is enrolled with the members given, in one HUD household', async () => {
    const mk = async (firstName: string) => {
      const res = await hrs.post('/api/v1/clients', { firstName, lastName: 'Okonkwo', dateOfBirth: firstName === 'Obi' ? '2016-05-06' : '1990-01-02', consent: firstName !== 'Obi' ? { sharing: 'full' } : { sharing: 'full', signedBy: 'guardian', signerName: 'Ada Okonkwo' } });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.id as string;
    };
    const [ada, obi, stranger] = [await mk('Ada'), await mk('Obi'), await mk('Chidi')];
    const hh = await hrs.post('/api/v1/households', { members: [{ clientId: ada, relationshipToHoH: 1, joinedOn: '2026-11-01' }, { clientId: obi, relationshipToHoH: 2, joinedOn: '2026-11-01' }] });
    assert.equal(hh.status, 201, JSON.stringify(hh.body));
    const notMember = await hrs.post(`/api/v1/clients/${ada}/ce-enrollment`, { entryDate: '2026-11-20', householdMembers: [{ clientId: stranger, relationshipToHoH: 4 }] });
    assertProblem(notMember, 422);
    assert.equal(notMember.body.errors[0].pointer, '/householdMembers/0/clientId');
    const res = await hrs.post(`/api/v1/clients/${ada}/ce-enrollment`, { entryDate: '2026-11-20', householdMembers: [{ clientId: obi, relationshipToHoH: 2 }] });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.members.length, 1);
    const child = await hrs.get(`/api/v1/clients/${obi}/ce-enrollment`);
    assert.equal(child.body.enrollment.householdId, res.body.householdId);
    assert.equal(child.body.enrollment.relationshipToHoH, 2);
    assert.equal(child.body.capabilities.canAssess, false, 'the head is assessed');
    assertProblem(await hrs.post(`/api/v1/clients/${obi}/ce-assessments`, ASSESSMENT), 422);
    // The member already has an open CE enrollment: enrolling them again with another head is refused.
    const twice = await hrs.post(`/api/v1/clients/${stranger}/ce-enrollment`, { entryDate: '2026-11-20', householdMembers: [{ clientId: obi, relationshipToHoH: 4 }] });
    assertProblem(twice, 409);
    assert.equal(twice.body.errors[0].pointer, '/householdMembers/0/clientId');
    assert.equal((await hrs.get(`/api/v1/clients/${stranger}/ce-enrollment`)).body.enrollment, null, 'nothing half-done');
  });

  test('the assessment needs an open CE enrollment (422)', async () => {
    const res = await hrs.post(`/api/v1/clients/${priya}/ce-assessments`, ASSESSMENT);
    assertProblem(res, 422);
    assert.match(res.body.detail, /Enroll the client in Coordinated Entry/);
  });

  test('the HRS records the assessment with social-service contacts and sees them', async () => {
    const res = await hrs.post(`/api/v1/clients/${maria}/ce-assessments`, ASSESSMENT);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.score, 12.5);
    assert.equal(res.body.prioritizationStatus, 1);
    assert.equal(res.body.assessedBy, 'Harper Specialist');
    assert.equal(res.body.chronic.status, 'yes');
    assert.equal(res.body.answers.length, 2);
    assert.equal(res.body.socialServiceContacts.length, 2);
    assert.equal(res.body.socialServiceContacts[0].name, 'Dana Ellis');

    // The chronic-homelessness inputs updated the enrollment (an update, not a new enrollment).
    const e = await hrs.get(`/api/v1/clients/${maria}/ce-enrollment`);
    assert.equal(e.body.enrollment.id, enrollment.id);
    assert.equal(e.body.enrollment.livingSituation, 116);
    assert.equal(e.body.enrollment.dateToStreetEssh, '2025-06-01');

    const latest = await hrs.get(`/api/v1/clients/${maria}/ce-assessment`);
    assert.equal(latest.status, 200);
    assert.equal(latest.body.id, res.body.id);
    assert.deepEqual(latest.body.socialServiceContacts.map((c: any) => c.organization), ['Jesse Brown VA Medical Center', 'Uptown Warming Center']);
    assert.ok(!('askHrs' in latest.body));

    // The audit row of the change does not copy the contacts (administrators read the audit log).
    const audit = await t.db.database.db.selectFrom('audit_log').select(['after']).where('action', '=', 'ce_assessment.create').where('entity_id', '=', res.body.id).executeTakeFirstOrThrow();
    assert.doesNotMatch(JSON.stringify(audit.after), /Dana Ellis/);
  });

  test('everyone else gets the assessment WITHOUT the socialServiceContacts field, and whom to ask', async () => {
    for (const [name, c] of [['matcher', matcher], ['provider', provider], ['agencyadmin', agencyadmin], ['admin', admin], ['provider2', provider2]] as const) {
      const res = await c.get(`/api/v1/clients/${maria}/ce-assessment`);
      assert.equal(res.status, 200, name);
      assert.ok(!('socialServiceContacts' in res.body), `${name} must not get the field`);
      assert.match(res.body.askHrs, /Housing Resource Specialist/, name);
      assert.match(res.body.askHrs, /Harper Specialist/, name);
      assert.match(res.body.socialServiceContactsHiddenReason, /only to Housing Resource Specialists/);
      assert.equal(res.body.score, 12.5);
      assert.doesNotMatch(JSON.stringify(res.body), /Dana Ellis|555-0190/, name);
      const list = await c.get(`/api/v1/clients/${maria}/ce-assessments`);
      assert.equal(list.status, 200);
      assert.ok(list.body.items.length >= 1);
      for (const a of list.body.items) assert.ok(!('socialServiceContacts' in a));
    }
    const hrsList = await hrs.get(`/api/v1/clients/${maria}/ce-assessments`);
    assert.ok(hrsList.body.items.every((a: any) => Array.isArray(a.socialServiceContacts)));
  });

  test('reads of the assessment are audited, saying whether the contacts were shown', async () => {
    const rows = await t.db.database.db
      .selectFrom('audit_log')
      .select(['user_id', 'reason', 'details'])
      .where('action', '=', 'client.read')
      .where('client_id', '=', maria)
      .execute();
    const forAssessment = rows.filter((r) => (r.details as any)?.what === 'ce_assessment');
    const byUser = (u: string) => forAssessment.filter((r) => r.user_id === t.ids.users[u]);
    assert.equal(byUser('hrs').at(-1)?.details && (byUser('hrs').at(-1)!.details as any).socialServiceContactsShown, true);
    assert.equal((byUser('provider').at(-1)!.details as any).socialServiceContactsShown, false);
    assert.equal(byUser('admin').at(-1)!.reason, 'administrator');
  });

  test('current living situation contacts (HUD 4.12)', async () => {
    const res = await hrs.post(`/api/v1/clients/${maria}/current-living-situations`, { informationDate: '2026-11-24', currentLivingSituation: 116, locationDetails: 'Under the Lawrence Ave viaduct', verifiedBy: 'Outreach team' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.enrollmentId, enrollment.id);
    assertProblem(await hrs.post(`/api/v1/clients/${maria}/current-living-situations`, { informationDate: '2026-11-26', currentLivingSituation: 116 }), 422);
    assertProblem(await hrs.post(`/api/v1/clients/${priya}/current-living-situations`, { informationDate: '2026-11-24', currentLivingSituation: 116 }), 422);
    const list = await provider.get(`/api/v1/clients/${maria}/current-living-situations`);
    assert.equal(list.body.items[0].locationDetails, 'Under the Lawrence Ave viaduct');
  });

  test('exiting the CE enrollment allows a new one later', async () => {
    const exited = await hrs.patch(`/api/v1/ce-enrollments/${enrollment.id}`, { version: enrollment.version, exitDate: '2026-11-25', destination: 116 });
    // The version moved when the assessment updated the 3.917 inputs: a stale version is refused.
    assertProblem(exited, 409);
    const current = (await hrs.get(`/api/v1/clients/${maria}/ce-enrollment`)).body.enrollment;
    assert.equal(current.version, enrollment.version + 1);
    const noDestination = await hrs.patch(`/api/v1/ce-enrollments/${enrollment.id}`, { version: current.version, exitDate: '2026-11-25' });
    assertProblem(noDestination, 422);
    assert.equal(noDestination.body.errors[0].pointer, '/destination');
    const ok = await hrs.patch(`/api/v1/ce-enrollments/${enrollment.id}`, { version: current.version, exitDate: '2026-11-25', destination: 116 });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.exitDate, '2026-11-25');
    const again = await hrs.post(`/api/v1/clients/${maria}/ce-enrollment`, { entryDate: '2026-11-25' });
    assert.equal(again.status, 201, JSON.stringify(again.body));
    assert.notEqual(again.body.id, enrollment.id);
    // The exited one cannot be reopened while another is open.
    const reopen = await hrs.patch(`/api/v1/ce-enrollments/${enrollment.id}`, { version: ok.body.version, exitDate: null, destination: null });
    assertProblem(reopen, 409);
    assert.match(reopen.body.detail, /another open Coordinated Entry enrollment/);
  });

  test('notes: visible across agencies, unread per user until read', async () => {
    const written = await provider2.post(`/api/v1/clients/${maria}/notes`, { body: '  Maria asked about the Lakeshore family units.  ' });
    assert.equal(written.status, 201, JSON.stringify(written.body));
    assert.equal(written.body.body, 'Maria asked about the Lakeshore family units.');
    assert.equal(written.body.agencyName, 'Lakeshore Family Services');
    assert.equal(written.body.unread, false, 'read for its author');

    const forProvider = await provider.get(`/api/v1/clients/${maria}/notes`);
    assert.equal(forProvider.status, 200);
    const note = forProvider.body.items.find((n: any) => n.id === written.body.id);
    assert.equal(note.unread, true);
    assert.equal(note.authorName, 'Quinn Provider');
    assert.equal(forProvider.body.unreadCount, 1);

    const marked = await provider.post(`/api/v1/clients/${maria}/notes/read`, {});
    assert.equal(marked.status, 200);
    assert.deepEqual(marked.body, { marked: 1, unreadCount: 0 });
    assert.equal((await provider.get(`/api/v1/clients/${maria}/notes`)).body.items.find((n: any) => n.id === written.body.id).unread, false);
    // Still unread for another user, and for the author's colleague-free agencies.
    const forMatcher = await matcher.get(`/api/v1/clients/${maria}/notes`);
    assert.equal(forMatcher.body.items.find((n: any) => n.id === written.body.id).unread, true);
    assert.equal(forMatcher.body.unreadCount, 1);
    // Marking named notes only.
    const other = await hrs.post(`/api/v1/clients/${maria}/notes`, { body: 'Second note.' });
    assert.deepEqual((await matcher.post(`/api/v1/clients/${maria}/notes/read`, { noteIds: [other.body.id] })).body, { marked: 1, unreadCount: 1 });
    assertProblem(await provider.post(`/api/v1/clients/${maria}/notes`, { body: '   ' }), 422);
  });

  test('demo notes: unread for users who have not read them', async () => {
    const marcus = t.ids.clients!.marcus!;
    const forProvider = await provider.get(`/api/v1/clients/${marcus}/notes`);
    assert.equal(forProvider.body.items.length, 2);
    assert.equal(forProvider.body.unreadCount, 1, "the HRS's note; the provider wrote the other");
    assert.equal((await matcher.get(`/api/v1/clients/${marcus}/notes`)).body.unreadCount, 1, 'the matcher read the HRS note already');
  });

  let docId: string;
  const pdf = tinyPdf('Homeless verification for the test');

  test('documents: upload (type sniffed, named by id on disk), list and download by a provider, audited', async () => {
    const res = await upload(hrs, maria, pdf, 'homeless_verification', '../Maria Santos – verification.PDF', 'image/png');
    assert.equal(res.status, 201, JSON.stringify(res.body));
    docId = res.body.id;
    assert.equal(res.body.contentType, 'application/pdf', 'sniffed, not the declared image/png');
    assert.equal(res.body.filename, 'Maria Santos – verification.pdf');
    assert.equal(res.body.size, pdf.length);
    assert.equal(res.body.sha256, sha(pdf));
    assert.equal(res.body.documentType, 'homeless_verification');

    // Stored under the data folder, named by the id only.
    const file = path.join(dataDir, 'documents', docId.slice(0, 2), docId);
    assert.deepEqual(fs.readFileSync(file), pdf);
    const allFiles = fs.readdirSync(path.join(dataDir, 'documents'), { recursive: true }).map(String);
    assert.ok(!allFiles.some((f) => /maria|santos|\.tmp$/i.test(f)), allFiles.join(','));

    const list = await provider.get(`/api/v1/clients/${maria}/documents`);
    assert.equal(list.status, 200);
    assert.equal(list.body.items[0].id, docId);
    assert.equal(list.body.items[0].uploadedBy, 'Harper Specialist');

    const got = await download(provider, docId);
    assert.equal(got.status, 200);
    assert.deepEqual(got.bytes, pdf);
    assert.equal(got.headers.get('content-type'), 'application/pdf');
    assert.equal(got.headers.get('content-disposition'), `attachment; filename="Maria Santos _ verification.pdf"; filename*=UTF-8''Maria%20Santos%20%E2%80%93%20verification.pdf`);
    assert.equal(got.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(got.headers.get('cache-control'), 'no-store');

    const audits = await t.db.database.db.selectFrom('audit_log').select(['user_id', 'client_id']).where('action', '=', 'client_document.download').where('entity_id', '=', docId).execute();
    assert.equal(audits.length, 1);
    assert.equal(audits[0]!.user_id, t.ids.users.provider);
    assert.equal(audits[0]!.client_id, maria);
    await download(matcher, docId);
    assert.equal((await t.db.database.db.selectFrom('audit_log').select('id').where('action', '=', 'client_document.download').where('entity_id', '=', docId).execute()).length, 2, 'every download');

    const png = await upload(provider, maria, tinyPng(), 'id', 'id card.png');
    assert.equal(png.status, 201);
    assert.equal(png.body.contentType, 'image/png');
    assert.equal(png.body.agencyName, 'Northside Housing Partners');
  });

  test('documents: size limit (413), unknown formats (415), empty (422), bad type (400)', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0x20);
    big.write('%PDF-1.4\n', 0, 'latin1');
    const tooBig = await upload(hrs, maria, big, 'id', 'big.pdf');
    assertProblem(tooBig, 413);
    assert.match(tooBig.body.detail, /larger than 10 MB/);
    const html = await upload(hrs, maria, Buffer.from('<html><script>alert(1)</script></html>'), 'id', 'fake.pdf', 'application/pdf');
    assertProblem(html, 415);
    assert.match(html.body.detail, /PDF, PNG, JPEG/);
    assertProblem(await upload(hrs, maria, new Uint8Array(0), 'id', 'empty.pdf'), 422);
    assertProblem(await upload(hrs, maria, pdf, 'passport', 'x.pdf'), 400);
    const rows = await t.db.database.db.selectFrom('client_documents').select('filename').where('client_id', '=', maria).execute();
    assert.deepEqual(rows.map((r) => r.filename).sort(), ['Maria Santos – verification.pdf', 'id card.pdf'.replace('.pdf', '.png')].sort(), 'nothing refused was stored');
  });

  test('documents: the checksum is verified on download', async () => {
    const file = path.join(dataDir, 'documents', docId.slice(0, 2), docId);
    const original = fs.readFileSync(file);
    fs.writeFileSync(file, Buffer.concat([original.subarray(0, original.length - 1), Buffer.from('X')]));
    try {
      const res = await download(provider, docId);
      assert.equal(res.status, 500);
      assert.match(JSON.parse(res.bytes.toString()).detail, /checksum/);
    } finally {
      fs.writeFileSync(file, original);
    }
    assert.equal((await download(provider, docId)).status, 200);
  });

  test('a client the caller may not see answers 404 everywhere', async () => {
    // Tanya: locked (fleeing DV), owned by Lakeshore; the Northside case manager may not see her.
    const doc = await upload(provider2, tanya, tinyPng(), 'id', 'id.png');
    assert.equal(doc.status, 201);
    const note = await provider2.post(`/api/v1/clients/${tanya}/notes`, { body: 'Safety plan on file.' });
    assert.equal(note.status, 201);
    const checks = [
      () => provider.get(`/api/v1/clients/${tanya}/ce-assessment`),
      () => provider.get(`/api/v1/clients/${tanya}/ce-assessments`),
      () => provider.get(`/api/v1/clients/${tanya}/ce-enrollment`),
      () => provider.get(`/api/v1/clients/${tanya}/current-living-situations`),
      () => provider.get(`/api/v1/clients/${tanya}/notes`),
      () => provider.post(`/api/v1/clients/${tanya}/notes`, { body: 'x' }),
      () => provider.post(`/api/v1/clients/${tanya}/notes/read`, {}),
      () => provider.get(`/api/v1/clients/${tanya}/documents`),
      () => upload(provider, tanya, pdf, 'id', 'x.pdf'),
      () => download(provider, doc.body.id).then((r) => ({ status: r.status, contentType: r.headers.get('content-type'), body: JSON.parse(r.bytes.toString()) })),
      // Samuel: consent revoked, owned by Lakeshore: not even the CE project's HRS sees him.
      () => hrs.post(`/api/v1/clients/${samuel}/ce-enrollment`, { entryDate: '2026-11-20' }),
      () => hrs.post(`/api/v1/clients/${samuel}/ce-assessments`, ASSESSMENT),
      () => hrs.post(`/api/v1/clients/${samuel}/current-living-situations`, { informationDate: '2026-11-24', currentLivingSituation: 116 }),
      () => hrs.get(`/api/v1/clients/${samuel}/ce-assessment`),
      () => hrs.get(`/api/v1/clients/${samuel}/notes`),
      () => hrs.get(`/api/v1/clients/${samuel}/documents`),
      () => hrs.get(`/api/v1/clients/0123456789abcdef0123456789abcdef/ce-assessment`),
    ];
    for (const [i, check] of checks.entries()) {
      const res = await check();
      assert.equal(res.status, 404, `check ${i}: ${JSON.stringify(res.body)}`);
      assert.match(res.body.detail, /^No such (client|document)\.$/, `check ${i}`);
    }
    // The HRS (visibility group) sees Tanya's CE assessment with its contacts; the owning agency without them.
    const forHrs = await hrs.get(`/api/v1/clients/${tanya}/ce-assessment`);
    assert.equal(forHrs.status, 200);
    assert.ok(Array.isArray(forHrs.body.socialServiceContacts));
    const forOwner = await provider2.get(`/api/v1/clients/${tanya}/ce-assessment`);
    assert.equal(forOwner.status, 200);
    assert.ok(!('socialServiceContacts' in forOwner.body));
  });

  test('the routes are in the OpenAPI document', async () => {
    const res = await t.client().get('/api/openapi.json');
    for (const p of ['/api/v1/clients/{id}/ce-enrollment', '/api/v1/ce-enrollments/{id}', '/api/v1/clients/{id}/ce-assessments', '/api/v1/clients/{id}/ce-assessment', '/api/v1/clients/{id}/notes', '/api/v1/clients/{id}/notes/read', '/api/v1/clients/{id}/documents', '/api/v1/documents/{id}/content', '/api/v1/clients/{id}/current-living-situations']) {
      assert.ok(res.body.paths[p], p);
    }
    assert.match(res.body.paths['/api/v1/clients/{id}/ce-assessment'].get.responses['200'].content['application/json'].schema.properties.socialServiceContacts.description, /ONLY/);
  });
});
