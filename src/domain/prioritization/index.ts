/**
 * The prioritized CE list (by-name list; spec ces-workflow.md §3 step 2): the CoC's ordered criteria as
 * data, a household's eligibility for a project and an opening, and the inactivity policy. Pure.
 *
 * The configuration lives in `coc.settings.prioritization` (`prioritizationSettingsFrom` fills in the
 * defaults): an ordered list of criteria, each with a direction, and the number of days without contact
 * after which a household is inactive. The default is Chicago's historic order — chronic homelessness
 * first, then vulnerability score (higher first), then length of time homeless (longer first), then the
 * assessment date (earlier first: ties go to the earlier assessment).
 */
import { z } from 'zod';
import { addDays, daysBetween, type LocalDate } from '../calendar/dates.ts';
import { isChronicallyHomeless, type ChronicHomelessInputs } from '../enrollment/living-situation.ts';

// ------------------------------------------------------------------------------------- configuration

export const CRITERIA = ['chronic', 'score', 'lengthOfTimeHomeless', 'assessmentDate', 'veteran', 'withChildren', 'daysOnList'] as const;
export type CriterionKey = (typeof CRITERIA)[number];

export const CRITERION_LABELS: Record<CriterionKey, string> = {
  chronic: 'Chronic homelessness',
  score: 'Vulnerability score',
  lengthOfTimeHomeless: 'Length of time homeless',
  assessmentDate: 'Assessment date',
  veteran: 'Veteran status',
  withChildren: 'Household with children',
  daysOnList: 'Days on the list',
};

const criterionSchema = z.object({
  key: z.enum(CRITERIA),
  /** desc: more (or yes, or later) first; asc: less (or no, or earlier) first. */
  direction: z.enum(['asc', 'desc']),
});
export type Criterion = z.infer<typeof criterionSchema>;

export const prioritizationSchema = z.object({
  criteria: z.array(criterionSchema).min(1, 'Give the list at least one criterion.'),
  inactivityDays: z.number().int().min(1).max(3650),
  /** Project types whose households need a disabling condition (HUD: PSH, 3). */
  disabilityRequiredProjectTypes: z.array(z.number().int()),
  /** Highest age of a head of household in a youth project (HUD: 24). */
  youthMaxAge: z.number().int().min(17).max(30),
});
export type PrioritizationSettings = z.infer<typeof prioritizationSchema>;

export const DEFAULT_PRIORITIZATION: PrioritizationSettings = {
  criteria: [
    { key: 'chronic', direction: 'desc' },
    { key: 'score', direction: 'desc' },
    { key: 'lengthOfTimeHomeless', direction: 'desc' },
    { key: 'assessmentDate', direction: 'asc' },
  ],
  inactivityDays: 90,
  disabilityRequiredProjectTypes: [3],
  youthMaxAge: 24,
};

/** The CoC's prioritization from `coc.settings` (its `prioritization` key), defaults for what is missing or invalid. */
export function prioritizationSettingsFrom(cocSettings: unknown): PrioritizationSettings {
  const raw = (cocSettings && typeof cocSettings === 'object' ? (cocSettings as Record<string, unknown>).prioritization : undefined) ?? {};
  const merged = { ...DEFAULT_PRIORITIZATION, ...(raw && typeof raw === 'object' ? raw : {}) };
  const parsed = prioritizationSchema.safeParse(merged);
  return parsed.success ? parsed.data : DEFAULT_PRIORITIZATION;
}

// ----------------------------------------------------------------------------------------- households

export interface HouseholdMemberFacts {
  clientId: string;
  relationshipToHoH: number;
  dob: LocalDate | null;
  /** HUD 3.07: 1 yes. */
  veteranStatus: number | null;
}

/**
 * What the ranking and the eligibility rules need of one listed household, as kept for the list
 * (chronic homelessness already decided from the 3.917 answers: it does not change with the day).
 */
export interface CeListFacts {
  clientId: string;
  /** Head of household first. */
  members: HouseholdMemberFacts[];
  chronic: boolean;
  /** 3.08 of the head or any adult: 1 when someone has a disabling condition. */
  disablingCondition: number | null;
  assessmentDate: LocalDate;
  score: number | null;
  /** Approximate start of the current episode (3.917 DateToStreetESSH). */
  dateToStreetEssh: LocalDate | null;
  /** 3.917 MonthsHomelessPastThreeYears code (101–113). */
  monthsHomelessCode: number | null;
  /** When the household first appeared on the list (first prioritized assessment). */
  listedSince: LocalDate;
  /** Dates of contacts: assessments, current living situations, contact attempts, enrollment activity. */
  lastContact: LocalDate;
}

/** One household on the list as read from its records: the head's open CE enrollment, the latest assessment, the household now. */
export interface CeCandidate extends Omit<CeListFacts, 'chronic'> {
  /** The head's (and adults') 3.917 + disabling condition inputs, from the CE enrollment(s). */
  chronicInputs: ChronicHomelessInputs[];
  ceEntryDate: LocalDate;
}

export type HouseholdType = 'single' | 'family' | 'childOnly';
export const POPULATIONS = ['singles', 'families', 'youth', 'veterans'] as const;
export type Population = (typeof POPULATIONS)[number];

const ageOn = (dob: LocalDate, on: LocalDate): number => {
  const [y1, m1, d1] = dob.split('-').map(Number) as [number, number, number];
  const [y2, m2, d2] = on.split('-').map(Number) as [number, number, number];
  return y2 - y1 - (m2 < m1 || (m2 === m1 && d2 < d1) ? 1 : 0);
};

const isMinor = (m: HouseholdMemberFacts, today: LocalDate) => m.dob !== null && ageOn(m.dob, today) < 18;

/**
 * The latest date of birth of someone who is `years` old on `today`: anyone born after it is younger.
 * (`ageOn(dob, today) < years` exactly when `dob > yearsOldIfBornBy(today, years)`; on 29 February the
 * same day `years` earlier may not exist, and the 28th is the last day that counts.)
 */
export function yearsOldIfBornBy(today: LocalDate, years: number): LocalDate {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const year = y - years;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const day = m === 2 && d === 29 && !leap ? 28 : d;
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The first day after `today` on which one of these minors turns 18 (null when none is a minor): the
 * list's row of a household whose CE-enrolled members' answers count once they are adults is computed
 * again then. Born on 29 February: an adult from 1 March.
 */
export function firstDayAdult(dobs: readonly (LocalDate | null)[], today: LocalDate): LocalDate | null {
  const minorIfBornAfter = yearsOldIfBornBy(today, 18);
  let next: LocalDate | null = null;
  for (const dob of dobs) {
    if (dob === null || dob <= minorIfBornAfter) continue;
    const [y, m, d] = dob.split('-').map(Number) as [number, number, number];
    const year = String(y + 18).padStart(4, '0');
    const due = m === 2 && d === 29 ? `${year}-03-01` : `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    if (next === null || due < next) next = due;
  }
  return next;
}

/** The day-dependent limits the list applies when it is read (ages, inactivity), for rules run in SQL. */
export interface ListDayLimits {
  /** Members born after this are minors. */
  minorIfBornAfter: LocalDate;
  /** A head born after this is a youth (age ≤ youthMaxAge). */
  youthIfBornAfter: LocalDate;
  /** A household whose last contact is before this is inactive. */
  activeIfContactOnOrAfter: LocalDate;
}

export function listDayLimits(today: LocalDate, settings: PrioritizationSettings = DEFAULT_PRIORITIZATION): ListDayLimits {
  return {
    minorIfBornAfter: yearsOldIfBornBy(today, 18),
    youthIfBornAfter: yearsOldIfBornBy(today, settings.youthMaxAge + 1),
    activeIfContactOnOrAfter: addDays(today, -settings.inactivityDays),
  };
}

/** Adults only ("single", whatever its size), adults with children ("family"), or children only. */
export function householdType(members: readonly HouseholdMemberFacts[], today: LocalDate): HouseholdType {
  const minors = members.filter((m) => isMinor(m, today)).length;
  if (minors === 0) return 'single';
  return minors === members.length ? 'childOnly' : 'family';
}

const headOf = (c: { members: readonly HouseholdMemberFacts[] }) => c.members.find((m) => m.relationshipToHoH === 1) ?? c.members[0];

/** The populations a household belongs to. */
export function populationsOf(members: readonly HouseholdMemberFacts[], today: LocalDate, settings: PrioritizationSettings = DEFAULT_PRIORITIZATION): Population[] {
  const out: Population[] = [];
  const type = householdType(members, today);
  if (type === 'single') out.push('singles');
  if (type === 'family') out.push('families');
  const head = headOf({ members });
  if (type === 'childOnly' || (head?.dob && ageOn(head.dob, today) <= settings.youthMaxAge)) out.push('youth');
  if (members.some((m) => m.veteranStatus === 1 && !isMinor(m, today))) out.push('veterans');
  return out;
}

export function isChronic(c: Pick<CeCandidate, 'chronicInputs' | 'ceEntryDate'>): boolean {
  return c.chronicInputs.some((i) => isChronicallyHomeless(i, c.ceEntryDate));
}

/** The facts the list keeps of a candidate read from its records. */
export function listFactsOf(c: CeCandidate): CeListFacts {
  const { chronicInputs: _inputs, ceEntryDate: _entry, ...rest } = c;
  return { ...rest, chronic: isChronic(c) };
}

/** Days homeless as of `today`: from the start of this episode, else from the months in the past three years. */
export function daysHomeless(c: Pick<CeListFacts, 'dateToStreetEssh' | 'monthsHomelessCode'>, today: LocalDate): number | null {
  if (c.dateToStreetEssh && c.dateToStreetEssh <= today) return daysBetween(c.dateToStreetEssh, today);
  if (c.monthsHomelessCode !== null && c.monthsHomelessCode >= 101 && c.monthsHomelessCode <= 113) return (c.monthsHomelessCode - 100) * 30;
  return null;
}

export function isInactive(c: Pick<CeListFacts, 'lastContact'>, today: LocalDate, settings: PrioritizationSettings = DEFAULT_PRIORITIZATION): boolean {
  return c.lastContact < addDays(today, -settings.inactivityDays);
}

// ----------------------------------------------------------------------------------------- eligibility

export interface ProjectFacts {
  name: string;
  projectType: number;
  populations: readonly string[];
}

export interface OpeningFacts {
  householdSize: number | null;
  bedrooms: number | null;
  population: string | null;
}

export interface Ineligibility {
  rule: 'disability' | 'population' | 'household-size' | 'opening-population';
  message: string;
}

const POPULATION_LABELS: Record<string, string> = { singles: 'single adults', families: 'families with children', youth: 'youth', veterans: 'veterans' };

/**
 * Why the household cannot be matched to the project (and the opening), or an empty list when it can:
 * a project type that needs a disabling condition (PSH), the project's populations (the household must
 * belong to one of them; none listed means everyone), and the opening's household size and population.
 */
export function ineligibilityFor(
  c: Pick<CeListFacts, 'members' | 'disablingCondition'>,
  project: ProjectFacts,
  opening: OpeningFacts | null,
  today: LocalDate,
  settings: PrioritizationSettings = DEFAULT_PRIORITIZATION,
): Ineligibility[] {
  const out: Ineligibility[] = [];
  if (settings.disabilityRequiredProjectTypes.includes(project.projectType) && c.disablingCondition !== 1) {
    out.push({ rule: 'disability', message: `${project.name} requires a household member with a disabling condition.` });
  }
  const mine = populationsOf(c.members, today, settings);
  const served = project.populations.filter((p) => (POPULATIONS as readonly string[]).includes(p));
  if (served.length > 0 && !served.some((p) => mine.includes(p as Population))) {
    out.push({ rule: 'population', message: `${project.name} serves ${served.map((p) => POPULATION_LABELS[p] ?? p).join(', ')}.` });
  }
  if (opening) {
    if (opening.householdSize !== null && c.members.length > opening.householdSize) {
      out.push({ rule: 'household-size', message: `The opening is for a household of up to ${opening.householdSize}; this household has ${c.members.length}.` });
    }
    if (opening.population && (POPULATIONS as readonly string[]).includes(opening.population) && !mine.includes(opening.population as Population)) {
      out.push({ rule: 'opening-population', message: `The opening is for ${POPULATION_LABELS[opening.population] ?? opening.population}.` });
    }
  }
  return out;
}

export const isEligible = (...args: Parameters<typeof ineligibilityFor>): boolean => ineligibilityFor(...args).length === 0;

// --------------------------------------------------------------------------------------------- ranking

export interface RankedRow<F extends CeListFacts = CeListFacts> {
  candidate: F;
  rank: number;
  chronic: boolean;
  daysHomeless: number | null;
  inactive: boolean;
  householdType: HouseholdType;
  populations: Population[];
  /** One sentence per criterion, in the configured order: why the household is where it is. */
  reasons: string[];
}

type Values = Record<CriterionKey, number | string | null>;

/** The value of each criterion for a household on `today` (the SQL that pages the list computes the same). */
export function criterionValues(c: CeListFacts, today: LocalDate): Values {
  return {
    chronic: c.chronic ? 1 : 0,
    score: c.score,
    lengthOfTimeHomeless: daysHomeless(c, today),
    assessmentDate: c.assessmentDate,
    veteran: c.members.some((m) => m.veteranStatus === 1 && !isMinor(m, today)) ? 1 : 0,
    withChildren: householdType(c.members, today) === 'family' ? 1 : 0,
    daysOnList: daysBetween(c.listedSince, today),
  };
}

/** Compares two values of one criterion; unknown (null) values always come last. */
function compareValue(a: number | string | null, b: number | string | null, direction: 'asc' | 'desc'): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const cmp = a < b ? -1 : 1;
  return direction === 'asc' ? cmp : -cmp;
}

function reasonFor(key: CriterionKey, c: CeListFacts, values: Values): string {
  const v = values[key];
  switch (key) {
    case 'chronic':
      return c.chronic ? 'Chronically homeless (HUD definition: disabling condition and a year or more homeless).' : 'Not chronically homeless under the HUD definition.';
    case 'score':
      return v === null ? 'No vulnerability score recorded.' : `Vulnerability score ${v}.`;
    case 'lengthOfTimeHomeless':
      return v === null ? 'Length of time homeless not known.' : `Homeless about ${Math.max(1, Math.round((v as number) / 30))} months (${v} days).`;
    case 'assessmentDate':
      return `Assessed on ${v}.`;
    case 'veteran':
      return v === 1 ? 'Veteran household.' : 'Not a veteran household.';
    case 'withChildren':
      return v === 1 ? 'Household with children.' : 'Household without children.';
    case 'daysOnList':
      return `On the list for ${v} days.`;
  }
}

/** The list's order: the configured criteria, then the client ID (so the order is total and stable). */
export function compareForList(settings: PrioritizationSettings, today: LocalDate): (a: CeListFacts, b: CeListFacts) => number {
  return (a, b) => {
    const va = criterionValues(a, today);
    const vb = criterionValues(b, today);
    for (const cr of settings.criteria) {
      const d = compareValue(va[cr.key], vb[cr.key], cr.direction);
      if (d !== 0) return d;
    }
    return a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : 0;
  };
}

/**
 * Numbers a page of households already in list order, the first one `firstRank`; `above` is the
 * household just before the page (null on the first page). Each row's reasons list the criteria in
 * order; the first criterion that differs from the row above is named as the one that decided the place.
 */
export function rankPage<F extends CeListFacts>(page: readonly F[], firstRank: number, above: CeListFacts | null, today: LocalDate, settings: PrioritizationSettings = DEFAULT_PRIORITIZATION): RankedRow<F>[] {
  let prev = above ? criterionValues(above, today) : null;
  return page.map((c, i) => {
    const values = criterionValues(c, today);
    const rank = firstRank + i;
    const reasons = settings.criteria.map((cr) => reasonFor(cr.key, c, values));
    if (prev) {
      const before = prev;
      const decidedBy = settings.criteria.find((cr) => compareValue(before[cr.key], values[cr.key], cr.direction) !== 0);
      reasons.push(decidedBy ? `Below #${rank - 1} on ${CRITERION_LABELS[decidedBy.key].toLowerCase()}.` : `Level with #${rank - 1} on every criterion; ordered by client ID.`);
    }
    prev = values;
    return {
      candidate: c,
      rank,
      chronic: c.chronic,
      daysHomeless: values.lengthOfTimeHomeless as number | null,
      inactive: isInactive(c, today, settings),
      householdType: householdType(c.members, today),
      populations: populationsOf(c.members, today, settings),
      reasons,
    };
  });
}

/** Orders the households by the configured criteria and numbers them from 1 (see `rankPage`). */
export function rankCandidates(candidates: readonly CeCandidate[], today: LocalDate, settings: PrioritizationSettings = DEFAULT_PRIORITIZATION): RankedRow<CeListFacts>[] {
  const sorted = candidates.map(listFactsOf).sort(compareForList(settings, today));
  return rankPage(sorted, 1, null, today, settings);
}
