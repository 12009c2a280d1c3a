import type { ActiveSession } from '../usecases/auth/sessions.ts';
import { navigationFor } from '../domain/access.ts';
import { z } from 'zod';

export const UserOut = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  agreementAcceptedAt: z.string().nullable(),
  mfaEnabled: z.boolean(),
});

export const MembershipOut = z.object({
  agencyId: z.string(),
  role: z.enum(['hmis_admin', 'ces_matcher', 'housing_resource_specialist', 'agency_admin', 'case_manager']),
  projectIds: z.array(z.string()),
});

export const MeOut = z.object({
  user: UserOut,
  memberships: z.array(MembershipOut),
  csrfToken: z.string(),
  navigation: z.array(z.string()),
  sessionIdleExpiresAt: z.string(),
  sessionExpiresAt: z.string(),
});

export function presentMe(session: ActiveSession): z.infer<typeof MeOut> {
  return {
    user: { ...session.user, agreementAcceptedAt: session.user.agreementAcceptedAt?.toISOString() ?? null },
    memberships: session.actor.memberships,
    csrfToken: session.csrfToken,
    navigation: navigationFor(session.actor),
    sessionIdleExpiresAt: session.idleExpiresAt.toISOString(),
    sessionExpiresAt: session.expiresAt.toISOString(),
  };
}
