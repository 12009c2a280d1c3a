import { test } from 'node:test';
import assert from 'node:assert/strict';
import { effectiveMoveInDate, validateMoveIn, type MoveInInput } from '../../src/domain/enrollment/move-in.ts';

const ok: MoveInInput = { projectType: 3, relationshipToHoH: 1, entryDate: '2026-01-10', exitDate: null, currentMoveInDate: null, moveInDate: '2026-02-01', mode: 'record', today: '2026-03-01' };
const rules = (input: Partial<MoveInInput>) => validateMoveIn({ ...ok, ...input }).map((p) => p.rule);

test('a head of household in permanent housing records a move-in between start and exit', () => {
  for (const projectType of [3, 9, 10, 13]) assert.deepEqual(validateMoveIn({ ...ok, projectType }), []);
  assert.deepEqual(rules({ moveInDate: '2026-01-10' }), []); // on the start date
  assert.deepEqual(rules({ exitDate: '2026-02-01' }), []); // on the exit date
});

test('not in a non-PH project type', () => {
  for (const projectType of [0, 1, 2, 4, 6, 7, 8, 11, 12, 14]) assert.deepEqual(rules({ projectType }), ['move-in.project-type']);
  assert.match(validateMoveIn({ ...ok, projectType: 0 })[0]!.message, /permanent housing/);
});

test('not on a member who is not the head', () => {
  const p = validateMoveIn({ ...ok, relationshipToHoH: 2 });
  assert.deepEqual(p.map((x) => [x.rule, x.pointer]), [['move-in.head-only', '/moveInDate']]);
  assert.match(p[0]!.message, /head of household/);
});

test('not before the project start, not after the exit, not in the future', () => {
  assert.deepEqual(rules({ moveInDate: '2026-01-09' }), ['move-in.before-start']);
  assert.deepEqual(rules({ exitDate: '2026-01-31' }), ['move-in.after-exit']);
  assert.deepEqual(rules({ moveInDate: '2026-03-02' }), ['move-in.future']);
  assert.deepEqual(rules({ moveInDate: '2026-02-30' }), ['move-in.invalid-date']);
  assert.match(validateMoveIn({ ...ok, moveInDate: '2026-01-09' })[0]!.message, /10 January 2026/);
});

test('one per enrollment: recorded once, then corrected, never removed', () => {
  assert.deepEqual(rules({ currentMoveInDate: '2026-01-20' }), ['move-in.already-recorded']);
  assert.deepEqual(rules({ currentMoveInDate: '2026-01-20', mode: 'correct' }), []);
  assert.deepEqual(rules({ mode: 'correct' }), ['move-in.nothing-to-correct']);
  assert.deepEqual(rules({ currentMoveInDate: '2026-01-20', mode: 'correct', moveInDate: null }), ['move-in.cannot-remove']);
  assert.deepEqual(rules({ moveInDate: null }), ['move-in.required']);
});

test("members inherit the head's move-in date; later joiners use their own start", () => {
  const head = { moveInDate: '2026-02-01' };
  assert.equal(effectiveMoveInDate({ relationshipToHoH: 1, entryDate: '2026-01-10' }, head), '2026-02-01');
  assert.equal(effectiveMoveInDate({ relationshipToHoH: 2, entryDate: '2026-01-10' }, head), '2026-02-01');
  assert.equal(effectiveMoveInDate({ relationshipToHoH: 2, entryDate: '2026-03-05' }, head), '2026-03-05');
  assert.equal(effectiveMoveInDate({ relationshipToHoH: 3, entryDate: '2026-01-10', exitDate: '2026-01-20' }, head), null);
  assert.equal(effectiveMoveInDate({ relationshipToHoH: 2, entryDate: '2026-01-10' }, { moveInDate: null }), null);
});
