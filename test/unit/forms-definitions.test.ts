import { test } from 'node:test';
import { parseDataCollectionDefinition } from '../../src/domain/data-collection/definition.ts';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FORM_DEFINITIONS } from '../../src/domain/forms/catalog.ts';
import { allQuestions, mustBeFailures, validateAnswers, visibleQuestions } from '../../src/domain/forms/engine.ts';
import { checkFormDefinition } from '../../src/domain/forms/schema.ts';

const dir = join(import.meta.dirname, '../../config/forms');

test('every definition in config/forms is valid and in the catalogue', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  assert.ok(files.length >= 3);
  for (const file of files) {
    // HUD's data collection by member and stage has its own schema (src/domain/data-collection).
    if (file === 'hud-data-collection.json') {
      assert.equal(parseDataCollectionDefinition(JSON.parse(readFileSync(join(dir, file), 'utf8'))).id, 'hud-data-collection');
      continue;
    }
    const result = checkFormDefinition(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    assert.ok(result.ok, `${file}: ${result.ok ? '' : result.problems.join('; ')}`);
    assert.equal(`${result.definition.id}.json`, file);
    assert.ok(FORM_DEFINITIONS.has(result.definition.id));
  }
});

test('the ESG RRH screening questions that must be answered No', () => {
  const def = FORM_DEFINITIONS.get('esg-rrh-eligibility-screening')!;
  const mustBeNo = allQuestions(def).filter((q) => q.question.mustBe === 'no');
  assert.ok(mustBeNo.length >= 4);
  assert.ok(mustBeNo.some((q) => /other resources or support networks/.test(q.question.label)));
  for (const q of mustBeNo) assert.equal(q.question.required, true, q.question.id);
  // Self-certification asks why, only then.
  assert.ok(!visibleQuestions(def, { homeless_verification: 'third-party', homeless_category: 'category-1' }).some((q) => q.id === 'self_certification_reason'));
  assert.ok(visibleQuestions(def, { homeless_verification: 'self-certification', homeless_category: 'category-1' }).some((q) => q.id === 'self_certification_reason'));
  const allYes = Object.fromEntries(mustBeNo.map((q) => [q.question.id, 'yes']));
  assert.equal(mustBeFailures(def, allYes).length, mustBeNo.length);
});

test('the re-evaluation asks why when income is self-declared', () => {
  const def = FORM_DEFINITIONS.get('esg-rrh-reevaluation')!;
  const base = { reevaluation_date: '2027-01-05', household_size: 2, annual_income: 1000, resources_to_stay_housed: 'no', continue_assistance: 'yes' };
  assert.deepEqual(validateAnswers(def, { ...base, income_documentation: 'source-documents' }), []);
  assert.deepEqual(validateAnswers(def, { ...base, income_documentation: 'self-declaration' }).map((p) => p.questionId), ['self_declaration_reason']);
  assert.deepEqual(validateAnswers(def, { ...base, income_documentation: 'source-documents', continue_assistance: 'no' }).map((p) => p.questionId), ['assistance_end_date']);
});
