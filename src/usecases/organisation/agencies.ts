import type { Tx } from '../../data/db.ts';
import { can } from '../../domain/access.ts';
import { ConflictError, ForbiddenError, NotFoundError, StaleVersionError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { writeAudit } from '../audit.ts';
import { requireActor, type RequestContext } from '../context.ts';

export interface AgencyInput {
  name: string;
  victimServiceProvider?: boolean | undefined;
}

const present = (r: { id: string; name: string; victim_service_provider: boolean; version: number }) => ({
  id: r.id,
  name: r.name,
  victimServiceProvider: r.victim_service_provider,
  version: r.version,
});

async function assertNameFree(tx: Tx, name: string, exceptId?: string) {
  let q = tx.selectFrom('agencies').select('id').where((eb) => eb(eb.fn('lower', ['name']), '=', name.trim().toLowerCase()));
  if (exceptId) q = q.where('id', '!=', exceptId);
  if (await q.executeTakeFirst()) throw new ConflictError(`An agency named "${name.trim()}" already exists.`, [{ pointer: '/name', message: 'Choose another name: an agency already has this one.' }]);
}

export async function createAgency(tx: Tx, ctx: RequestContext, input: AgencyInput) {
  const actor = requireActor(ctx);
  if (!can(actor, 'agency.create')) throw new ForbiddenError();
  await assertNameFree(tx, input.name);
  const now = ctx.clock.now();
  const row = await tx
    .insertInto('agencies')
    .values({ id: newId(), name: input.name.trim(), victim_service_provider: input.victimServiceProvider ?? false, created_at: now, updated_at: now })
    .returning(['id', 'name', 'victim_service_provider', 'version'])
    .executeTakeFirstOrThrow();
  const agency = present(row);
  await writeAudit(tx, ctx, { action: 'agency.create', entityType: 'agency', entityId: agency.id, after: agency });
  return agency;
}

export async function updateAgency(tx: Tx, ctx: RequestContext, id: string, version: number, input: Partial<AgencyInput>) {
  const actor = requireActor(ctx);
  const before = await tx.selectFrom('agencies').select(['id', 'name', 'victim_service_provider', 'version']).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!before) throw new NotFoundError('agency');
  if (!can(actor, 'agency.update', { agencyId: id })) throw new ForbiddenError('Only an HMIS administrator or this agency’s administrator may change it.');
  if (before.version !== version) throw new StaleVersionError(before.version);
  if (input.name !== undefined) await assertNameFree(tx, input.name, id);
  const row = await tx
    .updateTable('agencies')
    .set({
      ...(input.name !== undefined ? { name: input.name.trim() } : {}),
      ...(input.victimServiceProvider !== undefined ? { victim_service_provider: input.victimServiceProvider } : {}),
      version: before.version + 1,
      updated_at: ctx.clock.now(),
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning(['id', 'name', 'victim_service_provider', 'version'])
    .executeTakeFirst();
  if (!row) throw new StaleVersionError();
  const agency = present(row);
  await writeAudit(tx, ctx, { action: 'agency.update', entityType: 'agency', entityId: id, before: present(before), after: agency });
  return agency;
}
