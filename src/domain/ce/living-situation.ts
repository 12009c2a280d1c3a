/**
 * HUD 3.917 (prior living situation) and 4.12 (current living situation) rules, and the chronic
 * homelessness determination from them (HUD's definition as applied to HMIS data: a disabling
 * condition and twelve months homeless, at once or over four or more occasions in three years).
 * Pure: no I/O. Codes are HUD FY2026 lists (src/domain/hud/spec/lists-2026.json).
 */
import type { FieldProblem } from '../errors.ts';

/** 3.12.1 as allowed in Enrollment.csv LivingSituation. */
export const PRIOR_LIVING_SITUATIONS = [101, 116, 118, 204, 205, 206, 207, 215, 225, 302, 314, 329, 332, 335, 336, 410, 411, 421, 435, 8, 9, 99] as const;
/** 3.12.1 as allowed in CurrentLivingSituation.csv. */
export const CURRENT_LIVING_SITUATIONS = [101, 116, 118, 204, 205, 206, 207, 215, 225, 302, 314, 329, 332, 335, 336, 410, 411, 421, 435, 17, 37, 8, 9, 99] as const;
/** 3.12.A rental subsidy types (when the situation is 435). */
export const RENTAL_SUBSIDY_TYPES = [419, 420, 428, 431, 433, 434, 436, 437, 438, 439, 440] as const;
/** 3.917.2 */
export const LENGTHS_OF_STAY = [10, 11, 2, 3, 4, 5, 8, 9, 99] as const;
/** 3.917.4 */
export const TIMES_HOMELESS = [1, 2, 3, 4, 8, 9, 99] as const;
/** 3.917.5: 101–112 months, 113 more than 12. */
export const MONTHS_HOMELESS = [101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 8, 9, 99] as const;
/** 1.7 */
export const NO_YES_MISSING = [0, 1, 99] as const;
/** 1.8 */
export const NO_YES_REASONS = [0, 1, 8, 9, 99] as const;

export type SituationGroup = 'homeless' | 'institutional' | 'temporary' | 'permanent' | 'other';

/** Appendix A ranges: 100s homeless, 200s institutional, 300s temporary, 400s permanent. */
export function situationGroup(code: number): SituationGroup {
  if (code >= 100 && code < 200) return 'homeless';
  if (code >= 200 && code < 300) return 'institutional';
  if (code >= 300 && code < 400) return 'temporary';
  if (code >= 400 && code < 500) return 'permanent';
  return 'other';
}

/** The 3.917 inputs as the API and the enrollment hold them (null: not asked / not applicable). */
export interface PriorLivingSituation {
  livingSituation: number | null;
  rentalSubsidyType: number | null;
  lengthOfStay: number | null;
  losUnderThreshold: number | null;
  previousStreetEssh: number | null;
  dateToStreetEssh: string | null;
  timesHomelessPastThreeYears: number | null;
  monthsHomelessPastThreeYears: number | null;
}

export const EMPTY_PRIOR_LIVING_SITUATION: PriorLivingSituation = {
  livingSituation: null,
  rentalSubsidyType: null,
  lengthOfStay: null,
  losUnderThreshold: null,
  previousStreetEssh: null,
  dateToStreetEssh: null,
  timesHomelessPastThreeYears: null,
  monthsHomelessPastThreeYears: null,
};

/**
 * "Length of stay under the threshold" (3.917 LOSUnderThreshold) follows from the situation and the
 * length of stay: under 90 days in an institution, under 7 nights elsewhere (not asked for a homeless
 * situation). Null when it does not apply or cannot be told.
 */
export function derivedLosUnderThreshold(livingSituation: number | null, lengthOfStay: number | null): number | null {
  if (livingSituation === null || lengthOfStay === null) return null;
  const group = situationGroup(livingSituation);
  if (group === 'homeless' || group === 'other') return null;
  if ([8, 9, 99].includes(lengthOfStay)) return 99;
  const under = group === 'institutional' ? [10, 11, 2, 3] : [10, 11];
  return under.includes(lengthOfStay) ? 1 : 0;
}

const addDays = (date: string, days: number): string => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/**
 * Checks the 3.917 answers against each other and the project start date; fills LOSUnderThreshold
 * when it was not given. Returns the values to store and the problems (pointers under `prefix`).
 */
export function checkPriorLivingSituation(input: PriorLivingSituation, entryDate: string | null, prefix = ''): { value: PriorLivingSituation; errors: FieldProblem[] } {
  const errors: FieldProblem[] = [];
  const value = { ...input };
  const p = (f: string) => `${prefix}/${f}`;
  if (value.livingSituation !== null) {
    const group = situationGroup(value.livingSituation);
    if (value.livingSituation === 435) {
      if (value.rentalSubsidyType === null) errors.push({ pointer: p('rentalSubsidyType'), message: 'Choose the type of rental subsidy (required for a rental with an ongoing subsidy).' });
    } else if (value.rentalSubsidyType !== null) {
      errors.push({ pointer: p('rentalSubsidyType'), message: 'A rental subsidy type is recorded only for “Rental by client, with ongoing housing subsidy”.' });
    }
    const derived = derivedLosUnderThreshold(value.livingSituation, value.lengthOfStay);
    if (value.losUnderThreshold === null) value.losUnderThreshold = derived;
    else if (derived !== null && derived !== 99 && value.losUnderThreshold !== 99 && value.losUnderThreshold !== derived) {
      errors.push({
        pointer: p('losUnderThreshold'),
        message:
          group === 'institutional'
            ? 'This does not match the length of stay: a stay under 90 days in an institution is under the threshold.'
            : 'This does not match the length of stay: only a stay under 7 nights is under the threshold.',
      });
    }
  }
  if (value.dateToStreetEssh !== null && entryDate !== null && value.dateToStreetEssh > entryDate) {
    errors.push({ pointer: p('dateToStreetEssh'), message: 'The date this time on the streets or in shelter started must be on or before the project start date.' });
  }
  if (value.dateToStreetEssh !== null && entryDate !== null && value.dateToStreetEssh < addDays(entryDate, -365 * 50)) {
    errors.push({ pointer: p('dateToStreetEssh'), message: 'This date is more than 50 years before the project start date; check the year.' });
  }
  return { value, errors };
}

export type ChronicStatus = 'yes' | 'no' | 'unknown';

export interface ChronicResult {
  status: ChronicStatus;
  /** One sentence a case manager understands. */
  explanation: string;
}

/**
 * Chronic homelessness at project start from 3.917 and the disabling condition (HUD's HMIS
 * programming logic): disabling condition "yes", and homeless now (or briefly in an institution or
 * elsewhere after the street or shelter), and either homeless continuously for a year (the date it
 * started at least 365 days before project start) or four or more times in three years adding up to
 * twelve months or more.
 */
export function chronicHomelessness(input: PriorLivingSituation, disablingCondition: number | null, entryDate: string): ChronicResult {
  if (disablingCondition === 0) return { status: 'no', explanation: 'No disabling condition.' };
  if (disablingCondition !== 1) return { status: 'unknown', explanation: 'The disabling condition is not known.' };
  const ls = input.livingSituation;
  if (ls === null || [8, 9, 99].includes(ls)) return { status: 'unknown', explanation: 'The prior living situation is not known.' };
  const group = situationGroup(ls);
  if (group !== 'homeless') {
    const under = input.losUnderThreshold ?? derivedLosUnderThreshold(ls, input.lengthOfStay);
    if (under === 0) return { status: 'no', explanation: group === 'institutional' ? 'Stayed 90 days or more in an institution.' : 'Stayed 7 nights or more in housing that is not homeless.' };
    if (under !== 1) return { status: 'unknown', explanation: 'The length of stay is not known.' };
    if (input.previousStreetEssh === 0) return { status: 'no', explanation: 'Was not on the streets or in shelter the night before.' };
    if (input.previousStreetEssh !== 1) return { status: 'unknown', explanation: 'Whether the client came from the streets or shelter is not known.' };
  }
  if (input.dateToStreetEssh !== null && input.dateToStreetEssh <= addDays(entryDate, -365)) {
    return { status: 'yes', explanation: 'Disabling condition and homeless continuously for at least a year.' };
  }
  const times = input.timesHomelessPastThreeYears;
  const months = input.monthsHomelessPastThreeYears;
  if (times === 4 && (months === 112 || months === 113)) {
    return { status: 'yes', explanation: 'Disabling condition and homeless four or more times in three years, twelve months or more in all.' };
  }
  if (times === null || months === null || [8, 9, 99].includes(times) || (times === 4 && [8, 9, 99].includes(months))) {
    return { status: 'unknown', explanation: 'The times and months homeless in the past three years are not known.' };
  }
  return { status: 'no', explanation: 'Homeless less than a year in all, or fewer than four times, in the past three years.' };
}
