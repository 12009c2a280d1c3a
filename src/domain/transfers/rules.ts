/**
 * Transfers under the Coordinated Entry transfer policy (spec: ces-workflow.md §8; issue 8). Pure rules:
 *
 * - **Kind**: `internal` when the target project belongs to the same agency as the household's current
 *   project, `external` otherwise.
 * - **Approval**: an internal transfer needs no CES approval when one of the configuration's
 *   `transfers.noApprovalNeeded` entries matches; every other transfer (and every external one) does.
 *   The entries are data, read by `parseNoApprovalRules`:
 *     - `"same program model type"` — the two projects have the same program model (PSH → PSH);
 *     - `"<A> <-> <B>"` — a pair of program models, either direction (`"Safe Haven <-> PSH"`);
 *   model names compare case-insensitively. An entry the rules cannot read is reported, never guessed.
 * - **Exit destination** of the old enrollment when the transfer completes (HUD 3.12 / 3.12.A, codes
 *   checked against `src/domain/hud/spec/lists-2026.json`): into permanent housing the household rents
 *   with an ongoing subsidy — Destination 435 "Rental by client, with ongoing housing subsidy" with
 *   RentalSubsidyType (3.12.A) after the target: 439 "Permanent Supportive Housing" for PSH (program
 *   model PSH or project type 3), 431 "RRH or equivalent subsidy" for RRH (model RRH or project type 13),
 *   440 "Other permanent housing dedicated for formerly homeless persons" for other PH (types 9, 10).
 *   Into a Safe Haven: 118 "Safe Haven"; transitional housing: 302; emergency shelter: 101 (no subsidy type).
 * - **Move-in**: when the target is permanent housing (project types 3, 9, 10, 13), the household was
 *   already housed (the old head's enrollment has a Housing Move-in Date) and does not move, the new
 *   enrollment's move-in date is its project start date; otherwise none is set (recorded when they move in).
 * - **States**: see `TRANSITIONS`.
 */

export const TRANSFER_STATES = ['awaiting_approval', 'approved', 'denied', 'awaiting_completion', 'completed', 'acknowledged'] as const;
export type TransferState = (typeof TRANSFER_STATES)[number];
export type TransferKind = 'internal' | 'external';

export const TRANSFER_STATE_LABELS: Record<TransferState, string> = {
  awaiting_approval: 'Awaiting CES approval',
  approved: 'Approved: referral sent',
  denied: 'Denied',
  awaiting_completion: 'Awaiting completion by the provider',
  completed: 'Completed: awaiting CES acknowledgement',
  acknowledged: 'Acknowledged by CES',
};

export interface ProjectFacts {
  agencyId: string;
  programModel: string;
  projectType: number;
}

export function transferKind(from: Pick<ProjectFacts, 'agencyId'>, to: Pick<ProjectFacts, 'agencyId'>): TransferKind {
  return from.agencyId === to.agencyId ? 'internal' : 'external';
}

export type NoApprovalRule = { kind: 'same-model' } | { kind: 'pair'; a: string; b: string };

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/** Reads the configuration's `noApprovalNeeded` entries; `unreadable` lists those it cannot interpret. */
export function parseNoApprovalRules(entries: readonly string[]): { rules: NoApprovalRule[]; unreadable: string[] } {
  const rules: NoApprovalRule[] = [];
  const unreadable: string[] = [];
  for (const raw of entries) {
    const e = norm(raw);
    if (e === 'same program model type' || e === 'same program model' || e === 'same model') {
      rules.push({ kind: 'same-model' });
      continue;
    }
    const m = /^(.+?)\s*(?:<->|↔)\s*(.+)$/.exec(e);
    if (m && m[1]!.trim() && m[2]!.trim()) rules.push({ kind: 'pair', a: m[1]!.trim(), b: m[2]!.trim() });
    else unreadable.push(raw);
  }
  return { rules, unreadable };
}

/** The rule that lets this internal transfer go ahead without approval, or null (approval needed). */
export function noApprovalRuleFor(from: ProjectFacts, to: ProjectFacts, rules: readonly NoApprovalRule[]): NoApprovalRule | null {
  if (transferKind(from, to) === 'external') return null;
  const a = norm(from.programModel);
  const b = norm(to.programModel);
  for (const r of rules) {
    if (r.kind === 'same-model' && a !== '' && a === b) return r;
    if (r.kind === 'pair' && ((r.a === a && r.b === b) || (r.a === b && r.b === a))) return r;
  }
  return null;
}

export function approvalRequired(from: ProjectFacts, to: ProjectFacts, noApprovalNeeded: readonly string[]): boolean {
  return noApprovalRuleFor(from, to, parseNoApprovalRules(noApprovalNeeded).rules) === null;
}

/** HUD codes used here (FY2026 lists). */
export const HUD = {
  destination: { rentalWithSubsidy: 435, safeHaven: 118, transitional: 302, emergencyShelter: 101 },
  subsidy: { psh: 439, rrh: 431, otherPermanent: 440 },
  projectType: { psh: 3, phHousingOnly: 9, phWithServices: 10, rrh: 13, safeHaven: 8, th: 2, esEntryExit: 0, esNightByNight: 1 },
} as const;

export const PERMANENT_HOUSING_TYPES: readonly number[] = [3, 9, 10, 13];

const isPsh = (p: Pick<ProjectFacts, 'programModel' | 'projectType'>) => norm(p.programModel) === 'psh' || p.projectType === HUD.projectType.psh;
const isRrh = (p: Pick<ProjectFacts, 'programModel' | 'projectType'>) => norm(p.programModel) === 'rrh' || p.projectType === HUD.projectType.rrh;
const isSafeHaven = (p: Pick<ProjectFacts, 'programModel' | 'projectType'>) => norm(p.programModel) === 'safe haven' || p.projectType === HUD.projectType.safeHaven;

/** Destination (3.12) and subsidy type (3.12.A) of the old enrollment's exit, after the target project. */
export function exitDestinationFor(target: Pick<ProjectFacts, 'programModel' | 'projectType'>): { destination: number; destinationSubsidyType: number | null } {
  if (isPsh(target)) return { destination: HUD.destination.rentalWithSubsidy, destinationSubsidyType: HUD.subsidy.psh };
  if (isRrh(target)) return { destination: HUD.destination.rentalWithSubsidy, destinationSubsidyType: HUD.subsidy.rrh };
  if (isSafeHaven(target)) return { destination: HUD.destination.safeHaven, destinationSubsidyType: null };
  if (PERMANENT_HOUSING_TYPES.includes(target.projectType)) return { destination: HUD.destination.rentalWithSubsidy, destinationSubsidyType: HUD.subsidy.otherPermanent };
  if (target.projectType === HUD.projectType.th) return { destination: HUD.destination.transitional, destinationSubsidyType: null };
  return { destination: HUD.destination.emergencyShelter, destinationSubsidyType: null };
}

/**
 * Prior living situation (3.917) of the new enrollment: where the household lived in the old project —
 * its rental with the old project's subsidy once housed in PSH/RRH, the Safe Haven — or null when the
 * caseworker must say (e.g. not yet housed).
 */
export function priorLivingSituationFor(from: Pick<ProjectFacts, 'programModel' | 'projectType'>, housed: boolean): { livingSituation: number; rentalSubsidyType: number | null } | null {
  if (isSafeHaven(from)) return { livingSituation: HUD.destination.safeHaven, rentalSubsidyType: null };
  if (!housed) return null;
  const d = exitDestinationFor(from);
  return d.destination === HUD.destination.rentalWithSubsidy ? { livingSituation: d.destination, rentalSubsidyType: d.destinationSubsidyType } : null;
}

export interface MoveInFacts {
  targetProjectType: number;
  /** The old head's Housing Move-in Date (null: not housed). */
  oldMoveInDate: string | null;
  /** True when the household physically moves to another unit. */
  householdMoves: boolean;
  entryDate: string;
}

/** The new enrollment's Housing Move-in Date, or null when it is recorded later. */
export function transferMoveInDate(f: MoveInFacts): string | null {
  if (!PERMANENT_HOUSING_TYPES.includes(f.targetProjectType)) return null;
  if (!f.oldMoveInDate || f.householdMoves) return null;
  return f.entryDate;
}

// ------------------------------------------------------------------------------------------ states

export type TransferAction = 'approve' | 'deny' | 'complete' | 'acknowledge';

/** Which state each action leaves, and from which states it may be taken. */
export const TRANSITIONS: Record<TransferAction, { from: readonly TransferState[]; to: TransferState }> = {
  approve: { from: ['awaiting_approval'], to: 'approved' },
  deny: { from: ['awaiting_approval'], to: 'denied' },
  // An approved transfer completes once the receiving project enrolled the household from the referral.
  complete: { from: ['awaiting_completion', 'approved'], to: 'completed' },
  acknowledge: { from: ['completed'], to: 'acknowledged' },
};

export function initialState(approvalNeeded: boolean): TransferState {
  return approvalNeeded ? 'awaiting_approval' : 'awaiting_completion';
}

export type TransitionDecision = { ok: true; to: TransferState } | { ok: false; message: string };

const ACTION_WORDS: Record<TransferAction, string> = { approve: 'approved', deny: 'denied', complete: 'completed', acknowledge: 'acknowledged' };

export function decideTransition(state: TransferState, action: TransferAction, facts: { approvalRequired: boolean } = { approvalRequired: false }): TransitionDecision {
  const t = TRANSITIONS[action];
  if (!t.from.includes(state)) {
    return { ok: false, message: `This transfer cannot be ${ACTION_WORDS[action]} now: it is "${TRANSFER_STATE_LABELS[state]}".` };
  }
  if (action === 'acknowledge' && facts.approvalRequired) {
    return { ok: false, message: 'An approved transfer already has its referral: there is nothing to acknowledge.' };
  }
  // A transfer completed after approval has its referral: it ends there (not acknowledged).
  return { ok: true, to: t.to };
}

/** True when the state ends the transfer's work for the matching team. */
export function isFinal(state: TransferState, approvalNeeded: boolean): boolean {
  return state === 'denied' || state === 'acknowledged' || (state === 'completed' && approvalNeeded);
}

/** The acknowledgement is pending (the matching team's queue) in these states, for no-approval transfers. */
export const AWAITING_ACKNOWLEDGEMENT: readonly TransferState[] = ['awaiting_completion', 'completed'];

/** Is the matching team's acknowledgement overdue at `now`? */
export function acknowledgementOverdue(t: { state: TransferState; approvalRequired: boolean; cesReferralDueAt: Date | null }, now: Date): boolean {
  return !t.approvalRequired && t.cesReferralDueAt !== null && AWAITING_ACKNOWLEDGEMENT.includes(t.state) && now.getTime() > t.cesReferralDueAt.getTime();
}

/** The notification (the request) was filed on time when it came in before the end of its due day. */
export function filedOnTime(filedAt: Date, notificationDueAt: Date): boolean {
  return filedAt.getTime() <= notificationDueAt.getTime();
}

/** Median of a list of numbers (null when empty); the mean of the two middle values for an even count. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export type TransferOutcome = 'pending' | 'approved' | 'denied' | 'completed' | 'acknowledged';

/** How the log groups a transfer's state. */
export function outcomeOf(state: TransferState): TransferOutcome {
  if (state === 'awaiting_approval' || state === 'awaiting_completion') return 'pending';
  return state;
}

/**
 * Who moves: the members chosen must be household members still enrolled, must include the head of
 * household, and may not leave members still enrolled behind without a head (the household moves together). Returns problems as [pointer, message].
 */
export function checkMovingMembers(openMembers: readonly { clientId: string; relationshipToHoH: number }[], chosen: readonly string[]): { pointer: string; message: string }[] {
  const out: { pointer: string; message: string }[] = [];
  if (chosen.length === 0) return [{ pointer: '/memberClientIds', message: 'Choose the household members who move.' }];
  const open = new Map(openMembers.map((m) => [m.clientId, m]));
  chosen.forEach((id, i) => {
    if (!open.has(id)) out.push({ pointer: `/memberClientIds/${i}`, message: 'This person is not a member of the household still enrolled in the project.' });
  });
  if (new Set(chosen).size !== chosen.length) out.push({ pointer: '/memberClientIds', message: 'Each member is listed once.' });
  if (out.length) return out;
  const head = openMembers.find((m) => m.relationshipToHoH === 1);
  if (head && !chosen.includes(head.clientId)) out.push({ pointer: '/memberClientIds', message: 'The head of household moves with the transfer. To move other members on their own, make one of them head of household first.' });
  const staying = openMembers.filter((m) => !chosen.includes(m.clientId));
  if (out.length === 0 && staying.length > 0) {
    out.push({
      pointer: '/memberClientIds',
      message: `${staying.length === 1 ? 'One member still enrolled would' : `${staying.length} members still enrolled would`} be left without a head of household: include them in the transfer (a member who stays must first be exited from this household).`,
    });
  }
  return out;
}
