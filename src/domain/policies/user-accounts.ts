/**
 * Who may act on a user account. One rule for every action (issue 15, defect 1): the actor needs
 * authority over *every* membership the account holds — a membership they could have granted
 * themselves (its agency and role, `membership.grant`). Otherwise one shared membership would hand an
 * agency administrator an account that also reads as a CES matcher, another agency's staff or the CE
 * project's Housing Resource Specialist.
 *
 * Seeing an account is wider: an administrator of any agency the user works for sees it (a user in
 * none of their agencies answers 404, as if it did not exist).
 */
import { administeredAgencies, can, isAdmin, type Actor, type Role } from '../access.ts';

export type AccountAction =
  | 'view'
  | 'edit'
  | 'deactivate'
  | 'password.reset'
  | 'mfa.reset'
  | 'throttle.clear'
  | 'membership.add'
  | 'membership.change'
  | 'membership.remove';

export const ACCOUNT_ACTIONS: readonly AccountAction[] = ['view', 'edit', 'deactivate', 'password.reset', 'mfa.reset', 'throttle.clear', 'membership.add', 'membership.change', 'membership.remove'];

export interface AccountHolder {
  id: string;
  memberships: readonly { agencyId: string; role: Role }[];
}

export type AccountDecision = { allowed: true } | { allowed: false; status: 403 | 404; reason: string };

const ALLOWED: AccountDecision = { allowed: true };

/** The actor could grant this membership: its agency is theirs to administer and its role not CoC-wide. */
export const hasAuthorityOver = (actor: Actor, m: { agencyId: string; role: Role }): boolean =>
  can(actor, 'membership.grant', { agencyId: m.agencyId, role: m.role });

export function decideAccountAction(actor: Actor, target: AccountHolder, action: AccountAction): AccountDecision {
  if (isAdmin(actor)) return ALLOWED;
  const mine = administeredAgencies(actor);
  if (!target.memberships.some((m) => mine.includes(m.agencyId))) {
    return { allowed: false, status: 404, reason: 'user not in an agency the actor administers' };
  }
  if (action === 'view') return ALLOWED;
  const beyond = target.memberships.filter((m) => !hasAuthorityOver(actor, m));
  if (beyond.length > 0) {
    return { allowed: false, status: 403, reason: `user holds memberships beyond the actor's authority: ${beyond.map((m) => `${m.role}@${m.agencyId}`).join(', ')}` };
  }
  return ALLOWED;
}

export const mayActOnAccount = (actor: Actor, target: AccountHolder, action: AccountAction): boolean => decideAccountAction(actor, target, action).allowed;

/** Capability flags of a user record, for the administration screens: the same rule, asked per action. */
export function userCapabilities(actor: Actor, target: AccountHolder) {
  const may = (a: AccountAction) => mayActOnAccount(actor, target, a);
  return {
    canEdit: may('edit'),
    canDeactivate: may('deactivate') && target.id !== actor.userId,
    canManageMemberships: may('membership.change'),
    canResetPassword: may('password.reset'),
    canResetMfa: may('mfa.reset'),
    canClearSignInThrottle: may('throttle.clear'),
  };
}
