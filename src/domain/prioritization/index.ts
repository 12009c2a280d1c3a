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
  criteria: z.array(criterionSchema).min(1, 'the list needs at least one criterion'),
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

/** One household on the list: the head's open CE enrollment, the latest assessment, the household now. */
export interface CeCandidate {
  clientId: string;
  /** Head of household first. */
  members: HouseholdMemberFacts[];
  /** The head's (and adults') 3.917 + disabling condition inputs, from the CE enrollment(s). */
  chronicInputs: ChronicHomelessInputs[];
  ceEntryDate: LocalDate;
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

export type HouseholdType = 'single' | 'family' | 'childOnly';
export const POPULATIONS = ['singles', 'families', 'youth', 'veterans'] as const;
export type Population = (typeof POPULATIONS)[number];

const ageOn = (dob: LocalDate, on: LocalDate): number => {
  const [y1, m1, d1] = dob.split('-').map(Number) as [number, number, number];
  const [y2, m2, d2] = on.split('-').map(Number) as [number, number, number];
  return y2 - y1 - (m2 < m1 || (m2 === m1 && d2 < d1) ? 1 : 0);
};

const isMinor = (m: HouseholdMemberFacts, today: LocalDate) => m.dob !== null && ageOn(m.dob, today) < 18;

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

/** Days homeless as of `today`: from the start of this episode, else from the months in the past three years. */
export function daysHomeless(c: Pick<CeCandidate, 'dateToStreetEssh' | 'monthsHomelessCode'>, today: LocalDate): number | null {
  if (c.dateToStreetEssh && c.dateToStreetEssh <= today) return daysBetween(c.dateToStreetEssh, today);
  if (c.monthsHomelessCode !== null && c.monthsHomelessCode >= 101 && c.monthsHomelessCode <= 113) return (c.monthsHomelessCode - 100) * 30;
  return null;
}

export function isInactive(c: Pick<CeCandidate, 'lastContact'>, today: LocalDate, settings: PrioritizationSettings = DEFAULT_PRIORITIZATION): boolean {
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
  c: Pick<CeCandidate, 'members' | 'disablingCondition'>,
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

export interface RankedRow {
  candidate: CeCandidate;
  rank: number;
  chronic: boolean;
  daysHomeless: number | null;
  inactive: boolean;
  householdType: HouseholdType;
  populations: Population[];
  /** One sentence per criterion, in the configured order: why the household is where it is. */
  reasons: string[];
}

interface Keyed {
  candidate: CeCandidate;
  chronic: boolean;
  daysHomeless: number | null;
  values: Record<CriterionKey, number | string | null>;
}

function valuesOf(c: CeCandidate, chronic: boolean, days: number | null, today: LocalDate): Record<CriterionKey, number | string | null> {
  return {
    chronic: chronic ? 1 : 0,
    score: c.score,
    lengthOfTimeHomeless: days,
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

function reasonFor(key: CriterionKey, row: Keyed): string {
  const v = row.values[key];
  switch (key) {
    case 'chronic':
      return row.chronic ? 'Chronically homeless (HUD definition: disabling condition and a year or more homeless).' : 'Not chronically homeless under the HUD definition.';
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

/**
 * Orders the households by the configured criteria (then by client ID, so the order is total and
 * stable) and numbers them from 1. Each row's reasons list the criteria in order; the first reason
 * that differs from the row above is marked as the one that decided the place.
 */
export function rankCandidates(candidates: readonly CeCandidate[], today: LocalDate, settings: PrioritizationSettings = DEFAULT_PRIORITIZATION): RankedRow[] {
  const keyed: Keyed[] = candidates.map((c) => {
    const chronic = isChronic(c);
    const days = daysHomeless(c, today);
    return { candidate: c, chronic, daysHomeless: days, values: valuesOf(c, chronic, days, today) };
  });
  const compare = (a: Keyed, b: Keyed): number => {
    for (const cr of settings.criteria) {
      const d = compareValue(a.values[cr.key], b.values[cr.key], cr.direction);
      if (d !== 0) return d;
    }
    return a.candidate.clientId < b.candidate.clientId ? -1 : a.candidate.clientId > b.candidate.clientId ? 1 : 0;
  };
  const sorted = [...keyed].sort(compare);
  return sorted.map((row, i) => {
    const above = i > 0 ? sorted[i - 1]! : null;
    const decidedBy = above ? settings.criteria.find((cr) => compareValue(above.values[cr.key], row.values[cr.key], cr.direction) !== 0) : undefined;
    const reasons = settings.criteria.map((cr) => reasonFor(cr.key, row));
    if (above) {
      reasons.push(
        decidedBy
          ? `Below #${i} on ${CRITERION_LABELS[decidedBy.key].toLowerCase()}.`
          : `Level with #${i} on every criterion; ordered by client ID.`,
      );
    }
    return {
      candidate: row.candidate,
      rank: i + 1,
      chronic: row.chronic,
      daysHomeless: row.daysHomeless,
      inactive: isInactive(row.candidate, today, settings),
      householdType: householdType(row.candidate.members, today),
      populations: populationsOf(row.candidate.members, today, settings),
      reasons,
    };
  });
}
