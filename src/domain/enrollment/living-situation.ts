/**
 * HUD 3.917 Prior Living Situation (FY2026 data dictionary), its dependent questions, its data-quality
 * checks, and the chronic homelessness determination built on it.
 *
 * Collected for the head of household and every adult, at project start only.
 *
 * Hearth's reading of the dependency logic ("3.917A" / "3.917B" of earlier dictionaries, one element
 * since FY2024):
 *
 * 1. Everybody answers LivingSituation (list 3.12.1 for Enrollment) and LengthOfStay (3.917.2).
 *    RentalSubsidyType (3.12.A) is asked only when LivingSituation = 435 "Rental by client, with
 *    ongoing housing subsidy".
 * 2. Emergency shelter (0, 1), street outreach (4) and safe haven (8): the homeless-history questions
 *    are always asked — DateToStreetESSH (approximate date this episode of homelessness started),
 *    TimesHomelessPastThreeYears, MonthsHomelessPastThreeYears. The "break" questions (LOSUnderThreshold,
 *    PreviousStreetESSH) are not asked.
 * 3. All other project types, by the group of the living situation:
 *    - homeless situation (100–199: place not meant for habitation, ES, safe haven): the homeless-history
 *      questions are asked; no break questions.
 *    - institutional situation (200–299): LOSUnderThreshold = "length of stay less than 90 days"
 *      (LengthOfStay 10, 11, 2 or 3). If Yes, PreviousStreetESSH "on the night before, did you stay on
 *      the streets, in ES or SH?" is asked; if that is Yes, the homeless-history questions are asked.
 *      Otherwise the element ends.
 *    - temporary or permanent situation (300–499): the same with "less than 7 nights" (LengthOfStay 10
 *      or 11).
 *    - 8/9/99 (don't know, prefers not to answer, not collected): the element ends after LengthOfStay.
 *    LOSUnderThreshold is derived from LengthOfStay (`deriveLosUnderThreshold`); when LengthOfStay is
 *    8/9/99 it is 99 and the element ends.
 */
import {
  ADULT_AGE,
  HUD_LISTS,
  addYears,
  ageOn,
  daysBetween,
  isDontKnowOrRefused,
  isIsoDate,
  isMissing,
  type DataQualityIssue,
  type IsoDate,
} from './common.ts';

/** Project types that collect the full homeless history regardless of the prior living situation. */
export const STREET_SHELTER_PROJECT_TYPES: readonly number[] = [0, 1, 4, 8];

export type LivingSituationGroup = 'homeless' | 'institutional' | 'temporary' | 'permanent' | 'other';

/** The Appendix A group of a living situation code (100s homeless, 200s institutional, 300s temporary, 400s permanent). */
export function livingSituationGroup(code: number | null | undefined): LivingSituationGroup {
  if (code == null) return 'other';
  if (code >= 100 && code < 200) return 'homeless';
  if (code >= 200 && code < 300) return 'institutional';
  if (code >= 300 && code < 400) return 'temporary';
  if (code >= 400 && code < 500) return 'permanent';
  return 'other';
}

export const LIVING_SITUATION_WITH_SUBSIDY = 435;
/** LengthOfStay codes below 7 nights: 10 one night or less, 11 two to six nights. */
export const LOS_UNDER_7_NIGHTS: readonly number[] = [10, 11];
/** LengthOfStay codes below 90 days. */
export const LOS_UNDER_90_DAYS: readonly number[] = [10, 11, 2, 3];

/** The 3.917 answers of one member (column names as Enrollment.csv, camelCased). */
export interface PriorLivingSituation {
  livingSituation?: number | null;
  rentalSubsidyType?: number | null;
  lengthOfStay?: number | null;
  losUnderThreshold?: number | null;
  previousStreetESSH?: number | null;
  dateToStreetESSH?: IsoDate | null;
  timesHomelessPastThreeYears?: number | null;
  monthsHomelessPastThreeYears?: number | null;
}

export type PriorLivingSituationField = keyof PriorLivingSituation;

/** 1 (yes), 0 (no), 99 (length of stay unknown) or null (not applicable: homeless situation or ES/SH/SO). */
export function deriveLosUnderThreshold(projectType: number, livingSituation: number | null | undefined, lengthOfStay: number | null | undefined): 0 | 1 | 99 | null {
  if (STREET_SHELTER_PROJECT_TYPES.includes(projectType)) return null;
  const group = livingSituationGroup(livingSituation);
  if (group === 'homeless' || group === 'other') return null;
  if (lengthOfStay == null || isMissing(lengthOfStay) || isDontKnowOrRefused(lengthOfStay)) return 99;
  const under = group === 'institutional' ? LOS_UNDER_90_DAYS : LOS_UNDER_7_NIGHTS;
  return under.includes(lengthOfStay) ? 1 : 0;
}

/**
 * The 3.917 questions to ask, in order, given the project type and the answers so far (answers to
 * questions that are no longer asked are ignored). `losUnderThreshold` is listed when it applies even
 * though the UI derives it rather than asking it.
 */
export function priorLivingSituationQuestions(projectType: number, answers: PriorLivingSituation): PriorLivingSituationField[] {
  const out: PriorLivingSituationField[] = ['livingSituation'];
  if (answers.livingSituation === LIVING_SITUATION_WITH_SUBSIDY) out.push('rentalSubsidyType');
  out.push('lengthOfStay');
  const history: PriorLivingSituationField[] = ['dateToStreetESSH', 'timesHomelessPastThreeYears', 'monthsHomelessPastThreeYears'];
  if (STREET_SHELTER_PROJECT_TYPES.includes(projectType)) return [...out, ...history];
  const group = livingSituationGroup(answers.livingSituation);
  if (group === 'homeless') return [...out, ...history];
  if (group === 'other') return out;
  out.push('losUnderThreshold');
  const los = answers.losUnderThreshold ?? deriveLosUnderThreshold(projectType, answers.livingSituation, answers.lengthOfStay);
  if (los !== 1) return out;
  out.push('previousStreetESSH');
  if (answers.previousStreetESSH !== 1) return out;
  return [...out, ...history];
}

/** 3.917 is collected for the head of household and adults (18+ at project start). Unknown age counts as adult (asked, to be safe). */
export function priorLivingSituationAppliesTo(member: { relationshipToHoH: number | null | undefined; dob?: IsoDate | null }, entryDate: IsoDate): boolean {
  if (member.relationshipToHoH === 1) return true;
  if (!member.dob || !isIsoDate(member.dob)) return true;
  return ageOn(member.dob, entryDate) >= ADULT_AGE;
}

/** Whole months from `from` to `to`, counting a started month (HUD counts "each month the client was homeless, even one night"). */
function monthsTouched(from: IsoDate, to: IsoDate): number {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  return (ty - fy) * 12 + (tm - fm) + 1;
}

/** MonthsHomelessPastThreeYears code → number of months (101 → 1 … 112 → 12, 113 → 13 meaning "more than 12"). */
export function monthsFromCode(code: number | null | undefined): number | null {
  if (code == null || code < 101 || code > 113) return null;
  return code - 100;
}

const LABELS: Record<PriorLivingSituationField, string> = {
  livingSituation: 'Prior living situation',
  rentalSubsidyType: 'Rental subsidy type',
  lengthOfStay: 'Length of stay in prior living situation',
  losUnderThreshold: 'Length of stay under the threshold',
  previousStreetESSH: 'On the night before, stayed on the streets, in ES or SH',
  dateToStreetESSH: 'Approximate date this episode of homelessness started',
  timesHomelessPastThreeYears: 'Times homeless in the past three years',
  monthsHomelessPastThreeYears: 'Months homeless in the past three years',
};

const LIST_FOR: Partial<Record<PriorLivingSituationField, ReadonlyMap<number, string>>> = {
  livingSituation: HUD_LISTS.livingSituation,
  rentalSubsidyType: HUD_LISTS.rentalSubsidyType,
  lengthOfStay: HUD_LISTS.lengthOfStay,
  losUnderThreshold: HUD_LISTS.noYesMissing,
  previousStreetESSH: HUD_LISTS.noYesMissing,
  timesHomelessPastThreeYears: HUD_LISTS.timesHomeless,
  monthsHomelessPastThreeYears: HUD_LISTS.monthsHomeless,
};

/**
 * Data-quality findings on one member's 3.917 answers (pointers relative to the answers object;
 * the use case prefixes them, e.g. '/members/0').
 *
 * Checks (HUD APR/CAPER Q6 data quality and the dictionary's logic):
 * - a question that is asked but unanswered or 99 → missing; 8/9 → unknown (client doesn't know / prefers not);
 * - a value outside its HUD list → invalid;
 * - a rental subsidy type without LivingSituation 435 → contradiction;
 * - DateToStreetESSH after the project start → contradiction;
 * - DateToStreetESSH more than 3 years before entry with TimesHomeless = 1 and fewer than 12 months
 *   homeless in the past three years → contradiction; more generally the months homeless in the past
 *   three years cannot be fewer than the months of the current episode that fall within those three
 *   years (counting each started month) → contradiction;
 * - PreviousStreetESSH answered No while the homeless history is filled → contradiction is not raised
 *   (those answers are simply not asked and ignored).
 */
export function priorLivingSituationDataQuality(projectType: number, answers: PriorLivingSituation, entryDate: IsoDate): DataQualityIssue[] {
  const out: DataQualityIssue[] = [];
  const asked = priorLivingSituationQuestions(projectType, answers);
  for (const field of asked) {
    if (field === 'losUnderThreshold') continue; // derived, not asked
    const value = answers[field];
    const pointer = `/${field}`;
    if (field === 'dateToStreetESSH') {
      if (value == null || value === '') out.push({ kind: 'missing', element: '3.917', pointer, message: `${LABELS[field]} is missing.` });
      else if (!isIsoDate(value)) out.push({ kind: 'invalid', element: '3.917', pointer, message: `${LABELS[field]} is not a valid date.` });
      continue;
    }
    const code = value as number | null | undefined;
    if (isMissing(code)) out.push({ kind: 'missing', element: '3.917', pointer, message: `${LABELS[field]} is missing.` });
    else if (isDontKnowOrRefused(code))
      out.push({ kind: 'unknown', element: '3.917', pointer, message: `${LABELS[field]}: client doesn't know or prefers not to answer.` });
    else if (LIST_FOR[field] && !LIST_FOR[field].has(code!)) out.push({ kind: 'invalid', element: '3.917', pointer, message: `${LABELS[field]} is not a HUD value.` });
  }

  if (answers.rentalSubsidyType != null && answers.livingSituation !== LIVING_SITUATION_WITH_SUBSIDY) {
    out.push({
      kind: 'contradiction',
      element: '3.917',
      pointer: '/rentalSubsidyType',
      message: 'A rental subsidy type is recorded but the prior living situation is not "Rental by client, with ongoing housing subsidy".',
    });
  }

  if (asked.includes('dateToStreetESSH') && isIsoDate(answers.dateToStreetESSH) && isIsoDate(entryDate)) {
    const started = answers.dateToStreetESSH;
    if (started > entryDate) {
      out.push({ kind: 'contradiction', element: '3.917', pointer: '/dateToStreetESSH', message: 'The date homelessness started is after the project start date.' });
    } else {
      const months = monthsFromCode(answers.monthsHomelessPastThreeYears);
      if (months !== null) {
        const windowStart = addYears(entryDate, -3);
        const episodeMonths = monthsTouched(started > windowStart ? started : windowStart, entryDate);
        if (months < Math.min(episodeMonths, 13)) {
          out.push({
            kind: 'contradiction',
            element: '3.917',
            pointer: '/monthsHomelessPastThreeYears',
            message: `The current episode of homelessness alone covers ${episodeMonths > 12 ? 'more than 12' : episodeMonths} month(s) in the past three years, more than the months homeless recorded.`,
          });
        }
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Chronic homelessness

export interface ChronicHomelessInputs extends PriorLivingSituation {
  projectType: number;
  /** HUD 3.08 Disabling condition: 0 no, 1 yes, 8, 9, 99. */
  disablingCondition: number | null | undefined;
}

export type ChronicStatus = 'yes' | 'no' | 'client_doesnt_know_or_refused' | 'data_not_collected';

export interface ChronicDetermination {
  status: ChronicStatus;
  /** Why, in a sentence (for the CE list tooltip). */
  reason: string;
}

/**
 * HUD's chronic homelessness determination at project start (24 CFR 578.3 as operationalised in the
 * HMIS Reporting Glossary, which the APR/CAPER and the Stella/LSA use):
 *
 * chronically homeless = disabling condition (3.08 = Yes)
 *   AND currently homeless — an ES/SH/SO project, or a homeless prior living situation, or an
 *       institutional stay under 90 days / a temporary or permanent stay under 7 nights with
 *       "on the night before … streets, ES or SH" = Yes;
 *   AND either the current episode started at least 365 days before project start (DateToStreetESSH),
 *       or 4 or more times homeless in the past three years (TimesHomeless = 4) totalling 12 months or
 *       more (MonthsHomeless 112 or 113).
 *
 * Missing answers that decide the outcome give 'client_doesnt_know_or_refused' (8/9) or
 * 'data_not_collected' (99/blank); a definite No anywhere gives 'no'.
 */
export function chronicHomelessStatus(inputs: ChronicHomelessInputs, entryDate: IsoDate): ChronicDetermination {
  const dc = inputs.disablingCondition;
  if (dc === 0) return { status: 'no', reason: 'No disabling condition.' };
  if (isDontKnowOrRefused(dc)) return { status: 'client_doesnt_know_or_refused', reason: "Disabling condition: client doesn't know or prefers not to answer." };
  if (dc !== 1) return { status: 'data_not_collected', reason: 'Disabling condition was not collected.' };

  if (!STREET_SHELTER_PROJECT_TYPES.includes(inputs.projectType)) {
    const group = livingSituationGroup(inputs.livingSituation);
    if (group === 'other') {
      if (isDontKnowOrRefused(inputs.livingSituation)) return { status: 'client_doesnt_know_or_refused', reason: "Prior living situation: client doesn't know or prefers not to answer." };
      return { status: 'data_not_collected', reason: 'Prior living situation was not collected.' };
    }
    if (group !== 'homeless') {
      const los = inputs.losUnderThreshold ?? deriveLosUnderThreshold(inputs.projectType, inputs.livingSituation, inputs.lengthOfStay);
      if (los === 0) return { status: 'no', reason: 'Not homeless before entry (stay in prior living situation too long).' };
      if (los !== 1) return { status: 'data_not_collected', reason: 'Length of stay in the prior living situation was not collected.' };
      const prev = inputs.previousStreetESSH;
      if (prev === 0) return { status: 'no', reason: 'Did not stay on the streets, in ES or SH the night before the prior living situation.' };
      if (prev !== 1) return { status: 'data_not_collected', reason: 'Whether the client stayed on the streets, in ES or SH before was not collected.' };
    }
  }

  const started = inputs.dateToStreetESSH;
  if (isIsoDate(started) && started <= entryDate && daysBetween(started, entryDate) >= 365) {
    return { status: 'yes', reason: 'Disabling condition and homeless continuously for at least 12 months.' };
  }
  const times = inputs.timesHomelessPastThreeYears;
  const months = inputs.monthsHomelessPastThreeYears;
  if (times === 4 && (months === 112 || months === 113)) {
    return { status: 'yes', reason: 'Disabling condition and homeless 4 or more times in three years, totalling 12 months or more.' };
  }
  if (times != null && times >= 1 && times <= 4 && (times < 4 || (months != null && months >= 101 && months <= 111))) {
    return { status: 'no', reason: 'Homeless less than 12 months in total, or fewer than 4 times, in the past three years.' };
  }
  if (isDontKnowOrRefused(times) || (times === 4 && isDontKnowOrRefused(months))) {
    return { status: 'client_doesnt_know_or_refused', reason: "Homeless history: client doesn't know or prefers not to answer." };
  }
  if (isIsoDate(started) && times == null && months == null) {
    // Only the start date is known and it is less than a year ago.
    return { status: 'no', reason: 'Homeless for less than 12 months.' };
  }
  return { status: 'data_not_collected', reason: 'Homeless history was not collected.' };
}

/** True only when HUD's definition is met (`chronicHomelessStatus(...).status === 'yes'`). Used to rank the CE list. */
export function isChronicallyHomeless(inputs: ChronicHomelessInputs, entryDate: IsoDate): boolean {
  return chronicHomelessStatus(inputs, entryDate).status === 'yes';
}

/**
 * A household is chronically homeless when the head or any adult is (HUD: a family with an adult head
 * or adult member who meets the definition). `members` are the 3.917 inputs of head and adults.
 */
export function isHouseholdChronicallyHomeless(members: readonly ChronicHomelessInputs[], entryDate: IsoDate): boolean {
  return members.some((m) => isChronicallyHomeless(m, entryDate));
}
