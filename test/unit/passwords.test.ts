import { test } from 'node:test';
import assert from 'node:assert/strict';
import { passwordProblem } from '../../src/domain/passwords.ts';

test('8 to 128 characters, counted as characters not bytes', () => {
  assert.match(passwordProblem('short1!')!, /at least 8/);
  assert.equal(passwordProblem('\u{1F511}'.repeat(8)), null);
  assert.equal(passwordProblem('a'.repeat(12) + ' spaces are fine'), null);
  assert.match(passwordProblem('x'.repeat(129))!, /at most 128/);
});

test('common passwords are refused whatever their case', () => {
  assert.match(passwordProblem('Password123')!, /too common/);
  assert.match(passwordProblem('QWERTYUIOP')!, /too common/);
});

test('passwords built from the user’s own details are refused', () => {
  assert.match(passwordProblem('mmatcher2026', { username: 'mmatcher' })!, /name or username/);
  assert.match(passwordProblem('morgan!!', { displayName: 'Morgan Matcher' })!, /name or username/);
  assert.equal(passwordProblem('correct horse battery staple', { username: 'mmatcher' }), null);
});

test('the e-mail’s local part counts as the user’s own details; unicode passwords are fine', () => {
  assert.match(passwordProblem('harper.s1', { email: 'harper.s@example.org' })!, /name or username/);
  assert.equal(passwordProblem('ça va très bien, merci', { username: 'harper' }), null);
});
