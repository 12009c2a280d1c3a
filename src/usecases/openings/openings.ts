/**
 * Openings (issue 7; spec ces-workflow.md §2): a unit or subsidy slot of a receiving project, recorded by
 * the project's providers (case managers assigned to it, the agency's administrators) or the matching
 * team, and closed by them. An opening becomes `filled` only through a referral reaching `CES: Enrolled`
 * (`markReferralEnrolled`, guarded by the unique index "one enrolled referral per opening").
 */
import { sql, type Selectable } from 'kysely';
import type { Db, Tx } from '../../data/db.ts';
import { providerProjectIds, seesAllReferrals } from '../../data/repos/referrals.ts';
import type { OpeningTable } from '../../data/schema.ts';
import { hasRole, isAdmin, type Actor } from '../../domain/access.ts';
import { ForbiddenError, NotFoundError, RuleViolation, StaleVersionError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { POPULATIONS } from '../../domain/prioritization/index.ts';
import { writeAudit } from '../audit.ts';
import { requireActor, type RequestContext } from '../context.ts';

export type OpeningRow = Selectable<OpeningTable>;

/** The matching team and HMIS administrators manage every project's openings. */
export const managesAllOpenings = (actor: Actor): boolean => hasRole(actor, 'ces_matcher') || isAdmin(actor);

/** May the actor record or close openings of this project? */
export const canManageOpenings = (actor: Actor, projectId: string): boolean => managesAllOpenings(actor) || providerProjectIds(actor).includes(projectId);

export interface OpeningInput {
  availableOn: string;
  kind?: 'unit' | 'subsidy' | undefined;
  bedrooms?: number | null | undefined;
  householdSize?: number | null | undefined;
  population?: string | null | undefined;
  note?: string | null | undefined;
}

export function presentOpening(o: OpeningRow & { project_name: string; open_referrals: number }, actor: Actor) {
  return {
    id: o.id,
    projectId: o.project_id,
    projectName: o.project_name,
    kind: o.kind,
    bedrooms: o.bedrooms,
    householdSize: o.household_size,
    population: o.population,
    availableOn: o.available_on,
    note: o.note,
    state: o.state,
    filledByReferralId: o.filled_by_referral_id,
    closedAt: o.closed_at ? o.closed_at.toISOString() : null,
    openReferrals: Number(o.open_referrals),
    version: o.version,
    capabilities: {
      canClose: o.state === 'open' && canManageOpenings(actor, o.project_id),
      canRefer: o.state === 'open' && hasRole(actor, 'ces_matcher'),
    },
  };
}
export type OpeningOut = ReturnType<typeof presentOpening>;

function selectOpenings(db: Db | Tx) {
  return db
    .selectFrom('openings as o')
    .innerJoin('projects as p', 'p.id', 'o.project_id')
    .selectAll('o')
    .select('p.name as project_name')
    .select(sql<number>`(select count(*) from referrals r where r.opening_id = o.id and r.closed_at is null)`.as('open_referrals'));
}

/** The openings the actor may see: every one for the matching team and administrators, their projects' for providers. */
export async function listOpenings(db: Db | Tx, ctx: RequestContext, input: { projectId?: string | undefined; state?: 'open' | 'filled' | 'closed' | 'all' | undefined }) {
  const actor = requireActor(ctx);
  let q = selectOpenings(db);
  if (!managesAllOpenings(actor) && !seesAllReferrals(actor)) {
    const mine = providerProjectIds(actor);
    if (mine.length === 0) return [];
    q = q.where('o.project_id', 'in', mine);
  }
  if (input.projectId) q = q.where('o.project_id', '=', input.projectId);
  const state = input.state ?? 'open';
  if (state !== 'all') q = q.where('o.state', '=', state);
  const rows = await q.orderBy('o.available_on').orderBy('o.created_at').orderBy('o.id').execute();
  return rows.map((r) => presentOpening(r, actor));
}

/** One opening the actor may see, or NotFoundError. */
export async function getOpening(db: Db | Tx, ctx: RequestContext, id: string) {
  const actor = requireActor(ctx);
  const row = await selectOpenings(db).where('o.id', '=', id).executeTakeFirst();
  if (!row || !(managesAllOpenings(actor) || seesAllReferrals(actor) || providerProjectIds(actor).includes(row.project_id))) throw new NotFoundError('opening');
  return presentOpening(row, actor);
}

export async function createOpening(tx: Tx, ctx: RequestContext, projectId: string, input: OpeningInput) {
  const actor = requireActor(ctx);
  const project = await tx.selectFrom('projects').select(['id', 'name', 'receives_referrals']).where('id', '=', projectId).executeTakeFirst();
  if (!project) throw new NotFoundError('project');
  if (!canManageOpenings(actor, project.id)) throw new ForbiddenError('Only the project’s providers or the CES matching team may record its openings.');
  if (!project.receives_referrals) {
    throw new RuleViolation(`${project.name} does not receive referrals, so it has no openings.`, [{ pointer: '/projectId', message: 'Choose a project that receives referrals.' }], 'project-receives-referrals');
  }
  if (input.population && !(POPULATIONS as readonly string[]).includes(input.population)) {
    throw new RuleViolation('Choose a population the CoC knows.', [{ pointer: '/population', message: `Choose the population from the list (${POPULATIONS.join(', ')}).` }]);
  }
  const now = ctx.clock.now();
  const id = newId();
  await tx
    .insertInto('openings')
    .values({
      id,
      project_id: project.id,
      kind: input.kind ?? 'unit',
      bedrooms: input.bedrooms ?? null,
      household_size: input.householdSize ?? null,
      population: input.population || null,
      available_on: input.availableOn,
      note: input.note?.trim() || null,
      created_at: now,
      created_by: actor.userId,
    })
    .execute();
  const out = await getOpening(tx, ctx, id);
  await writeAudit(tx, ctx, { action: 'opening.create', entityType: 'opening', entityId: id, after: out });
  return out;
}

/** Closes an open opening (no longer available). Its open referrals stay as they are. */
export async function closeOpening(tx: Tx, ctx: RequestContext, id: string, version: number) {
  const actor = requireActor(ctx);
  const before = await tx.selectFrom('openings').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!before || !(managesAllOpenings(actor) || seesAllReferrals(actor) || providerProjectIds(actor).includes(before.project_id))) throw new NotFoundError('opening');
  if (!canManageOpenings(actor, before.project_id)) throw new ForbiddenError('Only the project’s providers or the CES matching team may close its openings.');
  if (before.version !== version) throw new StaleVersionError(before.version);
  if (before.state !== 'open') {
    throw new RuleViolation(before.state === 'filled' ? 'The opening is already filled.' : 'The opening is already closed.', [{ pointer: '/version', message: `This opening is already ${before.state}.` }], 'opening-open');
  }
  const now = ctx.clock.now();
  const row = await tx.updateTable('openings').set({ state: 'closed', closed_at: now, version: version + 1 }).where('id', '=', id).where('version', '=', version).returning('id').executeTakeFirst();
  if (!row) throw new StaleVersionError();
  // The opening no longer asks the matching team for referrals.
  await tx.updateTable('rematch_requests').set({ resolved_at: now }).where('opening_id', '=', id).where('resolved_at', 'is', null).execute();
  const out = await getOpening(tx, ctx, id);
  await writeAudit(tx, ctx, { action: 'opening.close', entityType: 'opening', entityId: id, before: { state: before.state, version: before.version }, after: { state: out.state, version: out.version } });
  return out;
}
