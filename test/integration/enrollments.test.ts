import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, type Client, type TestApp } from '../helpers/app.ts';
import { enrollmentTestHooks } from '../../src/usecases/enrollments/create.ts';

const SCREEN_NO = {
  homeless_category: 'category-1',
  homeless_verification: 'third-party',
  other_residence: 'no',
  other_resources: 'no',
  sufficient_funds: 'no',
  duplicate_assistance: 'no',
  other_housing_offer: 'no',
  screening_date: '2026-11-20',
};

describe('enrollment (issue 5)', () => {
  let t: TestApp;
  let provider: Client, provider2: Client, admin: Client;
  const client = (k: string) => t.ids.clients![k]!;
  const project = (k: string) => t.ids.projects[k]!;
  const count = async (table: 'enrollments' | 'enrollment_assessments', clientIds: string[]) =>
    Number((await t.db.database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where('client_id', 'in', clientIds).executeTakeFirstOrThrow()).n);

  const family = () => [
    { clientId: client('angela'), relationshipToHoH: 1 },
    { clientId: client('tyrese'), relationshipToHoH: 2 },
    { clientId: client('imani'), relationshipToHoH: 2 },
    { clientId: client('marcus'), relationshipToHoH: 5 },
  ];

  before(async () => {
    t = await startApp();
    provider = await t.as('provider');
    provider2 = await t.as('provider2');
    admin = await t.as('admin');
  });
  after(async () => {
    enrollmentTestHooks.afterMemberInsert = undefined;
    await t.close();
  });

  test('a failure injected after the third member leaves nothing behind', async () => {
    const ids = family().map((m) => m.clientId);
    const before = await count('enrollments', ids);
    const assessmentsBefore = await count('enrollment_assessments', ids);
    let seenInside = -1;
    enrollmentTestHooks.afterMemberInsert = async (tx, { index, householdId }) => {
      if (index === 2) {
        // Three members are really written inside the transaction when the failure hits.
        const rows = await tx.selectFrom('enrollments').select('id').where('household_id', '=', householdId).execute();
        seenInside = rows.length;
        throw new Error('injected failure after the third member');
      }
    };
    try {
      const res = await provider.post('/api/v1/enrollments', { projectId: project('northside-psh'), entryDate: '2026-11-20', members: family() });
      assert.equal(res.status, 500);
    } finally {
      enrollmentTestHooks.afterMemberInsert = undefined;
    }
    assert.equal(seenInside, 3);
    assert.equal(await count('enrollments', ids), before);
    assert.equal(await count('enrollment_assessments', ids), assessmentsBefore);
  });

  test('no head or two heads → 422', async () => {
    const none = await provider.post('/api/v1/enrollments', { projectId: project('northside-psh'), entryDate: '2026-11-20', members: [{ clientId: client('anthony'), relationshipToHoH: 2 }] });
    assert.equal(none.status, 422);
    assert.equal(none.body.rule, 'household.no-head');
    const two = await provider.post('/api/v1/enrollments', {
      projectId: project('northside-psh'),
      entryDate: '2026-11-20',
      members: [
        { clientId: client('anthony'), relationshipToHoH: 1 },
        { clientId: client('maria'), relationshipToHoH: 1 },
      ],
    });
    assert.equal(two.status, 422);
    assert.equal(two.body.rule, 'household.two-heads');
    assert.equal(two.body.errors[0].pointer, '/members/1/relationshipToHoH');
  });

  let familyHead = '';
  let familyIds: string[] = [];
  test('a family of four is enrolled in one transaction, sharing a household ID', async () => {
    const members = family().map((m, i) => (i === 0 ? { ...m, disablingCondition: 0, priorLivingSituation: { livingSituation: 101, lengthOfStay: 4 }, assessment: { incomeFromAnySource: 1, incomeSources: { Earned: 1200 } } } : m));
    const res = await provider.post('/api/v1/enrollments', { projectId: project('northside-psh'), entryDate: '2026-11-20', members });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.enrollments.length, 4);
    familyIds = res.body.enrollments.map((e: { id: string }) => e.id);
    familyHead = familyIds[0]!;
    const detail = await provider.get(`/api/v1/enrollments/${familyHead}`);
    assert.equal(detail.status, 200);
    assert.equal(detail.body.householdId, res.body.householdId);
    assert.equal(detail.body.members.length, 4);
    assert.equal(detail.body.enrollmentCoC, 'XX-999');
    assert.equal(detail.body.assessments.filter((a: { stage: number }) => a.stage === 1).length, 4);
    assert.equal(detail.body.assessments.find((a: { clientId: string }) => a.clientId === client('angela')).totalMonthlyIncome, 1200);
    // Missing answers are saved and shown as data-quality problems.
    assert.ok(detail.body.dataQuality.some((d: { pointer: string }) => d.pointer === '/members/1/stages/1/disablingCondition'));
    assert.equal(detail.body.capabilities.canRecordMoveIn, true);
    const list = await provider.get(`/api/v1/clients/${client('tyrese')}/enrollments`);
    assert.equal(list.status, 200);
    assert.ok(list.body.items.some((e: { id: string; status: string }) => e.id === familyIds[1] && e.status === 'not_yet_housed'));
    // Another agency's case manager may not enroll in this project.
    const other = await provider2.post('/api/v1/enrollments', { projectId: project('northside-psh'), entryDate: '2026-11-20', members: [{ clientId: client('anthony'), relationshipToHoH: 1 }] });
    assert.equal(other.status, 403);
  });

  test('move-in: before start, non-head, then once, twice, after exit, emergency shelter → 422 each', async () => {
    const before = await provider.post(`/api/v1/enrollments/${familyHead}/move-in`, { moveInDate: '2026-11-19' });
    assert.equal(before.status, 422);
    assert.equal(before.body.rule, 'move-in.before-start');
    assert.match(before.body.errors[0].message, /before the project start date/);
    const nonHead = await provider.post(`/api/v1/enrollments/${familyIds[1]}/move-in`, { moveInDate: '2026-11-21' });
    assert.equal(nonHead.status, 422);
    assert.equal(nonHead.body.rule, 'move-in.head-only');
    const ok = await provider.post(`/api/v1/enrollments/${familyHead}/move-in`, { moveInDate: '2026-11-22' });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.moveInDate, '2026-11-22');
    const twice = await provider.post(`/api/v1/enrollments/${familyHead}/move-in`, { moveInDate: '2026-11-23' });
    assert.equal(twice.status, 422);
    assert.equal(twice.body.rule, 'move-in.already-recorded');
    const corrected = await provider.post(`/api/v1/enrollments/${familyHead}/move-in`, { moveInDate: '2026-11-21', correct: true });
    assert.equal(corrected.status, 200);
    assert.equal(corrected.body.moveInDate, '2026-11-21');

    // Emergency shelter: never a move-in date (admin may enroll anywhere).
    const es = await admin.post('/api/v1/enrollments', { projectId: project('northside-es'), entryDate: '2026-11-01', members: [{ clientId: client('jonathan'), relationshipToHoH: 1 }] });
    assert.equal(es.status, 201, JSON.stringify(es.body));
    const esMove = await admin.post(`/api/v1/enrollments/${es.body.enrollments[0].id}/move-in`, { moveInDate: '2026-11-02' });
    assert.equal(esMove.status, 422);
    assert.equal(esMove.body.rule, 'move-in.project-type');

    // After exit: a single adult exited on the 10th; an administrator's amendment still can't put the move-in after the exit.
    const single = await provider.post('/api/v1/enrollments', { projectId: project('northside-psh'), entryDate: '2026-11-01', members: [{ clientId: client('william'), relationshipToHoH: 1 }] });
    assert.equal(single.status, 201);
    const sid = single.body.enrollments[0].id;
    const exit = await provider.post(`/api/v1/enrollments/${sid}/exit`, { exitDate: '2026-11-10', destination: 410 });
    assert.equal(exit.status, 200, JSON.stringify(exit.body));
    const after = await admin.post(`/api/v1/enrollments/${sid}/move-in`, { moveInDate: '2026-11-12' });
    assert.equal(after.status, 422);
    assert.equal(after.body.rule, 'move-in.after-exit');
  });

  test('exit: rules, household exit, read-only afterwards except follow-ups and audited amendments', async () => {
    const early = await provider.post(`/api/v1/enrollments/${familyHead}/exit`, { exitDate: '2026-11-20', destination: 410, exitHousehold: true });
    assert.equal(early.status, 422);
    assert.equal(early.body.rule, 'exit.before-move-in');
    const headAlone = await provider.post(`/api/v1/enrollments/${familyHead}/exit`, { exitDate: '2026-11-24', destination: 410 });
    assert.equal(headAlone.status, 422);
    assert.equal(headAlone.body.rule, 'exit.head-leaves');
    const noSubsidy = await provider.post(`/api/v1/enrollments/${familyHead}/exit`, { exitDate: '2026-11-24', destination: 435, exitHousehold: true });
    assert.equal(noSubsidy.status, 422);
    assert.equal(noSubsidy.body.rule, 'exit.subsidy-required');

    // A member leaves alone, with their own date.
    const marcus = await provider.post(`/api/v1/enrollments/${familyIds[3]}/exit`, { exitDate: '2026-11-23', destination: 410 });
    assert.equal(marcus.status, 200);
    const exited = await provider.post(`/api/v1/enrollments/${familyHead}/exit`, { exitDate: '2026-11-24', destination: 435, destinationSubsidyType: 419, exitHousehold: true });
    assert.equal(exited.status, 200, JSON.stringify(exited.body));
    const detail = await provider.get(`/api/v1/enrollments/${familyIds[1]}`);
    assert.equal(detail.body.exitDate, '2026-11-24');
    assert.equal(detail.body.destination, 435);
    assert.equal(detail.body.capabilities.canExit, false);

    const service = await provider.post(`/api/v1/enrollments/${familyHead}/services`, { date: '2026-11-24', type: 'case_management' });
    assert.equal(service.status, 422);
    assert.equal(service.body.rule, 'exit.read-only');
    const update = await provider.post(`/api/v1/enrollments/${familyHead}/assessments`, { stage: 2, informationDate: '2026-11-24' });
    assert.equal(update.status, 422);
    assert.equal(update.body.rule, 'exit.read-only');
    const edit = await provider.patch(`/api/v1/enrollments/${familyHead}`, { version: exited.body.version, disablingCondition: 1 });
    assert.equal(edit.status, 422);

    // A post-exit follow-up is allowed after the exit date.
    const followUp = await provider.post(`/api/v1/enrollments/${familyHead}/assessments`, { stage: 6, informationDate: '2026-11-25', incomeFromAnySource: 1 });
    assert.equal(followUp.status, 201, JSON.stringify(followUp.body));

    // An administrator amends, with a reason, and it is audited.
    const amend = await admin.patch(`/api/v1/enrollments/${familyHead}`, { version: exited.body.version, disablingCondition: 1, reason: 'Verified disability letter received' });
    assert.equal(amend.status, 200, JSON.stringify(amend.body));
    const audit = await t.db.database.db.selectFrom('audit_log').select(['action', 'reason']).where('entity_id', '=', familyHead).where('action', '=', 'enrollment.amend').execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.reason, 'Verified disability letter received');
  });

  test('ESG RRH: screening required, a "Yes" refused naming the question, initial service, rental assistance payments', async () => {
    const rrh = project('northside-rrh');
    const members = [{ clientId: client('maria'), relationshipToHoH: 1 }];
    const missing = await provider.post('/api/v1/enrollments', { projectId: rrh, entryDate: '2026-11-20', members, initialService: { type: 'housing_search' } });
    assert.equal(missing.status, 422);
    assert.equal(missing.body.rule, 'esg-rrh.screening-required');
    const yes = await provider.post('/api/v1/enrollments', {
      projectId: rrh,
      entryDate: '2026-11-20',
      members,
      forms: [{ formId: 'esg-rrh-eligibility-screening', answers: { ...SCREEN_NO, sufficient_funds: 'yes' } }],
      initialService: { type: 'housing_search' },
    });
    assert.equal(yes.status, 422);
    assert.equal(yes.body.rule, 'esg-rrh.screening-ineligible');
    assert.equal(yes.body.errors[0].pointer, '/forms/0/answers/sufficient_funds');
    assert.match(yes.body.detail, /security deposit/);
    const noService = await provider.post('/api/v1/enrollments', { projectId: rrh, entryDate: '2026-11-20', members, forms: [{ formId: 'esg-rrh-eligibility-screening', answers: SCREEN_NO }] });
    assert.equal(noService.status, 422);
    assert.equal(noService.body.rule, 'esg-rrh.initial-service-required');
    const ok = await provider.post('/api/v1/enrollments', {
      projectId: rrh,
      entryDate: '2026-11-20',
      members,
      forms: [{ formId: 'esg-rrh-eligibility-screening', answers: SCREEN_NO }],
      initialService: { type: 'housing_search', note: 'Unit search started' },
    });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    const id = ok.body.enrollments[0].id;
    const noAmount = await provider.post(`/api/v1/enrollments/${id}/services`, { date: '2026-11-21', type: 'rental_assistance' });
    assert.equal(noAmount.status, 422);
    assert.equal(noAmount.body.rule, 'service.amount-required');
    for (const d of ['2026-11-21', '2026-11-22']) {
      const pay = await provider.post(`/api/v1/enrollments/${id}/services`, { date: d, type: 'rental_assistance', amount: 950 });
      assert.equal(pay.status, 201);
      assert.equal(pay.body.funder, 10);
    }
    const detail = await provider.get(`/api/v1/enrollments/${id}`);
    assert.equal(detail.body.isEsgRrh, true);
    assert.equal(detail.body.services.length, 3);
    assert.equal(detail.body.forms[0].formId, 'esg-rrh-eligibility-screening');
    assert.equal(detail.body.reevaluation.dueBy, '2027-11-20');
    // Re-evaluation above 30% AMI is refused.
    const reevalAnswers = { reevaluation_date: '2026-11-24', household_size: 1, annual_income: 40000, income_documentation: 'source-documents', resources_to_stay_housed: 'no', continue_assistance: 'yes' };
    const reeval = await provider.post(`/api/v1/enrollments/${id}/forms`, { formId: 'esg-rrh-reevaluation', informationDate: '2026-11-24', answers: reevalAnswers });
    assert.equal(reeval.status, 422);
    assert.equal(reeval.body.rule, 'esg-rrh.income-above-limit');
    assert.match(reeval.body.detail, /\$27,100/);
    const within = await provider.post(`/api/v1/enrollments/${id}/forms`, { formId: 'esg-rrh-reevaluation', informationDate: '2026-11-24', answers: { ...reevalAnswers, annual_income: 20000 } });
    assert.equal(within.status, 201, JSON.stringify(within.body));
    assert.equal((await provider.get(`/api/v1/enrollments/${id}`)).body.reevaluation.dueBy, '2027-11-24');
    // Exit from ESG RRH needs the exit summary; then follow-ups are due.
    const noSummary = await provider.post(`/api/v1/enrollments/${id}/exit`, { exitDate: '2026-11-24', destination: 410 });
    assert.equal(noSummary.status, 422);
    assert.equal(noSummary.body.rule, 'esg-rrh.exit-summary-required');
  });

  test('annual assessment window: outside refused, inside accepted', async () => {
    const res = await admin.post('/api/v1/enrollments', { projectId: project('northside-psh'), entryDate: '2025-11-10', members: [{ clientId: client('tomas'), relationshipToHoH: 1 }] });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const id = res.body.enrollments[0].id;
    const d1 = await admin.get(`/api/v1/enrollments/${id}`);
    assert.equal(d1.body.annual.status, 'open');
    assert.equal(d1.body.annual.window.anniversary, '2026-11-10');
    const outside = await admin.post(`/api/v1/enrollments/${id}/assessments`, { stage: 5, informationDate: '2026-09-01' });
    assert.equal(outside.status, 422);
    assert.equal(outside.body.rule, 'stage.annual-window');
    const inside = await admin.post(`/api/v1/enrollments/${id}/assessments`, { stage: 5, informationDate: '2026-11-24', incomeFromAnySource: 0 });
    assert.equal(inside.status, 201);
    const d2 = await admin.get(`/api/v1/enrollments/${id}`);
    assert.equal(d2.body.annual.status, 'completed');
    const secondStart = await admin.post(`/api/v1/enrollments/${id}/assessments`, { stage: 1, informationDate: '2025-11-10' });
    assert.equal(secondStart.status, 422);
    assert.equal(secondStart.body.rule, 'stage.one-project-start');
  });

  test('the demo shows enrollments in every state', async () => {
    const first = async (k: string) => (await provider.get(`/api/v1/clients/${client(k)}/enrollments`)).body.items[0];
    const robert = await provider.get(`/api/v1/enrollments/${(await first('robert')).id}`);
    assert.equal(robert.body.annual.status, 'overdue');
    assert.ok(robert.body.dataQuality.some((d: { element: string }) => d.element === '5.03'));
    assert.equal((await provider.get(`/api/v1/enrollments/${(await first('priya')).id}`)).body.annual.status, 'open');
    const carlos = await provider.get(`/api/v1/enrollments/${(await first('carlos')).id}`);
    assert.equal(carlos.body.members.length, 3);
    assert.equal(carlos.body.services.filter((s: { type: string }) => s.type === 'rental_assistance').length, 3);
    assert.equal((await first('denise')).status, 'not_yet_housed');
    const gloria = await provider.get(`/api/v1/enrollments/${(await first('gloria')).id}`);
    assert.equal(gloria.body.followUps.find((f: { key: string }) => f.key === '30-day').status, 'due');
    const keisha = await provider2.get(`/api/v1/enrollments/${(await provider2.get(`/api/v1/clients/${client('keisha')}/enrollments`)).body.items.find((e: { exitDate: string | null }) => e.exitDate !== null).id}`);
    assert.equal(keisha.body.destination, 410);
    assert.ok(keisha.body.members.every((m: { exitDate: string | null }) => m.exitDate !== null));
  });

  test('enrolling from a referral: household from its snapshot, the referral becomes enrolled in the same transaction', async () => {
    const matcher = await t.as('matcher');
    const created = await matcher.post('/api/v1/referrals', { clientId: client('darnell'), projectId: project('northside-psh') });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const r = created.body;
    assert.equal((await provider.post(`/api/v1/referrals/${r.id}/status`, { status: 'attempting_contact', version: 1 })).status, 200);
    assert.equal((await provider.post(`/api/v1/referrals/${r.id}/status`, { status: 'engaged', version: 2 })).status, 200);
    const wrongProject = await provider.post('/api/v1/enrollments', { projectId: project('northside-rrh'), entryDate: '2026-11-25', referralId: r.id });
    assert.equal(wrongProject.status, 422);
    const res = await provider.post('/api/v1/enrollments', { projectId: project('northside-psh'), entryDate: '2026-11-25', referralId: r.id });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.enrollments[0].clientId, client('darnell'));
    const after = await provider.get(`/api/v1/referrals/${r.id}`);
    assert.equal(after.body.status.code, 'enrolled');
  });

  test('an enrollment whose client the caller may not see is a 404', async () => {
    // Tanya is locked (fleeing DV) to Lakeshore: provider (Northside) may not see her enrollment.
    const res = await provider2.post('/api/v1/enrollments', { projectId: project('lakeshore-psh'), entryDate: '2026-11-20', members: [{ clientId: client('tanya'), relationshipToHoH: 1 }] });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const hidden = await provider.get(`/api/v1/enrollments/${res.body.enrollments[0].id}`);
    assert.equal(hidden.status, 404);
    const missing = await provider.get('/api/v1/enrollments/00000000000000000000000000000000');
    assert.equal(missing.status, 404);
  });
});
