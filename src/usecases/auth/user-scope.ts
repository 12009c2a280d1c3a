import type { Tx } from '../../data/db.ts';
import { administeredAgencies, isAdmin, type Actor } from '../../domain/access.ts';
import { ForbiddenError, NotFoundError } from '../../domain/errors.ts';

export interface ManagedUser {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
}

/**
 * The user an administrator acts on: an HMIS administrator may act on anyone; an agency administrator on
 * users with a membership in an agency they administer (404 for others), but not on HMIS administrators.
 */
export async function managedUser(tx: Tx, actor: Actor, userId: string): Promise<ManagedUser> {
  const user = await tx.selectFrom('users').select(['id', 'username', 'display_name', 'email']).where('id', '=', userId).executeTakeFirst();
  if (!user) throw new NotFoundError('user');
  if (!isAdmin(actor)) {
    const memberships = await tx.selectFrom('memberships').select(['agency_id', 'role']).where('user_id', '=', userId).execute();
    const agencies = administeredAgencies(actor);
    if (!memberships.some((m) => agencies.includes(m.agency_id))) throw new NotFoundError('user');
    if (memberships.some((m) => m.role === 'hmis_admin')) throw new ForbiddenError('Only an HMIS administrator can do this for an HMIS administrator.');
  }
  return { id: user.id, username: user.username, displayName: user.display_name, email: user.email };
}
