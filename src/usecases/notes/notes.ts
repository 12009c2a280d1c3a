import { sql } from 'kysely';
import type { Tx } from '../../data/db.ts';
import { auditClientRead, findVisibleClient } from '../../data/gateway/clients.ts';
import { todayOf } from '../today.ts';
import type { Actor } from '../../domain/access.ts';
import { RuleViolation } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { writeAudit } from '../audit.ts';
import { requireActor, type RequestContext } from '../context.ts';

/**
 * Client notes (spec §7): short notes visible to every agency that can see the client; each user has
 * their own unread marks, so the profile can say "N unread notes" when it opens.
 */
export const MAX_NOTE_LENGTH = 4000;

interface NoteRow {
  id: string;
  client_id: string;
  body: string;
  created_at: Date;
  author_id: string;
  author_name: string | null;
  agency_name: string | null;
  read_at: Date | null;
}

const present = (r: NoteRow, actor: Actor) => ({
  id: r.id,
  clientId: r.client_id,
  body: r.body,
  authorName: r.author_name ?? 'Unknown user',
  agencyName: r.agency_name,
  createdAt: r.created_at.toISOString(),
  mine: r.author_id === actor.userId,
  unread: r.read_at === null,
});

function selectNotes(tx: Tx, actor: Actor) {
  return tx
    .selectFrom('client_notes as n')
    .leftJoin('users as u', 'u.id', 'n.author_id')
    .leftJoin('agencies as a', 'a.id', 'n.agency_id')
    .leftJoin('client_note_reads as r', (j) => j.onRef('r.note_id', '=', 'n.id').on('r.user_id', '=', actor.userId))
    .select(['n.id', 'n.client_id', 'n.body', 'n.created_at', 'n.author_id', 'u.display_name as author_name', 'a.name as agency_name', 'r.read_at']);
}

async function unreadCount(tx: Tx, actor: Actor, clientId: string): Promise<number> {
  const row = await tx
    .selectFrom('client_notes as n')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('n.client_id', '=', clientId)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('client_note_reads as r').select(sql`1`.as('one')).whereRef('r.note_id', '=', 'n.id').where('r.user_id', '=', actor.userId))))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The agency a note is written for: the client's owning agency when the author works there, else their first. */
function authorAgency(actor: Actor, ownerAgencyId: string): string | null {
  if (actor.memberships.some((m) => m.agencyId === ownerAgencyId)) return ownerAgencyId;
  return actor.memberships[0]?.agencyId ?? null;
}

/** The client's notes, newest first, each flagged unread for this caller. Audited read. */
export async function listNotes(tx: Tx, ctx: RequestContext, clientId: string) {
  const actor = requireActor(ctx);
  const { client, reason } = await findVisibleClient(tx, actor, clientId, await todayOf(tx, ctx));
  const rows = await selectNotes(tx, actor).where('n.client_id', '=', client.id).orderBy('n.created_at', 'desc').orderBy('n.id', 'desc').execute();
  await auditClientRead(tx, ctx, [client.id], reason, { what: 'client_notes' });
  const items = rows.map((r) => present(r, actor));
  return { items, unreadCount: items.filter((n) => n.unread).length };
}

/** Writes a note; it is read for its author and unread for everyone else. */
export async function createNote(tx: Tx, ctx: RequestContext, clientId: string, input: { body: string }) {
  const actor = requireActor(ctx);
  const { client } = await findVisibleClient(tx, actor, clientId, await todayOf(tx, ctx));
  const body = input.body.trim();
  if (body.length === 0) throw new RuleViolation('Write the note before saving it.', [{ pointer: '/body', message: 'Write the note before saving it.' }]);
  if (body.length > MAX_NOTE_LENGTH) throw new RuleViolation(`A note has at most ${MAX_NOTE_LENGTH} characters.`, [{ pointer: '/body', message: `At most ${MAX_NOTE_LENGTH} characters.` }]);
  const now = ctx.clock.now();
  const id = newId();
  await tx.insertInto('client_notes').values({ id, client_id: client.id, author_id: actor.userId, agency_id: authorAgency(actor, client.owner_agency_id), body, created_at: now }).execute();
  await tx.insertInto('client_note_reads').values({ user_id: actor.userId, note_id: id, read_at: now }).execute();
  const row = await selectNotes(tx, actor).where('n.id', '=', id).executeTakeFirstOrThrow();
  const out = present(row, actor);
  await writeAudit(tx, ctx, { action: 'client_note.create', entityType: 'client_note', entityId: id, clientId: client.id, after: out });
  return out;
}

/** Marks the client's notes (all, or the ones named) read for the caller; returns what stays unread. */
export async function markNotesRead(tx: Tx, ctx: RequestContext, clientId: string, noteIds?: readonly string[]) {
  const actor = requireActor(ctx);
  const { client } = await findVisibleClient(tx, actor, clientId, await todayOf(tx, ctx));
  let q = tx.selectFrom('client_notes as n').select(['n.id']).where('n.client_id', '=', client.id);
  if (noteIds !== undefined) {
    if (noteIds.length === 0) return { marked: 0, unreadCount: await unreadCount(tx, actor, client.id) };
    q = q.where('n.id', 'in', [...noteIds]);
  }
  const notes = await q.execute();
  const now = ctx.clock.now();
  let marked = 0;
  if (notes.length > 0) {
    const inserted = await tx
      .insertInto('client_note_reads')
      .values(notes.map((n) => ({ user_id: actor.userId, note_id: n.id, read_at: now })))
      .onConflict((oc) => oc.columns(['user_id', 'note_id']).doNothing())
      .returning('note_id')
      .execute();
    marked = inserted.length;
  }
  return { marked, unreadCount: await unreadCount(tx, actor, client.id) };
}
