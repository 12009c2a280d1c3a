/**
 * The timeliness sweep (issue 6 point 5): over the open referrals inside the timeliness standards,
 * applies each missed step's `onMissed` rule once — `setStatus` (the system changes the status, e.g. to
 * "Housing Provider Did Not Respond") or `flag` — and tells the receiving project's referral contacts and
 * the matching team; and sends one "due soon" notice per (referral, step).
 *
 * Safe with several server processes: the referral is locked for its transaction and the primary key of
 * `referral_step_misses` (referral, step) lets exactly one sweep record — and act on — each miss.
 */
import { sql } from 'kysely';
import type { Database, Tx } from '../../data/db.ts';
import { matchingTeam, referralContacts } from '../../data/repos/referrals.ts';
import { newId } from '../../domain/ids.ts';
import { findStatus } from '../../domain/referrals/config.ts';
import { decideStatusChange } from '../../domain/referrals/transitions.ts';
import { missedStepsOf } from '../../domain/timeliness/deadlines.ts';
import { writeAudit } from '../audit.ts';
import type { RequestContext } from '../context.ts';
import { notify } from '../notifications/notify.ts';
import { readSettings, type ReferralSettings } from './config-store.ts';
import { applyStatusChange, referralNumber } from './referrals.ts';

export interface SweepResult {
  escalated: number;
  flagged: number;
  dueSoon: number;
}

/** A request context for work the system does on its own (no signed-in actor). */
export function systemContext(clock: { now(): Date }): RequestContext {
  return { actor: null, requestId: newId(), address: null, clock };
}

async function sweepOne(tx: Tx, ctx: RequestContext, settings: ReferralSettings, publicUrl: string, referralId: string, result: SweepResult): Promise<void> {
  const now = ctx.clock.now();
  const r = await tx.selectFrom('referrals').selectAll().where('id', '=', referralId).forUpdate().executeTakeFirst();
  if (!r || r.closed_at !== null || r.outside_timeliness) return;
  const history = await tx.selectFrom('referral_status_history').select(['to_code', 'changed_at']).where('referral_id', '=', r.id).orderBy('seq').execute();
  const facts = { referralDate: r.referral_date, status: r.status_code, history: history.map((h) => ({ to: h.to_code, at: h.changed_at })) };
  const project = await tx.selectFrom('projects').select('name').where('id', '=', r.project_id).executeTakeFirstOrThrow();
  const number = referralNumber(r.number);
  const link = `/referrals/${r.id}`;
  let contacts: string[] | null = null;
  const people = async () => (contacts ??= [...(await referralContacts(tx, r.project_id)), ...(await matchingTeam(tx))]);

  let current = r;
  for (const miss of settings.engine.missedSteps(facts, now)) {
    const inserted = await tx
      .insertInto('referral_step_misses')
      .values({ referral_id: r.id, step: miss.step, action: miss.onMissed.action, due_at: miss.dueAt, acted_at: now })
      .onConflict((oc) => oc.columns(['referral_id', 'step']).doNothing())
      .returning('step')
      .executeTakeFirst();
    if (!inserted) continue; // this miss already acted (here or in another process)
    const rule = miss.onMissed;
    let escalatedTo: string | null = null;
    if (rule.action === 'setStatus') {
      const d = decideStatusChange({ config: settings.config, from: current.status_code, to: rule.status, actorKinds: ['system'], referralDate: current.referral_date, now });
      if (d.ok) {
        const note = `The "${miss.step}" step was due ${miss.dueAtIso}.`;
        const row = await applyStatusChange(tx, settings.config, current, { to: rule.status, note, version: current.version, userId: null, bySystem: true, correction: false, now });
        if (row) {
          await writeAudit(tx, ctx, { action: 'referral.escalate', entityType: 'referral', entityId: r.id, clientId: r.client_id, before: { status: current.status_code }, after: { status: row.status_code, step: miss.step }, reason: 'timeliness' });
          current = row;
          escalatedTo = row.status_label;
          result.escalated++;
        }
      }
    }
    if (escalatedTo === null) {
      // flag (or a setStatus the rules refuse: flag instead so someone looks at it)
      const row = await tx
        .updateTable('referrals')
        .set({ flagged_steps: [...new Set([...current.flagged_steps, miss.step])], updated_at: now })
        .where('id', '=', r.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await tx.updateTable('referral_step_misses').set({ action: 'flag' }).where('referral_id', '=', r.id).where('step', '=', miss.step).execute();
      await writeAudit(tx, ctx, { action: 'referral.flag', entityType: 'referral', entityId: r.id, clientId: r.client_id, after: { step: miss.step }, reason: 'timeliness' });
      current = row;
      result.flagged++;
    }
    await notify(tx, now, publicUrl, {
      userIds: await people(),
      kind: escalatedTo ? 'referral.escalated' : 'referral.overdue',
      title: escalatedTo ? `Referral ${number} to ${project.name} was escalated: ${escalatedTo}` : `Referral ${number} to ${project.name} is overdue (${miss.step})`,
      body: `The "${miss.step}" step was due ${miss.dueAtIso}.`,
      link,
      entityType: 'referral',
      entityId: r.id,
    });
    if (escalatedTo) break; // the status changed: later steps are judged again next time
  }

  // Due soon: once per (referral, step), for the steps of the current status.
  if (current.closed_at === null && findStatus(settings.config, current.status_code)?.terminal !== true) {
    const facts2 = current === r ? facts : { ...facts, status: current.status_code };
    for (const s of settings.engine.evaluate(facts2, now)) {
      if (s.state !== 'due_soon') continue;
      const inserted = await tx
        .insertInto('referral_due_soon_notices')
        .values({ referral_id: r.id, step: s.step, notified_at: now })
        .onConflict((oc) => oc.columns(['referral_id', 'step']).doNothing())
        .returning('step')
        .executeTakeFirst();
      if (!inserted) continue;
      await notify(tx, now, publicUrl, {
        userIds: await referralContacts(tx, r.project_id),
        kind: 'referral.due_soon',
        title: `Referral ${number} to ${project.name}: "${s.step}" is due soon`,
        body: `Due ${s.dueAtIso}.`,
        link,
        entityType: 'referral',
        entityId: r.id,
      });
      result.dueSoon++;
    }
  }
}

/** Runs the sweep: one transaction per referral. Returns what it did now. */
export async function runTimelinessSweep(database: Database, clock: { now(): Date }, publicUrl: string, ctx: RequestContext = systemContext(clock)): Promise<SweepResult> {
  const settings = await readSettings(database.db, clock.now());
  const result: SweepResult = { escalated: 0, flagged: 0, dueSoon: 0 };
  // Measured (issue 10, BENCHMARKS.md): a transaction per open referral cost ~6 ms each (row lock, three
  // reads, commit), 35 s for Chicago's open referrals. Most have nothing to do on a given run, so the
  // recorded misses and sent notices of all open referrals are read in two queries; only referrals with a
  // step past its due-soon start that was not acted on yet (`stepsToCheck`: the date and status suffice)
  // need their history — reading every open referral's history was most of the remaining SQL — and only
  // those with a new miss or due-soon notice get their transaction (which re-checks under lock).
  const openRefs = (qb: typeof database.db) => qb.selectFrom('referrals as r').select('r.id').where('r.closed_at', 'is', null).where('r.outside_timeliness', '=', false);
  const [open, misses, notices] = await Promise.all([
    database.db
      .selectFrom('referrals')
      .select(['id', 'referral_date', 'status_code'])
      .where('closed_at', 'is', null)
      .where('outside_timeliness', '=', false)
      .orderBy('referral_date')
      .orderBy('id')
      .execute(),
    database.db.selectFrom('referral_step_misses').select(['referral_id', 'step']).where('referral_id', 'in', openRefs(database.db)).execute(),
    database.db.selectFrom('referral_due_soon_notices').select(['referral_id', 'step']).where('referral_id', 'in', openRefs(database.db)).execute(),
  ]);
  const done = new Set([...misses.map((m) => `m ${m.referral_id} ${m.step}`), ...notices.map((n) => `n ${n.referral_id} ${n.step}`)]);
  const now = clock.now();
  const candidates = open.filter((r) =>
    settings.engine
      .stepsToCheck({ referralDate: r.referral_date, status: r.status_code }, now)
      .some((s) => !done.has(`${s.kind === 'missed' ? 'm' : 'n'} ${r.id} ${s.step}`)),
  );
  const historyOf = new Map<string, { to: string; at: Date }[]>();
  if (candidates.length > 0) {
    const history = await database.db
      .selectFrom('referral_status_history')
      .select(['referral_id', 'to_code', 'changed_at'])
      .where('referral_id', '=', sql<string>`any(${candidates.map((r) => r.id)}::text[])`)
      .orderBy('seq')
      .execute();
    for (const h of history) {
      const list = historyOf.get(h.referral_id) ?? [];
      list.push({ to: h.to_code, at: h.changed_at });
      historyOf.set(h.referral_id, list);
    }
  }
  for (const [i, r] of candidates.entries()) {
    // Let the server's requests in between, rather than block the event loop for the whole list.
    if (i % 200 === 199) await new Promise((resolve) => setImmediate(resolve));
    const facts = { referralDate: r.referral_date, status: r.status_code, history: historyOf.get(r.id) ?? [] };
    const steps = settings.engine.evaluate(facts, now);
    const work =
      missedStepsOf(steps).some((m) => !done.has(`m ${r.id} ${m.step}`)) ||
      steps.some((s) => s.state === 'due_soon' && !done.has(`n ${r.id} ${s.step}`));
    if (!work) continue;
    await database.transaction((tx) => sweepOne(tx, ctx, settings, publicUrl, r.id, result));
  }
  return result;
}
