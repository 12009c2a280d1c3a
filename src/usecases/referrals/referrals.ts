/**
 * Referrals (issue 6; spec ces-workflow.md §3–§5): create, list, open, change the status, log contact
 * attempts, and the enrollment path (`markReferralEnrolled`). The rules are in src/domain/referrals and
 * src/domain/timeliness; this file loads, asks them, writes the change with its history and audit rows.
 */
import { sql, type Selectable } from 'kysely';
import type { Db, Tx } from '../../data/db.ts';
import { visibilityReasonSql, findVisibleClient } from '../../data/gateway/clients.ts';
import { todayOf } from '../today.ts';
import { householdIdOfClient } from '../../data/gateway/households.ts';
import { contactAttemptsOf, historyOf, providerProjectIds, referralContacts, seesAllReferrals, visibleReferralsFilter } from '../../data/repos/referrals.ts';
import type { ReferralSnapshotMember, ReferralTable } from '../../data/schema.ts';
import { hasRole, isAdmin, type Actor } from '../../domain/access.ts';
import { addDays, daysBetween, type LocalDate } from '../../domain/calendar/dates.ts';
import { encodeKeyCursor, requireKeyCursor } from '../../domain/cursors.ts';
import { cocToday } from '../../domain/calendar/today.ts';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolation, StaleVersionError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { ENROLLED_STATUS, findStatus, initialStatus, statusLabel, type ReferralConfig } from '../../domain/referrals/config.ts';
import { decideEnrollmentStatus, decideStatusChange, rematchFor, statusesSettableBy, type ActorKind, type StatusDecision } from '../../domain/referrals/transitions.ts';
import type { ReferralTimelinessFacts, TimelinessEngine } from '../../domain/timeliness/deadlines.ts';
import { writeAudit } from '../audit.ts';
import { auditClientRead } from '../../data/gateway/clients.ts';
import { requireActor, type RequestContext } from '../context.ts';
import { notify } from '../notifications/notify.ts';
import { loadReferralSettings, type ReferralSettings } from './config-store.ts';

export type ReferralRow = Selectable<ReferralTable>;

export const CONTACT_METHODS = ['phone', 'text', 'email', 'in_person', 'via_contact'] as const;
export const CONTACT_OUTCOMES = ['reached', 'left_message', 'no_answer', 'wrong_number', 'other'] as const;
export type ContactMethod = (typeof CONTACT_METHODS)[number];
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];

/** How far back a referral date may go. */
export const MAX_BACKDATE_DAYS = 30;

/** Where e-mails link to; set by the HTTP layer from the configuration. */
export interface ReferralServices {
  publicUrl: string;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export const referralNumber = (n: number): string => `R-${n}`;

/** What the actor is for this referral's project: provider, CES team, administrator (several possible). */
export function actorKindsFor(actor: Actor, projectId: string): ActorKind[] {
  const kinds: ActorKind[] = [];
  if (providerProjectIds(actor).includes(projectId)) kinds.push('provider');
  if (hasRole(actor, 'ces_matcher')) kinds.push('ces_team');
  if (isAdmin(actor)) kinds.push('hmis_admin');
  return kinds;
}

const canSee = (actor: Actor, r: { project_id: string }) => seesAllReferrals(actor) || providerProjectIds(actor).includes(r.project_id);

/** The referral (locked for update when asked), or NotFoundError when absent or not the actor's to see. */
async function loadVisible(tx: Tx, actor: Actor, id: string, forUpdate = false): Promise<ReferralRow> {
  let q = tx.selectFrom('referrals').selectAll().where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  const r = await q.executeTakeFirst();
  if (!r || !canSee(actor, r)) throw new NotFoundError('referral');
  return r;
}

async function timelinessFacts(db: Db | Tx, r: ReferralRow): Promise<ReferralTimelinessFacts> {
  const history = await db.selectFrom('referral_status_history').select(['to_code', 'changed_at']).where('referral_id', '=', r.id).orderBy('seq').execute();
  return { referralDate: r.referral_date, status: r.status_code, history: history.map((h) => ({ to: h.to_code, at: h.changed_at })) };
}

export function presentDeadlines(engine: TimelinessEngine, facts: ReferralTimelinessFacts, now: Date, outsideTimeliness: boolean) {
  if (outsideTimeliness) return [];
  return engine.evaluate(facts, now).map((s) => ({ step: s.step, dueAt: s.dueAtIso, dueDate: s.dueDate, dueSoonFrom: s.dueSoonFromIso, state: s.state, reachedAt: iso(s.reachedAt) }));
}

function presentBase(r: ReferralRow, settings: ReferralSettings) {
  return {
    id: r.id,
    number: referralNumber(r.number),
    clientId: r.client_id,
    projectId: r.project_id,
    openingId: r.opening_id,
    status: { code: r.status_code, label: r.status_label, terminal: findStatus(settings.config, r.status_code)?.terminal ?? false },
    referralDate: r.referral_date,
    closedAt: iso(r.closed_at),
    enrollmentId: r.enrollment_id,
    flaggedSteps: r.flagged_steps,
    outsideTimeliness: r.outside_timeliness,
    source: r.source,
    householdSize: r.household_snapshot.length,
    version: r.version,
    createdAt: r.created_at.toISOString(),
  };
}

// ---------------------------------------------------------------------------------------------- create

export interface CreateReferralInput {
  clientId: string;
  projectId: string;
  openingId?: string | null | undefined;
  referralDate?: string | null | undefined;
  note?: string | null | undefined;
}

/** The head's household as it is now: members with their relationship (a single person is a household of one). */
async function snapshotHousehold(tx: Tx, clientId: string): Promise<ReferralSnapshotMember[]> {
  const householdId = await householdIdOfClient(tx, clientId);
  if (!householdId) return [{ clientId, relationshipToHoH: 1 }];
  const members = await tx
    .selectFrom('household_members')
    .select(['client_id', 'relationship_to_hoh'])
    .where('household_id', '=', householdId)
    .where('left_on', 'is', null)
    .orderBy('joined_on')
    .orderBy('created_at')
    .execute();
  const me = members.find((m) => m.client_id === clientId);
  if (!me) return [{ clientId, relationshipToHoH: 1 }];
  if (me.relationship_to_hoh !== 1) {
    throw new RuleViolation('A referral is made for the head of household; this client is another member of their household.', [{ pointer: '/clientId', message: 'Choose the head of household: referrals are made for the head.' }], 'head-of-household');
  }
  // Head first.
  return [me, ...members.filter((m) => m !== me)].map((m) => ({ clientId: m.client_id, relationshipToHoH: m.relationship_to_hoh }));
}

export async function createReferral(tx: Tx, ctx: RequestContext, services: ReferralServices, input: CreateReferralInput) {
  const actor = requireActor(ctx);
  if (!hasRole(actor, 'ces_matcher')) throw new ForbiddenError('Only the CES matching team makes referrals.');
  const now = ctx.clock.now();
  const settings = await loadReferralSettings(tx, ctx);
  const { config } = settings;
  const { client, reason } = await findVisibleClient(tx, actor, input.clientId, await todayOf(tx, ctx));
  const project = await tx.selectFrom('projects').select(['id', 'name', 'receives_referrals', 'agency_id']).where('id', '=', input.projectId).executeTakeFirst();
  if (!project) throw new RuleViolation('There is no such project.', [{ pointer: '/projectId', message: 'Choose a project that exists.' }], 'project-receives-referrals');
  if (!project.receives_referrals) {
    throw new RuleViolation(`${project.name} does not receive referrals.`, [{ pointer: '/projectId', message: 'Choose a project that receives referrals.' }], 'project-receives-referrals');
  }
  const today = cocToday(ctx.clock, config.timeZone);
  const referralDate: LocalDate = input.referralDate ?? today;
  if (referralDate > today) throw new RuleViolation('A referral cannot be dated in the future.', [{ pointer: '/referralDate', message: 'Enter a referral date of today or earlier.' }], 'referral-date');
  if (daysBetween(referralDate, today) > MAX_BACKDATE_DAYS) {
    throw new RuleViolation(`A referral may be backdated up to ${MAX_BACKDATE_DAYS} days (not before ${addDays(today, -MAX_BACKDATE_DAYS)}).`, [{ pointer: '/referralDate', message: `Enter a referral date on or after ${addDays(today, -MAX_BACKDATE_DAYS)} (at most ${MAX_BACKDATE_DAYS} days ago).` }], 'referral-date');
  }
  if (input.openingId) {
    const opening = await tx.selectFrom('openings').select(['id', 'state']).where('id', '=', input.openingId).where('project_id', '=', project.id).executeTakeFirst();
    if (!opening || opening.state !== 'open') {
      throw new RuleViolation('The opening is not an open opening of this project.', [{ pointer: '/openingId', message: 'Choose an open opening of this project.' }], 'opening-open');
    }
  }
  const snapshot = await snapshotHousehold(tx, client.id);
  const ce = await tx
    .selectFrom('enrollments')
    .select('id')
    .where('client_id', '=', client.id)
    .where('is_ce', '=', true)
    .where('entry_date', '<=', referralDate)
    .where((eb) => eb.or([eb('exit_date', 'is', null), eb('exit_date', '>=', referralDate)]))
    .orderBy('entry_date', 'desc')
    .limit(1)
    .executeTakeFirst();
  const initial = initialStatus(config);
  const id = newId();
  const row = await tx
    .insertInto('referrals')
    .values({
      id,
      client_id: client.id,
      household_snapshot: JSON.stringify(snapshot),
      project_id: project.id,
      opening_id: input.openingId ?? null,
      ce_enrollment_id: ce?.id ?? null,
      referral_date: referralDate,
      status_code: initial.code,
      status_label: initial.label,
      status_changed_at: now,
      note: input.note?.trim() || null,
      created_at: now,
      created_by: actor.userId,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('referral_status_history')
    .values({ id: newId(), referral_id: id, from_code: null, to_code: initial.code, label: initial.label, changed_at: now, changed_by: actor.userId, note: input.note?.trim() || null })
    .execute();
  await writeAudit(tx, ctx, {
    action: 'referral.create',
    entityType: 'referral',
    entityId: id,
    clientId: client.id,
    reason,
    after: { number: referralNumber(row.number), projectId: project.id, openingId: row.opening_id, referralDate, status: initial.code, household: snapshot },
  });
  await notify(tx, now, services.publicUrl, {
    userIds: await referralContacts(tx, project.id),
    kind: 'referral.new',
    title: `New referral ${referralNumber(row.number)} to ${project.name}`,
    body: `Respond by changing its status. Household of ${snapshot.length}.`,
    link: `/referrals/${id}`,
    entityType: 'referral',
    entityId: id,
  });
  const facts = await timelinessFacts(tx, row);
  return { ...presentBase(row, settings), projectName: project.name, deadlines: presentDeadlines(settings.engine, facts, now, row.outside_timeliness) };
}

// ------------------------------------------------------------------------------------------------ list

export interface ListReferralsInput {
  projectId?: string | undefined;
  state?: 'open' | 'closed' | 'all' | undefined;
  from?: string | undefined;
  to?: string | undefined;
  overdue?: boolean | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}


export async function listReferrals(tx: Tx, ctx: RequestContext, input: ListReferralsInput) {
  const actor = requireActor(ctx);
  const now = ctx.clock.now();
  const settings = await loadReferralSettings(tx, ctx);
  const today = cocToday(ctx.clock, settings.config.timeZone);
  const limit = Math.min(Math.max(input.limit ?? 50, 1), 200);
  const state = input.state ?? 'open';
  let q = tx
    .selectFrom('referrals as r')
    .innerJoin('projects as p', 'p.id', 'r.project_id')
    .innerJoin('clients as c', 'c.id', 'r.client_id')
    .where(visibleReferralsFilter(actor));
  if (input.projectId) q = q.where('r.project_id', '=', input.projectId);
  if (state === 'open' || input.overdue) q = q.where('r.closed_at', 'is', null);
  if (state === 'closed') q = q.where('r.closed_at', 'is not', null);
  if (input.from) q = q.where('r.referral_date', '>=', input.from);
  if (input.to) q = q.where('r.referral_date', '<=', input.to);
  if (input.overdue) q = q.where('r.outside_timeliness', '=', false);
  const select = q
    .selectAll('r')
    .select(['p.name as project_name', 'c.first_name', 'c.last_name', 'c.anonymous'])
    .select(visibilityReasonSql(actor, await todayOf(tx, ctx)).as('access_reason'))
    .orderBy('r.referral_date')
    .orderBy('r.id');

  let rows: Awaited<ReturnType<typeof select.execute>>;
  let total: number;
  const cursor = input.cursor === undefined ? null : requireKeyCursor(input.cursor);
  const histories = async (ids: string[]) => {
    const hs = await historyOf(tx, ids);
    const by = new Map<string, { to: string; at: Date }[]>();
    for (const h of hs) by.set(h.referral_id, [...(by.get(h.referral_id) ?? []), { to: h.to_code, at: h.changed_at }]);
    return by;
  };
  let hist: Map<string, { to: string; at: Date }[]>;
  if (input.overdue) {
    // Overdue is computed from the configuration: filter the open referrals in memory, then page.
    const all = await select.execute();
    hist = await histories(all.map((r) => r.id));
    const overdue = all.filter((r) => settings.engine.isOverdue({ referralDate: r.referral_date, status: r.status_code, history: hist.get(r.id) ?? [] }, now));
    total = overdue.length;
    rows = overdue.filter((r) => !cursor || r.referral_date > cursor.date || (r.referral_date === cursor.date && r.id > cursor.id)).slice(0, limit + 1);
  } else {
    const count = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    total = Number(count.n);
    let page = select;
    if (cursor) page = page.where(sql<boolean>`(r.referral_date, r.id) > (${cursor.date}::date, ${cursor.id})`);
    rows = await page.limit(limit + 1).execute();
    hist = await histories(rows.map((r) => r.id));
  }
  const more = rows.length > limit;
  rows = rows.slice(0, limit);
  const items = rows.map((r) => {
    const facts: ReferralTimelinessFacts = { referralDate: r.referral_date, status: r.status_code, history: hist.get(r.id) ?? [] };
    const open = r.closed_at === null && !r.outside_timeliness;
    const next = open ? settings.engine.nextDue(facts, now) : null;
    const visible = r.access_reason !== null;
    return {
      ...presentBase(r, settings),
      projectName: r.project_name,
      headName: visible && !r.anonymous ? [r.first_name, r.last_name].filter(Boolean).join(' ') || null : null,
      daysSinceReferral: daysBetween(r.referral_date, today),
      nextDue: next ? { step: next.step, dueAt: next.dueAtIso, state: next.state } : null,
      overdue: open ? settings.engine.isOverdue(facts, now) : false,
    };
  });
  const shown = rows.filter((r) => r.access_reason !== null && !r.anonymous);
  if (shown.length > 0) {
    await auditClientRead(tx, ctx, [...new Set(shown.map((r) => r.client_id))], Object.fromEntries(shown.map((r) => [r.client_id, r.access_reason!])), { via: 'referral list' });
  }
  const last = rows.at(-1);
  return { items, total, nextCursor: more && last ? encodeKeyCursor(last.referral_date, last.id) : null };
}

// ------------------------------------------------------------------------------------------------- get

function allowedStatusesFor(config: ReferralConfig, actor: Actor, r: ReferralRow, attempts: { at: Date; outcome: string }[], now: Date) {
  const kinds = actorKindsFor(actor, r.project_id);
  const terminal = findStatus(config, r.status_code)?.terminal ?? false;
  const correction = terminal && kinds.includes('hmis_admin');
  return statusesSettableBy(config, kinds, r.status_code, { referralDate: r.referral_date, contactAttempts: attempts, now }).map((s) => ({
    code: s.code,
    label: s.label,
    requiresNote: s.requiresNote || correction,
    correction,
    terminal: s.terminal,
  }));
}

export async function getReferral(tx: Tx, ctx: RequestContext, id: string) {
  const actor = requireActor(ctx);
  const now = ctx.clock.now();
  const settings = await loadReferralSettings(tx, ctx);
  const r = await loadVisible(tx, actor, id);
  const project = await tx.selectFrom('projects').select(['name', 'project_type']).where('id', '=', r.project_id).executeTakeFirstOrThrow();
  const head = await tx
    .selectFrom('clients as c')
    .select(['c.first_name', 'c.last_name', 'c.anonymous'])
    .select(visibilityReasonSql(actor, await todayOf(tx, ctx)).as('access_reason'))
    .where('c.id', '=', r.client_id)
    .executeTakeFirstOrThrow();
  const history = await historyOf(tx, [r.id]);
  const attempts = await contactAttemptsOf(tx, r.id);
  const facts: ReferralTimelinessFacts = { referralDate: r.referral_date, status: r.status_code, history: history.map((h) => ({ to: h.to_code, at: h.changed_at })) };
  const kinds = actorKindsFor(actor, r.project_id);
  const allowed = allowedStatusesFor(settings.config, actor, r, attempts, now);
  const open = r.closed_at === null;
  const visible = head.access_reason !== null;
  if (visible) await auditClientRead(tx, ctx, [r.client_id], head.access_reason!, { via: 'referral', referralId: r.id });
  const terminal = findStatus(settings.config, r.status_code)?.terminal ?? false;
  const next = open && !r.outside_timeliness ? settings.engine.nextDue(facts, now) : null;
  return {
    ...presentBase(r, settings),
    projectName: project.name,
    note: r.note,
    headName: visible && !head.anonymous ? [head.first_name, head.last_name].filter(Boolean).join(' ') || null : null,
    clientVisible: visible,
    household: r.household_snapshot,
    daysSinceReferral: daysBetween(r.referral_date, cocToday(ctx.clock, settings.config.timeZone)),
    overdue: open && !r.outside_timeliness ? settings.engine.isOverdue(facts, now) : false,
    nextDue: next ? { step: next.step, dueAt: next.dueAtIso, state: next.state } : null,
    deadlines: presentDeadlines(settings.engine, facts, now, r.outside_timeliness),
    history: history.map((h) => ({
      id: h.id,
      from: h.from_code === null ? null : { code: h.from_code, label: statusLabel(settings.config, h.from_code) },
      to: { code: h.to_code, label: h.label },
      label: h.label,
      at: h.changed_at.toISOString(),
      by: h.by_system ? 'system' : (h.display_name ?? null),
      bySystem: h.by_system,
      correction: h.correction,
      note: h.note,
    })),
    contactAttempts: attempts.map((a) => ({ id: a.id, at: a.at.toISOString(), method: a.method, outcome: a.outcome, note: a.note, recordedAt: a.recorded_at.toISOString(), recordedBy: a.display_name ?? null })),
    allowedStatuses: allowed,
    capabilities: {
      canChangeStatus: allowed.length > 0,
      canLogContact: open && kinds.length > 0,
      canCorrect: terminal && kinds.includes('hmis_admin'),
      // The receiving provider enrolls the household from the referral (the wizard sends referralId).
      canEnroll: open && kinds.includes('provider'),
    },
  };
}

// --------------------------------------------------------------------------------------- status change

export interface ApplyStatusInput {
  to: string;
  note: string | null;
  version: number;
  userId: string | null;
  bySystem: boolean;
  correction: boolean;
  now: Date;
  extra?: { enrollment_id?: string };
}

/**
 * Writes a decided status change: the referral (UPDATE … WHERE version = v: of two concurrent changes
 * with the same version exactly one wins), its history row, `closed_at`, the rematch request. Returns
 * null when the version was stale.
 */
export async function applyStatusChange(tx: Tx, config: ReferralConfig, r: ReferralRow, input: ApplyStatusInput): Promise<ReferralRow | null> {
  const target = findStatus(config, input.to)!;
  const row = await tx
    .updateTable('referrals')
    .set({
      status_code: target.code,
      status_label: target.label,
      status_changed_at: input.now,
      closed_at: target.terminal ? input.now : null,
      version: r.version + 1,
      updated_at: input.now,
      ...(input.extra ?? {}),
    })
    .where('id', '=', r.id)
    .where('version', '=', input.version)
    .returningAll()
    .executeTakeFirst();
  if (!row) return null;
  await tx
    .insertInto('referral_status_history')
    .values({
      id: newId(),
      referral_id: r.id,
      from_code: r.status_code,
      to_code: target.code,
      label: target.label,
      changed_at: input.now,
      changed_by: input.userId,
      by_system: input.bySystem,
      correction: input.correction,
      note: input.note,
    })
    .execute();
  const rematch = rematchFor(config, target.code);
  if (rematch) {
    await tx
      .insertInto('rematch_requests')
      .values({ id: newId(), opening_id: r.opening_id, project_id: r.project_id, from_referral_id: r.id, referrals_needed: rematch.newReferrals, created_at: input.now })
      .onConflict((oc) => oc.column('from_referral_id').doNothing())
      .execute();
  }
  return row;
}

function refusal(d: Extract<StatusDecision, { ok: false }>): never {
  if (d.status === 403) throw new ForbiddenError(d.message);
  throw new RuleViolation(d.message, [{ pointer: d.pointer, message: d.message }], d.rule);
}

export async function changeReferralStatus(tx: Tx, ctx: RequestContext, id: string, input: { status: string; note?: string | null | undefined; version: number }) {
  const actor = requireActor(ctx);
  const now = ctx.clock.now();
  const { config } = await loadReferralSettings(tx, ctx);
  const r = await loadVisible(tx, actor, id);
  if (r.version !== input.version) throw new StaleVersionError(r.version);
  const attempts = await tx.selectFrom('contact_attempts').select(['at', 'outcome']).where('referral_id', '=', r.id).execute();
  const note = input.note?.trim() || null;
  const decision = decideStatusChange({ config, from: r.status_code, to: input.status, actorKinds: actorKindsFor(actor, r.project_id), note, contactAttempts: attempts, referralDate: r.referral_date, now });
  if (!decision.ok) refusal(decision);
  const row = await applyStatusChange(tx, config, r, { to: input.status, note, version: input.version, userId: actor.userId, bySystem: false, correction: decision.correction, now });
  if (!row) throw new StaleVersionError();
  await writeAudit(tx, ctx, {
    action: decision.correction ? 'referral.status.correct' : 'referral.status',
    entityType: 'referral',
    entityId: r.id,
    clientId: r.client_id,
    before: { status: r.status_code, version: r.version },
    after: { status: row.status_code, version: row.version, note },
  });
  return getReferral(tx, ctx, id);
}

// ------------------------------------------------------------------------------------ contact attempts

export interface ContactAttemptInput {
  at: Date;
  method: ContactMethod;
  outcome: ContactOutcome;
  note?: string | null | undefined;
}

export async function addContactAttempt(tx: Tx, ctx: RequestContext, id: string, input: ContactAttemptInput) {
  const actor = requireActor(ctx);
  const now = ctx.clock.now();
  const r = await loadVisible(tx, actor, id);
  if (actorKindsFor(actor, r.project_id).length === 0) throw new ForbiddenError('Only the receiving project, the matching team or an administrator may log contact attempts.');
  if (r.closed_at !== null) throw new RuleViolation('The referral has ended; contact attempts can no longer be logged.', [{ pointer: '/at', message: 'Contact attempts cannot be logged on a referral that has ended.' }], 'referral-open');
  if (input.at.getTime() > now.getTime()) throw new RuleViolation('A contact attempt cannot be in the future.', [{ pointer: '/at', message: 'Enter a date and time of now or earlier.' }], 'attempt-not-future');
  const row = await tx
    .insertInto('contact_attempts')
    .values({ id: newId(), referral_id: r.id, at: input.at, method: input.method, outcome: input.outcome, note: input.note?.trim() || null, recorded_at: now, recorded_by: actor.userId })
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeAudit(tx, ctx, { action: 'referral.contact_attempt', entityType: 'referral', entityId: r.id, clientId: r.client_id, after: { id: row.id, at: row.at, method: row.method, outcome: row.outcome } });
  return { id: row.id, at: row.at.toISOString(), method: row.method, outcome: row.outcome, note: row.note, recordedAt: row.recorded_at.toISOString(), recordedBy: null as string | null };
}

// ----------------------------------------------------------------------------------------- enrollment

/**
 * The enrollment path (for the enrollment use case, in its transaction): sets the referral to `enrolled`
 * once the enrollment of the referred head in the receiving project exists. When the referral has an
 * opening, the opening's other open referrals are closed as `closed_opening_filled` (by the system) and
 * the opening is marked filled — the unique index "one enrolled referral per opening" makes a second
 * concurrent enrollment fail.
 */
export async function markReferralEnrolled(tx: Tx, ctx: RequestContext, referralId: string, enrollmentId: string) {
  const now = ctx.clock.now();
  const { config } = await loadReferralSettings(tx, ctx);
  // Lock order: the opening first, then referrals. Concurrent enrollments into one opening queue on
  // the opening's row instead of deadlocking on each other's referrals (measured: 50 at once).
  const target = await tx.selectFrom('referrals').select(['opening_id']).where('id', '=', referralId).executeTakeFirst();
  if (!target) throw new NotFoundError('referral');
  if (target.opening_id) {
    const opening = await tx.selectFrom('openings').select(['state']).where('id', '=', target.opening_id).forUpdate().executeTakeFirstOrThrow();
    if (opening.state === 'filled') throw new ConflictError('This opening was already filled by another referral.');
  }
  const r = await tx.selectFrom('referrals').selectAll().where('id', '=', referralId).forUpdate().executeTakeFirst();
  if (!r) throw new NotFoundError('referral');
  const enrollment = await tx
    .selectFrom('enrollments')
    .select('id')
    .where('id', '=', enrollmentId)
    .where('client_id', '=', r.client_id)
    .where('project_id', '=', r.project_id)
    .executeTakeFirst();
  const decision = decideEnrollmentStatus({ config, from: r.status_code, hasEnrollment: enrollment !== undefined });
  if (!decision.ok) refusal(decision);
  const row = await applyStatusChange(tx, config, r, {
    to: ENROLLED_STATUS,
    note: null,
    version: r.version,
    userId: ctx.actor?.userId ?? null,
    bySystem: false,
    correction: false,
    now,
    extra: { enrollment_id: enrollmentId },
  });
  if (!row) throw new StaleVersionError();
  await writeAudit(tx, ctx, { action: 'referral.enrolled', entityType: 'referral', entityId: r.id, clientId: r.client_id, after: { enrollmentId, status: ENROLLED_STATUS } });
  const closed: string[] = [];
  if (r.opening_id) {
    const filled = findStatus(config, 'closed_opening_filled');
    const others = await tx.selectFrom('referrals').selectAll().where('opening_id', '=', r.opening_id).where('id', '!=', r.id).where('closed_at', 'is', null).forUpdate().execute();
    for (const o of others) {
      if (!filled) break;
      const d = decideStatusChange({ config, from: o.status_code, to: filled.code, actorKinds: ['system'], referralDate: o.referral_date, now });
      if (!d.ok) continue;
      const done = await applyStatusChange(tx, config, o, { to: filled.code, note: `The opening was filled by ${referralNumber(r.number)}.`, version: o.version, userId: null, bySystem: true, correction: false, now });
      if (done) {
        closed.push(o.id);
        await writeAudit(tx, ctx, { action: 'referral.status', entityType: 'referral', entityId: o.id, clientId: o.client_id, before: { status: o.status_code }, after: { status: filled.code }, reason: 'opening filled' });
      }
    }
    await tx.updateTable('openings').set({ state: 'filled', filled_by_referral_id: r.id, version: sql`version + 1` }).where('id', '=', r.opening_id).execute();
  }
  return { referral: row, closedReferralIds: closed };
}

// ------------------------------------------------------------------------------------------- transfers

export interface TransferReferralInput {
  clientId: string;
  projectId: string;
  referralDate: string;
  household: ReferralSnapshotMember[];
  /**
   * 'initial': an approved transfer — the configuration's initial status (CES: Matched…), the normal
   * flow and its timeliness standards. 'enrolled': a transfer the provider completed without approval —
   * recorded already `CES: Enrolled`, linked to the new enrollment, outside the timeliness standards.
   */
  as: 'initial' | 'enrolled';
  enrollmentId?: string | undefined;
  /** Shown in the history, e.g. "Transfer T-12". */
  note: string;
}

/**
 * Added for transfers (issue 8, src/usecases/transfers): records the referral a transfer produces, with
 * `source = 'transfer'`, its first history row and its audit row, through this module so labels and
 * history read as for any referral. The caller (the transfers use case) has checked who may do this —
 * the matching team or an HMIS administrator — and runs it in its transaction.
 */
export async function recordTransferReferral(tx: Tx, ctx: RequestContext, services: ReferralServices, input: TransferReferralInput) {
  const actor = requireActor(ctx);
  const now = ctx.clock.now();
  const { config } = await loadReferralSettings(tx, ctx);
  const status = input.as === 'enrolled' ? findStatus(config, ENROLLED_STATUS) : initialStatus(config);
  if (!status) throw new RuleViolation(`There is no referral status "${ENROLLED_STATUS}".`, [], 'unknown-status');
  const project = await tx.selectFrom('projects').select(['id', 'name']).where('id', '=', input.projectId).executeTakeFirstOrThrow();
  const ce = await tx
    .selectFrom('enrollments')
    .select('id')
    .where('client_id', '=', input.clientId)
    .where('is_ce', '=', true)
    .where('entry_date', '<=', input.referralDate)
    .where((eb) => eb.or([eb('exit_date', 'is', null), eb('exit_date', '>=', input.referralDate)]))
    .orderBy('entry_date', 'desc')
    .limit(1)
    .executeTakeFirst();
  const enrolled = input.as === 'enrolled';
  const id = newId();
  const row = await tx
    .insertInto('referrals')
    .values({
      id,
      client_id: input.clientId,
      household_snapshot: JSON.stringify(input.household),
      project_id: project.id,
      opening_id: null,
      ce_enrollment_id: ce?.id ?? null,
      referral_date: input.referralDate,
      status_code: status.code,
      status_label: status.label,
      status_changed_at: now,
      closed_at: enrolled ? now : null,
      enrollment_id: enrolled ? (input.enrollmentId ?? null) : null,
      outside_timeliness: enrolled,
      source: 'transfer',
      note: input.note,
      created_at: now,
      created_by: actor.userId,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('referral_status_history')
    .values({ id: newId(), referral_id: id, from_code: null, to_code: status.code, label: status.label, changed_at: now, changed_by: actor.userId, note: input.note })
    .execute();
  await writeAudit(tx, ctx, {
    action: 'referral.create',
    entityType: 'referral',
    entityId: id,
    clientId: input.clientId,
    reason: 'transfer',
    after: { number: referralNumber(row.number), projectId: project.id, referralDate: input.referralDate, status: status.code, source: 'transfer', outsideTimeliness: enrolled, enrollmentId: row.enrollment_id, household: input.household },
  });
  if (!enrolled) {
    await notify(tx, now, services.publicUrl, {
      userIds: await referralContacts(tx, project.id),
      kind: 'referral.new',
      title: `New referral ${referralNumber(row.number)} to ${project.name} (transfer)`,
      body: `Respond by changing its status. Household of ${input.household.length}.`,
      link: `/referrals/${id}`,
      entityType: 'referral',
      entityId: id,
    });
  }
  return { id, number: referralNumber(row.number), status: { code: status.code, label: status.label } };
}
