/** Client data as the API returns it, and the HUD labels the client screens show. */
import type { ComponentType } from 'react';

export type ConsentState = 'full' | 'limited' | 'none' | 'expired' | 'revoked';

export interface ClientDetail {
  id: string;
  displayName: string;
  firstName: string | null;
  middleName: string | null;
  lastName: string | null;
  suffix: string | null;
  nameDataQuality: number;
  ssn: string | null;
  ssnDataQuality: number;
  dateOfBirth: string | null;
  dobDataQuality: number;
  race: string[];
  raceNone: number | null;
  sex: number;
  veteranStatus: number;
  ownerAgencyId: string;
  ownerAgencyName: string;
  anonymous: boolean;
  lockReasons: string[];
  locked: boolean;
  consentState: ConsentState;
  version: number;
  createdAt: string;
  updatedAt: string;
  capabilities: { canEdit: boolean; canEditContacts: boolean; canManageConsent: boolean; canChangeLocks: boolean; canRevealSsn: boolean };
}

export interface ClientSearchItem {
  id: string;
  displayName: string;
  firstName: string | null;
  lastName: string | null;
  dateOfBirth: string | null;
  ssn: string | null;
  anonymous: boolean;
  ownerAgencyName: string;
  consentState: ConsentState;
  locked: boolean;
  score: number;
}

export interface Contact {
  id?: string;
  kind: 'phone' | 'email' | 'address';
  type: string;
  value: string | null;
  line1: string | null;
  line2: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  okToLeaveMessage: boolean;
  preferred: boolean;
  lastConfirmedOn: string | null;
  notes: string | null;
}

export interface Consent {
  id: string;
  sharing: 'full' | 'limited' | 'none';
  startDate: string;
  endDate: string;
  witness: string | null;
  signedBy: string;
  signerName: string | null;
  revokedAt: string | null;
  revokeReason: string | null;
  createdAt: string;
  status: 'current' | 'expired' | 'revoked' | 'future';
}

export interface Household {
  id: string;
  version: number;
  members: {
    membershipId: string;
    clientId: string;
    displayName: string;
    dateOfBirth: string | null;
    relationshipToHoH: number;
    joinedOn: string;
    leftOn: string | null;
    current: boolean;
    consentState: string;
  }[];
}

/** A tab of the client profile. Add one by adding a file `web/src/pages/client/tabs/<Name>.tsx` exporting `tab`. */
export interface ClientTabProps {
  client: ClientDetail;
  /** Reloads the client record (e.g. after a change that bumps its version). */
  reload(): void;
}
export interface ClientTab {
  /** Stable key, used in `?tab=` (e.g. 'profile', 'consent', 'household', 'ce-assessment', 'notes', 'documents'). */
  key: string;
  label: string;
  /** Position in the tab list (profile 10, consent 20, household 30, CE assessment 40, notes 50, documents 60). */
  order: number;
  Component: ComponentType<ClientTabProps>;
  /** Optional flag shown in the profile header whatever tab is open (e.g. "2 unread notes"); `onOpen` selects the tab. */
  Flag?: ComponentType<{ clientId: string; onOpen(): void }>;
}

export const DATA_QUALITY: Record<number, string> = {
  1: 'Full / complete',
  2: 'Partial or approximate',
  8: 'Client doesn’t know',
  9: 'Client prefers not to answer',
  99: 'Data not collected',
};
export const NAME_DQ: Record<number, string> = { ...DATA_QUALITY, 1: 'Full name reported', 2: 'Partial, street name, or code name' };
export const SSN_DQ: Record<number, string> = { ...DATA_QUALITY, 1: 'Full SSN reported', 2: 'Approximate or partial SSN' };
export const DOB_DQ: Record<number, string> = { ...DATA_QUALITY, 1: 'Full DOB reported', 2: 'Approximate or partial DOB' };
export const NO_YES: Record<number, string> = { 0: 'No', 1: 'Yes', 8: 'Client doesn’t know', 9: 'Client prefers not to answer', 99: 'Data not collected' };
export const SEX: Record<number, string> = { 0: 'Female', 1: 'Male', 8: 'Client doesn’t know', 9: 'Client prefers not to answer', 99: 'Data not collected' };
export const RACE: Record<string, string> = {
  AmIndAKNative: 'American Indian, Alaska Native, or Indigenous',
  Asian: 'Asian or Asian American',
  BlackAfAmerican: 'Black, African American, or African',
  HispanicLatinao: 'Hispanic/Latina/o',
  MidEastNAfrican: 'Middle Eastern or North African',
  NativeHIPacific: 'Native Hawaiian or Pacific Islander',
  White: 'White',
};
export const LOCK_REASONS: Record<string, string> = {
  fleeing_dv: 'Fleeing domestic violence',
  trafficking: 'Fleeing trafficking',
  hiv_aids: 'HIV/AIDS',
  unaccompanied_minor: 'Unaccompanied minor',
  hopwa_project: 'Served by a HOPWA project',
  rhy_project: 'Served by an RHY project',
};
export const RELATIONSHIP: Record<number, string> = {
  1: 'Self (head of household)',
  2: 'Head of household’s child',
  3: 'Head of household’s spouse or partner',
  4: 'Other relative',
  5: 'Other: non-relation',
  99: 'Data not collected',
};
export const CONSENT_STATE: Record<ConsentState, string> = {
  full: 'Full sharing',
  limited: 'Limited sharing (locked)',
  none: 'No sharing',
  expired: 'Release expired',
  revoked: 'Release revoked',
};
export const SHARING: Record<string, string> = { full: 'Full sharing', limited: 'Limited sharing', none: 'No sharing' };
export const SIGNED_BY: Record<string, string> = { self: 'The client', guardian: 'Parent or guardian', authorized_representative: 'Authorized representative' };
export const CONTACT_TYPES: Record<Contact['kind'], string[]> = {
  phone: ['mobile', 'home', 'work', 'other'],
  email: ['personal', 'work', 'other'],
  address: ['home', 'mailing', 'shelter', 'other'],
};

export const options = (labels: Record<number, string>) => Object.entries(labels).map(([value, label]) => ({ value: Number(value), label }));
export const stringOptions = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));

