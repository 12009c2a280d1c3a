/**
 * Demo referrals (issue 6): one or more in every status of the shipped configuration, to Northside's PSH
 * and RRH (the demo `provider`) and Lakeshore's PSH (`provider2`), with history, contact attempts, an
 * opening filled by an enrollment (its other referral closed as filled), and some overdue. Dates are
 * relative to the clock, so the overdue ones stay overdue and the on-time ones on time whenever the demo
 * loads. Misses the sweep would act on are recorded as already acted (as if the sweep had run), so the
 * server's sweep does not escalate the demo on start; "due soon" notices count as sent. Deterministic.
 */
import type { Tx } from '../data/db.ts';
import { addDays } from '../domain/calendar/dates.ts';
import { localDateAt, startOfDayInstant } from '../domain/calendar/zoned.ts';
import { newId } from '../domain/ids.ts';
import { insertDemoStageRecord } from './data-collection.ts';
import { findStatus, loadDefaultReferralConfig } from '../domain/referrals/config.ts';
import { ensureConfigRow } from '../usecases/referrals/config-store.ts';

interface DemoIdsLike {
  projects: Record<string, string>;
  users: Record<string, string>;
  clients?: Record<string, string>;
}

type Method = 'phone' | 'text' | 'email' | 'in_person' | 'via_contact';
type Outcome = 'reached' | 'left_message' | 'no_answer' | 'wrong_number' | 'other';

interface DemoReferral {
  client: string;
  project: string;
  daysAgo: number;
  /** Status changes after `matched`: [code, day after the referral date, by, note?]. */
  steps?: [string, number, 'provider' | 'provider2' | 'matcher' | 'admin' | 'system', string?][];
  attempts?: [number, Method, Outcome, string?][];
  /** Steps already recorded as missed (the sweep ran): flagged. */
  flagged?: string[];
  /** Escalated steps (the sweep set the status). */
  escalated?: string[];
  opening?: 'lakeshore-psh-unit';
  enroll?: boolean;
}

const REFERRALS: DemoReferral[] = [
  // Matched today: the provider responds (on time).
  { client: 'marcus', project: 'northside-psh', daysAgo: 0 },
  // Matched yesterday to the RRH.
  { client: 'denise', project: 'northside-rrh', daysAgo: 1 },
  // Attempting contact for 20 days: engagement overdue (flagged).
  {
    client: 'anthony', project: 'northside-psh', daysAgo: 20,
    steps: [['attempting_contact', 1, 'provider', 'Called the number on the profile.']],
    attempts: [[1, 'phone', 'left_message'], [4, 'text', 'no_answer'], [9, 'via_contact', 'other', 'Asked the shelter to pass on a message.']],
    flagged: ['engagement'],
  },
  // Family engaged, on time.
  {
    client: 'angela', project: 'lakeshore-psh', daysAgo: 8,
    steps: [['attempting_contact', 1, 'provider2'], ['engaged', 4, 'provider2', 'Viewing booked; documents being gathered.']],
    attempts: [[1, 'phone', 'left_message'], [3, 'phone', 'reached', 'Interested; will come in Thursday.']],
  },
  // Family engaged for 33 days: enrollment overdue (flagged).
  {
    client: 'carlos', project: 'lakeshore-psh', daysAgo: 33,
    steps: [['attempting_contact', 1, 'provider2'], ['engaged', 6, 'provider2']],
    attempts: [[1, 'phone', 'reached']],
    flagged: ['enrollment'],
  },
  // The provider did not respond: escalated by the system.
  { client: 'william', project: 'northside-psh', daysAgo: 12, steps: [['rematch_provider_no_response', 3, 'system', 'The "first response" step was due.']], escalated: ['first response'] },
  // Unable to contact after three attempts over ten days.
  {
    client: 'darnell', project: 'northside-rrh', daysAgo: 25,
    steps: [['attempting_contact', 1, 'provider'], ['rematch_unable_to_contact', 12, 'provider', 'No working phone; mail returned.']],
    attempts: [[1, 'phone', 'wrong_number'], [5, 'in_person', 'no_answer', 'Not at the address on file.'], [10, 'via_contact', 'no_answer']],
  },
  { client: 'tomas', project: 'northside-psh', daysAgo: 18, steps: [['attempting_contact', 1, 'provider'], ['rematch_client_declined', 5, 'provider', 'Prefers to stay near family on the South Side.']], attempts: [[1, 'phone', 'reached']] },
  { client: 'robert', project: 'northside-rrh', daysAgo: 15, steps: [['engaged', 2, 'provider'], ['rematch_client_ineligible', 9, 'provider', 'Income above the program limit.']], attempts: [[1, 'phone', 'reached']] },
  { client: 'aisha', project: 'lakeshore-psh', daysAgo: 10, steps: [['cancelled', 2, 'matcher', 'Matched in error: already housed.']] },
  // Two referrals for one opening: one enrolled, the other closed as filled.
  { client: 'keisha', project: 'lakeshore-psh', daysAgo: 22, opening: 'lakeshore-psh-unit', steps: [['attempting_contact', 1, 'provider2'], ['engaged', 3, 'provider2']], attempts: [[1, 'email', 'reached']], enroll: true },
  { client: 'jonathan', project: 'lakeshore-psh', daysAgo: 22, opening: 'lakeshore-psh-unit', steps: [['attempting_contact', 1, 'provider2'], ['closed_opening_filled', 19, 'system', 'The opening was filled by another referral.']], attempts: [[1, 'phone', 'no_answer']] },
];

export async function loadDemoReferrals(tx: Tx, ids: DemoIdsLike, now: Date): Promise<void> {
  const clients = ids.clients ?? {};
  await ensureConfigRow(tx, now);
  const config = loadDefaultReferralConfig();
  const tz = config.timeZone;
  const today = localDateAt(now, tz);
  const at = (date: string, hour: number) => {
    const t = new Date(startOfDayInstant(date, tz).getTime() + hour * 3_600_000);
    return t.getTime() > now.getTime() ? now : t;
  };
  const user = (who: string) => (who === 'system' ? null : (ids.users[who] ?? null));
  const openings: Record<string, string> = {};
  for (const d of REFERRALS) {
    const clientId = clients[d.client];
    const projectId = ids.projects[d.project];
    if (!clientId || !projectId) continue;
    const referralDate = addDays(today, -d.daysAgo);
    const created = at(referralDate, 10);
    if (d.opening && !openings[d.opening]) {
      openings[d.opening] = newId();
      await tx
        .insertInto('openings')
        .values({ id: openings[d.opening]!, project_id: projectId, kind: 'unit', bedrooms: 1, household_size: 1, available_on: referralDate, note: 'One-bedroom, ground floor.', created_at: created, created_by: user('matcher') })
        .execute();
    }
    const members = await householdSnapshot(tx, clientId);
    const ce = await tx.selectFrom('enrollments').select('id').where('client_id', '=', clientId).where('is_ce', '=', true).orderBy('entry_date', 'desc').executeTakeFirst();
    const id = newId();
    const matched = findStatus(config, 'matched')!;
    let status = matched;
    let changedAt = created;
    let version = 1;
    const history: { from: string | null; to: string; label: string; at: Date; by: string | null; bySystem: boolean; note: string | null }[] = [
      { from: null, to: matched.code, label: matched.label, at: created, by: user('matcher'), bySystem: false, note: null },
    ];
    for (const [code, day, who, note] of d.steps ?? []) {
      const s = findStatus(config, code)!;
      const t = at(addDays(referralDate, day), 11);
      history.push({ from: status.code, to: s.code, label: s.label, at: t, by: user(who), bySystem: who === 'system', note: note ?? null });
      status = s;
      changedAt = t;
      version++;
    }
    let enrollmentId: string | null = null;
    if (d.enroll) {
      enrollmentId = newId();
      const hh = (await tx.selectFrom('household_members').select('household_id').where('client_id', '=', clientId).executeTakeFirst())?.household_id ?? (await newHousehold(tx, clientId, referralDate, created));
      const entry = addDays(referralDate, 18);
      await tx
        .insertInto('enrollments')
        .values({
          id: enrollmentId,
          client_id: clientId,
          project_id: projectId,
          household_id: hh,
          relationship_to_hoh: 1,
          entry_date: entry,
          enrollment_coc: 'XX-999',
          disabling_condition: 0,
          // From emergency shelter, homeless for about six weeks (3.917 complete for a PH project).
          living_situation: 101,
          length_of_stay: 3,
          date_to_street_essh: addDays(entry, -45),
          times_homeless_past_three_years: 1,
          months_homeless_past_three_years: 103,
          created_at: at(entry, 12),
          created_by: user('provider2'),
          updated_at: at(entry, 12),
          updated_by: user('provider2'),
        })
        .execute();
      const { project_type: projectType } = await tx.selectFrom('projects').select('project_type').where('id', '=', projectId).executeTakeFirstOrThrow();
      await insertDemoStageRecord(tx, { enrollmentId, clientId, member: { relationshipToHoH: 1, entryDate: entry }, projectType, stage: 1, date: entry, at: at(entry, 12), by: user('provider2') }, { income: 780 });
      const s = findStatus(config, 'enrolled')!;
      history.push({ from: status.code, to: s.code, label: s.label, at: at(entry, 12), by: user('provider2'), bySystem: false, note: null });
      status = s;
      changedAt = at(entry, 12);
      version++;
    }
    await tx
      .insertInto('referrals')
      .values({
        id,
        client_id: clientId,
        household_snapshot: JSON.stringify(members),
        project_id: projectId,
        opening_id: d.opening ? openings[d.opening]! : null,
        ce_enrollment_id: ce?.id ?? null,
        referral_date: referralDate,
        status_code: status.code,
        status_label: status.label,
        status_changed_at: changedAt,
        closed_at: status.terminal ? changedAt : null,
        enrollment_id: enrollmentId,
        flagged_steps: d.flagged ?? [],
        version,
        created_at: created,
        created_by: user('matcher'),
        updated_at: changedAt,
      })
      .execute();
    if (d.enroll && d.opening) await tx.updateTable('openings').set({ state: 'filled', filled_by_referral_id: id }).where('id', '=', openings[d.opening]!).execute();
    for (const h of history) {
      await tx
        .insertInto('referral_status_history')
        .values({ id: newId(), referral_id: id, from_code: h.from, to_code: h.to, label: h.label, changed_at: h.at, changed_by: h.by, by_system: h.bySystem, note: h.note })
        .execute();
    }
    for (const [day, method, outcome, note] of d.attempts ?? []) {
      const t = at(addDays(referralDate, day), 9 + (day % 5));
      await tx.insertInto('contact_attempts').values({ id: newId(), referral_id: id, at: t, method, outcome, note: note ?? null, recorded_at: t, recorded_by: user(d.project.startsWith('lakeshore') ? 'provider2' : 'provider') }).execute();
    }
    for (const [steps, action] of [[d.flagged ?? [], 'flag'], [d.escalated ?? [], 'setStatus']] as const) {
      for (const step of steps) {
        const t = config.timeliness.find((x) => x.step === step);
        if (!t) continue;
        await tx.insertInto('referral_step_misses').values({ referral_id: id, step, action, due_at: changedAt, acted_at: changedAt }).execute();
      }
    }
    // The demo's "due soon" notices count as sent (at load): the demo starts quiet, and the states still
    // show on the screens. Misses still escalate or flag when the sweep meets them.
    if (!status.terminal) {
      for (const t of config.timeliness) await tx.insertInto('referral_due_soon_notices').values({ referral_id: id, step: t.step, notified_at: now }).execute();
    }
    const rematch = status.rematch;
    if (rematch) {
      await tx.insertInto('rematch_requests').values({ id: newId(), opening_id: null, project_id: projectId, from_referral_id: id, referrals_needed: rematch.newReferrals, created_at: changedAt }).execute();
    }
  }
}

async function householdSnapshot(tx: Tx, clientId: string) {
  const m = await tx.selectFrom('household_members').select(['household_id', 'relationship_to_hoh']).where('client_id', '=', clientId).where('left_on', 'is', null).executeTakeFirst();
  if (!m) return [{ clientId, relationshipToHoH: 1 }];
  const all = await tx.selectFrom('household_members').select(['client_id', 'relationship_to_hoh']).where('household_id', '=', m.household_id).where('left_on', 'is', null).orderBy('relationship_to_hoh').execute();
  return all.map((x) => ({ clientId: x.client_id, relationshipToHoH: x.relationship_to_hoh }));
}

async function newHousehold(tx: Tx, clientId: string, joined: string, now: Date): Promise<string> {
  const id = newId();
  await tx.insertInto('households').values({ id, created_at: now, created_by: null }).execute();
  await tx.insertInto('household_members').values({ id: newId(), household_id: id, client_id: clientId, relationship_to_hoh: 1, joined_on: joined, created_at: now, created_by: null }).execute();
  return id;
}
