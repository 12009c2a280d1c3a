/** The referral API's shapes, as the screens use them. */
import { formatDate } from '../../format.ts';
export type StepState = 'on_time' | 'due_soon' | 'overdue' | 'met' | 'missed' | 'not_applicable';

export const STEP_STATE_LABELS: Record<StepState, string> = {
  on_time: 'On time',
  due_soon: 'Due soon',
  overdue: 'Overdue',
  met: 'Met',
  missed: 'Missed',
  not_applicable: 'Not applicable',
};

export const CONTACT_METHODS = { phone: 'Phone', text: 'Text message', email: 'E-mail', in_person: 'In person', via_contact: 'Through a social-service contact' } as const;
export const CONTACT_OUTCOMES = { reached: 'Reached', left_message: 'Left a message', no_answer: 'No answer', wrong_number: 'Wrong number', other: 'Other' } as const;
export type ContactMethod = keyof typeof CONTACT_METHODS;
export type ContactOutcome = keyof typeof CONTACT_OUTCOMES;

export interface StatusRef {
  code: string;
  label: string;
  terminal: boolean;
}

export interface Deadline {
  step: string;
  dueAt: string;
  dueDate: string;
  dueSoonFrom: string;
  state: StepState;
  reachedAt: string | null;
}

export interface ReferralListItem {
  id: string;
  number: string;
  clientId: string;
  projectId: string;
  projectName: string;
  status: StatusRef;
  referralDate: string;
  closedAt: string | null;
  flaggedSteps: string[];
  householdSize: number;
  version: number;
  headName: string | null;
  daysSinceReferral: number;
  nextDue: { step: string; dueAt: string; state: StepState } | null;
  overdue: boolean;
}

export interface ReferralDetail extends ReferralListItem {
  note: string | null;
  clientVisible: boolean;
  household: { clientId: string; relationshipToHoH: number }[];
  deadlines: Deadline[];
  history: { id: string; from: { code: string; label: string } | null; to: { code: string; label: string }; label: string; at: string; by: string | null; bySystem: boolean; correction: boolean; note: string | null }[];
  contactAttempts: { id: string; at: string; method: ContactMethod; outcome: ContactOutcome; note: string | null; recordedBy: string | null }[];
  allowedStatuses: { code: string; label: string; requiresNote: boolean; correction: boolean; terminal: boolean }[];
  capabilities: { canChangeStatus: boolean; canLogContact: boolean; canCorrect: boolean; canEnroll: boolean };
}

/** A due time as the CoC states it: the day (deadlines fall at the end of their day, in the CoC's time zone). */
export const formatDue = (d: { dueAt: string }) => `end of ${formatDate(d.dueAt)}`;
