/**
 * HUD's data quality of personally identifying information (APR/CAPER and CE APR Q6a, HMIS Data Quality
 * Report Q2; FY2026 Glossary): per element, whether a client's record is "Client Doesn't Know/Prefers
 * Not to Answer", "Information Missing" or has "Data Issues" — checked in that order, the first that
 * holds counts. One copy of the rules for every report that has the table.
 */
import { isDontKnowOrRefused, type IsoDate } from '../enrollment/common.ts';

export type PiiIssue = 'dkpnta' | 'missing' | 'issue' | null;

export interface PiiFacts {
  firstName: string | null;
  lastName: string | null;
  nameDataQuality: number | null;
  ssn: string | null;
  ssnDataQuality: number | null;
  dob: IsoDate | null;
  dobDataQuality: number | null;
  /** Race and ethnicity columns marked (HUD 3.04 column names). */
  race: readonly string[];
  raceNone: number | null;
  /** The client record's creation day. */
  createdOn: IsoDate;
  /** The project start of the stay reported. */
  entryDate: IsoDate;
  /** Adult or head of household (the "DOB on or after project start" check is theirs only). */
  adultOrHead: boolean;
}

const SEQUENTIAL = new Set(['123456789', '234567890', '345678901', '456789012', '567890123', '678901234', '789012345', '890123456', '901234567', '987654321', '098765432', '876543210']);

/**
 * An SSN with a data issue (Glossary DQ Q2, LSA SSNValid): a character other than a digit or a placeholder
 * x; the last four digits absent or 0000; the first three 000, 666 or 9xx; digits four and five 00; all
 * nine the same digit or in sequence. A partial SSN (placeholders for unknown digits) is not an issue
 * when the digits it has pass.
 */
export function ssnHasIssue(ssn: string): boolean {
  const s = ssn.trim();
  if (s.length !== 9 || /[^0-9xX]/.test(s)) return true;
  const last4 = s.slice(5);
  if (!/^\d{4}$/.test(last4) || last4 === '0000') return true;
  const area = s.slice(0, 3);
  if (/^\d{3}$/.test(area) && (area === '000' || area === '666' || area.startsWith('9'))) return true;
  if (s.slice(3, 5) === '00') return true;
  if (/^\d{9}$/.test(s) && (/^(\d)\1{8}$/.test(s) || SEQUENTIAL.has(s))) return true;
  return false;
}

const blank = (s: string | null) => s === null || s.trim() === '';

export function nameIssue(p: PiiFacts): PiiIssue {
  if (isDontKnowOrRefused(p.nameDataQuality)) return 'dkpnta';
  if (blank(p.firstName) || blank(p.lastName) || p.nameDataQuality === 99) return 'missing';
  if (p.nameDataQuality === 2) return 'issue';
  return null;
}

export function ssnIssue(p: PiiFacts): PiiIssue {
  if (isDontKnowOrRefused(p.ssnDataQuality)) return 'dkpnta';
  if (blank(p.ssn) || p.ssnDataQuality === 99) return 'missing';
  if (ssnHasIssue(p.ssn!)) return 'issue';
  return null;
}

export function dobIssue(p: PiiFacts): PiiIssue {
  if (isDontKnowOrRefused(p.dobDataQuality) && !p.dob) return 'dkpnta';
  if (!p.dob) return 'missing';
  const dq = p.dobDataQuality;
  if (dq === 8 || dq === 9 || dq === 99 || dq === 2) return 'issue';
  if (p.dob < '1915-01-01' || p.dob > p.createdOn) return 'issue';
  if (p.adultOrHead && p.dob >= p.entryDate) return 'issue';
  return null;
}

export function raceIssue(p: PiiFacts): PiiIssue {
  if (isDontKnowOrRefused(p.raceNone)) return 'dkpnta';
  if (p.race.length === 0 || p.raceNone === 99) return 'missing';
  return null;
}

export const PII_ELEMENTS = [
  { key: 'name', label: 'Name (3.01)', check: nameIssue },
  { key: 'ssn', label: 'Social Security Number (3.02)', check: ssnIssue },
  { key: 'dob', label: 'Date of Birth (3.03)', check: dobIssue },
  { key: 'race', label: 'Race/Ethnicity (3.04)', check: raceIssue },
] as const;

/** The Q6a table's cells from the people it covers (`denominator`: Q5a B2, the people counted for DQ). */
export function piiTableRows<P extends PiiFacts & { id: string }>(
  people: readonly P[],
  cell: (items: readonly P[]) => { value: number; drill: number },
  shareOf: (n: number) => number,
) {
  const flagged = new Set<string>();
  const rows = PII_ELEMENTS.map((e) => {
    const by = { dkpnta: [] as P[], missing: [] as P[], issue: [] as P[] };
    for (const p of people) {
      const r = e.check(p);
      if (r) {
        by[r].push(p);
        flagged.add(p.id);
      }
    }
    const total = [...by.dkpnta, ...by.missing, ...by.issue];
    return { key: e.key, label: e.label, dkpnta: cell(by.dkpnta), missing: cell(by.missing), issue: e.key === 'race' ? null : cell(by.issue), total: cell(total), rate: shareOf(total.length) };
  });
  const overall = people.filter((p) => flagged.has(p.id));
  return { rows, overall: { total: cell(overall), rate: shareOf(overall.length) } };
}
