/**
 * HUD 3.20 Housing Move-in Date: the date the household got the keys and slept in permanent housing.
 *
 * - only permanent housing projects: 3 PSH, 9 PH housing only, 10 PH housing with services, 13 RRH;
 * - recorded on the head of household's enrollment only (members inherit it for reports);
 * - on or after the project start, on or before the exit (and not in the future);
 * - one per enrollment: recorded once, then corrected, never removed (exit instead);
 * - never copied from another enrollment.
 * A PH enrollment without it counts as not yet housed.
 */
import { formatDate, isIsoDate, problem, type IsoDate, type RuleProblem } from './common.ts';

export const MOVE_IN_PROJECT_TYPES: readonly number[] = [3, 9, 10, 13];

export function projectTypeTakesMoveIn(projectType: number): boolean {
  return MOVE_IN_PROJECT_TYPES.includes(projectType);
}

export interface MoveInInput {
  projectType: number;
  relationshipToHoH: number | null | undefined;
  entryDate: IsoDate;
  exitDate?: IsoDate | null;
  /** The move-in date already on the enrollment, if any. */
  currentMoveInDate?: IsoDate | null;
  /** The date to record; null/undefined = an attempt to remove it. */
  moveInDate: IsoDate | null | undefined;
  /** 'record' = first time (refused when one exists), 'correct' = change an existing one (refused when none). */
  mode: 'record' | 'correct';
  /** Today (from the clock): a move-in cannot be in the future. */
  today?: IsoDate;
}

/** Every reason the move-in date cannot be recorded/corrected as asked. Pointer: '/moveInDate'. */
export function validateMoveIn(input: MoveInInput): RuleProblem[] {
  const p = '/moveInDate';
  if (!projectTypeTakesMoveIn(input.projectType)) {
    return [
      problem(
        'move-in.project-type',
        p,
        'A housing move-in date is only recorded in permanent housing projects (permanent supportive housing, PH – housing only, PH – housing with services, rapid re-housing).',
      ),
    ];
  }
  if (input.relationshipToHoH !== 1) {
    return [problem('move-in.head-only', p, "The housing move-in date is recorded on the head of household's enrollment. The other members inherit it.")];
  }
  if (input.moveInDate == null || input.moveInDate === '') {
    return [
      input.currentMoveInDate
        ? problem('move-in.cannot-remove', p, 'A housing move-in date cannot be removed once recorded. Correct it, or exit the household if they did not stay.')
        : problem('move-in.required', p, 'Enter the date the household moved in.'),
    ];
  }
  const out: RuleProblem[] = [];
  if (input.mode === 'record' && input.currentMoveInDate) {
    out.push(
      problem('move-in.already-recorded', p, `This enrollment already has a housing move-in date (${formatDate(input.currentMoveInDate)}). Correct that date instead of recording another.`),
    );
  }
  if (input.mode === 'correct' && !input.currentMoveInDate) {
    out.push(problem('move-in.nothing-to-correct', p, 'There is no housing move-in date to correct yet. Record it first.'));
  }
  const date = input.moveInDate;
  if (!isIsoDate(date)) return [...out, problem('move-in.invalid-date', p, 'Enter the move-in date as a valid date.')];
  if (date < input.entryDate) {
    out.push(problem('move-in.before-start', p, `The move-in date cannot be before the project start date (${formatDate(input.entryDate)}).`));
  }
  if (input.exitDate && date > input.exitDate) {
    out.push(problem('move-in.after-exit', p, `The move-in date cannot be after the exit date (${formatDate(input.exitDate)}).`));
  }
  if (input.today && date > input.today) {
    out.push(problem('move-in.future', p, 'The move-in date cannot be in the future: record it once the household has the keys and has stayed there.'));
  }
  return out;
}

/**
 * The move-in date a member counts as housed from, for reports: the head's date, or the member's own
 * project start when they joined after it. Null when the head has none, or when the member left
 * before the household moved in. `head` is the head of household's enrollment.
 */
export function effectiveMoveInDate(
  member: { relationshipToHoH: number | null | undefined; entryDate: IsoDate; exitDate?: IsoDate | null },
  head: { moveInDate?: IsoDate | null },
): IsoDate | null {
  const headDate = head.moveInDate ?? null;
  if (!headDate) return null;
  if (member.relationshipToHoH === 1) return headDate;
  if (member.exitDate && member.exitDate < headDate) return null;
  return member.entryDate > headDate ? member.entryDate : headDate;
}
