/**
 * HUD SHA-256 hashing of the HMIS CSV (Export.csv `HashStatus` = 4):
 * - FirstName, MiddleName, LastName, NameSuffix → SHA-256 (64 lowercase hex characters) of the
 *   name's American Soundex code;
 * - SSN → its last four characters followed by the SHA-256 of the whole 9-character SSN (68 characters).
 * Empty values stay empty. Uses node:crypto only (no I/O).
 */
import { createHash } from 'node:crypto';

const CODES: Record<string, string> = {
  B: '1', F: '1', P: '1', V: '1',
  C: '2', G: '2', J: '2', K: '2', Q: '2', S: '2', X: '2', Z: '2',
  D: '3', T: '3',
  L: '4',
  M: '5', N: '5',
  R: '6',
};

/**
 * American Soundex: uppercase letters only (accents folded, other characters dropped); keep the first
 * letter; code the rest (BFPV 1, CGJKQSXZ 2, DT 3, L 4, MN 5, R 6); vowels and Y are not coded but
 * separate equal codes (coded twice); H and W are not coded and do not separate (equal codes on both
 * sides count once); a letter with the same code as the first letter right after it is dropped;
 * pad with zeros / cut to 4. Returns '' when the name has no letter.
 */
export function soundex(name: string): string {
  const letters = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase().replace(/[^A-Z]/g, '');
  if (letters.length === 0) return '';
  const first = letters[0]!;
  let out = first;
  let prev = CODES[first] ?? '0';
  for (let i = 1; i < letters.length && out.length < 4; i++) {
    const ch = letters[i]!;
    if (ch === 'H' || ch === 'W') continue;
    const code = CODES[ch] ?? '0';
    if (code !== '0' && code !== prev) out += code;
    prev = code;
  }
  return out.padEnd(4, '0');
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** A name as exported with HashStatus 4: SHA-256 of its Soundex; null when empty or without letters. */
export function hashName(name: string | null | undefined): string | null {
  if (name == null || name.trim() === '') return null;
  const code = soundex(name);
  return code === '' ? null : sha256Hex(code);
}

/** An SSN as exported with HashStatus 4: last four characters + SHA-256 of the whole SSN; null when empty. */
export function hashSsn(ssn: string | null | undefined): string | null {
  if (ssn == null || ssn.trim() === '') return null;
  const s = ssn.trim();
  return s.slice(-4) + sha256Hex(s);
}

export const HASHED_NAME_RE = /^[0-9a-fA-F]{64}$/;
/** Last four SSN characters (digits, or x for an unknown digit) + 64 hex. */
export const HASHED_SSN_RE = /^[0-9xX]{4}[0-9a-fA-F]{64}$/;
export const HASHED_NAME_COLUMNS = ['FirstName', 'MiddleName', 'LastName', 'NameSuffix'] as const;
