import type { Tx } from '../../data/db.ts';
import { getUser, type UserRow } from '../../data/repos/users.ts';
import type { Actor } from '../../domain/access.ts';
import { ForbiddenError, NotFoundError } from '../../domain/errors.ts';
import { decideAccountAction, type AccountAction } from '../../domain/policies/user-accounts.ts';

const REFUSED: Record<AccountAction, string> = {
  view: 'You may not see this user.',
  edit: 'This user also works for other agencies or holds a CoC-wide role: ask an HMIS administrator to change their account.',
  deactivate: 'This user also works for other agencies or holds a CoC-wide role: ask an HMIS administrator to deactivate them.',
  'password.reset': 'This user also works for other agencies or holds a CoC-wide role: ask an HMIS administrator to reset their password.',
  'mfa.reset': 'This user also works for other agencies or holds a CoC-wide role: ask an HMIS administrator to reset their two-step verification.',
  'throttle.clear': 'This user also works for other agencies or holds a CoC-wide role: ask an HMIS administrator to clear their sign-in throttle.',
  'membership.add': 'This user also works for other agencies or holds a CoC-wide role: ask an HMIS administrator to change their memberships.',
  'membership.change': 'This user also works for other agencies or holds a CoC-wide role: ask an HMIS administrator to change their memberships.',
  'membership.remove': 'This user also works for other agencies or holds a CoC-wide role: ask an HMIS administrator to change their memberships.',
};

/**
 * The user an administrator acts on, after the one account rule (`domain/policies/user-accounts.ts`):
 * 404 when the actor may not see them, 403 when they hold a membership beyond the actor's authority.
 * A refusal carries its audit row (`access.denied`), written once the refused transaction is gone.
 * `notFound` names what the caller asked for (a membership id answers "No such membership").
 */
export async function managedUser(tx: Tx, actor: Actor, userId: string, action: AccountAction, notFound = 'user'): Promise<UserRow> {
  const user = await getUser(tx, userId);
  const decision = user ? decideAccountAction(actor, user, action) : ({ allowed: false, status: 404, reason: 'no such user' } as const);
  if (decision.allowed) return user!;
  const error = decision.status === 404 ? new NotFoundError(notFound) : new ForbiddenError(REFUSED[action]);
  throw error.audited({ action: 'access.denied', entityType: 'user', entityId: userId, reason: decision.reason, details: { attempted: action } });
}
