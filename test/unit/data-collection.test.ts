/** Who is asked what (config/forms/hud-data-collection.json read through src/domain/data-collection). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  HUD_DATA_COLLECTION as def,
  answerOptions,
  answerProblems,
  collectedDataQuality,
  elementsAsked,
  memberRole,
  parseDataCollectionDefinition,
  pruneAnswers,
  startingAnswers,
  type StageName,
} from '../../src/domain/data-collection/index.ts';

const ENTRY = '2026-01-10';
const dobAged = (years: number) => `${2026 - years}-01-10`;
/** HUD elements by number, the CoC's own questions by id. */
const asked = (stage: StageName, role: 'head' | 'adult' | 'child', projectType = 3) => elementsAsked(def, { stage, role, projectType }).map((e) => (e.kind === 'custom' ? e.id : e.element));

test('role at project start: ages 0, 5 and 17 are children, 18 and 62 adults, the head is the head whatever the age', () => {
  const role = (years: number, rel = 2) => memberRole({ relationshipToHoH: rel, dob: dobAged(years), entryDate: ENTRY });
  assert.deepEqual([0, 5, 17, 18, 62].map((y) => role(y)), ['child', 'child', 'child', 'adult', 'adult']);
  assert.deepEqual([0, 5, 17, 18, 62].map((y) => role(y, 3)), ['child', 'child', 'child', 'adult', 'adult']);
  assert.equal(role(17, 1), 'head');
  assert.equal(role(62, 1), 'head');
  // The day before the 18th birthday is still a child; no date of birth is asked as an adult.
  assert.equal(memberRole({ relationshipToHoH: 2, dob: '2008-01-11', entryDate: ENTRY }), 'child');
  assert.equal(memberRole({ relationshipToHoH: 2, dob: null, entryDate: ENTRY }), 'adult');
});

test('project start: the head and adults answer every element, a child only 3.08, 4.04 and 4.05–4.10, in each demo project type', () => {
  for (const type of [0, 3, 8, 13]) {
    // The shipped CoC questions: pets (head), preferred language (head and adults).
    assert.deepEqual(asked('projectStart', 'head', type), ['3.08', '3.917', '4.02', '4.03', '4.04', '4.05–4.10', '4.11', 'coc-pets', 'coc-preferred-language']);
    assert.deepEqual(asked('projectStart', 'adult', type), ['3.08', '3.917', '4.02', '4.03', '4.04', '4.05–4.10', '4.11', 'coc-preferred-language']);
    assert.deepEqual(asked('projectStart', 'child', type), ['3.08', '4.04', '4.05–4.10']);
  }
});

test('later stages: annual asks income, benefits, insurance; exit adds disabilities; DV only at start and update', () => {
  assert.deepEqual(asked('annual', 'adult'), ['4.02', '4.03', '4.04']);
  assert.deepEqual(asked('annual', 'head'), ['4.02', '4.03', '4.04', 'coc-pets']);
  assert.deepEqual(asked('annual', 'child'), ['4.04']);
  assert.deepEqual(asked('projectExit', 'head'), ['4.02', '4.03', '4.04', '4.05–4.10']);
  assert.deepEqual(asked('update', 'head'), ['4.02', '4.03', '4.04', '4.05–4.10', '4.11', 'coc-pets', 'coc-preferred-language']);
  assert.deepEqual(asked('update', 'child'), ['4.04', '4.05–4.10']);
});

test('an adult-only answer for a child is refused naming the field; an answer at a stage that does not collect it too', () => {
  const child = { stage: 'projectStart' as const, role: 'child' as const, projectType: 3 };
  const p = answerProblems(def, child, { enrollment: { disablingCondition: 0, priorLivingSituation: { livingSituation: 116 } }, staged: { insuranceFromAnySource: 1, incomeFromAnySource: 0, domesticViolenceSurvivor: 0 } }, { enrollment: '/members/2', staged: '/members/2/assessment' });
  assert.deepEqual(
    p.map((x) => [x.rule, x.pointer]),
    [
      ['data-collection.not-collected', '/members/2/priorLivingSituation'],
      ['data-collection.not-collected', '/members/2/assessment/incomeFromAnySource'],
      ['data-collection.not-collected', '/members/2/assessment/domesticViolenceSurvivor'],
    ],
  );
  assert.match(p[1]!.message, /Income and sources is collected for the head of household and adults only, and this member was under 18/);
  const annual = answerProblems(def, { stage: 'annual', role: 'head', projectType: 3 }, { staged: { domesticViolenceSurvivor: 0, incomeFromAnySource: 0 } }, { enrollment: '', staged: '' });
  assert.deepEqual(annual.map((x) => x.pointer), ['/domesticViolenceSurvivor']);
  assert.match(annual[0]!.message, /not collected at the annual assessment/);
  // Empty values are not answers: a blank field for a child is not refused.
  assert.deepEqual(answerProblems(def, child, { staged: { incomeFromAnySource: null, benefits: [] } }, { enrollment: '', staged: '' }), []);
});

test('codes come from the HUD lists: a code outside the list, a disability type or source that does not exist, DV follow-ups without "Yes"', () => {
  const head = { stage: 'projectStart' as const, role: 'head' as const, projectType: 3 };
  const at = { enrollment: '', staged: '' };
  const p = answerProblems(def, head, { enrollment: { disablingCondition: 7 }, staged: { incomeFromAnySource: 2, benefits: ['Cash'], disabilities: [{ disabilityType: 4, disabilityResponse: 0 }, { disabilityType: 10, disabilityResponse: 3, indefiniteAndImpairs: 1 }, { disabilityType: 6, disabilityResponse: 1, indefiniteAndImpairs: 1 }], domesticViolenceSurvivor: 0, whenOccurred: 1 } }, at);
  assert.deepEqual(p.map((x) => x.pointer), ['/disablingCondition', '/incomeFromAnySource', '/benefits', '/disabilities/0/disabilityType', '/disabilities/2/indefiniteAndImpairs', '/whenOccurred']);
  // Substance use takes its own list (alcohol, drugs, both); the others No/Yes with 8/9/99.
  assert.deepEqual(answerOptions('DisabilityResponse', true).map((o) => o.value), [0, 1, 2, 3, 8, 9, 99]);
  assert.deepEqual(answerOptions('NoYesReasonsForMissingData', true).map((o) => o.label), ['No', 'Yes', 'Client doesn’t know', 'Client prefers not to answer', 'Data not collected']);
  assert.deepEqual(answerOptions('NoYesReasonsForMissingData', false).map((o) => o.value), [0, 1]);
});

const complete = {
  incomeFromAnySource: 1,
  incomeSources: { SSI: 914 },
  benefitsFromAnySource: 0,
  insuranceFromAnySource: 1,
  insurance: ['Medicaid'],
  disabilities: [5, 6, 7, 8, 9, 10].map((t) => ({ disabilityType: t, disabilityResponse: 0 })),
  domesticViolenceSurvivor: 0,
};

test('data quality lists only what was asked of the member: nothing for a complete child, everything missing for an empty adult', () => {
  const child = { stage: 'projectStart' as const, role: 'child' as const, projectType: 3 };
  assert.deepEqual(collectedDataQuality(def, child, { enrollment: { disablingCondition: 0 }, staged: { insuranceFromAnySource: 1, insurance: ['Medicaid'], disabilities: complete.disabilities } }, ENTRY), []);
  const adult = collectedDataQuality(def, { ...child, role: 'adult' }, { enrollment: {}, staged: {} }, ENTRY);
  assert.deepEqual([...new Set(adult.map((i) => i.element))], ['3.08', '3.917', '4.02', '4.03', '4.04', '4.05', '4.06', '4.07', '4.08', '4.09', '4.10', '4.11']);
  assert.ok(adult.every((i) => i.kind === 'missing'));
  const head = collectedDataQuality(def, { ...child, role: 'head' }, { enrollment: { disablingCondition: 1, priorLivingSituation: { livingSituation: 116, lengthOfStay: 4, dateToStreetESSH: '2025-06-01', timesHomelessPastThreeYears: 1, monthsHomelessPastThreeYears: 108 } }, staged: { ...complete, incomeSources: {}, disabilities: [{ disabilityType: 9, disabilityResponse: 1 }, ...complete.disabilities.filter((d) => d.disabilityType !== 9)], domesticViolenceSurvivor: 1, whenOccurred: 9 } }, ENTRY);
  assert.deepEqual(head.map((i) => [i.kind, i.field]), [
    ['contradiction', 'incomeSources'],
    ['missing', 'disabilities.9.indefiniteAndImpairs'],
    ['unknown', 'whenOccurred'],
    ['missing', 'currentlyFleeing'],
    ['missing', 'petsInHousehold'],
  ]);
});

test('an annual assessment starts from the latest answers to what the annual asks (nothing else carried)', () => {
  const latest = { ...complete, id: 'x', informationDate: '2026-01-10' };
  assert.deepEqual(startingAnswers(def, { stage: 'annual', role: 'head', projectType: 3 }, latest), { incomeFromAnySource: 1, incomeSources: { SSI: 914 }, benefitsFromAnySource: 0, insuranceFromAnySource: 1, insurance: ['Medicaid'] });
  assert.deepEqual(startingAnswers(def, { stage: 'annual', role: 'child', projectType: 3 }, latest), { insuranceFromAnySource: 1, insurance: ['Medicaid'] });
  assert.deepEqual(startingAnswers(def, { stage: 'update', role: 'child', projectType: 3 }, null), {});
});

test('the definition is checked when loaded: a list that does not exist, a project-start element asked later, a duplicate field', () => {
  const copy = () => JSON.parse(JSON.stringify(def)) as { elements: Record<string, unknown>[] };
  const a = copy();
  a.elements[0]!.list = 'NoSuchList';
  assert.throws(() => parseDataCollectionDefinition(a), /elements\.0\.list/);
  const b = copy();
  b.elements[0]!.stages = ['projectStart', 'annual'];
  assert.throws(() => parseDataCollectionDefinition(b), /project start only/);
  const c = copy();
  c.elements[1]!.field = 'disablingCondition';
  assert.throws(() => parseDataCollectionDefinition(c), /used twice/);
});

test('answers sent keep only what is asked and what the main answers call for', () => {
  const bag = { incomeFromAnySource: 0, incomeSources: { SSI: 10 }, domesticViolenceSurvivor: 0, whenOccurred: 1, disabilities: [{ disabilityType: 5, disabilityResponse: 0, indefiniteAndImpairs: 1 }, { disabilityType: 9, disabilityResponse: 1, indefiniteAndImpairs: 1 }, { disabilityType: 6, disabilityResponse: null }] };
  assert.deepEqual(pruneAnswers(def, { stage: 'projectStart', role: 'adult', projectType: 3 }, bag), {
    incomeFromAnySource: 0,
    domesticViolenceSurvivor: 0,
    disabilities: [{ disabilityType: 5, disabilityResponse: 0 }, { disabilityType: 9, disabilityResponse: 1, indefiniteAndImpairs: 1 }],
  });
  assert.deepEqual(Object.keys(pruneAnswers(def, { stage: 'projectStart', role: 'child', projectType: 3 }, bag)), ['disabilities']);
});

/** A CoC's definition with its own questions of each answer type, next to a HUD element. */
function withCocQuestions() {
  const copy = JSON.parse(JSON.stringify(def)) as { elements: unknown[] };
  const q = (id: string, field: string, answer: object, extra: object = {}) => ({ id, kind: 'custom', title: id, field, collectedFor: 'headAndAdults', stages: ['projectStart', 'update'], required: true, answer, ...extra });
  copy.elements = [
    copy.elements.find((e) => (e as { id: string }).id === 'health-insurance'),
    q('veteran-contact', 'vaContact', { type: 'yesNo' }),
    q('household-size', 'peopleStaying', { type: 'number', min: 1, max: 20, integer: true }),
    q('eviction-date', 'evictionDate', { type: 'date' }, { required: false, collectedFor: 'head' }),
    q('school', 'schoolName', { type: 'text', maxLength: 10 }, { collectedFor: 'everyone', stages: ['projectStart'], projectTypes: [3] }),
    q('shelter-choice', 'shelterChoice', { type: 'choice', options: [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }] }),
  ];
  return parseDataCollectionDefinition(copy);
}

test('a CoC question is asked of the members, stages and project types it names, among the HUD elements', () => {
  const coc = withCocQuestions();
  const ids = (stage: StageName, role: 'head' | 'adult' | 'child', projectType = 3) => elementsAsked(coc, { stage, role, projectType }).map((e) => e.id);
  assert.deepEqual(ids('projectStart', 'head'), ['health-insurance', 'veteran-contact', 'household-size', 'eviction-date', 'school', 'shelter-choice']);
  assert.deepEqual(ids('projectStart', 'child'), ['health-insurance', 'school']);
  assert.deepEqual(ids('projectStart', 'child', 0), ['health-insurance'], 'the school question is asked in PSH (3) only');
  assert.deepEqual(ids('annual', 'adult'), ['health-insurance']);
  assert.equal(coc.elements[1]!.element, 'CoC', 'a CoC question without an element number is shown as "CoC"');
});

test('a CoC question: its answers are checked by its type, refused for a member it is not asked of, unknown questions refused', () => {
  const coc = withCocQuestions();
  const at = { enrollment: '/members/1', staged: '/members/1/assessment' };
  const head = { stage: 'projectStart' as const, role: 'head' as const, projectType: 3 };
  const good = { vaContact: 'no', peopleStaying: 3, evictionDate: '2025-12-01', schoolName: 'Lincoln', shelterChoice: 'b' };
  assert.deepEqual(answerProblems(coc, head, { staged: { custom: good } }, at), []);
  const bad = answerProblems(coc, head, { staged: { custom: { vaContact: true, peopleStaying: 2.5, evictionDate: '12/01/2025', schoolName: 'A very long school name', shelterChoice: 'c', favouriteColour: 'blue' } } }, at);
  assert.deepEqual(
    bad.map((p) => [p.rule, p.pointer]),
    [
      ['data-collection.unknown-question', '/members/1/assessment/custom/favouriteColour'],
      ['data-collection.answer', '/members/1/assessment/custom/vaContact'],
      ['data-collection.answer', '/members/1/assessment/custom/peopleStaying'],
      ['data-collection.answer', '/members/1/assessment/custom/evictionDate'],
      ['data-collection.answer', '/members/1/assessment/custom/schoolName'],
      ['data-collection.answer', '/members/1/assessment/custom/shelterChoice'],
    ],
  );
  assert.match(bad[2]!.message, /whole number/);
  assert.match(bad[4]!.message, /10 characters or fewer/);
  assert.deepEqual(answerProblems(coc, head, { staged: { custom: { peopleStaying: 0 } } }, at).map((p) => p.message), ['Answer "household-size" with 1 or more.']);
  // An adult-only question answered for a child: 422 naming the field, as for HUD's.
  const child = answerProblems(coc, { ...head, role: 'child' }, { staged: { custom: { schoolName: 'Lincoln', vaContact: 'yes' } } }, at);
  assert.deepEqual(child.map((p) => [p.rule, p.pointer]), [['data-collection.not-collected', '/members/1/assessment/custom/vaContact']]);
  assert.match(child[0]!.message, /collected for the head of household and adults only/);
});

test('a CoC question: data quality counts it only when required; the next stage starts from its answer; blanks are pruned', () => {
  const coc = withCocQuestions();
  const head = { stage: 'projectStart' as const, role: 'head' as const, projectType: 3 };
  const dq = collectedDataQuality(coc, head, { staged: { insuranceFromAnySource: 0, custom: { vaContact: 'yes', schoolName: '  ' } } }, ENTRY);
  assert.deepEqual(dq.map((i) => [i.kind, i.element, i.field, i.pointer]), [
    ['missing', 'CoC', 'peopleStaying', '/custom/peopleStaying'],
    ['missing', 'CoC', 'schoolName', '/custom/schoolName'],
    ['missing', 'CoC', 'shelterChoice', '/custom/shelterChoice'],
  ], 'the eviction date is optional: not a data-quality problem');
  const latest = { insuranceFromAnySource: 0, custom: { vaContact: 'yes', schoolName: 'Lincoln', evictionDate: '2025-12-01', retired: 'x' } };
  assert.deepEqual(startingAnswers(coc, { ...head, stage: 'update' }, latest), { insuranceFromAnySource: 0, custom: { vaContact: 'yes', evictionDate: '2025-12-01' } }, 'the school is asked at project start only; a retired question is not carried');
  assert.deepEqual(pruneAnswers(coc, head, { custom: { vaContact: 'no', schoolName: ' Lincoln ', peopleStaying: null } }), { custom: { vaContact: 'no', schoolName: 'Lincoln' } });
});

test('a CoC question is checked when loaded: choice options, number bounds, an answer type that does not exist', () => {
  const base = { id: 'q', kind: 'custom', title: 'Q', field: 'q', collectedFor: 'head', stages: ['projectStart'], required: false };
  const load = (answer: object) => parseDataCollectionDefinition({ ...def, elements: [...def.elements, { ...base, answer }] });
  assert.throws(() => load({ type: 'choice', options: [{ value: 'a', label: 'A' }, { value: 'a', label: 'B' }] }), /option value is used twice/);
  assert.throws(() => load({ type: 'number', min: 5, max: 1 }), /min is greater than max/);
  assert.throws(() => load({ type: 'colour' }), /answer/);
  assert.throws(() => parseDataCollectionDefinition({ ...def, elements: [...def.elements, { ...base, answer: { type: 'yesNo' }, list: 'NoYesReasonsForMissingData' }] }), /list/, 'a CoC question has no HUD list');
});
