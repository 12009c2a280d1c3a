import type { Actor } from '../../domain/access.ts';
import { can } from '../../domain/access.ts';
import { displayName, maskSsn } from '../../domain/clients/records.ts';
import { isLocked, type ConsentState } from '../../domain/clients/consent.ts';
import type { ClientRow } from '../../data/gateway/clients.ts';
import type { Db, Tx } from '../../data/db.ts';

/** The CoC's CE projects (project type 14). */
export async function ceProjectIds(db: Db | Tx): Promise<string[]> {
  return (await db.selectFrom('projects').select('id').where('project_type', '=', 14).execute()).map((r) => r.id);
}

export interface ConsentRowLike {
  id: string;
  sharing: 'full' | 'limited' | 'none';
  start_date: string;
  end_date: string;
  witness: string | null;
  signed_by: string;
  signer_name: string | null;
  revoked_at: Date | null;
  revoked_by: string | null;
  revoke_reason: string | null;
  created_at: Date;
  created_by: string | null;
}

export function presentConsent(k: ConsentRowLike, today: string) {
  const status = k.revoked_at ? 'revoked' : k.end_date < today ? 'expired' : k.start_date > today ? 'future' : 'current';
  return {
    id: k.id,
    sharing: k.sharing,
    startDate: k.start_date,
    endDate: k.end_date,
    witness: k.witness,
    signedBy: k.signed_by,
    signerName: k.signer_name,
    revokedAt: k.revoked_at?.toISOString() ?? null,
    revokeReason: k.revoke_reason,
    createdAt: k.created_at.toISOString(),
    status: status as 'current' | 'expired' | 'revoked' | 'future',
  };
}

/** Who may do what on a client they can see (the gateway already decided that they can see it). */
export function clientCapabilities(actor: Actor, client: ClientRow, reason: string, ces: readonly string[]) {
  const steward = reason === 'administrator' || reason === 'owning agency' || reason === 'visibility group: CE project';
  return {
    canEdit: true,
    canEditContacts: true,
    canManageConsent: steward,
    canChangeLocks: steward,
    canRevealSsn: can(actor, 'client.ssn.reveal', { agencyId: client.owner_agency_id, ceProjectIds: ces }),
  };
}

export function presentClient(client: ClientRow, extra: { ownerAgencyName: string; consentState: string; actor: Actor; reason: string; ces: readonly string[] }) {
  return {
    id: client.id,
    displayName: displayName({ id: client.id, anonymous: client.anonymous, firstName: client.first_name, middleName: client.middle_name, lastName: client.last_name, suffix: client.suffix }),
    firstName: client.first_name,
    middleName: client.middle_name,
    lastName: client.last_name,
    suffix: client.suffix,
    nameDataQuality: client.name_data_quality,
    ssn: maskSsn(client.ssn),
    ssnDataQuality: client.ssn_data_quality,
    dateOfBirth: client.dob,
    dobDataQuality: client.dob_data_quality,
    race: client.race,
    raceNone: client.race_none,
    sex: client.sex,
    veteranStatus: client.veteran_status,
    ownerAgencyId: client.owner_agency_id,
    ownerAgencyName: extra.ownerAgencyName,
    anonymous: client.anonymous,
    lockReasons: client.lock_reasons,
    locked: isLocked({ ownerAgencyId: client.owner_agency_id, consent: extra.consentState as ConsentState, lockReasons: client.lock_reasons }),
    consentState: extra.consentState as ConsentState,
    version: client.version,
    createdAt: client.created_at.toISOString(),
    updatedAt: client.updated_at.toISOString(),
    capabilities: clientCapabilities(extra.actor, client, extra.reason, extra.ces),
  };
}

export type ClientOut = ReturnType<typeof presentClient>;

export async function agencyName(db: Db | Tx, agencyId: string): Promise<string> {
  return (await db.selectFrom('agencies').select('name').where('id', '=', agencyId).executeTakeFirst())?.name ?? '';
}
