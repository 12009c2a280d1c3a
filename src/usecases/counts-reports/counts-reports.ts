/**
 * Counts reports — the provider's dashboard tiles (issue 7; spec §6). A tile belongs to one user and one
 * receiving project (never an agency) and counts that project's referrals by referral-date range ("all",
 * "thisQuarter", "thisMonth" in the CoC's time zone, or {from, to}) and status filter ("open", "all" or
 * chosen status codes), with the overdue count among them. Its list (`tileReferralList`) is built from
 * the same query, so the count always equals the list's total.
 *
 * Default tiles: a user who covers receiving projects (case manager assigned to them, agency
 * administrator of their agency) and has never had tiles gets one "Outstanding Incoming Referrals" tile
 * per such project on their first `GET /api/v1/counts-reports` (recorded in `counts_report_seeds`, so a
 * user who deletes every tile is not given them again).
 */
import { sql, type Selectable } from 'kysely';
import type { Tx } from '../../data/db.ts';
import { visibilityReasonSql, auditClientRead } from '../../data/gateway/clients.ts';
import { todayOf } from '../today.ts';
import { countTile, openTileReferralsWithHistory, tileReferrals, type TileFilter } from '../../data/repos/counts-reports.ts';
import { providerProjectIds, seesAllReferrals } from '../../data/repos/referrals.ts';
import type { CountsDateRange, CountsReportTable, CountsStatusFilter } from '../../data/schema.ts';
import type { Actor } from '../../domain/access.ts';
import { daysBetween, isLocalDate, type LocalDate } from '../../domain/calendar/dates.ts';
import { encodeKeyCursor, requireKeyCursor } from '../../domain/cursors.ts';
import { cocToday } from '../../domain/calendar/today.ts';
import { ForbiddenError, NotFoundError, RuleViolation, StaleVersionError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { findStatus } from '../../domain/referrals/config.ts';
import { writeAudit } from '../audit.ts';
import { requireActor, type RequestContext } from '../context.ts';
import { loadReferralSettings } from '../referrals/config-store.ts';

export const DEFAULT_TILE_NAME = 'Outstanding Incoming Referrals';

type TileRow = Selectable<CountsReportTable>;

export interface CountsReportInput {
  name?: string | undefined;
  projectId: string;
  dateRange?: CountsDateRange | undefined;
  statusFilter?: CountsStatusFilter | undefined;
}

const lastDayOfMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const pad = (n: number) => String(n).padStart(2, '0');

/** The inclusive referral-date bounds of a date range on `today`, or null for all dates. */
export function resolveDateRange(range: CountsDateRange, today: LocalDate): { from: string; to: string } | null {
  if (range === 'all') return null;
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  if (range === 'thisMonth') return { from: `${y}-${pad(m)}-01`, to: `${y}-${pad(m)}-${pad(lastDayOfMonth(y, m))}` };
  if (range === 'thisQuarter') {
    const first = Math.floor((m - 1) / 3) * 3 + 1;
    return { from: `${y}-${pad(first)}-01`, to: `${y}-${pad(first + 2)}-${pad(lastDayOfMonth(y, first + 2))}` };
  }
  return { from: range.from, to: range.to };
}

/** Projects the actor may keep tiles on: the receiving projects they cover; every one for the matching team and administrators. */
const coversProject = (actor: Actor, projectId: string) => seesAllReferrals(actor) || providerProjectIds(actor).includes(projectId);

async function checkInput(tx: Tx, ctx: RequestContext, actor: Actor, input: Partial<CountsReportInput>) {
  if (input.projectId !== undefined) {
    const p = await tx.selectFrom('projects').select(['id', 'name', 'receives_referrals']).where('id', '=', input.projectId).executeTakeFirst();
    if (!p) throw new RuleViolation('There is no such project.', [{ pointer: '/projectId', message: 'Choose a project that exists.' }]);
    if (!coversProject(actor, p.id)) throw new ForbiddenError('A counts report can only count a project you work in.');
    if (!p.receives_referrals) throw new RuleViolation(`${p.name} does not receive referrals.`, [{ pointer: '/projectId', message: 'Choose a project that receives referrals.' }]);
  }
  const r = input.dateRange;
  if (r !== undefined && typeof r === 'object') {
    if (!isLocalDate(r.from)) throw new RuleViolation('Enter the first referral date of the range.', [{ pointer: '/dateRange/from', message: 'Enter the first referral date as a date (YYYY-MM-DD).' }]);
    if (!isLocalDate(r.to)) throw new RuleViolation('Enter the last referral date of the range.', [{ pointer: '/dateRange/to', message: 'Enter the last referral date as a date (YYYY-MM-DD).' }]);
    if (r.to < r.from) throw new RuleViolation('The range ends before it starts.', [{ pointer: '/dateRange/to', message: 'Enter a last referral date on or after the first.' }]);
  }
  if (Array.isArray(input.statusFilter)) {
    const { config } = await loadReferralSettings(tx, ctx);
    if (input.statusFilter.length === 0) throw new RuleViolation('Choose at least one status.', [{ pointer: '/statusFilter', message: 'Choose at least one status.' }]);
    input.statusFilter.forEach((code, i) => {
      if (!findStatus(config, code)) throw new RuleViolation(`"${code}" is not a referral status.`, [{ pointer: `/statusFilter/${i}`, message: 'Choose a status from the list.' }]);
    });
  }
}

async function projectNames(tx: Tx, ids: string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await tx.selectFrom('projects').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

async function filterOf(tx: Tx, ctx: RequestContext, t: TileRow): Promise<TileFilter> {
  const { config } = await loadReferralSettings(tx, ctx);
  const today = cocToday(ctx.clock, config.timeZone);
  return { projectId: t.project_id, range: resolveDateRange(t.date_range, today), status: t.status_filter };
}

async function presentTile(tx: Tx, ctx: RequestContext, actor: Actor, t: TileRow, projectName: string) {
  const { engine } = await loadReferralSettings(tx, ctx);
  const f = await filterOf(tx, ctx, t);
  const now = ctx.clock.now();
  const count = await countTile(tx, actor, f);
  const open = await openTileReferralsWithHistory(tx, actor, f);
  const overdueCount = open.filter((r) => engine.isOverdue(r, now)).length;
  return {
    id: t.id,
    name: t.name,
    projectId: t.project_id,
    projectName,
    dateRange: t.date_range,
    statusFilter: t.status_filter,
    position: t.position,
    count,
    overdueCount,
    version: t.version,
  };
}
export type CountsReportOut = Awaited<ReturnType<typeof presentTile>>;

/** Creates the default tiles once for a user who covers receiving projects and has none. */
async function seedDefaults(tx: Tx, ctx: RequestContext, actor: Actor): Promise<void> {
  const mine = providerProjectIds(actor);
  if (mine.length === 0) return;
  const receiving = await tx.selectFrom('projects').select(['id', 'name']).where('id', 'in', mine).where('receives_referrals', '=', true).orderBy('name').execute();
  if (receiving.length === 0) return;
  const now = ctx.clock.now();
  const seeded = await tx.insertInto('counts_report_seeds').values({ user_id: actor.userId, seeded_at: now }).onConflict((oc) => oc.column('user_id').doNothing()).returning('user_id').executeTakeFirst();
  if (!seeded) return;
  const existing = await tx.selectFrom('counts_reports').select('id').where('user_id', '=', actor.userId).limit(1).executeTakeFirst();
  if (existing) return;
  for (const [i, p] of receiving.entries()) {
    await tx
      .insertInto('counts_reports')
      .values({ id: newId(), user_id: actor.userId, name: DEFAULT_TILE_NAME, project_id: p.id, date_range: JSON.stringify('all'), status_filter: JSON.stringify('open'), position: i, created_at: now, updated_at: now })
      .execute();
  }
}

export async function listCountsReports(tx: Tx, ctx: RequestContext) {
  const actor = requireActor(ctx);
  await seedDefaults(tx, ctx, actor);
  const tiles = await tx.selectFrom('counts_reports').selectAll().where('user_id', '=', actor.userId).orderBy('position').orderBy('created_at').orderBy('id').execute();
  const names = await projectNames(tx, [...new Set(tiles.map((t) => t.project_id))]);
  const out = [];
  for (const t of tiles) out.push(await presentTile(tx, ctx, actor, t, names.get(t.project_id) ?? ''));
  return out;
}

async function ownTile(tx: Tx, actor: Actor, id: string, forUpdate = false): Promise<TileRow> {
  let q = tx.selectFrom('counts_reports').selectAll().where('id', '=', id).where('user_id', '=', actor.userId);
  if (forUpdate) q = q.forUpdate();
  const t = await q.executeTakeFirst();
  if (!t) throw new NotFoundError('counts report');
  return t;
}

export async function getCountsReport(tx: Tx, ctx: RequestContext, id: string) {
  const actor = requireActor(ctx);
  const t = await ownTile(tx, actor, id);
  const names = await projectNames(tx, [t.project_id]);
  return presentTile(tx, ctx, actor, t, names.get(t.project_id) ?? '');
}

export async function createCountsReport(tx: Tx, ctx: RequestContext, input: CountsReportInput) {
  const actor = requireActor(ctx);
  await checkInput(tx, ctx, actor, input);
  const now = ctx.clock.now();
  const last = await tx.selectFrom('counts_reports').select(sql<number>`coalesce(max(position), -1)`.as('p')).where('user_id', '=', actor.userId).executeTakeFirst();
  const id = newId();
  const row = await tx
    .insertInto('counts_reports')
    .values({
      id,
      user_id: actor.userId,
      name: input.name?.trim() || DEFAULT_TILE_NAME,
      project_id: input.projectId,
      date_range: JSON.stringify(input.dateRange ?? 'all'),
      status_filter: JSON.stringify(input.statusFilter ?? 'open'),
      position: Number(last?.p ?? -1) + 1,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  // A user who adds a tile before their first visit does not get the defaults on top of it.
  await tx.insertInto('counts_report_seeds').values({ user_id: actor.userId, seeded_at: now }).onConflict((oc) => oc.column('user_id').doNothing()).execute();
  const names = await projectNames(tx, [row.project_id]);
  const out = await presentTile(tx, ctx, actor, row, names.get(row.project_id) ?? '');
  await writeAudit(tx, ctx, { action: 'counts_report.create', entityType: 'counts_report', entityId: id, after: { name: out.name, projectId: out.projectId, dateRange: out.dateRange, statusFilter: out.statusFilter } });
  return out;
}

export async function updateCountsReport(tx: Tx, ctx: RequestContext, id: string, version: number, input: Partial<CountsReportInput> & { position?: number | undefined }) {
  const actor = requireActor(ctx);
  const before = await ownTile(tx, actor, id, true);
  if (before.version !== version) throw new StaleVersionError(before.version);
  await checkInput(tx, ctx, actor, input);
  const row = await tx
    .updateTable('counts_reports')
    .set({
      ...(input.name !== undefined ? { name: input.name.trim() || DEFAULT_TILE_NAME } : {}),
      ...(input.projectId !== undefined ? { project_id: input.projectId } : {}),
      ...(input.dateRange !== undefined ? { date_range: JSON.stringify(input.dateRange) } : {}),
      ...(input.statusFilter !== undefined ? { status_filter: JSON.stringify(input.statusFilter) } : {}),
      ...(input.position !== undefined ? { position: input.position } : {}),
      version: version + 1,
      updated_at: ctx.clock.now(),
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new StaleVersionError();
  const names = await projectNames(tx, [row.project_id]);
  const out = await presentTile(tx, ctx, actor, row, names.get(row.project_id) ?? '');
  await writeAudit(tx, ctx, {
    action: 'counts_report.update',
    entityType: 'counts_report',
    entityId: id,
    before: { name: before.name, projectId: before.project_id, dateRange: before.date_range, statusFilter: before.status_filter },
    after: { name: out.name, projectId: out.projectId, dateRange: out.dateRange, statusFilter: out.statusFilter },
  });
  return out;
}

export async function deleteCountsReport(tx: Tx, ctx: RequestContext, id: string) {
  const actor = requireActor(ctx);
  const before = await ownTile(tx, actor, id, true);
  await tx.deleteFrom('counts_reports').where('id', '=', id).execute();
  await writeAudit(tx, ctx, { action: 'counts_report.delete', entityType: 'counts_report', entityId: id, before: { name: before.name, projectId: before.project_id } });
}


/** The tile's referrals (oldest referral first): the same query as its count, so `total` equals `count`. */
export async function tileReferralList(tx: Tx, ctx: RequestContext, id: string, input: { limit?: number | undefined; cursor?: string | undefined }) {
  const actor = requireActor(ctx);
  const t = await ownTile(tx, actor, id);
  const { engine, config } = await loadReferralSettings(tx, ctx);
  const now = ctx.clock.now();
  const today = cocToday(ctx.clock, config.timeZone);
  const f = await filterOf(tx, ctx, t);
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 200);
  const total = await countTile(tx, actor, f);
  let q = tileReferrals(tx, actor, f)
    .innerJoin('clients as c', 'c.id', 'r.client_id')
    .select(['r.id', 'r.number', 'r.client_id', 'r.referral_date', 'r.status_code', 'r.status_label', 'r.closed_at', 'r.outside_timeliness', 'r.household_snapshot', 'c.first_name', 'c.last_name', 'c.anonymous'])
    .select(visibilityReasonSql(actor, await todayOf(tx, ctx)).as('access_reason'))
    .orderBy('r.referral_date')
    .orderBy('r.id');
  if (input.cursor !== undefined) {
    const cur = requireKeyCursor(input.cursor);
    q = q.where(sql<boolean>`(r.referral_date, r.id) > (${cur.date}::date, ${cur.id})`);
  }
  const rows = await q.limit(limit + 1).execute();
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  const history = page.length
    ? await tx.selectFrom('referral_status_history').select(['referral_id', 'to_code', 'changed_at']).where('referral_id', 'in', page.map((r) => r.id)).orderBy('changed_at').execute()
    : [];
  const items = page.map((r) => {
    const facts = { referralDate: r.referral_date, status: r.status_code, history: history.filter((h) => h.referral_id === r.id).map((h) => ({ to: h.to_code, at: h.changed_at })) };
    const open = r.closed_at === null && !r.outside_timeliness;
    const next = open ? engine.nextDue(facts, now) : null;
    const visible = r.access_reason !== null && !r.anonymous;
    return {
      referralId: r.id,
      number: `R-${r.number}`,
      clientId: r.client_id,
      name: visible ? [r.first_name, r.last_name].filter(Boolean).join(' ') || null : null,
      householdSize: r.household_snapshot.length,
      status: { code: r.status_code, label: r.status_label },
      open: r.closed_at === null,
      referralDate: r.referral_date,
      daysSinceReferral: daysBetween(r.referral_date, today),
      nextDue: next ? { step: next.step, dueDate: next.dueDate, dueAt: next.dueAtIso } : null,
      overdue: open ? engine.isOverdue(facts, now) : false,
    };
  });
  const shown = page.filter((r) => r.access_reason !== null && !r.anonymous);
  if (shown.length > 0) {
    await auditClientRead(tx, ctx, [...new Set(shown.map((r) => r.client_id))], Object.fromEntries(shown.map((r) => [r.client_id, r.access_reason!])), { via: 'counts report', countsReportId: t.id });
  }
  const last = page.at(-1);
  return { items, total, nextCursor: more && last ? encodeKeyCursor(last.referral_date, last.id) : null, report: { id: t.id, name: t.name, projectId: t.project_id } };
}
