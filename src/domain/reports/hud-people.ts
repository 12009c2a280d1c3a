/**
 * The person and household variables HUD's reports share (FY2026 HMIS Reporting Glossary: "Age",
 * "Household Types", "Youth Households"; used by the CE APR, the APR/CAPER data-quality tables and
 * Hearth's own reports).
 */
import { ageOn, type IsoDate } from '../enrollment/common.ts';

export type HouseholdType = 'withoutChildren' | 'withChildrenAndAdults' | 'withOnlyChildren' | 'unknown';

/** The household-type columns of HUD's tables, in HUD's order (after "Total"). */
export const HOUSEHOLD_TYPE_COLUMNS: readonly { key: HouseholdType; label: string }[] = [
  { key: 'withoutChildren', label: 'Without Children' },
  { key: 'withChildrenAndAdults', label: 'With Children and Adults' },
  { key: 'withOnlyChildren', label: 'With Only Children' },
  { key: 'unknown', label: 'Unknown Household Type' },
];

export interface DobFacts {
  dob: IsoDate | null;
  /** 3.03 DOB data quality: 1 full, 2 partial, 8, 9, 99. */
  dobDataQuality: number | null;
}

/**
 * Age in whole years on `on` (the later of the report start and the project start), or null when the
 * date of birth is missing or its data quality is not 1 or 2.
 */
export function hudAge(p: DobFacts, on: IsoDate): number | null {
  if (!p.dob || (p.dobDataQuality !== 1 && p.dobDataQuality !== 2)) return null;
  const age = ageOn(p.dob, on);
  return age < 0 ? null : age;
}

/** Why an age is unknown: "Client Doesn't Know/Prefers Not to Answer" (DOB quality 8/9) or "Data Not Collected". */
export const unknownAgeReason = (p: DobFacts): 'dkpnta' | 'notCollected' => (p.dobDataQuality === 8 || p.dobDataQuality === 9 ? 'dkpnta' : 'notCollected');

/** HUD's household type from the members' ages (null = unknown): children and adults first, then unknown, then adults only, then children only. */
export function householdType(ages: readonly (number | null)[]): HouseholdType {
  const adults = ages.some((a) => a !== null && a >= 18);
  const children = ages.some((a) => a !== null && a < 18);
  if (adults && children) return 'withChildrenAndAdults';
  if (ages.some((a) => a === null)) return 'unknown';
  if (adults) return 'withoutChildren';
  return 'withOnlyChildren';
}

/** A youth: 12 to 24, in a household whose members of known age are all 24 or younger. */
export function isYouth(age: number | null, householdAges: readonly (number | null)[]): boolean {
  if (age === null || age < 12 || age > 24) return false;
  return householdAges.every((a) => a === null || a <= 24);
}

export const laterDate = (a: IsoDate, b: IsoDate): IsoDate => (a > b ? a : b);
