import type { Tx } from '../../data/db.ts';
import { auditClientRead, findVisibleClient, type ClientRow } from '../../data/gateway/clients.ts';
import { todayOf } from '../today.ts';
import { can } from '../../domain/access.ts';
import { ageOn, defaultSsnDataQuality, normalizeSsn, type LockReason, type RaceCategory } from '../../domain/clients/records.ts';
import { defaultConsentEnd, type Sharing, type SignedBy } from '../../domain/clients/consent.ts';
import type { ContactInput } from '../../domain/clients/contacts.ts';
import { ForbiddenError, RuleViolation, StaleVersionError, type FieldProblem } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { writeAudit } from '../audit.ts';
import { requireActor, type RequestContext } from '../context.ts';
import { insertContacts } from './contacts.ts';
import { agencyName, ceProjectIds, presentClient } from './present.ts';

export interface ClientFields {
  firstName?: string | null | undefined;
  middleName?: string | null | undefined;
  lastName?: string | null | undefined;
  suffix?: string | null | undefined;
  nameDataQuality?: number | undefined;
  dateOfBirth?: string | null | undefined;
  dobDataQuality?: number | undefined;
  ssn?: string | null | undefined;
  ssnDataQuality?: number | undefined;
  race?: RaceCategory[] | undefined;
  raceNone?: number | null | undefined;
  sex?: number | undefined;
  veteranStatus?: number | undefined;
  lockReasons?: LockReason[] | undefined;
}

export interface ConsentInput {
  sharing: Sharing;
  startDate?: string | undefined;
  endDate?: string | undefined;
  witness?: string | null | undefined;
  signedBy?: SignedBy | undefined;
  signerName?: string | null | undefined;
}

export interface CreateClientInput extends ClientFields {
  consent: ConsentInput;
  contacts?: ContactInput[] | undefined;
  /** The agency that owns the record: one of the caller's; defaults to the caller's first agency. */
  ownerAgencyId?: string | undefined;
}

const blank = (v: string | null | undefined) => (v === undefined ? undefined : v === null || v.trim() === '' ? null : v.trim());

interface Normalised {
  first_name: string | null;
  middle_name: string | null;
  last_name: string | null;
  suffix: string | null;
  name_data_quality: number;
  ssn: string | null;
  ssn_data_quality: number;
  dob: string | null;
  dob_data_quality: number;
  race: string[];
  race_none: number | null;
  sex: number;
  veteran_status: number;
  lock_reasons: string[];
}

/** Applies `input` on top of `base` (the stored record, or nothing) and checks the HUD rules. */
function normalise(input: ClientFields, base: Normalised | null, today: string): { values: Normalised; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const pick = <T>(given: T | undefined, stored: T): T => (given === undefined ? stored : given);
  const first_name = pick(blank(input.firstName), base?.first_name ?? null);
  const middle_name = pick(blank(input.middleName), base?.middle_name ?? null);
  const last_name = pick(blank(input.lastName), base?.last_name ?? null);
  const suffix = pick(blank(input.suffix), base?.suffix ?? null);
  const hasName = Boolean(first_name || last_name);
  const name_data_quality = input.nameDataQuality ?? (base && input.firstName === undefined && input.lastName === undefined ? base.name_data_quality : hasName ? (first_name && last_name ? 1 : 2) : 99);
  if ((name_data_quality === 1 || name_data_quality === 2) && !hasName) {
    problems.push({ pointer: '/firstName', message: 'Enter the name, or choose why it is missing (name data quality).' });
  }
  if (name_data_quality === 1 && hasName && (!first_name || !last_name)) {
    problems.push({ pointer: first_name ? '/lastName' : '/firstName', message: 'A full name has a first and a last name; otherwise choose "partial" as name data quality.' });
  }
  let ssn = base?.ssn ?? null;
  if (input.ssn !== undefined) {
    const r = normalizeSsn(input.ssn);
    if (!r.ok) problems.push({ pointer: '/ssn', message: r.message });
    else ssn = r.ssn;
  }
  const ssn_data_quality = input.ssnDataQuality ?? (base && input.ssn === undefined ? base.ssn_data_quality : defaultSsnDataQuality(ssn));
  if ((ssn_data_quality === 1 || ssn_data_quality === 2) && ssn === null) {
    problems.push({ pointer: '/ssn', message: 'Enter the SSN, or choose why it is missing (SSN data quality).' });
  }
  if (ssn_data_quality === 1 && ssn !== null && ssn.includes('x')) {
    problems.push({ pointer: '/ssnDataQuality', message: 'An SSN with unknown digits is "approximate or partial", not full.' });
  }
  const dob = pick(input.dateOfBirth === undefined ? undefined : input.dateOfBirth || null, base?.dob ?? null);
  const dob_data_quality = input.dobDataQuality ?? (base && input.dateOfBirth === undefined ? base.dob_data_quality : dob ? 1 : 99);
  if (dob && dob > today) problems.push({ pointer: '/dateOfBirth', message: 'The date of birth cannot be in the future.' });
  if (dob && dob < '1900-01-01') problems.push({ pointer: '/dateOfBirth', message: 'Check the year of birth: it is before 1900.' });
  if ((dob_data_quality === 1 || dob_data_quality === 2) && !dob) {
    problems.push({ pointer: '/dateOfBirth', message: 'Enter the date of birth, or choose why it is missing (DOB data quality).' });
  }
  const race = pick(input.race, base?.race ?? []);
  let race_none = pick(input.raceNone, base?.race_none ?? null);
  if (input.race !== undefined && input.race.length > 0 && input.raceNone === undefined) race_none = null;
  if (race.length > 0 && race_none !== null) problems.push({ pointer: '/raceNone', message: 'Choose race and ethnicity categories, or why they are missing — not both.' });
  if (race.length === 0 && race_none === null) race_none = 99;
  return {
    values: {
      first_name,
      middle_name,
      last_name,
      suffix,
      name_data_quality,
      ssn,
      ssn_data_quality,
      dob,
      dob_data_quality,
      race: [...new Set(race)],
      race_none,
      sex: pick(input.sex, base?.sex ?? 99),
      veteran_status: pick(input.veteranStatus, base?.veteran_status ?? 99),
      lock_reasons: [...new Set(pick(input.lockReasons, (base?.lock_reasons ?? []) as LockReason[]))],
    },
    problems,
  };
}

/** No sharing: the record may not identify the client (spec §7). */
function identifyingProblems(v: Normalised): FieldProblem[] {
  const out: FieldProblem[] = [];
  const msg = 'Without consent to share, only an anonymous record may be created: leave name, SSN and date of birth empty.';
  if (v.first_name || v.middle_name) out.push({ pointer: '/firstName', message: msg });
  if (v.last_name) out.push({ pointer: '/lastName', message: msg });
  if (v.ssn) out.push({ pointer: '/ssn', message: msg });
  if (v.dob) out.push({ pointer: '/dateOfBirth', message: msg });
  return out;
}

export const NO_CONSENT_RULE = 'no-consent-identifying-record';

export function checkConsentInput(consent: ConsentInput, today: string, dob: string | null, lockReasons: readonly string[], base = '/consent') {
  const startDate = consent.startDate ?? today;
  const endDate = consent.endDate ?? defaultConsentEnd(startDate);
  const problems: FieldProblem[] = [];
  if (endDate < startDate) problems.push({ pointer: `${base}/endDate`, message: 'The release ends before it starts.' });
  if (startDate > today) problems.push({ pointer: `${base}/startDate`, message: 'A release starts on the day it is signed or earlier, not in the future.' });
  const signedBy = consent.signedBy ?? 'self';
  if (consent.sharing !== 'none' && signedBy === 'self' && dob && ageOn(dob, startDate) < 18 && !lockReasons.includes('unaccompanied_minor')) {
    problems.push({ pointer: `${base}/signedBy`, message: 'The client is a minor: a parent or guardian signs the release.' });
  }
  return { startDate, endDate, signedBy, problems };
}

export async function createClient(tx: Tx, ctx: RequestContext, input: CreateClientInput) {
  const actor = requireActor(ctx);
  if (!can(actor, 'client.create')) throw new ForbiddenError();
  const today = await todayOf(tx, ctx);
  const agencies = [...new Set(actor.memberships.map((m) => m.agencyId))];
  const ownerAgencyId = input.ownerAgencyId ?? agencies[0]!;
  if (!agencies.includes(ownerAgencyId)) {
    throw new RuleViolation('A record is owned by one of your agencies.', [{ pointer: '/ownerAgencyId', message: 'Choose one of your agencies.' }]);
  }
  const { values, problems } = normalise(input, null, today);
  const consentCheck = checkConsentInput(input.consent, today, values.dob, values.lock_reasons);
  problems.push(...consentCheck.problems);
  const anonymous = input.consent.sharing === 'none';
  if (anonymous) {
    const identifying = identifyingProblems(values);
    if (identifying.length) {
      throw new RuleViolation('The client did not consent to share: no identifying record may be created. Create an anonymous record (no name, SSN or date of birth) so services can be counted.', identifying, NO_CONSENT_RULE);
    }
  }
  if (problems.length) throw new RuleViolation('Some fields need attention.', problems);
  const now = ctx.clock.now();
  const id = newId();
  const row = await tx
    .insertInto('clients')
    .values({ id, ...values, anonymous, owner_agency_id: ownerAgencyId, created_at: now, updated_at: now, created_by: actor.userId })
    .returningAll()
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('client_consents')
    .values({
      id: newId(),
      client_id: id,
      sharing: input.consent.sharing,
      start_date: consentCheck.startDate,
      end_date: consentCheck.endDate,
      witness: blank(input.consent.witness) ?? null,
      signed_by: consentCheck.signedBy,
      signer_name: blank(input.consent.signerName) ?? null,
      created_at: now,
      created_by: actor.userId,
    })
    .execute();
  if (input.contacts?.length) await insertContacts(tx, ctx, id, input.contacts, '/contacts');
  const ces = await ceProjectIds(tx);
  const consentState = consentCheck.startDate <= today ? input.consent.sharing : 'none';
  const client = presentClient(row, { ownerAgencyName: await agencyName(tx, ownerAgencyId), consentState, actor, reason: 'owning agency', ces });
  await writeAudit(tx, ctx, { action: 'client.create', entityType: 'client', entityId: id, clientId: id, after: { ...client, ssn: client.ssn, capabilities: undefined } });
  return client;
}

/** Opens a client record (read audited with the reason access was allowed). */
export async function getClient(tx: Tx, ctx: RequestContext, clientId: string) {
  const actor = requireActor(ctx);
  const today = await todayOf(tx, ctx);
  const { client, reason, consentState } = await findVisibleClient(tx, actor, clientId, today);
  await auditClientRead(tx, ctx, [client.id], reason);
  return presentClient(client, { ownerAgencyName: await agencyName(tx, client.owner_agency_id), consentState, actor, reason, ces: await ceProjectIds(tx) });
}

export async function updateClient(tx: Tx, ctx: RequestContext, clientId: string, version: number, input: ClientFields) {
  const actor = requireActor(ctx);
  const today = await todayOf(tx, ctx);
  const { client: before, reason, consentState } = await findVisibleClient(tx, actor, clientId, today);
  const locked = await tx.selectFrom('clients').selectAll().where('id', '=', clientId).forUpdate().executeTakeFirstOrThrow();
  if (locked.version !== version) throw new StaleVersionError(locked.version);
  const ces = await ceProjectIds(tx);
  const caps = presentClient(locked, { ownerAgencyName: '', consentState, actor, reason, ces }).capabilities;
  if (input.lockReasons !== undefined && !sameSet(input.lockReasons, locked.lock_reasons) && !caps.canChangeLocks) {
    throw new ForbiddenError('Only the owning agency, the CE project or an HMIS administrator may lock or unlock this record.');
  }
  const { values, problems } = normalise(input, locked as Normalised, today);
  // Writing an SSN over the one stored needs the right to read it: otherwise it is a blind overwrite.
  if (input.ssn !== undefined && values.ssn !== locked.ssn && !caps.canRevealSsn) {
    throw new ForbiddenError('Only those who may see the full SSN may change it: the owning agency, the CE project’s Housing Resource Specialists and HMIS administrators.').audited({
      action: 'access.denied',
      entityType: 'client',
      entityId: clientId,
      reason: 'SSN change without client.ssn.reveal',
      details: { attempted: 'client.ssn.change' },
    });
  }
  if (locked.anonymous) {
    const identifying = identifyingProblems(values);
    if (identifying.length) {
      throw new RuleViolation('This is an anonymous record of a client who did not consent to share: it may not hold a name, SSN or date of birth. Record a new release first.', identifying, NO_CONSENT_RULE);
    }
  }
  if (problems.length) throw new RuleViolation('Some fields need attention.', problems);
  const row = await tx
    .updateTable('clients')
    .set({ ...values, version: locked.version + 1, updated_at: ctx.clock.now() })
    .where('id', '=', clientId)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new StaleVersionError();
  const name = await agencyName(tx, row.owner_agency_id);
  const out = presentClient(row, { ownerAgencyName: name, consentState, actor, reason, ces });
  await writeAudit(tx, ctx, { action: 'client.update', entityType: 'client', entityId: clientId, clientId, reason, before: auditView(before), after: auditView(row) });
  return out;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** What the audit keeps of a record: the SSN masked (the audit log is read by administrators). */
function auditView(c: ClientRow) {
  const { search_name: _s, ssn, created_at: _c, updated_at: _u, ...rest } = c;
  return { ...rest, ssn: ssn ? `*****${ssn.slice(-4)}` : null };
}

/** The full SSN, for those allowed (access.ts `client.ssn.reveal`); every reveal is audited. */
export async function revealSsn(tx: Tx, ctx: RequestContext, clientId: string) {
  const actor = requireActor(ctx);
  const { client, reason } = await findVisibleClient(tx, actor, clientId, await todayOf(tx, ctx));
  if (!can(actor, 'client.ssn.reveal', { agencyId: client.owner_agency_id, ceProjectIds: await ceProjectIds(tx) })) {
    throw new ForbiddenError('Only the owning agency, the CE project’s Housing Resource Specialists and HMIS administrators may see the full SSN.');
  }
  await writeAudit(tx, ctx, { action: 'client.ssn.reveal', entityType: 'client', entityId: clientId, clientId, reason });
  return { ssn: client.ssn };
}
