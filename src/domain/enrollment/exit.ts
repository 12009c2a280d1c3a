/**
 * Project exit (HUD 3.11 Project Exit Date, 3.12 Destination with 3.12.A rental subsidy type).
 *
 * - exit date on or after the project start and on or after the housing move-in date (the move-in
 *   must be on or before the exit), not in the future;
 * - destination from the HUD FY2026 Destination list; the rental subsidy type is required when the
 *   destination is 435 "Rental by client, with ongoing housing subsidy" and not allowed otherwise;
 *   "Other" (17) asks what it was;
 * - at most one exit per enrollment;
 * - exiting the head of household offers to exit the household (`membersStillEnrolled`);
 * - an exited enrollment is read-only except post-exit follow-ups and administrator amendments
 *   (`checkEditableAfterExit`; amendments are audited by the use case).
 */
import { HUD_LISTS, formatDate, isIsoDate, problem, type IsoDate, type RuleProblem } from './common.ts';

export const DESTINATION_WITH_SUBSIDY = 435;
export const DESTINATION_OTHER = 17;

export interface ExitInput {
  entryDate: IsoDate;
  moveInDate?: IsoDate | null;
  /** The exit already recorded, if any. */
  currentExitDate?: IsoDate | null;
  exitDate: IsoDate;
  destination: number | null | undefined;
  destinationSubsidyType?: number | null;
  otherDestination?: string | null;
  today?: IsoDate;
}

/** Every reason the exit cannot be recorded. Pointers: '/exitDate', '/destination', '/destinationSubsidyType', '/otherDestination'. */
export function validateExit(input: ExitInput): RuleProblem[] {
  const out: RuleProblem[] = [];
  if (input.currentExitDate) {
    out.push(problem('exit.already-exited', '/exitDate', `This enrollment already exited on ${formatDate(input.currentExitDate)}.`));
  }
  if (!isIsoDate(input.exitDate)) {
    out.push(problem('exit.invalid-date', '/exitDate', 'Enter the exit date as a valid date.'));
  } else {
    if (input.exitDate < input.entryDate) {
      out.push(problem('exit.before-start', '/exitDate', `The exit date cannot be before the project start date (${formatDate(input.entryDate)}).`));
    }
    if (input.moveInDate && input.exitDate < input.moveInDate) {
      out.push(problem('exit.before-move-in', '/exitDate', `The exit date cannot be before the housing move-in date (${formatDate(input.moveInDate)}).`));
    }
    if (input.today && input.exitDate > input.today) out.push(problem('exit.future', '/exitDate', 'The exit date cannot be in the future.'));
  }
  const d = input.destination;
  if (d == null) {
    out.push(problem('exit.destination-required', '/destination', 'Choose where the client went when they left (destination).'));
  } else if (!HUD_LISTS.destination.has(d)) {
    out.push(problem('exit.destination-invalid', '/destination', 'Choose a destination from the HUD list.'));
  }
  const subsidy = input.destinationSubsidyType;
  if (d === DESTINATION_WITH_SUBSIDY) {
    if (subsidy == null) out.push(problem('exit.subsidy-required', '/destinationSubsidyType', 'Choose the type of ongoing housing subsidy the client has in their rental.'));
    else if (!HUD_LISTS.rentalSubsidyType.has(subsidy)) out.push(problem('exit.subsidy-invalid', '/destinationSubsidyType', 'Choose a rental subsidy type from the HUD list.'));
  } else if (subsidy != null) {
    out.push(problem('exit.subsidy-not-allowed', '/destinationSubsidyType', 'A rental subsidy type is only recorded for "Rental by client, with ongoing housing subsidy".'));
  }
  if (d === DESTINATION_OTHER && !input.otherDestination?.trim()) {
    out.push(problem('exit.other-destination-required', '/otherDestination', 'Describe the destination when you choose "Other".'));
  }
  if (input.otherDestination && input.otherDestination.length > 50) {
    out.push(problem('exit.other-destination-too-long', '/otherDestination', 'Keep the destination description to 50 characters.'));
  }
  return out;
}

/**
 * The members still enrolled on `exitDate` besides the one exiting (their exit is missing or later):
 * when the head exits, the UI offers to exit these too (or to choose a new head — household.ts).
 */
export function membersStillEnrolled<M extends { clientId: string; exitDate?: IsoDate | null; entryDate?: IsoDate | null }>(
  members: readonly M[],
  exitingClientId: string,
): M[] {
  return members.filter((m) => m.clientId !== exitingClientId && !m.exitDate);
}

/** What someone wants to do to an enrollment. */
export type EnrollmentChange = 'edit' | 'assessment' | 'service' | 'move-in' | 'post-exit-follow-up' | 'amendment';

/**
 * An exited enrollment is read-only: only post-exit follow-ups, and amendments by an administrator
 * (which the use case audits), are allowed. Returns null when allowed.
 */
export function checkEditableAfterExit(enrollment: { exitDate?: IsoDate | null }, change: EnrollmentChange, actor: { isAdministrator: boolean }): RuleProblem | null {
  if (!enrollment.exitDate) return change === 'post-exit-follow-up' ? problem('exit.follow-up-before-exit', '/', 'Post-exit follow-ups are recorded after the exit.') : null;
  if (change === 'post-exit-follow-up') return null;
  if (change === 'amendment' && actor.isAdministrator) return null;
  if (change === 'amendment') return problem('exit.read-only', '/', 'Only an administrator can amend an exited enrollment.');
  return problem('exit.read-only', '/', `This enrollment exited on ${formatDate(enrollment.exitDate)} and can no longer be changed. Ask an administrator to amend it if something is wrong.`);
}
