/**
 * The referral state machine (spec: ces-workflow.md §3–§4; issue 6 item 2). Pure decisions: the use cases
 * load the referral, ask here, then write the change, its history row and its audit row.
 *
 * Rules, in the order they are checked (the first that fails is returned):
 *  1. `unknown-status` (422) — the target code is not in the configuration.
 *  2. `enrolled-only-through-enrollment` (422) — `enrolled` is set only by the enrollment use case
 *     (`decideEnrollmentStatus`), never by a status change, for anyone.
 *  3. `no-change` (422) — the referral is already in that status.
 *  4. `status-retired` (422) — a retired status cannot be newly set.
 *  5. `no-return-to-initial` (422) — nothing returns to the initial status (`matched`).
 *  6. `terminal-status-final` (422) — a terminal status is final, except for an HMIS administrator
 *     correcting a wrongly set status (`correction`).
 *  7. `correction-note-required` (422) — a correction needs a note (kept in the history).
 *  8. `not-allowed-to-set` (403) — `setBy` decides who may set a status (corrections excepted).
 *  9. `note-required` (422) — the status has `requiresNote`.
 * 10. `unable-to-contact-guard` (422) — the status's guard (calendar days since the referral date,
 *     attempts not reaching the client, days between the first and the last such attempt); the message
 *     names every unmet condition. Guards hold for corrections too.
 *
 * `enrolled` is reached only through `decideEnrollmentStatus` (rule `enrollment-required` without the
 * enrollment). A referral whose current code the configuration no longer knows is treated as open.
 */
import { daysBetween, type LocalDate } from '../calendar/dates.ts';
import { localDateAt } from '../calendar/zoned.ts';
import { ENROLLED_STATUS, findStatus, type ReferralConfig, type Setter, type StatusDefinition, type StatusGuard } from './config.ts';

/** What the caller is for this referral: one of the setters, or an HMIS administrator (corrections). */
export type ActorKind = Setter | 'hmis_admin';

export const TRANSITION_RULES = [
  'unknown-status',
  'enrolled-only-through-enrollment',
  'no-change',
  'status-retired',
  'no-return-to-initial',
  'terminal-status-final',
  'correction-note-required',
  'not-allowed-to-set',
  'note-required',
  'unable-to-contact-guard',
  'enrollment-required',
] as const;
export type TransitionRule = (typeof TRANSITION_RULES)[number];

export type StatusDecision =
  | {
      ok: true;
      /** True when this is an HMIS administrator correcting a terminal status (record it as such in the history). */
      correction: boolean;
    }
  | {
      ok: false;
      status: 403 | 422;
      rule: TransitionRule;
      /** In the user's words; for a RuleViolation/ForbiddenError detail. */
      message: string;
      /** The request field it is about ('/status' or '/note'), for a RuleViolation's errors. */
      pointer: '/status' | '/note';
    };

/** A logged contact attempt, as far as the guard cares. */
export interface ContactAttemptFact {
  at: Date;
  /** `reached`, `left_message`, `no_answer`, `wrong_number`, `other`. Only `reached` does not count. */
  outcome: string;
}

export interface StatusChangeInput {
  config: ReferralConfig;
  /** The referral's current status code. */
  from: string;
  /** The requested status code. */
  to: string;
  /** Which of provider / ces_team / system / hmis_admin the caller is for this referral (may be several). */
  actorKinds: readonly ActorKind[];
  note?: string | null | undefined;
  /** The referral's contact attempts (needed by guarded statuses). */
  contactAttempts?: readonly ContactAttemptFact[] | undefined;
  /** The referral date, 'YYYY-MM-DD' (needed by guarded statuses). */
  referralDate: LocalDate;
  now: Date;
  /** The CoC time zone; defaults to the configuration's. */
  timeZone?: string | undefined;
}

type Refusal = Extract<StatusDecision, { ok: false }>;

const refuse = (status: 403 | 422, rule: TransitionRule, message: string, pointer: '/status' | '/note' = '/status'): Refusal => ({
  ok: false,
  status,
  rule,
  message,
  pointer,
});

const hasNote = (note: string | null | undefined): boolean => typeof note === 'string' && note.trim().length > 0;

/** True when one of the caller's kinds is in the status's `setBy`. */
export function maySet(status: StatusDefinition, actorKinds: readonly ActorKind[]): boolean {
  return actorKinds.some((k) => k !== 'hmis_admin' && status.setBy.includes(k));
}

function whoMaySet(status: StatusDefinition): string {
  const names: Record<Setter, string> = { provider: 'the receiving project', ces_team: 'the CES matching team', system: 'the system' };
  return status.setBy.map((s) => names[s]).join(' or ');
}

/** The structural rules (1–8 above), which do not depend on the note, the attempts or the clock. */
function structural(config: ReferralConfig, from: string, to: string, actorKinds: readonly ActorKind[]): Refusal | { correction: boolean; target: StatusDefinition } {
  const target = findStatus(config, to);
  if (!target) return refuse(422, 'unknown-status', `There is no referral status "${to}".`);
  if (target.code === ENROLLED_STATUS) {
    return refuse(422, 'enrolled-only-through-enrollment', `"${target.label}" is set by enrolling the household from this referral, not by changing the status.`);
  }
  if (from === to) return refuse(422, 'no-change', `The referral is already "${target.label}".`);
  if (target.retired) return refuse(422, 'status-retired', `"${target.label}" is no longer in use.`);
  if (target.initial) return refuse(422, 'no-return-to-initial', `A referral cannot go back to "${target.label}".`);
  const current = findStatus(config, from);
  // A code the configuration no longer knows is treated as an open status, so the referral can move on.
  if (current?.terminal) {
    if (!actorKinds.includes('hmis_admin')) {
      return refuse(422, 'terminal-status-final', `The referral ended with "${current.label}"; its status can no longer change. An HMIS administrator can correct a status set by mistake.`);
    }
    return { correction: true, target };
  }
  if (!maySet(target, actorKinds)) return refuse(403, 'not-allowed-to-set', `Only ${whoMaySet(target)} may set "${target.label}".`);
  return { correction: false, target };
}

export interface GuardInput {
  referralDate: LocalDate;
  contactAttempts: readonly ContactAttemptFact[];
  now: Date;
  timeZone: string;
}

export interface GuardResult {
  ok: boolean;
  /** One sentence per unmet condition. */
  unmet: string[];
  daysSinceReferral: number;
  /** Attempts (up to now) whose outcome is not `reached`. */
  countedAttempts: number;
  /** Calendar days between the first and the last counted attempt (0 with fewer than two). */
  daysBetweenFirstAndLast: number;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * Checks a status guard. Calendar days are counted on the CoC's calendar (dates in `timeZone`); attempts
 * after `now` are ignored; attempts whose outcome is `reached` do not count.
 */
export function checkGuard(guard: StatusGuard, input: GuardInput): GuardResult {
  const today = localDateAt(input.now, input.timeZone);
  const daysSinceReferral = daysBetween(input.referralDate, today);
  const counted = input.contactAttempts
    .filter((a) => a.outcome !== 'reached' && a.at.getTime() <= input.now.getTime())
    .map((a) => localDateAt(a.at, input.timeZone))
    .sort();
  const first = counted[0];
  const last = counted[counted.length - 1];
  const daysBetweenFirstAndLast = first !== undefined && last !== undefined ? daysBetween(first, last) : 0;
  const unmet: string[] = [];
  const minDays = guard.minCalendarDaysSinceReferral ?? 0;
  if (daysSinceReferral < minDays) {
    unmet.push(`At least ${plural(minDays, 'calendar day')} must pass after the referral date; ${plural(daysSinceReferral, 'day has', 'days have')} passed.`);
  }
  const minAttempts = guard.minContactAttempts ?? 0;
  if (counted.length < minAttempts) {
    unmet.push(`At least ${plural(minAttempts, 'contact attempt')} that did not reach the client must be logged; ${counted.length} ${counted.length === 1 ? 'is' : 'are'}.`);
  }
  const minSpread = guard.minCalendarDaysBetweenFirstAndLastAttempt ?? 0;
  if (daysBetweenFirstAndLast < minSpread) {
    unmet.push(`The first and the last of those attempts must be at least ${plural(minSpread, 'day')} apart; they are ${plural(daysBetweenFirstAndLast, 'day')} apart.`);
  }
  return { ok: unmet.length === 0, unmet, daysSinceReferral, countedAttempts: counted.length, daysBetweenFirstAndLast };
}

/** Decides whether the caller may move a referral from `from` to `to` now. See the rules at the top. */
export function decideStatusChange(input: StatusChangeInput): StatusDecision {
  const { config, from, to, actorKinds, note } = input;
  const s = structural(config, from, to, actorKinds);
  if ('ok' in s) return s;
  const { target, correction } = s;
  if (correction && !hasNote(note)) {
    return refuse(422, 'correction-note-required', 'Say why the status is being corrected: a note is required and kept in the history.', '/note');
  }
  if (target.requiresNote && !hasNote(note)) return refuse(422, 'note-required', `"${target.label}" needs a note.`, '/note');
  if (target.guard) {
    const g = checkGuard(target.guard, {
      referralDate: input.referralDate,
      contactAttempts: input.contactAttempts ?? [],
      now: input.now,
      timeZone: input.timeZone ?? config.timeZone,
    });
    if (!g.ok) return refuse(422, 'unable-to-contact-guard', `"${target.label}" is not allowed yet. ${g.unmet.join(' ')}`);
  }
  return { ok: true, correction };
}

export interface EnrollmentStatusInput {
  config: ReferralConfig;
  /** The referral's current status code. */
  from: string;
  /** True when the enrollment of the referred head of household in the receiving project exists (or is being created in the same transaction). */
  hasEnrollment: boolean;
}

/**
 * The enrollment path: the only way to set `enrolled`. Requires the enrollment; refused when the referral
 * already ended (rule `terminal-status-final`) or is already enrolled (`no-change`).
 */
export function decideEnrollmentStatus(input: EnrollmentStatusInput): StatusDecision {
  const target = findStatus(input.config, ENROLLED_STATUS);
  if (!target) return refuse(422, 'unknown-status', `There is no referral status "${ENROLLED_STATUS}".`);
  if (input.from === ENROLLED_STATUS) return refuse(422, 'no-change', `The referral is already "${target.label}".`);
  const current = findStatus(input.config, input.from);
  if (current?.terminal) return refuse(422, 'terminal-status-final', `The referral ended with "${current.label}"; the household cannot be enrolled from it.`);
  if (!input.hasEnrollment) {
    return refuse(422, 'enrollment-required', `"${target.label}" needs an enrollment of the referred household in the receiving project.`);
  }
  return { ok: true, correction: false };
}

/**
 * The statuses the caller may set now, for a status form. Without `guard` facts every status allowed by
 * the transition rules is offered (guarded ones included); with them, statuses whose guard is not met are
 * left out. Notes are not considered (the form asks for one when `requiresNote`, or for a correction).
 * Never offers `enrolled`, retired statuses, the initial status or the current one.
 */
export function statusesSettableBy(
  config: ReferralConfig,
  actorKinds: readonly ActorKind[],
  from: string,
  guard?: Omit<GuardInput, 'timeZone'> & { timeZone?: string | undefined },
): StatusDefinition[] {
  return config.statuses.filter((s) => {
    const r = structural(config, from, s.code, actorKinds);
    if ('ok' in r) return false;
    if (guard && s.guard) return checkGuard(s.guard, { ...guard, timeZone: guard.timeZone ?? config.timeZone }).ok;
    return true;
  });
}

/** The rematch a status asks for (how many new referrals the matching team sends), or null. */
export function rematchFor(config: ReferralConfig, statusCode: string): { newReferrals: number } | null {
  const r = findStatus(config, statusCode)?.rematch;
  return r ? { newReferrals: r.newReferrals } : null;
}

/** HUD 4.20.D ReferralResult for a status (1 client accepted, 2 client rejected, 3 provider rejected), or null. */
export function hudReferralResult(config: ReferralConfig, statusCode: string): 1 | 2 | 3 | null {
  return findStatus(config, statusCode)?.hudReferralResult ?? null;
}

/**
 * HUD 4.20.2 Event code of a referral, from the receiving project's HUD project type (2.02.6):
 *
 * | project type                                   | event |
 * |------------------------------------------------|-------|
 * | 13 PH – Rapid Re-Housing                       | 13 Referral to RRH project resource opening |
 * | 3 PH – Permanent Supportive Housing            | 14 Referral to PSH project resource opening |
 * | 9 PH – Housing Only, 10 PH – Housing w/ Services | 15 Referral to Other PH project/unit/resource opening |
 * | 2 Transitional Housing                         | 11 Referral to TH bed/unit opening |
 * | 0 ES entry/exit, 1 ES night-by-night, 8 Safe Haven | 10 Referral to Emergency Shelter bed opening |
 * | 4 Street Outreach                              | 6 Referral to Street Outreach project or services |
 * | 6 Services Only, 7 Other, 11 Day Shelter       | 7 Referral to Housing Navigation project or services |
 * | 12 Homelessness Prevention                     | 1 Referral to Prevention Assistance project |
 * | 14 Coordinated Entry, unknown, null            | null (not a referral destination) |
 */
export function ceEventCodeForProjectType(projectType: number | null | undefined): number | null {
  switch (projectType) {
    case 13:
      return 13;
    case 3:
      return 14;
    case 9:
    case 10:
      return 15;
    case 2:
      return 11;
    case 0:
    case 1:
    case 8:
      return 10;
    case 4:
      return 6;
    case 6:
    case 7:
    case 11:
      return 7;
    case 12:
      return 1;
    default:
      return null;
  }
}
