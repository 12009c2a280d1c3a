import type { Tx } from '../../data/db.ts';
import { can, type Role } from '../../domain/access.ts';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolation } from '../../domain/errors.ts';
import { managedUser } from '../auth/user-scope.ts';
import { newId } from '../../domain/ids.ts';
import { writeAudit } from '../audit.ts';
import { requireActor, type RequestContext } from '../context.ts';

export interface MembershipInput {
  agencyId: string;
  role: Role;
  projectIds?: string[] | undefined;
}

/** Roles that work in assigned projects only; the others cover the agency or the whole CoC. */
export const PROJECT_ROLES: readonly Role[] = ['case_manager', 'housing_resource_specialist'];

async function checkMembership(tx: Tx, ctx: RequestContext, input: MembershipInput, pointer: string): Promise<string[]> {
  const actor = requireActor(ctx);
  if (!can(actor, 'membership.grant', { agencyId: input.agencyId, role: input.role })) {
    throw new ForbiddenError(
      input.role === 'hmis_admin' || input.role === 'ces_matcher'
        ? 'Only an HMIS administrator may grant this role.'
        : 'You may manage memberships only in an agency you administer.',
    );
  }
  const agency = await tx.selectFrom('agencies').select('id').where('id', '=', input.agencyId).executeTakeFirst();
  if (!agency) throw new RuleViolation('Choose an existing agency.', [{ pointer: `${pointer}/agencyId`, message: 'Choose an existing agency.' }]);
  const projectIds = [...new Set(input.projectIds ?? [])];
  if (!PROJECT_ROLES.includes(input.role)) {
    if (projectIds.length > 0) {
      throw new RuleViolation('This role covers every project: leave the projects unticked.', [{ pointer: `${pointer}/projectIds`, message: 'Leave the projects unticked: this role covers every project.' }]);
    }
    return [];
  }
  if (projectIds.length === 0) {
    throw new RuleViolation('Choose at least one project this person works in.', [{ pointer: `${pointer}/projectIds`, message: 'Choose at least one project this person works in.' }]);
  }
  const found = await tx.selectFrom('projects').select('id').where('id', 'in', projectIds).where('agency_id', '=', input.agencyId).execute();
  const ok = new Set(found.map((p) => p.id));
  const bad = projectIds.findIndex((p) => !ok.has(p));
  if (bad >= 0) {
    throw new RuleViolation('A case manager can be assigned only to projects of the membership’s agency.', [
      { pointer: `${pointer}/projectIds/${bad}`, message: 'Choose projects of this agency only.' },
    ]);
  }
  return projectIds;
}

const view = (m: { id: string; userId: string; agencyId: string; role: Role; projectIds: string[] }) => ({ ...m, projectIds: [...m.projectIds].sort() });

/** The projects a membership covers, as GET /api/v1/me reports them: every project of the agency for an agency administrator. */
async function covered(tx: Tx, agencyId: string, role: Role, assigned: string[]): Promise<string[]> {
  if (role !== 'agency_admin') return assigned;
  return (await tx.selectFrom('projects').select('id').where('agency_id', '=', agencyId).execute()).map((p) => p.id);
}

/** Adds a membership after checking it (used by user creation too); writes its audit row. */
export async function insertMembership(tx: Tx, ctx: RequestContext, userId: string, input: MembershipInput, pointer = '') {
  const projectIds = await checkMembership(tx, ctx, input, pointer);
  const dup = await tx.selectFrom('memberships').select('id').where('user_id', '=', userId).where('agency_id', '=', input.agencyId).where('role', '=', input.role).executeTakeFirst();
  if (dup) throw new ConflictError('This user already has this role in this agency: change that membership instead.', [{ pointer: `${pointer}/role`, message: 'Choose another role: the user already has this one in this agency.' }]);
  const id = newId();
  await tx.insertInto('memberships').values({ id, user_id: userId, agency_id: input.agencyId, role: input.role, created_at: ctx.clock.now() }).execute();
  for (const p of projectIds) await tx.insertInto('membership_projects').values({ membership_id: id, project_id: p }).execute();
  const after = view({ id, userId, agencyId: input.agencyId, role: input.role, projectIds: await covered(tx, input.agencyId, input.role, projectIds) });
  await writeAudit(tx, ctx, { action: 'membership.create', entityType: 'membership', entityId: id, after });
  return after;
}

/** A membership, after the account rule for its user: changing one membership is an action on the account. */
async function loadMembership(tx: Tx, ctx: RequestContext, id: string, action: 'membership.change' | 'membership.remove') {
  const row = await tx.selectFrom('memberships').select(['id', 'user_id', 'agency_id', 'role']).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw new NotFoundError('membership');
  await managedUser(tx, requireActor(ctx), row.user_id, action, 'membership');
  const projects = await tx.selectFrom('membership_projects').select('project_id').where('membership_id', '=', id).execute();
  const projectIds = await covered(tx, row.agency_id, row.role, projects.map((p) => p.project_id));
  return view({ id: row.id, userId: row.user_id, agencyId: row.agency_id, role: row.role, projectIds });
}

export async function addMembership(tx: Tx, ctx: RequestContext, userId: string, input: MembershipInput) {
  await managedUser(tx, requireActor(ctx), userId, 'membership.add');
  return insertMembership(tx, ctx, userId, input);
}

/** Changes a membership's role and projects (PUT: the projects are replaced). */
export async function replaceMembership(tx: Tx, ctx: RequestContext, id: string, input: { role: Role; projectIds?: string[] | undefined }) {
  const before = await loadMembership(tx, ctx, id, 'membership.change');
  const projectIds = await checkMembership(tx, ctx, { agencyId: before.agencyId, role: input.role, projectIds: input.projectIds }, '');
  if (input.role !== before.role) {
    const dup = await tx.selectFrom('memberships').select('id').where('user_id', '=', before.userId).where('agency_id', '=', before.agencyId).where('role', '=', input.role).executeTakeFirst();
    if (dup) throw new ConflictError('This user already has this role in this agency.', [{ pointer: '/role', message: 'Choose another role: the user already has this one in this agency.' }]);
    await assertNotLastAdmin(tx, before);
  }
  await tx.updateTable('memberships').set({ role: input.role }).where('id', '=', id).execute();
  await tx.deleteFrom('membership_projects').where('membership_id', '=', id).execute();
  for (const p of projectIds) await tx.insertInto('membership_projects').values({ membership_id: id, project_id: p }).execute();
  const after = view({ ...before, role: input.role, projectIds: await covered(tx, before.agencyId, input.role, projectIds) });
  await writeAudit(tx, ctx, { action: 'membership.update', entityType: 'membership', entityId: id, before, after });
  return after;
}

async function assertNotLastAdmin(tx: Tx, m: { id: string; role: Role }) {
  if (m.role !== 'hmis_admin') return;
  const others = await tx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('m.id')
    .where('m.role', '=', 'hmis_admin')
    .where('u.active', '=', true)
    .where('m.id', '!=', m.id)
    .executeTakeFirst();
  if (!others) throw new RuleViolation('This is the last HMIS administrator: grant the role to someone else first.', [{ pointer: '/role', message: 'Keep this role until someone else is an HMIS administrator.' }]);
}

export async function removeMembership(tx: Tx, ctx: RequestContext, id: string) {
  const before = await loadMembership(tx, ctx, id, 'membership.remove');
  await assertNotLastAdmin(tx, before);
  await tx.deleteFrom('memberships').where('id', '=', id).execute();
  await writeAudit(tx, ctx, { action: 'membership.delete', entityType: 'membership', entityId: id, before });
}
