/**
 * Client record rules (HUD universal data elements, FY2026): SSN normalisation and masking, data
 * quality, race/ethnicity, sex, lock reasons. Pure: no I/O.
 */

export const DATA_QUALITY = [1, 2, 8, 9, 99] as const;
export const NO_YES_MISSING = [0, 1, 8, 9, 99] as const;
/** HUD 4.21 Sex: 0 female, 1 male, 8, 9, 99. */
export const SEX_CODES = [0, 1, 8, 9, 99] as const;
/** HUD 1.6 RaceNone: only when no category applies. */
export const RACE_NONE_CODES = [8, 9, 99] as const;

/** HUD 3.04 race and ethnicity (FY2026): the Client.csv column names. */
export const RACE_CATEGORIES = ['AmIndAKNative', 'Asian', 'BlackAfAmerican', 'HispanicLatinao', 'MidEastNAfrican', 'NativeHIPacific', 'White'] as const;
export type RaceCategory = (typeof RACE_CATEGORIES)[number];

export const RACE_LABELS: Record<RaceCategory, string> = {
  AmIndAKNative: 'American Indian, Alaska Native, or Indigenous',
  Asian: 'Asian or Asian American',
  BlackAfAmerican: 'Black, African American, or African',
  HispanicLatinao: 'Hispanic/Latina/o',
  MidEastNAfrican: 'Middle Eastern or North African',
  NativeHIPacific: 'Native Hawaiian or Pacific Islander',
  White: 'White',
};

/**
 * Why a record is locked to its owning agency and the visibility group. The enrollment issue adds
 * `hopwa_project` / `rhy_project` when the client is enrolled in a HOPWA- or RHY-funded project.
 */
export const LOCK_REASONS = ['fleeing_dv', 'trafficking', 'hiv_aids', 'unaccompanied_minor', 'hopwa_project', 'rhy_project'] as const;
export type LockReason = (typeof LOCK_REASONS)[number];

export const LOCK_REASON_LABELS: Record<LockReason, string> = {
  fleeing_dv: 'Fleeing domestic violence',
  trafficking: 'Fleeing trafficking',
  hiv_aids: 'HIV/AIDS',
  unaccompanied_minor: 'Unaccompanied minor',
  hopwa_project: 'Served by a HOPWA project',
  rhy_project: 'Served by an RHY project',
};

/** HUD funder codes (2.06) whose projects lock the records of the clients they serve. */
export const HOPWA_FUNDERS = [13, 14, 15, 16, 17, 18, 19] as const;
export const RHY_FUNDERS = [22, 23, 24, 25, 26] as const;

export function lockReasonsForFunders(funders: readonly number[]): LockReason[] {
  const out: LockReason[] = [];
  if (funders.some((f) => (HOPWA_FUNDERS as readonly number[]).includes(f))) out.push('hopwa_project');
  if (funders.some((f) => (RHY_FUNDERS as readonly number[]).includes(f))) out.push('rhy_project');
  return out;
}

/** Placeholder SSNs that mean "no SSN": stored as empty (NULL), exported as empty. */
const SSN_PLACEHOLDERS = new Set(['000000000', '111111111', '222222222', '333333333', '444444444', '555555555', '666666666', '777777777', '888888888', '999999999', '123456789', '987654321']);

export type SsnResult = { ok: true; ssn: string | null } | { ok: false; message: string };

/**
 * Normalises an SSN as entered: strips spaces and dashes, lower-cases X. Nine characters of digits or
 * `x` (unknown digit); placeholders, all-`x`, area 000 / group 00 / serial 0000 and area 666 are
 * stored as empty. Anything else is refused with a message a case manager understands.
 */
export function normalizeSsn(input: string | null | undefined): SsnResult {
  if (input === null || input === undefined) return { ok: true, ssn: null };
  const s = input.replace(/[\s-]/g, '').toLowerCase();
  if (s === '') return { ok: true, ssn: null };
  if (!/^[0-9x]{9}$/.test(s)) return { ok: false, message: 'An SSN has 9 digits; use x for a digit the client does not know.' };
  if (SSN_PLACEHOLDERS.has(s) || s === 'xxxxxxxxx') return { ok: true, ssn: null };
  if (s.slice(0, 3) === '000' || s.slice(0, 3) === '666' || s.slice(3, 5) === '00' || s.slice(5) === '0000') return { ok: true, ssn: null };
  return { ok: true, ssn: s };
}

/** The SSN as everyone sees it: the last four only (`*****1234`); empty stays empty. */
export function maskSsn(ssn: string | null): string | null {
  if (!ssn) return null;
  return `*****${ssn.slice(-4)}`;
}

/** The SSN data quality that matches what was entered, unless the caller said otherwise. */
export function defaultSsnDataQuality(ssn: string | null, given?: number): number {
  if (given !== undefined) return given;
  if (ssn === null) return 99;
  return ssn.includes('x') ? 2 : 1;
}

/** A display name that never leaks anything for an anonymous record. */
export function displayName(c: { id: string; anonymous: boolean; firstName: string | null; middleName?: string | null; lastName: string | null; suffix?: string | null }): string {
  if (c.anonymous) return `Anonymous client ${c.id.slice(0, 6).toUpperCase()}`;
  const parts = [c.firstName, c.middleName, c.lastName, c.suffix].filter((p): p is string => Boolean(p && p.trim()));
  return parts.length ? parts.join(' ') : `Unnamed client ${c.id.slice(0, 6).toUpperCase()}`;
}

/** Age in whole years on `today` ('YYYY-MM-DD'). */
export function ageOn(dob: string, today: string): number {
  const [by, bm, bd] = dob.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}
