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
  /** False until the user accepts the current user agreement: client data stays closed. */
  agreementCurrent: z.boolean(),
  /** The user's roles require MFA (never in demo mode). */
  mfaRequired: z.boolean(),
  /** The session may only enrol MFA (`mfaEnrollment`) or change an expired password (`passwordChange`). */
  restriction: z.enum(['mfaEnrollment', 'passwordChange']).nullable(),
  /** How the web writes dates and what "today" is: the CoC's, not the browser's (docs/UI.md). */
  coc: z.object({
    timeZone: z.string().describe('IANA time zone: times are shown in it, and "today" is its date'),
    locale: z.string().describe('BCP 47 locale dates are written in (e.g. en-US: "Dec 7, 2026")'),
    today: z.string().describe("the CoC's date now (YYYY-MM-DD)"),
  }),
});

export type CocCalendar = z.infer<typeof MeOut>['coc'];

export function presentUser(session: ActiveSession): z.infer<typeof UserOut> {
  return {
    id: session.user.id,
    username: session.user.username,
    displayName: session.user.displayName,
    agreementAcceptedAt: session.user.agreementAcceptedAt?.toISOString() ?? null,
    mfaEnabled: session.user.mfaEnabled,
  };
}

export function presentMe(session: ActiveSession, coc: CocCalendar): z.infer<typeof MeOut> {
  return {
    user: presentUser(session),
    memberships: session.actor.memberships,
    csrfToken: session.csrfToken,
    navigation: navigationFor(session.actor),
    sessionIdleExpiresAt: session.idleExpiresAt.toISOString(),
    sessionExpiresAt: session.expiresAt.toISOString(),
    agreementCurrent: session.agreementCurrent,
    mfaRequired: session.mfaRequired,
    restriction: session.restriction,
    coc,
  };
}
