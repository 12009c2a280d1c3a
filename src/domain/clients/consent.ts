/**
 * Consent (release of information) and the visibility it gives. Pure: the gateway turns the same rules
 * into SQL (src/data/gateway/clients.ts); the unit and property tests hold the two together.
 */

export const SHARING = ['full', 'limited', 'none'] as const;
export type Sharing = (typeof SHARING)[number];
export const SIGNED_BY = ['self', 'guardian', 'authorized_representative'] as const;
export type SignedBy = (typeof SIGNED_BY)[number];

/** The state of a client's current release, as visibility needs it. */
export type ConsentState = 'full' | 'limited' | 'none' | 'expired' | 'revoked';

/** Adds whole years to a date, 29 February becoming 28 February in a common year. */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const ty = y + years;
  const last = new Date(Date.UTC(ty, m, 0)).getUTCDate();
  return `${ty}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export const CONSENT_YEARS = 3;

/** Default end of a release: three years after it starts. */
export const defaultConsentEnd = (startDate: string): string => addYears(startDate, CONSENT_YEARS);

export interface ConsentFacts {
  sharing: Sharing;
  startDate: string;
  endDate: string;
  revoked: boolean;
  /** Order of recording (later = higher). */
  seq: number;
}

/**
 * The current release on `today`: the one that started last (ties: recorded last) among those already
 * started. Its state is `revoked` once revoked, `expired` after its end date, otherwise its sharing.
 * No release at all counts as no sharing.
 */
export function consentState(consents: readonly ConsentFacts[], today: string): ConsentState {
  const started = consents.filter((c) => c.startDate <= today);
  if (started.length === 0) return 'none';
  const current = [...started].sort((a, b) => (a.startDate !== b.startDate ? (a.startDate < b.startDate ? 1 : -1) : b.seq - a.seq))[0]!;
  if (current.sharing === 'none') return 'none';
  if (current.revoked) return 'revoked';
  if (current.endDate < today) return 'expired';
  return current.sharing;
}

/** What the visibility decision needs to know about the person asking. */
export interface ViewerFacts {
  admin: boolean;
  agencyIds: readonly string[];
  /** Holds at least one membership (any role, any agency). */
  member: boolean;
  /** A Housing Resource Specialist whose membership covers the CE project (project type 14). */
  ceHrs: boolean;
  /** A member of the CES matching team. */
  matcher: boolean;
}

export interface ClientFacts {
  ownerAgencyId: string;
  consent: ConsentState;
  lockReasons: readonly string[];
  /**
   * Agencies whose projects hold an open referral of the client's household, or an enrollment that
   * resulted from one: "a referral opens the door", whatever the consent or locks.
   */
  referralAgencyIds?: readonly string[];
}

export type VisibilityReason =
  | 'administrator'
  | 'owning agency'
  | 'referral'
  | 'full consent'
  | 'visibility group: CE project'
  | 'visibility group: matching team';

/**
 * Why the viewer may see the client, or null when they may not (they then get "not found").
 * The order matters only for the reason named in the read audit.
 */
export function visibilityReason(viewer: ViewerFacts, client: ClientFacts): VisibilityReason | null {
  if (viewer.admin) return 'administrator';
  if (viewer.agencyIds.includes(client.ownerAgencyId)) return 'owning agency';
  if (client.referralAgencyIds?.some((a) => viewer.agencyIds.includes(a))) return 'referral';
  const locked = client.consent === 'limited' || client.lockReasons.length > 0;
  const sharing = client.consent === 'full' || client.consent === 'limited';
  if (client.consent === 'full' && !locked && viewer.member) return 'full consent';
  if (sharing && viewer.ceHrs) return 'visibility group: CE project';
  if (sharing && viewer.matcher) return 'visibility group: matching team';
  return null;
}

export const isLocked = (client: ClientFacts): boolean => client.consent === 'limited' || client.lockReasons.length > 0;
