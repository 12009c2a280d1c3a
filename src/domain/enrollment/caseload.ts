/**
 * A caseload row's "next due" item (issue 16): what the case manager owes this household next — the
 * project start assessment when it is missing, the annual assessment window, the ESG rapid re-housing
 * re-evaluation. Overdue items come first, then the earliest date.
 */
import { daysBetween, type IsoDate } from './common.ts';
import { reevaluationDue } from './esg-rrh.ts';
import { annualStatus, DATA_COLLECTION_STAGE } from './stages.ts';

export type NextDueKind = 'missing_data' | 'annual' | 'reevaluation';

export interface NextDue {
  kind: NextDueKind;
  label: string;
  /** The date it is due by (an open window: its last day; a window not yet open: its first day). */
  dueDate: IsoDate;
  overdue: boolean;
  /** Not open yet: `dueDate` is the first day of its window. */
  upcoming: boolean;
}

export interface CaseloadFacts {
  entryDate: IsoDate;
  exitDate: IsoDate | null;
  esgRrh: boolean;
  /** The head's information dates of annual assessments (stage 5). */
  annualDates: readonly IsoDate[];
  /** The head's ESG RRH re-evaluation dates. */
  reevaluationDates: readonly IsoDate[];
  projectStartRecorded: boolean;
}

export const NEXT_DUE_LABELS: Record<NextDueKind, string> = {
  missing_data: 'Project start assessment missing',
  annual: 'Annual assessment',
  reevaluation: 'ESG re-evaluation',
};

/** The annual window is open or overdue on `today` (the caseload's "annual due" filter). */
export function annualDue(f: CaseloadFacts, today: IsoDate): boolean {
  if (f.exitDate) return false;
  const s = annualStatus({ entryDate: f.entryDate }, annualRecords(f), today);
  return s.status === 'open' || s.status === 'overdue';
}

const annualRecords = (f: CaseloadFacts) => f.annualDates.map((d) => ({ stage: DATA_COLLECTION_STAGE.annual, informationDate: d }));

export function caseloadNextDue(f: CaseloadFacts, today: IsoDate): NextDue | null {
  const due: NextDue[] = [];
  const add = (kind: NextDueKind, dueDate: IsoDate, overdue: boolean, upcoming = false) => due.push({ kind, label: NEXT_DUE_LABELS[kind], dueDate, overdue, upcoming });
  if (!f.projectStartRecorded) add('missing_data', f.entryDate, true);
  if (f.exitDate === null) {
    const a = annualStatus({ entryDate: f.entryDate }, annualRecords(f), today);
    if (a.status === 'open' || a.status === 'overdue') add('annual', a.window.closes, a.status === 'overdue');
    else if (a.next) add('annual', a.next.opens, false, true);
    if (f.esgRrh) {
      const r = reevaluationDue(f.entryDate, f.reevaluationDates, today);
      add('reevaluation', r.dueBy, r.status === 'overdue');
    }
  }
  due.sort((a, b) => Number(b.overdue) - Number(a.overdue) || daysBetween(b.dueDate, a.dueDate));
  return due[0] ?? null;
}
