/**
 * The prioritized CE list (by-name list) and matching from an opening (issue 7; spec §3 steps 2–3).
 * The list is kept as one row per listed household (brought up to date first: ./ce-list-refresh.ts) and
 * filtered, ordered and paged in SQL (src/data/repos/ce-list.ts: only households the matcher may see)
 * by the criteria and eligibility rules of src/domain/prioritization, which also word each row's
 * reasons; the configuration comes from `coc.settings.prioritization` (defaults in code). "Refer" calls
 * the referrals use case with the opening.
 */
import type { Db, Tx } from '../../data/db.ts';
import { loadCocSettings } from '../coc-settings.ts';
import { auditClientRead } from '../../data/gateway/clients.ts';
import { ceListEntry, ceListPage } from '../../data/repos/ce-list.ts';
import { refreshCeList } from './ce-list-refresh.ts';
import { hasRole, isAdmin, type Actor } from '../../domain/access.ts';
import { encodeOffsetCursor, requireOffsetCursor } from '../../domain/cursors.ts';
import { ForbiddenError, NotFoundError, RuleViolation } from '../../domain/errors.ts';
import {
  ineligibilityFor,
  listDayLimits,
  prioritizationSettingsFrom,
  rankPage,
  type HouseholdType,
  type OpeningFacts,
  type Population,
  type PrioritizationSettings,
  type ProjectFacts,
} from '../../domain/prioritization/index.ts';
import { cocToday } from '../../domain/calendar/today.ts';
import { requireActor, type RequestContext } from '../context.ts';
import { createReferral, type ReferralServices } from '../referrals/referrals.ts';
import { loadReferralSettings } from '../referrals/config-store.ts';
import { getOpening } from './openings.ts';
import { resolveRematchRequests } from './rematch.ts';

/** The matching team and HMIS administrators read the list. */
export const mayReadCeList = (actor: Actor): boolean => hasRole(actor, 'ces_matcher') || isAdmin(actor);

/** The CoC's prioritization, from the request's configuration snapshot when there is one (read only when it changed). */
export async function loadPrioritization(db: Db | Tx, ctx?: RequestContext): Promise<PrioritizationSettings> {
  return prioritizationSettingsFrom((await loadCocSettings(db, ctx?.settings)).settings);
}

export interface CeListInput {
  projectId?: string | undefined;
  openingId?: string | undefined;
  population?: Population | undefined;
  householdType?: HouseholdType | undefined;
  includeInactive?: boolean | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}


export async function getCeList(tx: Tx, ctx: RequestContext, input: CeListInput) {
  const actor = requireActor(ctx);
  if (!mayReadCeList(actor)) throw new ForbiddenError('The CE list is the CES matching team’s.');
  const settings = await loadPrioritization(tx, ctx);
  const { config } = await loadReferralSettings(tx, ctx);
  const today = cocToday(ctx.clock, config.timeZone);

  let project: ProjectFacts | null = null;
  let opening: OpeningFacts | null = null;
  let projectId = input.projectId;
  if (input.openingId) {
    const o = await getOpening(tx, ctx, input.openingId);
    if (projectId && projectId !== o.projectId) throw new RuleViolation('The opening belongs to another project.', [{ pointer: '/openingId', message: 'Choose an opening of this project.' }]);
    projectId = o.projectId;
    opening = { householdSize: o.householdSize, bedrooms: o.bedrooms, population: o.population };
  }
  if (projectId) {
    const p = await tx.selectFrom('projects').select(['id', 'name', 'project_type', 'populations']).where('id', '=', projectId).executeTakeFirst();
    if (!p) throw new NotFoundError('project');
    project = { name: p.name, projectType: p.project_type, populations: p.populations };
  }

  await refreshCeList(tx, today, today, config.timeZone);
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 200);
  const offset = input.cursor === undefined ? 0 : requireOffsetCursor(input.cursor);
  const page = await ceListPage(tx, actor, {
    today,
    visibilityDay: today,
    timeZone: config.timeZone,
    limits: listDayLimits(today, settings),
    settings,
    filter: { includeInactive: input.includeInactive ?? false, population: input.population, householdType: input.householdType, project, opening },
    offset,
    limit,
  });
  const ranked = rankPage(page.rows, offset + 1, page.above, today, settings);
  const items = ranked.map((r) => {
    const c = r.candidate;
    return {
      clientId: c.clientId,
      rank: r.rank,
      reasons: r.reasons,
      name: c.anonymous ? null : [c.firstName, c.lastName].filter(Boolean).join(' ') || null,
      householdSize: c.members.length,
      householdType: r.householdType,
      populations: r.populations,
      score: c.score,
      chronic: r.chronic,
      daysHomeless: r.daysHomeless,
      assessmentDate: c.assessmentDate,
      lastContact: c.lastContact,
      inactive: r.inactive,
      disablingCondition: c.disablingCondition === 1,
    };
  });
  const shown = items.map((i) => i.clientId);
  if (shown.length > 0) await auditClientRead(tx, ctx, shown, 'CE list', { via: 'ce list', projectId: projectId ?? null, openingId: input.openingId ?? null });
  return {
    items,
    total: page.total,
    nextCursor: offset + limit < page.total ? encodeOffsetCursor(offset + limit) : null,
    criteria: settings.criteria,
    inactivityDays: settings.inactivityDays,
  };
}

/**
 * "Refer" from an opening: checks that the household is on the list and eligible for the opening's
 * project, then creates the referral (the referrals use case: status `matched`, the household snapshot,
 * the provider notified) and resolves the opening's rematch requests that are now served.
 */
export async function referFromOpening(tx: Tx, ctx: RequestContext, services: ReferralServices, openingId: string, input: { clientId: string; note?: string | null | undefined }) {
  const actor = requireActor(ctx);
  if (!hasRole(actor, 'ces_matcher')) throw new ForbiddenError('Only the CES matching team makes referrals.');
  const opening = await getOpening(tx, ctx, openingId);
  if (opening.state !== 'open') throw new RuleViolation(`The opening is ${opening.state}.`, [{ pointer: '/openingId', message: `Choose an open opening: this one is ${opening.state}.` }], 'opening-open');
  const settings = await loadPrioritization(tx, ctx);
  const { config } = await loadReferralSettings(tx, ctx);
  const today = cocToday(ctx.clock, config.timeZone);
  await refreshCeList(tx, today, today, config.timeZone);
  const c = await ceListEntry(tx, actor, input.clientId, today, config.timeZone);
  if (!c) {
    throw new RuleViolation('This household is not on the CE list (not prioritized, already referred, housed, or not visible to you).', [{ pointer: '/clientId', message: 'Choose a household on the CE list.' }], 'on-ce-list');
  }
  const p = await tx.selectFrom('projects').select(['name', 'project_type', 'populations']).where('id', '=', opening.projectId).executeTakeFirstOrThrow();
  const why = ineligibilityFor(c, { name: p.name, projectType: p.project_type, populations: p.populations }, { householdSize: opening.householdSize, bedrooms: opening.bedrooms, population: opening.population }, today, settings);
  if (why.length > 0) throw new RuleViolation(why.map((w) => w.message).join(' '), why.map((w) => ({ pointer: '/clientId', message: w.message })), 'eligible-for-opening');
  const referral = await createReferral(tx, ctx, services, { clientId: c.clientId, projectId: opening.projectId, openingId: opening.id, note: input.note ?? null });
  await resolveRematchRequests(tx, ctx.clock.now(), opening.id);
  return referral;
}
