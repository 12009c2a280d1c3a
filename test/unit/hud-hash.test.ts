import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { hashName, hashSsn, soundex, HASHED_NAME_RE, HASHED_SSN_RE } from '../../src/domain/hud/hash.ts';

test('American Soundex gives the textbook codes', () => {
  const known: Record<string, string> = {
    Robert: 'R163',
    Rupert: 'R163',
    Rubin: 'R150',
    Ashcraft: 'A261', // H separates nothing: S and C (both 2) count once
    Ashcroft: 'A261',
    Tymczak: 'T522', // vowel A separates Z and K (both 2): coded twice
    Pfister: 'P236', // F has the first letter's code: dropped
    Honeyman: 'H555',
    Lee: 'L000',
    Gutierrez: 'G362',
    Jackson: 'J250',
    "O'Hara": 'O600',
    'van der Berg': 'V536',
  };
  for (const [name, code] of Object.entries(known)) assert.equal(soundex(name), code, name);
  assert.equal(soundex('robert'), 'R163', 'case does not matter');
  assert.equal(soundex('Zoë'), 'Z000', 'accents are folded');
  assert.equal(soundex(''), '');
  assert.equal(soundex('123'), '');
});

test('names hash to the SHA-256 of their Soundex (lowercase hex)', () => {
  const expected = createHash('sha256').update('R163').digest('hex');
  assert.equal(hashName('Robert'), expected);
  assert.equal(hashName('Rupert'), expected, 'same Soundex, same hash');
  assert.match(hashName('Tymczak')!, HASHED_NAME_RE);
  assert.equal(hashName('Tymczak'), hashName('tymczak'));
  assert.notEqual(hashName('Rubin'), expected);
  assert.equal(hashName(''), null);
  assert.equal(hashName(null), null);
  assert.equal(hashName('  '), null);
});

test('SSN keeps its last four digits followed by the SHA-256 of the whole SSN', () => {
  const h = hashSsn('123456789')!;
  assert.equal(h.length, 68);
  assert.equal(h.slice(0, 4), '6789');
  assert.equal(h.slice(4), createHash('sha256').update('123456789').digest('hex'));
  assert.match(h, HASHED_SSN_RE);
  assert.match(hashSsn('12345xxxx')!, HASHED_SSN_RE);
  assert.equal(hashSsn(''), null);
  assert.equal(hashSsn(undefined), null);
});
