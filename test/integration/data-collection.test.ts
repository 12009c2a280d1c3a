/**
 * HUD data collection by member and stage (issue 17): a family's project start exports, per member,
 * what HUD collects for them; an answer for a member or stage that does not collect it is a 422 naming
 * the field; annual and exit per member; a stage record is corrected; the demo CoC is complete.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, type Client, type TestApp } from '../helpers/app.ts';
import { parseHudCsv } from '../../src/domain/hud/csv.ts';
import { SYSTEM_CTX, exportToBuffer, unzipText } from './hud-helpers.ts';

const SIX_NO = [5, 6, 7, 8, 9, 10].map((t) => ({ disabilityType: t, disabilityResponse: 0 }));
const adultStart = { incomeFromAnySource: 1, incomeSources: { Earned: 1200 }, benefitsFromAnySource: 1, benefits: ['SNAP'], insuranceFromAnySource: 1, insurance: ['Medicaid'], disabilities: SIX_NO, domesticViolenceSurvivor: 0 };
/** The head also answers the CoC's required question on pets (config/forms/hud-data-collection.json). */
const headStart = { ...adultStart, custom: { petsInHousehold: 'pets' } };
const childStart = { insuranceFromAnySource: 1, insurance: ['SCHIP'], disabilities: SIX_NO };
const prior = { livingSituation: 116, lengthOfStay: 4, dateToStreetESSH: '2026-06-01', timesHomelessPastThreeYears: 1, monthsHomelessPastThreeYears: 106 };

/** The rows of one exported file as objects. */
function rows(files: Map<string, string>, name: string): Record<string, string>[] {
  const [header, ...data] = parseHudCsv(files.get(name)!);
  return data.map((r) => Object.fromEntries(header!.fields.map((h, i) => [h, r.fields[i] ?? ''])));
}

describe('HUD data collection (issue 17)', () => {
  let t: TestApp;
  let provider: Client;
  let admin: Client;
  const client = (k: string) => t.ids.clients![k]!;
  const project = (k: string) => t.ids.projects[k]!;
  let ids: string[] = [];

  before(async () => {
    t = await startApp();
    provider = await t.as('provider');
    admin = await t.as('admin');
  });
  after(() => t.close());

  test('an adult-only answer sent for a child is refused naming the field; nothing is written', async () => {
    const res = await provider.post('/api/v1/enrollments', {
      projectId: project('northside-psh'),
      entryDate: '2026-11-20',
      members: [
        { clientId: client('angela'), relationshipToHoH: 1, disablingCondition: 0, priorLivingSituation: prior, assessment: adultStart },
        { clientId: client('tyrese'), relationshipToHoH: 2, disablingCondition: 0, assessment: { ...childStart, incomeFromAnySource: 0 } },
      ],
    });
    assert.equal(res.status, 422);
    assert.equal(res.body.rule, 'data-collection.not-collected');
    assert.deepEqual(res.body.errors.map((e: { pointer: string }) => e.pointer), ['/members/1/assessment/incomeFromAnySource']);
    assert.match(res.body.errors[0].message, /head of household and adults only/);
    const child3917 = await provider.post('/api/v1/enrollments', {
      projectId: project('northside-psh'),
      entryDate: '2026-11-20',
      members: [
        { clientId: client('angela'), relationshipToHoH: 1 },
        { clientId: client('imani'), relationshipToHoH: 2, priorLivingSituation: { livingSituation: 116 } },
      ],
    });
    assert.equal(child3917.status, 422);
    assert.equal(child3917.body.errors[0].pointer, '/members/1/priorLivingSituation');
    const written = await t.db.database.db.selectFrom('enrollments').select('id').where('client_id', 'in', [client('angela'), client('tyrese'), client('imani')]).where('project_id', '=', project('northside-psh')).execute();
    assert.equal(written.length, 0);
  });

  test('a family of four with complete answers: no data-quality problem, and each member exports what HUD collects for them', async () => {
    const res = await provider.post('/api/v1/enrollments', {
      projectId: project('northside-psh'),
      entryDate: '2026-11-20',
      members: [
        { clientId: client('angela'), relationshipToHoH: 1, disablingCondition: 0, priorLivingSituation: prior, assessment: headStart },
        { clientId: client('tyrese'), relationshipToHoH: 2, disablingCondition: 0, assessment: childStart },
        { clientId: client('imani'), relationshipToHoH: 2, disablingCondition: 0, assessment: childStart },
        { clientId: client('marcus'), relationshipToHoH: 5, disablingCondition: 0, priorLivingSituation: prior, assessment: { ...adultStart, incomeSources: { SSI: 914 } } },
      ],
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    ids = res.body.enrollments.map((e: { id: string }) => e.id);
    const detail = await provider.get(`/api/v1/enrollments/${ids[0]}`);
    assert.deepEqual(detail.body.dataQuality, []);

    const files = await unzipText((await exportToBuffer(t.db.database, SYSTEM_CTX(t.clock))).zip);
    const mine = (name: string) => rows(files, name).filter((r) => ids.includes(r.EnrollmentID!));
    const per = (name: string, id: string) => mine(name).filter((r) => r.EnrollmentID === id && r.DataCollectionStage === '1');
    for (const id of ids) {
      const income = per('IncomeBenefits.csv', id);
      assert.equal(income.length, 1, 'one stage-1 IncomeBenefits row for every member');
      assert.equal(income[0]!.InformationDate, '2026-11-20');
      assert.equal(income[0]!.InsuranceFromAnySource, '1');
      assert.equal(per('Disabilities.csv', id).length, 6);
    }
    const [head, son, , adult] = ids as [string, string, string, string];
    assert.equal(per('IncomeBenefits.csv', son)[0]!.IncomeFromAnySource, '', 'income is not collected for a child');
    assert.equal(per('IncomeBenefits.csv', son)[0]!.SCHIP, '1');
    assert.equal(per('IncomeBenefits.csv', adult)[0]!.SSIAmount, '914.00');
    assert.deepEqual(mine('HealthAndDV.csv').map((r) => r.EnrollmentID).sort(), [head, adult].sort());
    const enrollments = rows(files, 'Enrollment.csv').filter((r) => ids.includes(r.EnrollmentID!));
    assert.deepEqual(enrollments.filter((r) => r.EnrollmentCoC).map((r) => r.EnrollmentID), [head]);
    assert.deepEqual(enrollments.filter((r) => r.LivingSituation).map((r) => r.EnrollmentID).sort(), [head, adult].sort());
  });

  test('a CoC question of the definition: asked of whom it names, stored per member and stage, refused otherwise, counted when required, not exported', async () => {
    const body = (head: object, other: object) => ({
      projectId: project('northside-es'),
      entryDate: '2026-11-21',
      members: [
        { clientId: client('angela'), relationshipToHoH: 1, disablingCondition: 0, priorLivingSituation: prior, assessment: { ...adultStart, ...head } },
        { clientId: client('marcus'), relationshipToHoH: 5, disablingCondition: 0, priorLivingSituation: prior, assessment: { ...adultStart, ...other } },
      ],
    });
    const refused = async (head: object, other: object) => {
      const res = await admin.post('/api/v1/enrollments', body(head, other));
      assert.equal(res.status, 422, JSON.stringify(res.body));
      return res.body as { rule: string; errors: { pointer: string; message: string }[] };
    };
    const notOption = await refused({ custom: { petsInHousehold: 'dog' } }, {});
    assert.deepEqual(notOption.errors.map((e) => e.pointer), ['/members/0/assessment/custom/petsInHousehold']);
    assert.match(notOption.errors[0]!.message, /from the list/);
    const notHead = await refused({ custom: { petsInHousehold: 'none' } }, { custom: { petsInHousehold: 'pets' } });
    assert.equal(notHead.rule, 'data-collection.not-collected');
    assert.deepEqual(notHead.errors.map((e) => e.pointer), ['/members/1/assessment/custom/petsInHousehold']);
    assert.match(notHead.errors[0]!.message, /collected for the head of household only/);
    const unknown = await refused({ custom: { petsInHousehold: 'none', shoeSize: 9 } }, {});
    assert.deepEqual(unknown.errors.map((e) => [e.pointer, unknown.rule]), [['/members/0/assessment/custom/shoeSize', 'data-collection.unknown-question']]);
    const tooLong = await refused({ custom: { petsInHousehold: 'none', preferredLanguage: 'x'.repeat(61) } }, {});
    assert.deepEqual(tooLong.errors.map((e) => e.pointer), ['/members/0/assessment/custom/preferredLanguage']);

    const res = await admin.post('/api/v1/enrollments', body({ custom: { petsInHousehold: 'service-animal', preferredLanguage: ' Tagalog ' } }, { custom: { preferredLanguage: 'Polish' } }));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const [head, other] = res.body.enrollments.map((e: { id: string }) => e.id) as [string, string];
    const detail = await admin.get(`/api/v1/enrollments/${head}`);
    const start = (id: string) => detail.body.assessments.find((a: { enrollmentId: string; stage: number }) => a.enrollmentId === id && a.stage === 1);
    assert.deepEqual(start(head).custom, { petsInHousehold: 'service-animal', preferredLanguage: 'Tagalog' });
    assert.deepEqual(start(other).custom, { preferredLanguage: 'Polish' });
    assert.deepEqual(detail.body.dataQuality, [], 'the optional language question is not a data-quality problem where unanswered, the required one is answered');

    // Corrected without the required answer: the panel lists it for the head's project start, with the record to answer it in.
    const corrected = await admin.put(`/api/v1/enrollments/${head}/assessments/${start(head).id}`, { ...adultStart, custom: { preferredLanguage: 'Tagalog' } });
    assert.equal(corrected.status, 200, JSON.stringify(corrected.body));
    const after = await admin.get(`/api/v1/enrollments/${head}`);
    assert.deepEqual(
      after.body.dataQuality.map((d: { element: string; field: string; stage: number; assessmentId: string; enrollmentId: string }) => [d.element, d.field, d.stage, d.assessmentId, d.enrollmentId]),
      [['CoC', 'petsInHousehold', 1, start(head).id, head]],
    );
    // An update starts from the latest answers and records the CoC question at its stage.
    const update = await admin.post(`/api/v1/enrollments/${head}/assessments`, { stage: 2, informationDate: '2026-11-23', incomeFromAnySource: 0, custom: { petsInHousehold: 'both' } });
    assert.equal(update.status, 201, JSON.stringify(update.body));
    assert.deepEqual(update.body.custom, { petsInHousehold: 'both' });
    const notHeadUpdate = await admin.post(`/api/v1/enrollments/${other}/assessments`, { stage: 2, informationDate: '2026-11-23', custom: { petsInHousehold: 'both' } });
    assert.equal(notHeadUpdate.status, 422);
    assert.equal(notHeadUpdate.body.errors[0].pointer, '/custom/petsInHousehold');
    const answered = await admin.put(`/api/v1/enrollments/${head}/assessments/${start(head).id}`, { ...adultStart, custom: { petsInHousehold: 'service-animal', preferredLanguage: 'Tagalog' } });
    assert.equal(answered.status, 200);
    assert.deepEqual((await admin.get(`/api/v1/enrollments/${head}`)).body.dataQuality, [], 'answered, the finding is gone');

    // HUD's CSV has no place for a CoC's question: nothing of it is exported.
    const files = await unzipText((await exportToBuffer(t.db.database, SYSTEM_CTX(t.clock))).zip);
    for (const [name, text] of files) assert.ok(!/Tagalog|Polish|service-animal/.test(text), `${name} holds no CoC answer`);
    assert.equal(rows(files, 'IncomeBenefits.csv').filter((r) => r.EnrollmentID === head).length, 2, 'the stage records themselves are exported');
  });

  test('the annual assessment asks what the annual collects; exit answers are given per member', async () => {
    const [head, son] = ids as [string, string];
    const dv = await provider.post(`/api/v1/enrollments/${head}/assessments`, { stage: 2, informationDate: '2026-11-24', incomeFromAnySource: 1, incomeSources: { Earned: 1300 }, domesticViolenceSurvivor: 0 });
    assert.equal(dv.status, 201, JSON.stringify(dv.body));
    const childIncome = await provider.post(`/api/v1/enrollments/${son}/assessments`, { stage: 2, informationDate: '2026-11-24', incomeFromAnySource: 0 });
    assert.equal(childIncome.status, 422);
    assert.equal(childIncome.body.errors[0].pointer, '/incomeFromAnySource');

    // Correct the son's project start: the same refusals, the answers replaced, audited.
    const detail = await provider.get(`/api/v1/enrollments/${son}`);
    const start = detail.body.assessments.find((a: { enrollmentId: string; stage: number }) => a.enrollmentId === son && a.stage === 1);
    const bad = await provider.put(`/api/v1/enrollments/${son}/assessments/${start.id}`, { ...childStart, domesticViolenceSurvivor: 0 });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.errors[0].pointer, '/domesticViolenceSurvivor');
    const fixed = await provider.put(`/api/v1/enrollments/${son}/assessments/${start.id}`, { ...childStart, insurance: ['Medicaid'] });
    assert.equal(fixed.status, 200, JSON.stringify(fixed.body));
    assert.deepEqual(fixed.body.insurance, ['Medicaid']);
    const other = await provider.put(`/api/v1/enrollments/${head}/assessments/${start.id}`, childStart);
    assert.equal(other.status, 404, 'a stage record of another member is not found through this enrollment');
    const audit = await t.db.database.db.selectFrom('audit_log').select('action').where('entity_id', '=', son).where('action', '=', 'enrollment.assessment.correct').execute();
    assert.equal(audit.length, 1);

    // Household exit: the head's answers and each other member's; a child's income is refused by its pointer.
    const exitBody = (sonAnswers: object) => ({
      exitDate: '2026-11-25',
      destination: 410,
      exitHousehold: true,
      assessment: { incomeFromAnySource: 1, incomeSources: { Earned: 1300 }, benefitsFromAnySource: 0, insuranceFromAnySource: 1, insurance: ['Medicaid'], disabilities: SIX_NO },
      memberAssessments: [{ enrollmentId: son, assessment: sonAnswers }],
    });
    const refused = await provider.post(`/api/v1/enrollments/${head}/exit`, exitBody({ incomeFromAnySource: 0 }));
    assert.equal(refused.status, 422);
    assert.equal(refused.body.errors[0].pointer, '/memberAssessments/0/assessment/incomeFromAnySource');
    const exited = await provider.post(`/api/v1/enrollments/${head}/exit`, exitBody({ insuranceFromAnySource: 1, insurance: ['Medicaid'], disabilities: SIX_NO }));
    assert.equal(exited.status, 200, JSON.stringify(exited.body));
    const after = await provider.get(`/api/v1/enrollments/${head}`);
    const exits = after.body.assessments.filter((a: { stage: number }) => a.stage === 3);
    assert.equal(exits.length, 4);
    assert.equal(exits.find((a: { enrollmentId: string }) => a.enrollmentId === son).insuranceFromAnySource, 1);
    // The members whose exit answers were not given show them as missing, with where to answer them.
    const missing = after.body.dataQuality.filter((d: { stage: number }) => d.stage === 3);
    assert.ok(missing.length > 0);
    assert.ok(missing.every((d: { enrollmentId: string; assessmentId: string }) => d.enrollmentId !== head && d.enrollmentId !== son && d.assessmentId));
  });

  test('the demo CoC: every enrollment has a complete project start for every member, one household has an update, an annual and an exit', async () => {
    const files = await unzipText((await exportToBuffer(t.db.database, SYSTEM_CTX(t.clock))).zip);
    const enrollments = rows(files, 'Enrollment.csv').filter((r) => !ids.includes(r.EnrollmentID!));
    const clients = new Map(rows(files, 'Client.csv').map((c) => [c.PersonalID!, c]));
    const ib = rows(files, 'IncomeBenefits.csv');
    const dis = rows(files, 'Disabilities.csv');
    const hdv = rows(files, 'HealthAndDV.csv');
    assert.ok(enrollments.length > 20);
    for (const e of enrollments) {
      assert.equal(ib.filter((r) => r.EnrollmentID === e.EnrollmentID && r.DataCollectionStage === '1').length, 1, `IncomeBenefits for ${e.EnrollmentID}`);
      assert.equal(dis.filter((r) => r.EnrollmentID === e.EnrollmentID && r.DataCollectionStage === '1').length, 6, `Disabilities for ${e.EnrollmentID}`);
      const dob = clients.get(e.PersonalID!)!.DOB;
      const adult = e.RelationshipToHoH === '1' || !dob || Number(e.EntryDate!.slice(0, 4)) - Number(dob.slice(0, 4)) - (e.EntryDate!.slice(5) < dob.slice(5) ? 1 : 0) >= 18;
      assert.equal(hdv.filter((r) => r.EnrollmentID === e.EnrollmentID && r.DataCollectionStage === '1').length, adult ? 1 : 0, `HealthAndDV for ${e.EnrollmentID}`);
    }
    const stages = new Set(ib.filter((r) => !ids.includes(r.EnrollmentID!)).map((r) => `${r.EnrollmentID}|${r.DataCollectionStage}`));
    assert.ok(enrollments.some((e) => ['1', '2', '3', '5'].every((s) => stages.has(`${e.EnrollmentID}|${s}`))), 'a demo enrollment with project start, update, exit and annual');

    // The data-quality panel shows nothing for the complete households (the overdue annual is a real finding).
    const enrollmentIds = (await t.db.database.db.selectFrom('enrollments as e').innerJoin('projects as p', 'p.id', 'e.project_id').select('e.id').where('e.relationship_to_hoh', '=', 1).where('p.project_type', '!=', 14).where('e.id', 'not in', ids).execute()).map((r) => r.id);
    for (const id of enrollmentIds) {
      const d = await admin.get(`/api/v1/enrollments/${id}`);
      assert.equal(d.status, 200);
      const problems = d.body.dataQuality.filter((q: { element: string; message: string }) => !(q.element === '5.03' && /No annual assessment/.test(q.message)));
      assert.deepEqual(problems, [], `data quality of ${d.body.projectName} ${id}`);
    }
  });
});
