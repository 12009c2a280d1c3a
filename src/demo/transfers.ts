/**
 * Demo transfers (issue 8), one in each place of the matching team's work:
 * - Lakeshore Safe Haven → Lakeshore Family PSH (internal, Safe Haven ↔ PSH: no approval), completed
 *   yesterday by the provider, awaiting the matching team's acknowledgement (a new demo client, Walter);
 * - Northside Rapid Re-Housing → Northside PSH (internal, another program model): awaiting CES approval
 *   (Denise's household, enrolled by the enrollments demo);
 * - Northside PSH → Lakeshore Family PSH (external): denied (Robert's household, who stays in PSH).
 * Rows are written directly, like the other demo loaders (no notifications, so a fresh demo has an empty
 * inbox), with the values the transfer rules give: kind, approval, exit destination, deadlines.
 * Dates count back from `now`.
 */
import { demoToday, minusDays } from './today.ts';
import type { Tx } from '../data/db.ts';
import { localDateAt } from '../domain/calendar/zoned.ts';
import { defaultConsentEnd } from '../domain/clients/consent.ts';
import { newId } from '../domain/ids.ts';
import { insertDemoStageRecord } from './data-collection.ts';
import { loadDefaultReferralConfig } from '../domain/referrals/config.ts';
import { timelinessEngine } from '../domain/timeliness/deadlines.ts';
import { exitDestinationFor } from '../domain/transfers/index.ts';
import type { DemoIds } from './seed.ts';

const DAY = 86_400_000;

export async function loadDemoTransfers(tx: Tx, ids: DemoIds, now: Date): Promise<void> {
  const p = ids.projects;
  const u = ids.users;
  if (!p['lakeshore-sh'] || !p['lakeshore-psh'] || !p['northside-rrh'] || !p['northside-psh'] || !ids.clients) return;
  const today = demoToday(now);
  const engine = timelinessEngine({ config: loadDefaultReferralConfig() });
  const tz = engine.timeZone;
  const yesterday = new Date(now.getTime() - DAY);
  const decidedOn = minusDays(today, 2);

  const base = (id: string, t: { enrollmentId: string; householdId: string; headClientId: string; from: string; target: string; kind: 'internal' | 'external'; approval: boolean; reason: string; members: string[]; createdAt: Date }) => {
    const due = engine.transferDeadlines(decidedOn, localDateAt(t.createdAt, tz));
    return {
      id,
      enrollment_id: t.enrollmentId,
      household_id: t.householdId,
      head_client_id: t.headClientId,
      from_project_id: t.from,
      target_project_id: t.target,
      kind: t.kind,
      approval_required: t.approval,
      reason: t.reason,
      decided_on: decidedOn,
      member_client_ids: t.members,
      household_moves: false,
      deny_reason: null,
      notification_due_at: due.notificationDue.dueAt,
      notified_on_time: t.createdAt.getTime() <= due.notificationDue.dueAt.getTime(),
      ces_referral_due_at: t.approval ? null : due.cesReferralDue.dueAt,
      completed_entry_date: null,
      new_household_id: null,
      old_exit_destination: null,
      old_exit_subsidy_type: null,
      new_move_in_date: null,
      referral_id: null,
      overdue_notified_at: null,
      approved_by: null,
      approved_at: null,
      denied_by: null,
      denied_at: null,
      completed_by: null,
      completed_at: null,
      acknowledged_by: null,
      acknowledged_at: null,
      created_at: t.createdAt,
      updated_at: t.createdAt,
    };
  };
  const event = (transferId: string, kind: 'requested' | 'completed' | 'denied', at: Date, by: string | null, note: string | null, details: Record<string, unknown> = {}) =>
    tx.insertInto('transfer_events').values({ id: newId(), transfer_id: transferId, kind, at, by_user: by, by_system: false, note, details: JSON.stringify(details) }).execute();

  // 1. Safe Haven → PSH at Lakeshore, completed yesterday, awaiting the CES acknowledgement.
  const walter = newId();
  await tx
    .insertInto('clients')
    .values({
      id: walter,
      first_name: 'Walter',
      middle_name: null,
      last_name: 'Simmons',
      name_data_quality: 1,
      ssn: '472910356',
      ssn_data_quality: 1,
      dob: '1963-07-21',
      dob_data_quality: 1,
      race: ['BlackAfAmerican'],
      race_none: null,
      sex: 1,
      veteran_status: 0,
      owner_agency_id: ids.agencies.lakeshore!,
      anonymous: false,
      lock_reasons: [],
      created_at: now,
      updated_at: now,
      created_by: u.provider2 ?? null,
    })
    .execute();
  ids.clients.walter = walter;
  const consentStart = minusDays(today, 200);
  await tx
    .insertInto('client_consents')
    .values({ id: newId(), client_id: walter, sharing: 'full', start_date: consentStart, end_date: defaultConsentEnd(consentStart), witness: 'Quinn Provider', signed_by: 'self', signer_name: null, created_at: now, created_by: u.provider2 ?? null })
    .execute();
  const moveOn = minusDays(today, 1);
  const exit = exitDestinationFor({ programModel: 'PSH', projectType: 3 });
  const enroll = async (projectId: string, entry: string, exitDate: string | null, prior: { living: number; subsidy: number | null }) => {
    const id = newId();
    await tx
      .insertInto('enrollments')
      .values({
        id,
        client_id: walter,
        project_id: projectId,
        household_id: newId(),
        relationship_to_hoh: 1,
        entry_date: entry,
        exit_date: exitDate,
        destination: exitDate ? exit.destination : null,
        destination_subsidy_type: exitDate ? exit.destinationSubsidyType : null,
        move_in_date: null,
        enrollment_coc: 'XX-999',
        disabling_condition: 1,
        living_situation: prior.living,
        rental_subsidy_type: prior.subsidy,
        length_of_stay: 4,
        los_under_threshold: null,
        previous_street_essh: null,
        // Homeless since well before the safe haven: the same episode at both project starts.
        date_to_street_essh: minusDays(today, 400),
        times_homeless_past_three_years: 1,
        months_homeless_past_three_years: 113,
        exited_at: exitDate ? yesterday : null,
        exited_by: exitDate ? (u.provider2 ?? null) : null,
        created_at: now,
        created_by: u.provider2 ?? null,
        updated_at: now,
        updated_by: u.provider2 ?? null,
      })
      .execute();
    const { project_type: projectType } = await tx.selectFrom('projects').select('project_type').where('id', '=', projectId).executeTakeFirstOrThrow();
    const stage = (s: number, date: string) =>
      insertDemoStageRecord(tx, { enrollmentId: id, clientId: walter, member: { relationshipToHoH: 1, entryDate: entry }, projectType, stage: s, date, at: now, by: u.provider2 ?? null }, { income: 943, disabling: true });
    await stage(1, entry);
    if (exitDate) await stage(3, exitDate);
    return tx.selectFrom('enrollments').select(['id', 'household_id']).where('id', '=', id).executeTakeFirstOrThrow();
  };
  const oldStay = await enroll(p['lakeshore-sh'], minusDays(today, 180), moveOn, { living: 116, subsidy: null });
  const newStay = await enroll(p['lakeshore-psh'], moveOn, null, { living: 118, subsidy: null });
  const t1 = newId();
  await tx
    .insertInto('transfers')
    .values({
      ...base(t1, { enrollmentId: oldStay.id, householdId: oldStay.household_id, headClientId: walter, from: p['lakeshore-sh'], target: p['lakeshore-psh'], kind: 'internal', approval: false, reason: 'Ready for permanent supportive housing; a unit opened in the same building.', members: [walter], createdAt: yesterday }),
      state: 'completed',
      completed_entry_date: moveOn,
      new_household_id: newStay.household_id,
      new_enrollment_ids: [newStay.id],
      old_exit_destination: exit.destination,
      old_exit_subsidy_type: exit.destinationSubsidyType,
      requested_by: u.provider2 ?? null,
      completed_by: u.provider2 ?? null,
      completed_at: yesterday,
      updated_at: yesterday,
    })
    .execute();
  await event(t1, 'requested', yesterday, u.provider2 ?? null, 'Ready for permanent supportive housing; a unit opened in the same building.', { kind: 'internal', approvalRequired: false, noApprovalRule: 'safe haven ↔ psh', notifiedOnTime: true, members: 1 });
  await event(t1, 'completed', yesterday, u.provider2 ?? null, null, { entryDate: moveOn, destination: exit.destination, destinationSubsidyType: exit.destinationSubsidyType, moveInDate: null, newEnrollmentIds: [newStay.id] });

  // 2. RRH → PSH at Northside (another program model): awaiting CES approval.
  const denise = await tx
    .selectFrom('enrollments')
    .select(['id', 'household_id', 'client_id'])
    .where('client_id', '=', ids.clients.denise ?? '')
    .where('project_id', '=', p['northside-rrh'])
    .where('exit_date', 'is', null)
    .where('relationship_to_hoh', '=', 1)
    .executeTakeFirst();
  if (denise) {
    const t2 = newId();
    const reason = 'Disabling condition diagnosed since entry: needs long-term supportive housing rather than short-term rental assistance.';
    await tx
      .insertInto('transfers')
      .values({ ...base(t2, { enrollmentId: denise.id, householdId: denise.household_id, headClientId: denise.client_id, from: p['northside-rrh'], target: p['northside-psh'], kind: 'internal', approval: true, reason, members: [denise.client_id], createdAt: now }), state: 'awaiting_approval', requested_by: u.provider ?? null })
      .execute();
    await event(t2, 'requested', now, u.provider ?? null, reason, { kind: 'internal', approvalRequired: true, noApprovalRule: null, notifiedOnTime: null, members: 1 });
  }

  // 3. Northside PSH → Lakeshore Family PSH (external): denied; the household stays in PSH.
  const robert = await tx
    .selectFrom('enrollments')
    .select(['id', 'household_id', 'client_id'])
    .where('client_id', '=', ids.clients.robert ?? '')
    .where('project_id', '=', p['northside-psh'])
    .where('exit_date', 'is', null)
    .executeTakeFirst();
  if (robert) {
    const t3 = newId();
    const reason = 'Wants to live closer to his sister on the South Side.';
    const deniedAt = new Date(now.getTime() - 3_600_000);
    const denyReason = 'Lakeshore Family PSH serves families; no single-adult unit is available.';
    await tx
      .insertInto('transfers')
      .values({
        ...base(t3, { enrollmentId: robert.id, householdId: robert.household_id, headClientId: robert.client_id, from: p['northside-psh'], target: p['lakeshore-psh'], kind: 'external', approval: true, reason, members: [robert.client_id], createdAt: yesterday }),
        state: 'denied',
        deny_reason: denyReason,
        requested_by: u.provider ?? null,
        denied_by: u.matcher ?? null,
        denied_at: deniedAt,
        updated_at: deniedAt,
      })
      .execute();
    await event(t3, 'requested', yesterday, u.provider ?? null, reason, { kind: 'external', approvalRequired: true, noApprovalRule: null, notifiedOnTime: null, members: 1 });
    await event(t3, 'denied', deniedAt, u.matcher ?? null, denyReason);
  }
}
