import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateCondition, mustBeFailures, pruneHiddenAnswers, validateAnswers, visibleIds, visibleQuestions } from '../../src/domain/forms/engine.ts';
import { checkFormDefinition, parseFormDefinition } from '../../src/domain/forms/schema.ts';
import type { FormDefinition } from '../../src/domain/forms/types.ts';

const form: FormDefinition = parseFormDefinition({
  id: 'test-form',
  version: 2,
  title: 'Test',
  items: [
    { id: 'name', label: 'Name', type: 'text', required: true, maxLength: 10 },
    { id: 'employed', label: 'Employed?', type: 'yesno', required: true },
    {
      kind: 'group',
      id: 'job',
      title: 'Job',
      showIf: { question: 'employed', equals: 'yes' },
      items: [
        { id: 'wage', label: 'Monthly wage', type: 'money', required: true },
        { id: 'hours', label: 'Hours a week', type: 'number', integer: true, min: 1, max: 80, required: true },
        { id: 'raise', label: 'Raise expected?', type: 'yesno' },
        { id: 'raise_date', label: 'When?', type: 'date', required: true, showIf: { question: 'raise', equals: 'yes' } },
      ],
    },
    { id: 'kind', label: 'Housing type', type: 'single', required: true, options: [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }] },
    {
      id: 'needs',
      label: 'Needs',
      type: 'multi',
      options: [{ value: 'food', label: 'Food' }, { value: 'rent', label: 'Rent' }],
    },
    { id: 'rent_amount', label: 'Rent needed', type: 'money', required: true, showIf: { question: 'needs', includes: 'rent' } },
    {
      id: 'either',
      label: 'Either',
      type: 'text',
      showIf: { any: [{ question: 'kind', equals: 'b' }, { all: [{ question: 'hours', greaterThan: 40 }, { not: { question: 'raise', answered: true } }] }] },
    },
    { id: 'eligible', label: 'Other resources?', type: 'yesno', mustBe: 'no' },
  ],
});

test('visibility follows conditions on earlier answers, through groups', () => {
  const ids = (a: Record<string, unknown>) => visibleQuestions(form, a as never).map((q) => q.id);
  assert.deepEqual(ids({}), ['name', 'employed', 'kind', 'needs', 'eligible']);
  assert.deepEqual(ids({ employed: 'yes' }), ['name', 'employed', 'wage', 'hours', 'raise', 'kind', 'needs', 'eligible']);
  assert.deepEqual(ids({ employed: 'yes', raise: 'yes', needs: ['food', 'rent'] }), ['name', 'employed', 'wage', 'hours', 'raise', 'raise_date', 'kind', 'needs', 'rent_amount', 'eligible']);
  // A hidden question's answer does not show its dependants: raise=yes but the job group is hidden.
  assert.deepEqual(ids({ employed: 'no', raise: 'yes' }), ['name', 'employed', 'kind', 'needs', 'eligible']);
  // any/all/not/greaterThan
  assert.ok(ids({ kind: 'b' }).includes('either'));
  assert.ok(ids({ employed: 'yes', hours: 45 }).includes('either'));
  assert.ok(!ids({ employed: 'yes', hours: 45, raise: 'no' }).includes('either'));
  assert.ok(!ids({ employed: 'no', hours: 45 }).includes('either'));
  assert.ok(visibleIds(form, { employed: 'yes' }).has('job'));
  assert.ok(!visibleIds(form, { employed: 'no' }).has('job'));
});

test('required only when shown', () => {
  const problems = validateAnswers(form, { employed: 'no', kind: 'a' });
  assert.deepEqual(problems.map((p) => [p.pointer, p.code]), [['/answers/name', 'required']]);
  const shown = validateAnswers(form, { name: 'Al', employed: 'yes', kind: 'a', raise: 'yes' });
  assert.deepEqual(shown.map((p) => p.pointer), ['/answers/wage', '/answers/hours', '/answers/raise_date']);
  assert.match(shown[0]!.message, /Monthly wage/);
});

test('types, options and ranges are checked; hidden answers are ignored', () => {
  const problems = validateAnswers(
    form,
    { name: 'A very long name', employed: 'maybe', kind: 'c', needs: ['food', 'pets'], wage: -5 },
    { pointerPrefix: '/forms/0/answers' },
  );
  assert.deepEqual(
    problems.map((p) => [p.pointer, p.code]),
    [
      ['/forms/0/answers/name', 'length'],
      ['/forms/0/answers/employed', 'option'],
      ['/forms/0/answers/kind', 'option'],
      ['/forms/0/answers/needs', 'option'],
    ],
  );
  const job = validateAnswers(form, { name: 'Al', employed: 'yes', kind: 'a', wage: 10.005, hours: 2.5, raise: 'yes', raise_date: '2026-02-30' });
  assert.deepEqual(
    job.map((p) => [p.questionId, p.code]),
    [
      ['wage', 'type'],
      ['hours', 'type'],
      ['raise_date', 'type'],
    ],
  );
  assert.deepEqual(validateAnswers(form, { name: 'Al', employed: 'yes', kind: 'a', wage: 1200.5, hours: 81 }).map((p) => [p.questionId, p.code]), [['hours', 'range']]);
  assert.deepEqual(validateAnswers(form, { name: 'Al', employed: 'no', kind: 'a', wage: 'lots' }), []);
  assert.deepEqual(validateAnswers(form, { name: 'Al', employed: 'no', kind: 'a', nope: 1 }).map((p) => [p.pointer, p.code]), [['/answers/nope', 'unknown']]);
  assert.deepEqual(validateAnswers(form, { name: 'Al', employed: 'no', kind: 'a', nope: 1 }, { rejectUnknown: false }), []);
  assert.deepEqual(validateAnswers(form, { name: '  ', employed: 'no', kind: 'a' }).map((p) => p.code), ['required']);
});

test('hidden answers are pruned before storing', () => {
  assert.deepEqual(pruneHiddenAnswers(form, { name: 'Al', employed: 'no', wage: 100, kind: 'a' }), { name: 'Al', employed: 'no', kind: 'a' });
});

test('mustBe failures list the questions answered otherwise', () => {
  assert.deepEqual(mustBeFailures(form, { eligible: 'no' }), []);
  const f = mustBeFailures(form, { eligible: 'yes' });
  assert.equal(f.length, 1);
  assert.equal(f[0]!.questionId, 'eligible');
  assert.match(f[0]!.reason, /must be "no"/);
});

test('conditions on missing answers', () => {
  assert.equal(evaluateCondition({ question: 'x', equals: 'a' }, {}), false);
  assert.equal(evaluateCondition({ question: 'x', notEquals: 'a' }, {}), true);
  assert.equal(evaluateCondition({ question: 'x', answered: false }, {}), true);
  assert.equal(evaluateCondition({ question: 'x', in: ['a', 'b'] }, { x: 'b' }), true);
  assert.equal(evaluateCondition({ question: 'x', lessThan: 3 }, { x: 2 }), true);
});

test('the schema refuses broken definitions', () => {
  const bad = (items: unknown[]) => {
    const r = checkFormDefinition({ id: 'f', version: 1, title: 'F', items });
    return r.ok ? [] : r.problems;
  };
  assert.deepEqual(bad([{ id: 'a', label: 'A', type: 'text' }]), []);
  assert.match(bad([{ id: 'a', label: 'A', type: 'text' }, { id: 'a', label: 'B', type: 'text' }])[0]!, /duplicate id/);
  assert.match(bad([{ id: 'a', label: 'A', type: 'single' }])[0]!, /need options/);
  assert.match(bad([{ id: 'a', label: 'A', type: 'text', options: [{ value: 'x', label: 'X' }] }])[0]!, /only choice/);
  assert.match(bad([{ id: 'a', label: 'A', type: 'text', showIf: { question: 'b', equals: 'x' } }, { id: 'b', label: 'B', type: 'text' }])[0]!, /not an earlier question/);
  assert.match(bad([{ id: 'a', label: 'A', type: 'text', showIf: { question: 'a', answered: true } }])[0]!, /not an earlier question/);
  assert.match(bad([{ id: 'a', label: 'A', type: 'yesno', mustBe: 'maybe' }])[0]!, /mustBe/);
  assert.ok(bad([{ id: 'a', label: 'A', type: 'colour' }]).length > 0);
  assert.ok(bad([{ id: 'A B', label: 'A', type: 'text' }]).length > 0);
  assert.ok(bad([]).length > 0);
  assert.throws(() => parseFormDefinition({ id: 'f', version: 0, title: 'F', items: [] }), /Invalid form definition/);
});
