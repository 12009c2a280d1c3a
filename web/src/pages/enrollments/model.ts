/** Enrollment data as the API returns it, and the HUD lists the enrollment screens offer. */
import lists from '../../../../src/domain/hud/spec/lists-2026.json' with { type: 'json' };
import { formatDate } from '../../format.ts';

const META = new Set(['hudList', 'columns', 'source']);
function hudOptions(list: keyof typeof lists): { value: number; label: string }[] {
  return Object.entries(lists[list] as Record<string, unknown>)
    .filter(([k, v]) => !META.has(k) && typeof v === 'string' && /^\d+$/.test(k))
    .map(([k, v]) => ({ value: Number(k), label: v as string }));
}

export const LISTS = {
  destination: hudOptions('Destination'),
  rentalSubsidyType: hudOptions('RentalSubsidyType'),
  livingSituation: hudOptions('LivingSituation'),
  lengthOfStay: hudOptions('LengthOfStay'),
  timesHomeless: hudOptions('TimesHomelessPastThreeYears'),
  monthsHomeless: hudOptions('MonthsHomelessPastThreeYears'),
};

export const NO_YES_OPTIONS = [
  { value: 1, label: 'Yes' },
  { value: 0, label: 'No' },
  { value: 8, label: 'Client doesn’t know' },
  { value: 9, label: 'Client prefers not to answer' },
  { value: 99, label: 'Data not collected' },
];

export const STAGES: Record<number, string> = { 1: 'Project start', 2: 'Update', 3: 'Project exit', 5: 'Annual assessment', 6: 'Post-exit follow-up' };

export const SERVICE_TYPES: Record<string, { label: string; financial: boolean }> = {
  rental_assistance: { label: 'Rental assistance payment', financial: true },
  security_deposit: { label: 'Security deposit', financial: true },
  utility_payment: { label: 'Utility payment', financial: true },
  moving_costs: { label: 'Moving costs', financial: true },
  housing_search: { label: 'Housing search and placement', financial: false },
  case_management: { label: 'Housing stability case management', financial: false },
  other: { label: 'Other service', financial: false },
};

export const MOVE_IN_TYPES = [3, 9, 10, 13];
export const DESTINATION_WITH_SUBSIDY = 435;

export interface Problem {
  kind: string;
  element: string;
  pointer: string;
  message: string;
  enrollmentId?: string;
  stage?: number;
  assessmentId?: string | null;
  field?: string;
}

export interface AnnualWindow {
  year: number;
  anniversary: string;
  opens: string;
  closes: string;
}
export type AnnualStatus =
  | { status: 'not_yet_due'; next: AnnualWindow | null }
  | { status: 'open'; window: AnnualWindow }
  | { status: 'completed'; window: AnnualWindow; informationDate: string; next: AnnualWindow | null }
  | { status: 'overdue'; window: AnnualWindow };

export interface FollowUp {
  key: string;
  label: string;
  dueDate: string;
  opens: string;
  closes: string;
  status: 'upcoming' | 'due' | 'done' | 'overdue';
  informationDate?: string;
}

export interface EnrollmentMember {
  enrollmentId: string;
  clientId: string;
  displayName: string;
  visible: boolean;
  relationshipToHoH: number;
  role: 'head' | 'adult' | 'child';
  entryDate: string;
  exitDate: string | null;
  destination: number | null;
  moveInDate: string | null;
  effectiveMoveInDate: string | null;
  annual: AnnualStatus;
  followUps: FollowUp[];
}

/** A stage record: its HUD answers are the data collection definition's fields. */
export interface Assessment extends Record<string, unknown> {
  id: string;
  enrollmentId: string;
  clientId: string;
  stage: number;
  informationDate: string;
  createdAt: string;
  incomeFromAnySource: number | null;
  totalMonthlyIncome: number | null;
  benefitsFromAnySource: number | null;
  insuranceFromAnySource: number | null;
  domesticViolenceSurvivor: number | null;
}

export interface Service {
  id: string;
  clientId: string;
  date: string;
  type: string;
  typeLabel: string;
  amount: number | null;
  funder: number | null;
  note: string | null;
}

export interface EnrollmentDetail {
  id: string;
  clientId: string;
  projectId: string;
  projectName: string;
  projectType: number;
  householdId: string;
  relationshipToHoH: number;
  entryDate: string;
  exitDate: string | null;
  destination: number | null;
  destinationSubsidyType: number | null;
  moveInDate: string | null;
  effectiveMoveInDate: string | null;
  enrollmentCoC: string | null;
  disablingCondition: number;
  isEsgRrh: boolean;
  displayName: string;
  version: number;
  members: EnrollmentMember[];
  assessments: Assessment[];
  services: Service[];
  forms: { id: string; formId: string; purpose: string; informationDate: string }[];
  dataQuality: Problem[];
  annual: AnnualStatus;
  followUps: FollowUp[];
  followUpsRequired: boolean;
  reevaluation: { last: string | null; dueBy: string; status: string } | null;
  headCandidates: { clientId: string; ageAtEntry: number }[];
  capabilities: Record<string, boolean>;
}

export interface ClientEnrollment {
  id: string;
  projectId: string;
  projectName: string;
  projectType: number;
  householdId: string;
  relationshipToHoH: number;
  entryDate: string;
  exitDate: string | null;
  moveInDate: string | null;
  isEsgRrh: boolean;
  status: 'active' | 'not_yet_housed' | 'exited';
}

export const labelFrom = (opts: { value: number; label: string }[], v: number | null | undefined) => (v == null ? '—' : (opts.find((o) => o.value === v)?.label ?? String(v)));

export function annualText(a: AnnualStatus): string {
  switch (a.status) {
    case 'not_yet_due':
      return a.next ? `Not yet due: the window opens ${formatDate(a.next.opens)} (anniversary ${formatDate(a.next.anniversary)}).` : 'No annual assessment is due.';
    case 'open':
      return `Due now: window ${formatDate(a.window.opens)} to ${formatDate(a.window.closes)} (anniversary ${formatDate(a.window.anniversary)}).`;
    case 'completed':
      return `Completed on ${formatDate(a.informationDate)} for the ${formatDate(a.window.anniversary)} anniversary.`;
    case 'overdue':
      return `Overdue: the window ${formatDate(a.window.opens)} to ${formatDate(a.window.closes)} closed without an annual assessment.`;
  }
}

/** A member's latest stage record (what an update, annual or exit starts from). */
export function latestAssessment(assessments: readonly Assessment[], enrollmentId: string): Assessment | null {
  const mine = assessments.filter((a) => a.enrollmentId === enrollmentId && a.stage !== 6);
  return mine.sort((a, b) => (a.informationDate === b.informationDate ? a.createdAt.localeCompare(b.createdAt) : a.informationDate.localeCompare(b.informationDate))).at(-1) ?? null;
}
