/**
 * The seed's special rule (spec §1): the social-service contacts inside the CE assessment (case
 * workers, clinics, shelters that can reach the client) are readable only by a user who is a Housing
 * Resource Specialist with access to the Coordinated Entry project. Everyone else — the receiving case
 * manager, the matching team, agency and even HMIS administrators — reads the client-profile contact
 * information, and is told whom to ask. Pure: no I/O.
 */
import { isCeHrs, type Actor } from '../access.ts';

export interface SocialServiceContact {
  name: string;
  organization: string;
  role?: string | null | undefined;
  phone?: string | null | undefined;
  email?: string | null | undefined;
  notes?: string | null | undefined;
}

export type ContactsDecision =
  | { visible: true }
  | {
      visible: false;
      /** Why the contacts are not shown, in the words of the people who read it. */
      hiddenReason: string;
      /** Whom to ask instead. */
      askHrs: string;
    };

export const CONTACTS_HIDDEN_REASON =
  'Social-service contacts in the CE assessment are shown only to Housing Resource Specialists with access to the Coordinated Entry project.';

/**
 * May this actor read the social-service contacts? `ceProjectIds` are the CoC's CE projects (HUD
 * project type 14); `assessedBy` names the HRS who recorded the assessment, when known.
 */
export function socialServiceContactsDecision(actor: Actor, ceProjectIds: readonly string[], assessedBy?: string | null): ContactsDecision {
  if (isCeHrs(actor, ceProjectIds)) return { visible: true };
  const who = assessedBy ? `${assessedBy} or another Housing Resource Specialist of the Coordinated Entry project` : 'a Housing Resource Specialist of the Coordinated Entry project';
  return {
    visible: false,
    hiddenReason: CONTACTS_HIDDEN_REASON,
    askHrs: `Use the contact information on the client's profile first. If it is not enough, ask ${who}: they can reach the client through the case workers, clinics and shelters listed in the assessment.`,
  };
}

/**
 * Puts the contacts into (or leaves them out of) an assessment as presented: for a user who may not
 * read them the field is ABSENT — not empty, not null — and the reason and whom to ask are there instead.
 */
export function withSocialServiceContacts<T extends object>(
  assessment: T,
  contacts: readonly SocialServiceContact[],
  decision: ContactsDecision,
): T & ({ socialServiceContacts: SocialServiceContact[] } | { socialServiceContactsHiddenReason: string; askHrs: string }) {
  if (decision.visible) return { ...assessment, socialServiceContacts: contacts.map((c) => ({ ...c })) };
  return { ...assessment, socialServiceContactsHiddenReason: decision.hiddenReason, askHrs: decision.askHrs };
}
