import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDatabaseUnavailable } from '../../src/data/availability.ts';

test('connection failures are told apart from query errors', () => {
  assert.ok(isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })));
  assert.ok(isDatabaseUnavailable(new Error('Connection terminated unexpectedly')));
  assert.ok(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect')));
  assert.ok(isDatabaseUnavailable(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })));
  assert.ok(isDatabaseUnavailable(new Error('wrapped', { cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) })));
  assert.equal(isDatabaseUnavailable(Object.assign(new Error('duplicate key value'), { code: '23505' })), false);
  assert.equal(isDatabaseUnavailable(new Error('syntax error at or near "form"')), false);
});
