/**
 * HUD data collection stages (5.03) for the elements collected at several points of a stay —
 * income and sources (4.02), non-cash benefits (4.03), health insurance (4.04), disabilities
 * (4.05–4.10), domestic violence (4.11) — the annual assessment window and post-exit follow-ups.
 *
 * - stage 1 project start: information date = the member's project start; at most one per element;
 * - stage 2 update: any date within the stay (project start … exit, or today while open);
 * - stage 3 project exit: information date = the exit date; at most one per element; needs an exit;
 * - stage 5 annual assessment: inside an annual window (below);
 * - stage 6 post-exit: after the exit date (follow-ups).
 *
 * Annual window: for every member, 30 days either side of each anniversary of the HEAD of household's
 * project start — for members who joined later too. The anniversary of a 29 February start is
 * 28 February in common years and 29 February in leap years (`addYears`): a head who entered on
 * 2024-02-29 has anniversaries 2025-02-28, 2026-02-28, 2027-02-28, 2028-02-29, so the 2025 window is
 * 2025-01-29 … 2025-03-30. A member must have an annual for each anniversary that falls after their
 * own project start and on or before their exit (an exit before the anniversary makes the exit
 * assessment the last one).
 */
import { addDays, addYears, formatDate, isIsoDate, problem, type IsoDate, type RuleProblem } from './common.ts';

export const DATA_COLLECTION_STAGE = {
  projectStart: 1,
  update: 2,
  projectExit: 3,
  annual: 5,
  postExit: 6,
} as const;
export type DataCollectionStage = (typeof DATA_COLLECTION_STAGE)[keyof typeof DATA_COLLECTION_STAGE];

/** The HUD elements that carry a data collection stage. */
export const STAGED_ELEMENTS = {
  income: '4.02',
  nonCashBenefits: '4.03',
  healthInsurance: '4.04',
  physicalDisability: '4.05',
  developmentalDisability: '4.06',
  chronicHealthCondition: '4.07',
  hivAids: '4.08',
  mentalHealthDisorder: '4.09',
  substanceUseDisorder: '4.10',
  domesticViolence: '4.11',
} as const;
export type StagedElement = (typeof STAGED_ELEMENTS)[keyof typeof STAGED_ELEMENTS];

export const ANNUAL_WINDOW_DAYS = 30;

export interface StagedRecord {
  element: StagedElement;
  stage: DataCollectionStage;
  informationDate: IsoDate;
}

export interface StayDates {
  /** This member's project start. */
  entryDate: IsoDate;
  exitDate?: IsoDate | null;
  /** The head of household's project start (anniversaries count from it). Defaults to `entryDate`. */
  headEntryDate?: IsoDate;
}

export interface AnnualWindow {
  /** 1 for the first anniversary, 2 for the second… */
  year: number;
  anniversary: IsoDate;
  opens: IsoDate;
  closes: IsoDate;
}

/** The `year`-th anniversary window of a head's project start. */
export function annualWindow(headEntryDate: IsoDate, year: number): AnnualWindow {
  const anniversary = addYears(headEntryDate, year);
  return { year, anniversary, opens: addDays(anniversary, -ANNUAL_WINDOW_DAYS), closes: addDays(anniversary, ANNUAL_WINDOW_DAYS) };
}

/** The annual window(s) that contain `date` (none, or one: windows 30 days either side of yearly anniversaries never overlap). */
export function annualWindowsContaining(headEntryDate: IsoDate, date: IsoDate): AnnualWindow[] {
  const approx = Number(date.slice(0, 4)) - Number(headEntryDate.slice(0, 4));
  const out: AnnualWindow[] = [];
  for (let year = Math.max(1, approx - 1); year <= approx + 1; year++) {
    const w = annualWindow(headEntryDate, year);
    if (w.opens <= date && date <= w.closes) out.push(w);
  }
  return out;
}

/** The windows this member owes an annual for, up to `until` (anniversary after their start, on or before their exit). */
export function annualWindowsDue(stay: StayDates, until: IsoDate): AnnualWindow[] {
  const head = stay.headEntryDate ?? stay.entryDate;
  const out: AnnualWindow[] = [];
  for (let year = 1; ; year++) {
    const w = annualWindow(head, year);
    if (w.opens > until) break;
    if (stay.exitDate && w.anniversary > stay.exitDate) break;
    if (w.anniversary > stay.entryDate) out.push(w);
  }
  return out;
}

export type AnnualStatus =
  | { status: 'not_yet_due'; next: AnnualWindow | null }
  | { status: 'open'; window: AnnualWindow }
  | { status: 'completed'; window: AnnualWindow; informationDate: IsoDate; next: AnnualWindow | null }
  | { status: 'overdue'; window: AnnualWindow };

/**
 * Where this member stands with the annual assessment on `today`, looking at the most recent window
 * that has opened: 'open' (inside it, not done yet), 'completed' (a stage-5 assessment dated inside
 * it), 'overdue' (it closed without one), 'not_yet_due' (no window opened yet, or the member exited
 * before it). `assessments` are this member's records (any element; only stage 5 counts). An overdue
 * earlier year also shows in `missedAnnualWindows`.
 */
export function annualStatus(stay: StayDates, assessments: readonly { stage: number; informationDate: IsoDate }[], today: IsoDate): AnnualStatus {
  const head = stay.headEntryDate ?? stay.entryDate;
  const due = annualWindowsDue(stay, today);
  const nextAfter = (w: AnnualWindow | null): AnnualWindow | null => {
    const n = annualWindow(head, w ? w.year + 1 : 1);
    if (stay.exitDate && n.anniversary > stay.exitDate) return null;
    return n;
  };
  const current = due.at(-1);
  if (!current) {
    let year = 1;
    let n = annualWindow(head, year);
    while (n.anniversary <= stay.entryDate) n = annualWindow(head, ++year);
    return { status: 'not_yet_due', next: stay.exitDate && n.anniversary > stay.exitDate ? null : n };
  }
  const done = assessments.find((a) => a.stage === DATA_COLLECTION_STAGE.annual && a.informationDate >= current.opens && a.informationDate <= current.closes);
  if (done) return { status: 'completed', window: current, informationDate: done.informationDate, next: nextAfter(current) };
  if (today <= current.closes) return { status: 'open', window: current };
  return { status: 'overdue', window: current };
}

/** Past windows (closed before `today`) with no stage-5 assessment inside: data-quality problems. */
export function missedAnnualWindows(stay: StayDates, assessments: readonly { stage: number; informationDate: IsoDate }[], today: IsoDate): AnnualWindow[] {
  return annualWindowsDue(stay, today).filter(
    (w) => w.closes < today && !assessments.some((a) => a.stage === DATA_COLLECTION_STAGE.annual && a.informationDate >= w.opens && a.informationDate <= w.closes),
  );
}

/**
 * Checks a new staged record against the stay and the records already stored for the same
 * enrollment (`existing`, any elements). Pointers are '/stage' and '/informationDate'.
 * `today` bounds update records while the enrollment is open.
 */
export function validateStagedRecord(stay: StayDates, existing: readonly StagedRecord[], record: StagedRecord, today?: IsoDate): RuleProblem[] {
  const out: RuleProblem[] = [];
  const { stage, informationDate: date, element } = record;
  if (!isIsoDate(date)) return [problem('stage.information-date', '/informationDate', 'Enter the information date as a valid date.')];
  if (today && date > today) out.push(problem('stage.information-date', '/informationDate', 'The information date cannot be in the future.'));
  switch (stage) {
    case DATA_COLLECTION_STAGE.projectStart:
      if (date !== stay.entryDate)
        out.push(problem('stage.project-start-date', '/informationDate', `A project start assessment is dated the project start date (${formatDate(stay.entryDate)}).`));
      if (existing.some((r) => r.element === element && r.stage === stage))
        out.push(problem('stage.one-project-start', '/stage', 'This enrollment already has a project start record for this information; correct it instead of adding another.'));
      break;
    case DATA_COLLECTION_STAGE.projectExit:
      if (!stay.exitDate) out.push(problem('stage.exit-needs-exit', '/stage', 'Record the exit before the exit assessment.'));
      else if (date !== stay.exitDate)
        out.push(problem('stage.exit-date', '/informationDate', `An exit assessment is dated the exit date (${formatDate(stay.exitDate)}).`));
      if (existing.some((r) => r.element === element && r.stage === stage))
        out.push(problem('stage.one-exit', '/stage', 'This enrollment already has an exit record for this information; correct it instead of adding another.'));
      break;
    case DATA_COLLECTION_STAGE.update:
      if (date < stay.entryDate) out.push(problem('stage.update-date', '/informationDate', 'An update cannot be dated before the project start.'));
      else if (stay.exitDate && date > stay.exitDate) out.push(problem('stage.update-date', '/informationDate', 'An update cannot be dated after the exit. Record a post-exit follow-up instead.'));
      break;
    case DATA_COLLECTION_STAGE.annual: {
      const windows = annualWindowsContaining(stay.headEntryDate ?? stay.entryDate, date);
      const w = windows[0];
      if (!w) {
        out.push(
          problem(
            'stage.annual-window',
            '/informationDate',
            "An annual assessment must be dated within 30 days before or after the anniversary of the head of household's project start.",
          ),
        );
      } else if (w.anniversary <= stay.entryDate) {
        out.push(problem('stage.annual-window', '/informationDate', 'This member joined after that anniversary; no annual assessment is due for it.'));
      } else if (stay.exitDate && date > stay.exitDate) {
        out.push(problem('stage.annual-window', '/informationDate', 'An annual assessment cannot be dated after the exit.'));
      } else if (existing.some((r) => r.element === element && r.stage === stage && r.informationDate >= w.opens && r.informationDate <= w.closes)) {
        out.push(problem('stage.one-annual', '/stage', `There is already an annual assessment for the ${formatDate(w.anniversary)} anniversary; correct it instead.`));
      }
      break;
    }
    case DATA_COLLECTION_STAGE.postExit:
      if (!stay.exitDate) out.push(problem('stage.post-exit-needs-exit', '/stage', 'A post-exit follow-up needs an exit.'));
      else if (date <= stay.exitDate) out.push(problem('stage.post-exit-date', '/informationDate', 'A post-exit follow-up is dated after the exit date.'));
      break;
    default:
      out.push(problem('stage.invalid', '/stage', 'Choose a data collection stage: project start, update, annual assessment, project exit or post-exit.'));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Post-exit follow-ups

export const FOLLOW_UPS = [
  { key: '30-day', label: '30-day follow-up', days: 30, before: 7, after: 15 },
  { key: '60-day', label: '60-day follow-up', days: 60, before: 7, after: 15 },
  { key: '1-year', label: 'One-year follow-up', days: 365, before: 30, after: 30 },
] as const;
export type FollowUpKey = (typeof FOLLOW_UPS)[number]['key'];

export interface FollowUpDue {
  key: FollowUpKey;
  label: string;
  dueDate: IsoDate;
  /** Hearth's tolerance: 30- and 60-day follow-ups count from 7 days before to 15 days after their date, the one-year one ±30 days. */
  opens: IsoDate;
  closes: IsoDate;
  status: 'upcoming' | 'due' | 'done' | 'overdue';
  /** The follow-up record that satisfied it. */
  informationDate?: IsoDate;
}

/**
 * The follow-ups after an exit (30 days, 60 days, one year; the one-year date uses `addYears`) and
 * their status on `today`, given the member's stage-6 records. Each record satisfies at most one
 * follow-up (the one whose window contains it). Only for projects that require follow-ups
 * (`followUpsRequired`).
 */
export function followUpSchedule(exitDate: IsoDate, postExitRecords: readonly { informationDate: IsoDate }[], today: IsoDate): FollowUpDue[] {
  const used = new Set<number>();
  return FOLLOW_UPS.map((f) => {
    const dueDate = f.key === '1-year' ? addYears(exitDate, 1) : addDays(exitDate, f.days);
    const opens = addDays(dueDate, -f.before);
    const closes = addDays(dueDate, f.after);
    const idx = postExitRecords.findIndex((r, i) => !used.has(i) && r.informationDate >= opens && r.informationDate <= closes);
    if (idx >= 0) {
      used.add(idx);
      return { key: f.key, label: f.label, dueDate, opens, closes, status: 'done' as const, informationDate: postExitRecords[idx]!.informationDate };
    }
    const status = today < opens ? ('upcoming' as const) : today <= closes ? ('due' as const) : ('overdue' as const);
    return { key: f.key, label: f.label, dueDate, opens, closes, status };
  });
}

/**
 * Whether a project requires post-exit follow-ups for exits on `exitDate`: ESG-funded rapid
 * re-housing always (see esg-rrh.ts), or when the project's own setting asks for them.
 */
export function followUpsRequired(project: { requiresFollowUps?: boolean | null; isEsgRrh?: boolean }): boolean {
  return project.isEsgRrh === true || project.requiresFollowUps === true;
}
