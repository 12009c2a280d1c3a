/**
 * The timeliness engine (spec: ces-workflow.md §5; issue 6 item 4): due times of the configured steps,
 * the state of each step of a referral, the next due time, and what a sweep must act on.
 *
 * ## Due times
 * - `businessDays: N` — the end (23:59:59.999) of the Nth business day after the referral date; the
 *   referral date never counts itself, whether or not it is a business day.
 * - `calendarDays: N` — the end of referral date + N.
 * Both in the CoC's time zone (configuration `timeZone`, America/Chicago by default), daylight saving
 * included: `dueAtIso` carries the offset of that instant (e.g. `2026-11-30T23:59:59.999-06:00`).
 * A step is *due soon* from the start of the business day(s) (`dueSoon.businessDays`, default 1) before
 * its due day.
 *
 * ## Step states
 * A step runs while the referral is in one of its `while` statuses and is met by reaching one of its
 * `mustReach` statuses. From the referral's history (when each status was reached) and `now`:
 * - `met` — a `mustReach` status was first reached at or before the due time;
 * - `missed` — a `mustReach` status was first reached after the due time, **or** the referral left the
 *   step's statuses for one the step does not ask for (e.g. ended, or was escalated by the sweep) after the
 *   due time — the standard was not kept either way;
 * - `not_applicable` — the referral left the step's statuses for one the step does not ask for (e.g.
 *   cancelled, closed because the opening was filled, or rematched after a missed first response) at or
 *   before the due time: the step no longer mattered;
 * - `overdue` — still running after the due time;
 * - `due_soon` — still running, from the start of the business day before the due day until the due time;
 * - `on_time` — still running, earlier.
 * `met`, `missed` and `not_applicable` are final; `on_time`, `due_soon` and `overdue` are *pending*.
 * Only the first time a `mustReach` status was reached counts (moving back to an earlier open status
 * afterwards does not undo a met step).
 */
import { addBusinessDays, businessDaysBetween } from '../calendar/business-days.ts';
import { addDays, daysBetween, type LocalDate } from '../calendar/dates.ts';
import type { HolidayCalendar } from '../calendar/holidays.ts';
import { endOfDayInstant, formatInstantWithOffset, localDateAt, startOfDayInstant } from '../calendar/zoned.ts';
import { holidayCalendarFor, type OnMissedRule, type ReferralConfig, type StepWithin, type TimelinessStep } from '../referrals/config.ts';

export const STEP_STATES = ['on_time', 'due_soon', 'overdue', 'met', 'missed', 'not_applicable'] as const;
export type StepState = (typeof STEP_STATES)[number];

/** The states of a step still waiting for the referral to move. */
export const PENDING_STEP_STATES: readonly StepState[] = ['on_time', 'due_soon', 'overdue'];

/** What the calculations need besides the referral: the configuration, its holidays and time zone. */
export interface TimelinessContext {
  config: ReferralConfig;
  /** Defaults to `holidayCalendarFor(config)` (the configuration's base calendar, without database edits). */
  holidays?: HolidayCalendar | undefined;
  /** Defaults to `config.timeZone`. */
  timeZone?: string | undefined;
}

interface Resolved {
  config: ReferralConfig;
  holidays: HolidayCalendar;
  timeZone: string;
}

const defaultCalendars = new WeakMap<ReferralConfig, HolidayCalendar>();

function resolve(ctx: TimelinessContext): Resolved {
  let holidays = ctx.holidays ?? defaultCalendars.get(ctx.config);
  if (!holidays) {
    holidays = holidayCalendarFor(ctx.config);
    defaultCalendars.set(ctx.config, holidays);
  }
  return { config: ctx.config, holidays, timeZone: ctx.timeZone ?? ctx.config.timeZone };
}

/** A due time, as the API shows it. */
export interface Deadline {
  /** The due day, 'YYYY-MM-DD', in the CoC time zone. */
  dueDate: LocalDate;
  /** The last millisecond of the due day in the CoC time zone. */
  dueAt: Date;
  /** `dueAt` as ISO 8601 with the zone offset, e.g. `2026-11-30T23:59:59.999-06:00`. */
  dueAtIso: string;
  /** When the step becomes due soon: the start of the business day(s) before the due day. */
  dueSoonFrom: Date;
  dueSoonFromIso: string;
}

/** The due day of a step counted from `from` (the referral date). */
export function dueDateFor(from: LocalDate, within: StepWithin, holidays: HolidayCalendar): LocalDate {
  return 'businessDays' in within ? addBusinessDays(from, within.businessDays, holidays) : addDays(from, within.calendarDays);
}

/** A computed due time: numbers and strings only, so every caller gets its own Date objects. */
interface CachedDeadline {
  dueDate: LocalDate;
  dueAt: number;
  dueAtIso: string;
  dueSoonFrom: number;
  dueSoonFromIso: string;
}

// Measured (issue 10, BENCHMARKS.md): the sweep evaluates every step of every open referral, and the
// time-zone and business-day arithmetic of each due time was most of its cost — while the open referrals
// share a few dozen referral dates. A due time depends only on the calendar (whose answers never change),
// the zone, the start date, the step's length and the due-soon days: remembered per calendar object under
// the rest, bounded.
const deadlineCache = new WeakMap<HolidayCalendar, Map<string, CachedDeadline>>();
const MAX_CACHED_DEADLINES = 10_000;

function computeDeadline(r: Resolved, from: LocalDate, within: StepWithin, soonDays: number): CachedDeadline {
  const dueDate = dueDateFor(from, within, r.holidays);
  const due = endOfDayInstant(dueDate, r.timeZone);
  const soonDay = addBusinessDays(dueDate, -soonDays, r.holidays);
  const soon = startOfDayInstant(soonDay, r.timeZone);
  return {
    dueDate,
    dueAt: due.getTime(),
    dueAtIso: formatInstantWithOffset(due, r.timeZone),
    dueSoonFrom: soon.getTime(),
    dueSoonFromIso: formatInstantWithOffset(soon, r.timeZone),
  };
}

function cachedDeadline(r: Resolved, from: LocalDate, within: StepWithin, soonDays: number): CachedDeadline {
  const length = 'businessDays' in within ? `b${within.businessDays}` : `c${within.calendarDays}`;
  const key = `${r.timeZone} ${from} ${length} ${soonDays}`;
  let cache = deadlineCache.get(r.holidays);
  if (!cache) {
    cache = new Map();
    deadlineCache.set(r.holidays, cache);
  }
  let d = cache.get(key);
  if (!d) {
    d = computeDeadline(r, from, within, soonDays);
    if (cache.size >= MAX_CACHED_DEADLINES) cache.clear();
    cache.set(key, d);
  }
  return d;
}

function deadlineOf(r: Resolved, from: LocalDate, within: StepWithin, soonDays: number): Deadline {
  const d = cachedDeadline(r, from, within, soonDays);
  return { dueDate: d.dueDate, dueAt: new Date(d.dueAt), dueAtIso: d.dueAtIso, dueSoonFrom: new Date(d.dueSoonFrom), dueSoonFromIso: d.dueSoonFromIso };
}

/**
 * The due time of `within` counted from `from` (the referral date): see the module comment.
 * `dueSoonBusinessDays` defaults to the configuration's `dueSoon.businessDays`.
 */
export function dueAt(ctx: TimelinessContext, from: LocalDate, within: StepWithin, dueSoonBusinessDays?: number): Deadline {
  const r = resolve(ctx);
  return deadlineOf(r, from, within, dueSoonBusinessDays ?? r.config.dueSoon.businessDays);
}

/** Every configured step's due time for a referral date, in configuration order. */
export function stepDeadlines(ctx: TimelinessContext, referralDate: LocalDate): Array<Deadline & { step: string }> {
  return ctx.config.timeliness.map((t) => ({ step: t.step, ...dueAt(ctx, referralDate, t.within) }));
}

/** One entry of a referral's status history: the status reached and when. */
export interface StatusReached {
  /** The status code reached. */
  to: string;
  at: Date;
}

/** What the engine needs to know about a referral. */
export interface ReferralTimelinessFacts {
  referralDate: LocalDate;
  /** The current status code. */
  status: string;
  /**
   * Every status change, any order (the initial status may be included or not). A status must appear here
   * for the time it was reached to be known.
   */
  history: readonly StatusReached[];
}

export interface StepTimeliness extends Deadline {
  step: string;
  state: StepState;
  /** When the step was met (or met late): the first time a `mustReach` status was reached; else null. */
  reachedAt: Date | null;
  /** For `met` and reached-late `missed`: days from the referral date to the day it was reached, in the step's unit (business or calendar days) — for the "median days taken" reports. */
  daysTaken: number | null;
  /** For `missed` and `not_applicable` without reaching: when the referral left the step's statuses. */
  leftAt: Date | null;
  onMissed: OnMissedRule;
}

function sortedHistory(history: readonly StatusReached[]): StatusReached[] {
  return [...history].sort((a, b) => a.at.getTime() - b.at.getTime());
}

function evaluateStep(r: Resolved, step: TimelinessStep, referral: ReferralTimelinessFacts, history: StatusReached[], now: Date): StepTimeliness {
  const deadline = deadlineOf(r, referral.referralDate, step.within, r.config.dueSoon.businessDays);
  const base = { step: step.step, ...deadline, onMissed: step.onMissed, reachedAt: null, daysTaken: null, leftAt: null };
  const reach = history.find((h) => step.mustReach.includes(h.to));
  if (reach) {
    const day = localDateAt(reach.at, r.timeZone);
    const daysTaken = 'businessDays' in step.within ? businessDaysBetween(referral.referralDate, day, r.holidays) : daysBetween(referral.referralDate, day);
    const state: StepState = reach.at.getTime() <= deadline.dueAt.getTime() ? 'met' : 'missed';
    return { ...base, state, reachedAt: reach.at, daysTaken };
  }
  if (step.while.includes(referral.status)) {
    const t = now.getTime();
    const state: StepState = t > deadline.dueAt.getTime() ? 'overdue' : t >= deadline.dueSoonFrom.getTime() ? 'due_soon' : 'on_time';
    return { ...base, state };
  }
  // Left the step's statuses without reaching what it asks for: when it entered its current status.
  const entered = [...history].reverse().find((h) => h.to === referral.status);
  const leftAt = entered?.at ?? startOfDayInstant(referral.referralDate, r.timeZone);
  return { ...base, state: leftAt.getTime() <= deadline.dueAt.getTime() ? 'not_applicable' : 'missed', leftAt };
}

/** The state of every configured step of a referral at `now`, in configuration order. */
export function evaluateTimeliness(ctx: TimelinessContext, referral: ReferralTimelinessFacts, now: Date): StepTimeliness[] {
  const r = resolve(ctx);
  const history = sortedHistory(referral.history);
  return r.config.timeliness.map((step) => evaluateStep(r, step, referral, history, now));
}

/** The state of one step (by name) at `now`, or undefined when the configuration has no such step. */
export function stepState(ctx: TimelinessContext, referral: ReferralTimelinessFacts, stepName: string, now: Date): StepTimeliness | undefined {
  return evaluateTimeliness(ctx, referral, now).find((s) => s.step === stepName);
}

/** The earliest due time among the referral's pending steps (overdue ones included), or null when none is pending. */
export function nextDue(ctx: TimelinessContext, referral: ReferralTimelinessFacts, now: Date): StepTimeliness | null {
  let best: StepTimeliness | null = null;
  for (const s of evaluateTimeliness(ctx, referral, now)) {
    if (!PENDING_STEP_STATES.includes(s.state)) continue;
    if (!best || s.dueAt.getTime() < best.dueAt.getTime()) best = s;
  }
  return best;
}

/** True when any step of the referral is overdue at `now`. */
export function isOverdue(ctx: TimelinessContext, referral: ReferralTimelinessFacts, now: Date): boolean {
  return evaluateTimeliness(ctx, referral, now).some((s) => s.state === 'overdue');
}

export interface MissedStep {
  /** The step's name: with the referral id, the key a sweep records so it acts once per (referral, step). */
  step: string;
  dueAt: Date;
  dueAtIso: string;
  onMissed: OnMissedRule;
}

/**
 * What a sweep must act on now: the steps still running after their due time (state `overdue`), earliest
 * due first. The list stops after the first `setStatus` rule: applying it changes the status, so the later
 * steps must be evaluated again afterwards (typically they become `not_applicable`). A sweep records each
 * (referral, step) it acted on and skips those already recorded, so each miss acts once however often the
 * sweep runs; before applying `setStatus` it asks `decideStatusChange` with `actorKinds: ['system']`.
 */
export function missedSteps(ctx: TimelinessContext, referral: ReferralTimelinessFacts, now: Date): MissedStep[] {
  return missedStepsOf(evaluateTimeliness(ctx, referral, now));
}

/** `missedSteps` from a referral's steps already evaluated (`evaluateTimeliness`), so a sweep evaluates once. */
export function missedStepsOf(steps: readonly StepTimeliness[]): MissedStep[] {
  const overdue = steps
    .filter((s) => s.state === 'overdue')
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  const out: MissedStep[] = [];
  for (const s of overdue) {
    out.push({ step: s.step, dueAt: s.dueAt, dueAtIso: s.dueAtIso, onMissed: s.onMissed });
    if (s.onMissed.action === 'setStatus') break;
  }
  return out;
}

/** A step that may need a sweep's action, judged without the referral's history (`stepsToCheck`). */
export interface StepToCheck {
  step: string;
  /** `missed` once past the due time (the sweep records a miss), else `due_soon` (it sends a notice). */
  kind: 'missed' | 'due_soon';
}

/**
 * The steps of a referral that may need a sweep's action at `now`, judged from its date and current status
 * alone: the steps running in that status and past the start of their due-soon period. The history can
 * only make such a step met, missed or not applicable, never the reverse, so every step `missedSteps`
 * returns is here as `missed` and every `due_soon` step of `evaluateTimeliness` as `due_soon`: a sweep
 * reads the history only of referrals with a step here it has not acted on yet.
 */
export function stepsToCheck(ctx: TimelinessContext, referral: Pick<ReferralTimelinessFacts, 'referralDate' | 'status'>, now: Date): StepToCheck[] {
  const r = resolve(ctx);
  const t = now.getTime();
  const out: StepToCheck[] = [];
  for (const step of r.config.timeliness) {
    if (!step.while.includes(referral.status)) continue;
    const d = cachedDeadline(r, referral.referralDate, step.within, r.config.dueSoon.businessDays);
    if (t > d.dueAt) out.push({ step: step.step, kind: 'missed' });
    else if (t >= d.dueSoonFrom) out.push({ step: step.step, kind: 'due_soon' });
  }
  return out;
}

export interface TransferDeadlines {
  /** The provider files the transfer notification by then: `transfers.notifyWithin` business days after the decision. */
  notificationDue: Deadline;
  /** The matching team records the transfer's referral by then: `transfers.cesReferralWithin` business days after the notification (its actual date when known, else its due date). */
  cesReferralDue: Deadline;
}

/** The transfer policy's two deadlines (spec §8), from the day the provider decided the transfer. */
export function transferDeadlines(ctx: TimelinessContext, decidedOn: LocalDate, notifiedOn?: LocalDate): TransferDeadlines {
  const t = ctx.config.transfers;
  const notificationDue = dueAt(ctx, decidedOn, t.notifyWithin);
  const cesReferralDue = dueAt(ctx, notifiedOn ?? notificationDue.dueDate, t.cesReferralWithin);
  return { notificationDue, cesReferralDue };
}

/** The functions above bound to one configuration, holiday calendar and time zone. */
export interface TimelinessEngine {
  readonly config: ReferralConfig;
  readonly holidays: HolidayCalendar;
  readonly timeZone: string;
  dueAt(from: LocalDate, within: StepWithin): Deadline;
  stepDeadlines(referralDate: LocalDate): Array<Deadline & { step: string }>;
  evaluate(referral: ReferralTimelinessFacts, now: Date): StepTimeliness[];
  nextDue(referral: ReferralTimelinessFacts, now: Date): StepTimeliness | null;
  isOverdue(referral: ReferralTimelinessFacts, now: Date): boolean;
  missedSteps(referral: ReferralTimelinessFacts, now: Date): MissedStep[];
  stepsToCheck(referral: Pick<ReferralTimelinessFacts, 'referralDate' | 'status'>, now: Date): StepToCheck[];
  transferDeadlines(decidedOn: LocalDate, notifiedOn?: LocalDate): TransferDeadlines;
}

export function timelinessEngine(ctx: TimelinessContext): TimelinessEngine {
  const r = resolve(ctx);
  const c: TimelinessContext = { config: r.config, holidays: r.holidays, timeZone: r.timeZone };
  return {
    ...r,
    dueAt: (from, within) => dueAt(c, from, within),
    stepDeadlines: (d) => stepDeadlines(c, d),
    evaluate: (ref, now) => evaluateTimeliness(c, ref, now),
    nextDue: (ref, now) => nextDue(c, ref, now),
    isOverdue: (ref, now) => isOverdue(c, ref, now),
    missedSteps: (ref, now) => missedSteps(c, ref, now),
    stepsToCheck: (ref, now) => stepsToCheck(c, ref, now),
    transferDeadlines: (d, n) => transferDeadlines(c, d, n),
  };
}
