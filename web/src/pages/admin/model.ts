import type { Project, Role } from '../../types.ts';

export interface ProjectCoc {
  id?: string;
  cocCode: string;
  geocode: string;
  address1: string | null;
  address2: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  geographyType: number | null;
}

export interface Inventory {
  id?: string;
  cocCode: string;
  householdType: number | null;
  availability: number | null;
  unitInventory: number | null;
  bedInventory: number | null;
  chVetBedInventory: number | null;
  youthVetBedInventory: number | null;
  vetBedInventory: number | null;
  chYouthBedInventory: number | null;
  youthBedInventory: number | null;
  chBedInventory: number | null;
  otherBedInventory: number | null;
  esBedType: number | null;
  startDate: string;
  endDate: string | null;
}

export interface HmisParticipation {
  id?: string;
  participationType: number | null;
  startDate: string;
  endDate: string | null;
}

export interface CeParticipation {
  id?: string;
  accessPoint: boolean;
  preventionAssessment: boolean | null;
  crisisAssessment: boolean | null;
  housingAssessment: boolean | null;
  directServices: boolean | null;
  receivesReferrals: boolean;
  startDate: string;
  endDate: string | null;
}

export interface ProjectDetail extends Project {
  rrhSubtype: number | null;
  housingType: number | null;
  targetPopulation: number | null;
  continuumProject: boolean;
  cocs: ProjectCoc[];
  inventory: Inventory[];
  hmisParticipation: HmisParticipation[];
  ceParticipation: CeParticipation[];
}

export interface AdminMembership {
  id: string;
  agencyId: string;
  role: Role;
  projectIds: string[];
}

export interface AdminUser {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  active: boolean;
  mfaEnabled: boolean;
  lastLoginAt: string | null;
  version: number;
  memberships: AdminMembership[];
  capabilities: { canEdit: boolean; canDeactivate: boolean; canManageMemberships: boolean; canResetPassword: boolean; canResetMfa: boolean; canClearSignInThrottle: boolean };
  /** Failed sign-ins in the last 15 minutes that still count for the throttle. */
  signInFailures: { recent: number; lastAt: string | null };
}

export interface AuditItem {
  id: string;
  at: string;
  userId: string | null;
  username: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  clientId: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  requestId: string | null;
  address: string | null;
  details: unknown;
}

/** Roles that work in assigned projects only. */
export const PROJECT_ROLES: Role[] = ['case_manager', 'housing_resource_specialist'];
