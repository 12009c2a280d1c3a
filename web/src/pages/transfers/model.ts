/** Transfers (issue 8): the shapes the API returns (src/http/routes/transfers.ts). */
import { formatDate } from '../../format.ts';
export type TransferState = 'awaiting_approval' | 'approved' | 'denied' | 'awaiting_completion' | 'completed' | 'acknowledged';

export interface TransferDeadlines {
  notificationDue: { dueDate: string; dueAt: string } | null;
  notifiedOn: string;
  notifiedOnTime: boolean | null;
  acknowledgementDue: { dueDate: string; dueAt: string } | null;
  acknowledgementOverdue: boolean;
}

export interface TransferSummary {
  id: string;
  number: string;
  kind: 'internal' | 'external';
  approvalRequired: boolean;
  state: TransferState;
  stateLabel: string;
  enrollmentId: string;
  fromProject: { id: string; name: string };
  targetProject: { id: string; name: string };
  reason: string;
  decidedOn: string;
  householdSize: number;
  householdMoves: boolean;
  denyReason: string | null;
  completedEntryDate: string | null;
  newEnrollmentIds: string[];
  referralId: string | null;
  requestedAt: string;
  headName: string | null;
  deadlines: TransferDeadlines;
}

export interface TransferListItem extends TransferSummary {
  overdue: boolean;
  filedLate: boolean;
}

export interface TransferList {
  items: TransferListItem[];
  counts: { awaitingApproval: number; awaitingAcknowledgement: number; overdue: number; filedLate: number };
}

export interface TransferDetail extends TransferSummary {
  oldExit: { destination: number; destinationSubsidyType: number | null } | null;
  newMoveInDate: string | null;
  referral: { id: string; number: string; status: { code: string; label: string }; enrollmentId: string | null; outsideTimeliness: boolean } | null;
  timeline: { id: string; kind: string; at: string; by: string | null; note: string | null; details: Record<string, unknown> }[];
  capabilities: { canApprove: boolean; canDeny: boolean; canComplete: boolean; canAcknowledge: boolean };
}

export interface TransferTarget {
  id: string;
  name: string;
  agencyName: string;
  programModel: string;
  kind: 'internal' | 'external';
  approvalRequired: boolean;
  available: boolean;
}

export const KIND_LABELS = { internal: 'Internal (same agency)', external: 'External (another agency)' } as const;

export const EVENT_LABELS: Record<string, string> = {
  requested: 'Requested',
  approved: 'Approved by CES',
  denied: 'Denied by CES',
  completed: 'Completed',
  acknowledged: 'Acknowledged by CES (referral recorded)',
  overdue: 'CES acknowledgement overdue',
  referral_enrolled: 'Enrolled from the referral',
};

export const DESTINATION_LABELS: Record<number, string> = {
  435: 'Rental by client, with ongoing housing subsidy',
  118: 'Safe Haven',
  302: 'Transitional housing for homeless persons',
  101: 'Emergency shelter',
};
export const SUBSIDY_LABELS: Record<number, string> = { 439: 'Permanent Supportive Housing', 431: 'RRH or equivalent subsidy', 440: 'Other permanent housing dedicated for formerly homeless persons' };

export const householdLabel = (t: { headName: string | null; householdSize: number }) =>
  `${t.headName ?? 'Household'}${t.householdSize > 1 ? ` (${t.householdSize} people)` : ''}`;

/** What the deadline column says. */
export function deadlineText(t: { approvalRequired: boolean; state: TransferState; deadlines: TransferDeadlines }): string {
  const d = t.deadlines;
  if (t.approvalRequired) return t.state === 'awaiting_approval' ? 'Waiting for CES approval' : '—';
  const parts: string[] = [];
  if (d.notifiedOnTime === false) parts.push(`Notification filed late (due ${formatDate(d.notificationDue?.dueDate)})`);
  if ((t.state === 'awaiting_completion' || t.state === 'completed') && d.acknowledgementDue) {
    parts.push(`${d.acknowledgementOverdue ? 'CES acknowledgement overdue' : 'CES acknowledgement due'} ${formatDate(d.acknowledgementDue.dueDate)}`);
  }
  return parts.join('; ') || '—';
}
