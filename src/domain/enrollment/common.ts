/**
 * Shared pieces of the enrollment rules: local dates ('YYYY-MM-DD'), HUD code lists, and the shape
 * every rule returns when it refuses something.
 *
 * Rules in this folder never throw. They return `RuleProblem[]` (empty = allowed); the use case calls
 * `throwIfProblems(problems)` to turn them into a `RuleViolation` (HTTP 422) whose `errors` carry the
 * JSON pointer and the message, and whose `rule` is the first problem's rule id.
 * Data-quality findings (saving is allowed, the enrollment shows them) are `DataQualityIssue`s.
 */
import lists from '../hud/spec/lists-2026.json' with { type: 'json' };
import { RuleViolation } from '../errors.ts';

/** A calendar date 'YYYY-MM-DD' (no time zone). ISO dates compare correctly as strings. */
export type IsoDate = string;

/** A refusal by a rule, ready to become one entry of a 422 problem document. */
export interface RuleProblem {
  ok: false;
  /** Stable rule id for clients and tests, e.g. 'move-in.project-type'. */
  rule: string;
  /** JSON Pointer into the request that caused it, e.g. '/members/1/relationshipToHoH'. */
  pointer: string;
  /** What went wrong, in a case manager's words. */
  message: string;
}

export function problem(rule: string, pointer: string, message: string): RuleProblem {
  return { ok: false, rule, pointer, message };
}

/** Throws a `RuleViolation` (422) carrying every problem, or returns when there are none. */
export function throwIfProblems(problems: readonly RuleProblem[], detail?: string): void {
  if (problems.length === 0) return;
  const first = problems[0]!;
  throw new RuleViolation(
    detail ?? (problems.length === 1 ? first.message : `${problems.length} problems need fixing: ${first.message}`),
    problems.map((p) => ({ pointer: p.pointer, message: p.message })),
    first.rule,
  );
}

/** A data-quality finding: saving is allowed, the enrollment's data-quality panel lists it. */
export interface DataQualityIssue {
  /** 'missing' (no answer / data not collected), 'unknown' (client doesn't know / prefers not to answer),
   *  'contradiction' (answers that cannot all be true), 'invalid' (not a HUD value). */
  kind: 'missing' | 'unknown' | 'contradiction' | 'invalid';
  /** HUD element, e.g. '3.917'. */
  element: string;
  /** JSON Pointer to the answer concerned, e.g. '/livingSituation'. */
  pointer: string;
  message: string;
  /** Where to answer it: the member's enrollment, the stage (5.03), the stage record (null: none yet), the question. */
  enrollmentId?: string;
  stage?: number;
  assessmentId?: string | null;
  field?: string;
}

// ---------------------------------------------------------------------------------------------
// Dates

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const m = ISO.exec(value);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function toUtc(date: IsoDate): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}

function fromUtc(ms: number): IsoDate {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromUtc(toUtc(date) + days * 86_400_000);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((toUtc(to) - toUtc(from)) / 86_400_000);
}

/**
 * The same calendar day `years` years later. A 29 February falls on 28 February in a year that has
 * no 29 February (Hearth's reading of "anniversary"; HUD does not say). Example: 2024-02-29 + 1 year
 * = 2025-02-28; + 4 years = 2028-02-29.
 */
export function addYears(date: IsoDate, years: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const year = y + years;
  const day = Math.min(d, daysInMonth(year, m));
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Same day `months` months later, clamped to the month's last day (2025-01-31 + 1 = 2025-02-28). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const day = Math.min(d, daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Age in whole years on `on` (a 29 February birthday counts from 28 February in common years). */
export function ageOn(dob: IsoDate, on: IsoDate): number {
  let age = Number(on.slice(0, 4)) - Number(dob.slice(0, 4));
  if (addYears(dob, age) > on) age -= 1;
  return age;
}

export const ADULT_AGE = 18;

/** Formats a date for messages: 2025-03-01 → "1 March 2025". */
export function formatDate(date: IsoDate): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  return `${d} ${months[m - 1]} ${y}`;
}

// ---------------------------------------------------------------------------------------------
// HUD code lists (FY2026)

const META_KEYS = new Set(['hudList', 'columns', 'source']);

/** The codes of a HUD list in `lists-2026.json`, with their labels. */
export function hudList(name: keyof typeof lists): ReadonlyMap<number, string> {
  const out = new Map<number, string>();
  for (const [k, v] of Object.entries(lists[name] as Record<string, unknown>)) {
    if (!META_KEYS.has(k) && typeof v === 'string' && /^\d+$/.test(k)) out.set(Number(k), v);
  }
  return out;
}

export const HUD_LISTS = {
  relationshipToHoH: hudList('RelationshipToHoH'),
  livingSituation: hudList('LivingSituation'),
  destination: hudList('Destination'),
  rentalSubsidyType: hudList('RentalSubsidyType'),
  lengthOfStay: hudList('LengthOfStay'),
  timesHomeless: hudList('TimesHomelessPastThreeYears'),
  monthsHomeless: hudList('MonthsHomelessPastThreeYears'),
  noYesMissing: hudList('NoYesMissing'),
  noYesReasons: hudList('NoYesReasonsForMissingData'),
  projectType: hudList('ProjectType'),
  dataCollectionStage: hudList('DataCollectionStage'),
} as const;

/** HUD "data quality" answers: 8 client doesn't know, 9 client prefers not to answer, 99 data not collected. */
export const CLIENT_DOESNT_KNOW = 8;
export const CLIENT_PREFERS_NOT = 9;
export const DATA_NOT_COLLECTED = 99;

export function isMissing(v: number | null | undefined): boolean {
  return v === null || v === undefined || v === DATA_NOT_COLLECTED;
}

export function isDontKnowOrRefused(v: number | null | undefined): boolean {
  return v === CLIENT_DOESNT_KNOW || v === CLIENT_PREFERS_NOT;
}
