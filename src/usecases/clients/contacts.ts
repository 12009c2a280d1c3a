import type { Tx } from '../../data/db.ts';
import { auditClientRead, findVisibleClient } from '../../data/gateway/clients.ts';
import { todayOf } from '../today.ts';
import { bestFirst, validateContacts, type ContactInput } from '../../domain/clients/contacts.ts';
import { RuleViolation, StaleVersionError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { writeAudit } from '../audit.ts';
import { requireActor, type RequestContext } from '../context.ts';

type ContactRow = {
  id: string;
  kind: 'phone' | 'email' | 'address';
  type: string;
  value: string | null;
  line1: string | null;
  line2: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  ok_to_leave_message: boolean;
  preferred: boolean;
  last_confirmed_on: string | null;
  notes: string | null;
  created_at: Date;
  updated_at: Date;
};

const presentContact = (c: ContactRow) => ({
  id: c.id,
  kind: c.kind,
  type: c.type,
  value: c.value,
  line1: c.line1,
  line2: c.line2,
  city: c.city,
  state: c.state,
  zip: c.zip,
  okToLeaveMessage: c.ok_to_leave_message,
  preferred: c.preferred,
  lastConfirmedOn: c.last_confirmed_on,
  notes: c.notes,
  createdAt: c.created_at.toISOString(),
});

async function currentContacts(tx: Tx, clientId: string) {
  const rows = await tx.selectFrom('client_contacts').selectAll().where('client_id', '=', clientId).where('removed_at', 'is', null).execute();
  return bestFirst(rows.map(presentContact));
}

/** Inserts new contacts (validated); used on create and by the PUT below. */
export async function insertContacts(tx: Tx, ctx: RequestContext, clientId: string, items: readonly ContactInput[], base: string) {
  const { items: valid, problems } = validateContacts(items, await todayOf(tx, ctx), base);
  if (problems.length) throw new RuleViolation('Some contact information needs attention.', problems);
  const now = ctx.clock.now();
  for (const c of valid) {
    await tx.insertInto('client_contacts').values(contactValues(c, clientId, now, ctx.actor?.userId ?? null)).execute();
  }
}

function contactValues(c: ContactInput, clientId: string, now: Date, userId: string | null) {
  return {
    id: newId(),
    client_id: clientId,
    kind: c.kind,
    type: c.type ?? 'other',
    value: c.value ?? null,
    line1: c.line1 ?? null,
    line2: c.line2 ?? null,
    city: c.city ?? null,
    state: c.state ?? null,
    zip: c.zip ?? null,
    ok_to_leave_message: c.okToLeaveMessage ?? false,
    preferred: c.preferred ?? false,
    last_confirmed_on: c.lastConfirmedOn ?? null,
    notes: c.notes?.trim() || null,
    created_at: now,
    created_by: userId,
    updated_at: now,
  };
}

/** The profile contact information, the best way to reach the client first (read audited). */
export async function getContacts(tx: Tx, ctx: RequestContext, clientId: string) {
  const actor = requireActor(ctx);
  const { client, reason } = await findVisibleClient(tx, actor, clientId, await todayOf(tx, ctx));
  await auditClientRead(tx, ctx, [client.id], reason, { part: 'contact' });
  return { clientId, version: client.version, items: await currentContacts(tx, clientId) };
}

/**
 * Replaces the contact list: items with an `id` are changed, without one are added, current ones not
 * listed are removed (kept, marked removed). Guarded by the client record's `version`, which it bumps.
 */
export async function replaceContacts(tx: Tx, ctx: RequestContext, clientId: string, version: number, items: readonly ContactInput[]) {
  const actor = requireActor(ctx);
  const { reason } = await findVisibleClient(tx, actor, clientId, await todayOf(tx, ctx));
  const locked = await tx.selectFrom('clients').select(['id', 'version']).where('id', '=', clientId).forUpdate().executeTakeFirstOrThrow();
  if (locked.version !== version) throw new StaleVersionError(locked.version);
  const { items: valid, problems } = validateContacts(items, await todayOf(tx, ctx), '/items');
  const before = await currentContacts(tx, clientId);
  const known = new Set(before.map((c) => c.id));
  valid.forEach((c, i) => {
    if (c.id !== undefined && !known.has(c.id)) problems.push({ pointer: `/items/${i}/id`, message: 'This contact no longer exists; reload the page.' });
  });
  if (problems.length) throw new RuleViolation('Some contact information needs attention.', problems);
  const now = ctx.clock.now();
  const keep = new Set(valid.map((c) => c.id).filter((id): id is string => id !== undefined));
  for (const old of before) {
    if (!keep.has(old.id)) await tx.updateTable('client_contacts').set({ removed_at: now, removed_by: actor.userId }).where('id', '=', old.id).execute();
  }
  for (const c of valid) {
    if (c.id === undefined) {
      await tx.insertInto('client_contacts').values(contactValues(c, clientId, now, actor.userId)).execute();
    } else {
      const { id: _id, client_id: _c, created_at: _ca, created_by: _cb, ...changes } = contactValues(c, clientId, now, actor.userId);
      await tx.updateTable('client_contacts').set(changes).where('id', '=', c.id).where('client_id', '=', clientId).execute();
    }
  }
  const row = await tx.updateTable('clients').set({ version: version + 1, updated_at: now }).where('id', '=', clientId).returning('version').executeTakeFirstOrThrow();
  const after = await currentContacts(tx, clientId);
  await writeAudit(tx, ctx, { action: 'client.contacts.update', entityType: 'client', entityId: clientId, clientId, reason, before, after });
  return { clientId, version: row.version, items: after };
}
