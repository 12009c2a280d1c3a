import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkTotp, newTotpSecret, stepIsFresh, timeStepAt, totpCodeAt, totpUri } from '../../src/domain/totp.ts';

const T0 = new Date('2026-11-25T15:00:00Z'); // on a 30-second boundary
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

test('time steps are 30 seconds', () => {
  assert.equal(timeStepAt(at(0)) + 1, timeStepAt(at(30)));
  assert.equal(timeStepAt(at(0)), timeStepAt(at(29.999)));
});

test('the current code is accepted and gives its step', () => {
  const secret = newTotpSecret();
  const result = checkTotp(secret, totpCodeAt(secret, at(0)), at(5), null);
  assert.deepEqual(result, { ok: true, step: timeStepAt(at(0)) });
});

test('one step of clock drift either way is tolerated, two are not', () => {
  const secret = newTotpSecret();
  assert.equal(checkTotp(secret, totpCodeAt(secret, at(-30)), at(0), null).ok, true);
  assert.equal(checkTotp(secret, totpCodeAt(secret, at(30)), at(0), null).ok, true);
  assert.deepEqual(checkTotp(secret, totpCodeAt(secret, at(-90)), at(0), null), { ok: false, reason: 'invalid' });
  assert.deepEqual(checkTotp(secret, totpCodeAt(secret, at(90)), at(0), null), { ok: false, reason: 'invalid' });
});

test('a code is accepted once: its step or an earlier one is refused as reused', () => {
  const secret = newTotpSecret();
  const code = totpCodeAt(secret, at(0));
  const first = checkTotp(secret, code, at(1), null);
  assert.ok(first.ok);
  assert.deepEqual(checkTotp(secret, code, at(2), first.step), { ok: false, reason: 'reused' });
  // The previous step's code (still within drift) is refused too once a later step was used.
  assert.deepEqual(checkTotp(secret, totpCodeAt(secret, at(-30)), at(2), first.step), { ok: false, reason: 'reused' });
  // The next step's code is fresh.
  assert.equal(checkTotp(secret, totpCodeAt(secret, at(30)), at(31), first.step).ok, true);
  assert.equal(stepIsFresh(10, null), true);
  assert.equal(stepIsFresh(10, 10), false);
  assert.equal(stepIsFresh(11, 10), true);
});

test('malformed and wrong codes', () => {
  const secret = newTotpSecret();
  assert.deepEqual(checkTotp(secret, '12345', at(0), null), { ok: false, reason: 'malformed' });
  assert.deepEqual(checkTotp(secret, 'abcdef', at(0), null), { ok: false, reason: 'malformed' });
  const right = totpCodeAt(secret, at(0));
  const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
  assert.deepEqual(checkTotp(secret, wrong, at(0), null), { ok: false, reason: 'invalid' });
  // Spaces as apps display them ("123 456") are fine.
  assert.equal(checkTotp(secret, `${right.slice(0, 3)} ${right.slice(3)}`, at(0), null).ok, true);
});

test('secrets are 160-bit base32 and the otpauth URI names issuer and account', () => {
  const secret = newTotpSecret();
  assert.match(secret, /^[A-Z2-7]{32}$/);
  assert.notEqual(secret, newTotpSecret());
  const uri = totpUri(secret, 'Hearth', 'admin');
  assert.match(uri, /^otpauth:\/\/totp\/Hearth:admin\?/);
  assert.ok(uri.includes(`secret=${secret}`));
  assert.ok(uri.includes('issuer=Hearth'));
});
