export type Role = 'hmis_admin' | 'ces_matcher' | 'housing_resource_specialist' | 'agency_admin' | 'case_manager';

export interface Me {
  user: { id: string; username: string; displayName: string; agreementAcceptedAt: string | null; mfaEnabled: boolean };
  memberships: { agencyId: string; role: Role; projectIds: string[] }[];
  csrfToken: string;
  navigation: string[];
  sessionIdleExpiresAt: string;
  sessionExpiresAt: string;
  /** False until the user accepts the current user agreement. */
  agreementCurrent: boolean;
  mfaRequired: boolean;
  /** The session may only set up MFA or change an expired password. */
  restriction: 'mfaEnrollment' | 'passwordChange' | null;
  /** The CoC's calendar: dates are written in its locale and zone, "today" is its date (web/src/format.ts). */
  coc: { timeZone: string; locale: string; today: string };
}

export interface Agency {
  id: string;
  name: string;
  victimServiceProvider: boolean;
  version: number;
  capabilities: { canEdit: boolean };
}

export interface Funder {
  id: string;
  funder: number;
  otherFunder: string | null;
  grantId: string;
  startDate: string;
  endDate: string | null;
}

export interface Project {
  id: string;
  agencyId: string;
  name: string;
  hmisProjectNumber: string | null;
  projectType: number;
  programModel: string;
  populations: string[];
  receivesReferrals: boolean;
  operatingStart: string;
  operatingEnd: string | null;
  version: number;
  funders: Funder[];
  capabilities: { canEdit: boolean; canViewCaseload: boolean };
}

export const ROLE_LABELS: Record<Role, string> = {
  hmis_admin: 'HMIS administrator',
  ces_matcher: 'CES matching team',
  housing_resource_specialist: 'Housing Resource Specialist',
  agency_admin: 'Agency administrator',
  case_manager: 'Case manager',
};

/** HUD 2.02.6 project types, as users read them. */
export const PROJECT_TYPES: Record<number, string> = {
  0: 'Emergency Shelter – Entry Exit',
  1: 'Emergency Shelter – Night-by-Night',
  2: 'Transitional Housing',
  3: 'PH – Permanent Supportive Housing',
  4: 'Street Outreach',
  6: 'Services Only',
  7: 'Other',
  8: 'Safe Haven',
  9: 'PH – Housing Only',
  10: 'PH – Housing with Services',
  11: 'Day Shelter',
  12: 'Homelessness Prevention',
  13: 'PH – Rapid Re-Housing',
  14: 'Coordinated Entry',
};
