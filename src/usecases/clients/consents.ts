import type { Tx } from '../../data/db.ts';
import { auditClientRead, consentStateSql, findVisibleClient } from '../../data/gateway/clients.ts';
import { todayOf } from '../today.ts';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolation } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { writeAudit } from '../audit.ts';
import { requireActor, type RequestContext } from '../context.ts';
import { checkConsentInput, NO_CONSENT_RULE, type ConsentInput } from './clients.ts';
import { ceProjectIds, clientCapabilities, presentConsent } from './present.ts';
import { sql } from 'kysely';

async function consentRows(tx: Tx, clientId: string) {
  return tx.selectFrom('client_consents').selectAll().where('client_id', '=', clientId).orderBy('start_date', 'desc').orderBy('seq', 'desc').execute();
}

async function stateOf(tx: Tx, clientId: string, today: string): Promise<string> {
  const r = await tx.selectNoFrom(consentStateSql(today, sql`${clientId}`).as('state')).executeTakeFirstOrThrow();
  return r.state;
}

/** The client's releases, newest first, with the current state (read audited). */
export async function listConsents(tx: Tx, ctx: RequestContext, clientId: string) {
  const actor = requireActor(ctx);
  const today = await todayOf(tx, ctx);
  const { client, reason, consentState } = await findVisibleClient(tx, actor, clientId, today);
  await auditClientRead(tx, ctx, [client.id], reason, { part: 'consents' });
  const caps = clientCapabilities(actor, client, reason, await ceProjectIds(tx));
  return { clientId, state: consentState, items: (await consentRows(tx, clientId)).map((k) => presentConsent(k, today)), capabilities: { canManageConsent: caps.canManageConsent } };
}

async function requireSteward(tx: Tx, ctx: RequestContext, clientId: string) {
  const actor = requireActor(ctx);
  const today = await todayOf(tx, ctx);
  const found = await findVisibleClient(tx, actor, clientId, today);
  const caps = clientCapabilities(actor, found.client, found.reason, await ceProjectIds(tx));
  if (!caps.canManageConsent) throw new ForbiddenError('Releases are recorded by the owning agency, the CE project or an HMIS administrator.');
  await tx.selectFrom('clients').select('id').where('id', '=', clientId).forUpdate().execute();
  return { actor, today, ...found };
}

/** Records a new release (it becomes the current one from its start date). */
export async function addConsent(tx: Tx, ctx: RequestContext, clientId: string, input: ConsentInput) {
  const { actor, today, client, reason } = await requireSteward(tx, ctx, clientId);
  const check = checkConsentInput(input, today, client.dob, client.lock_reasons, '');
  if (check.problems.length) throw new RuleViolation('Some fields of the release need attention.', check.problems);
  if (input.sharing === 'none' && !client.anonymous) {
    throw new RuleViolation(
      'This record identifies the client. To stop sharing, revoke the current release; a "no sharing" release only goes with an anonymous record.',
      [{ pointer: '/sharing', message: 'Revoke the current release instead.' }],
      NO_CONSENT_RULE,
    );
  }
  if (input.sharing !== 'none' && client.anonymous) {
    throw new RuleViolation('This anonymous record has no name to share. Create a new client record with the release instead.', [{ pointer: '/sharing', message: 'Not for an anonymous record.' }], 'anonymous-record');
  }
  const now = ctx.clock.now();
  const row = await tx
    .insertInto('client_consents')
    .values({
      id: newId(),
      client_id: clientId,
      sharing: input.sharing,
      start_date: check.startDate,
      end_date: check.endDate,
      witness: input.witness?.trim() || null,
      signed_by: check.signedBy,
      signer_name: input.signerName?.trim() || null,
      created_at: now,
      created_by: actor.userId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const consent = presentConsent(row, today);
  await writeAudit(tx, ctx, { action: 'client.consent.create', entityType: 'client_consent', entityId: row.id, clientId, reason, after: consent });
  return { consent, state: await stateOf(tx, clientId, today) };
}

/** Revokes a release from now on: what was shared before stays as it was (forward-looking). */
export async function revokeConsent(tx: Tx, ctx: RequestContext, clientId: string, consentId: string, revokeReason?: string) {
  const { actor, today, reason } = await requireSteward(tx, ctx, clientId);
  const row = await tx.selectFrom('client_consents').selectAll().where('id', '=', consentId).where('client_id', '=', clientId).forUpdate().executeTakeFirst();
  if (!row) throw new NotFoundError('release');
  if (row.revoked_at) throw new ConflictError('This release was already revoked.');
  const updated = await tx
    .updateTable('client_consents')
    .set({ revoked_at: ctx.clock.now(), revoked_by: actor.userId, revoke_reason: revokeReason?.trim() || null })
    .where('id', '=', consentId)
    .returningAll()
    .executeTakeFirstOrThrow();
  const consent = presentConsent(updated, today);
  await writeAudit(tx, ctx, { action: 'client.consent.revoke', entityType: 'client_consent', entityId: consentId, clientId, reason, before: presentConsent(row, today), after: consent });
  return { consent, state: await stateOf(tx, clientId, today) };
}
