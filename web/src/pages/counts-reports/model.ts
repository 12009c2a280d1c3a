import { formatDate } from '../../format.ts';
/** Counts reports (dashboard tiles) as the API gives them. */
export type DateRange = 'all' | 'thisQuarter' | 'thisMonth' | { from: string; to: string };
export type StatusFilter = 'open' | 'all' | string[];

export interface CountsReport {
  id: string;
  name: string;
  projectId: string;
  projectName: string;
  dateRange: DateRange;
  statusFilter: StatusFilter;
  position: number;
  count: number;
  overdueCount: number;
  version: number;
}

export interface TileReferral {
  referralId: string;
  number: string;
  clientId: string;
  name: string | null;
  householdSize: number;
  status: { code: string; label: string };
  open: boolean;
  referralDate: string;
  daysSinceReferral: number;
  nextDue: { step: string; dueDate: string; dueAt: string } | null;
  overdue: boolean;
}

/** How often the dashboard asks for fresh counts (the spec: without reloading the page). */
export const REFRESH_MS = 15_000;

export function describeRange(r: DateRange): string {
  if (r === 'all') return 'all referral dates';
  if (r === 'thisQuarter') return 'referred this quarter';
  if (r === 'thisMonth') return 'referred this month';
  return `referred ${formatDate(r.from)} to ${formatDate(r.to)}`;
}

export function describeStatus(s: StatusFilter): string {
  if (s === 'open') return 'open referrals';
  if (s === 'all') return 'all statuses';
  return `${s.length} chosen status${s.length === 1 ? '' : 'es'}`;
}

/** The accessible name of a tile's link: "Northside PSH: 3 outstanding incoming referrals, 1 overdue". */
export function tileLabel(t: Pick<CountsReport, 'projectName' | 'name' | 'count' | 'overdueCount'>): string {
  return `${t.projectName}: ${t.count} ${nameInSentence(t.name)}, ${t.overdueCount} overdue`;
}

const DEFAULT_NAME = 'Outstanding Incoming Referrals';
/** The default name reads in lower case inside a sentence; a name the user chose stays as written. */
export const nameInSentence = (name: string) => (name === DEFAULT_NAME ? name.toLowerCase() : name);
