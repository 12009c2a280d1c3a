import { test } from 'node:test';
import assert from 'node:assert/strict';
import { safeError } from '../../src/safe-error.ts';

test('logged errors keep no PostgreSQL detail (it can hold the offending values)', () => {
  const pgError = Object.assign(new Error('duplicate key value violates unique constraint "clients_ssn_key"'), {
    code: '23505',
    detail: 'Key (ssn)=(123456789) already exists.',
    table: 'clients',
  });
  const logged = safeError(pgError);
  assert.equal(logged.code, '23505');
  assert.match(logged.message, /duplicate key/);
  assert.equal(JSON.stringify(logged).includes('123456789'), false);
  assert.equal('detail' in logged, false);
});
