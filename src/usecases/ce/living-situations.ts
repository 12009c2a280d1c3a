import type { Tx } from '../../data/db.ts';
import { auditClientRead, findVisibleClient } from '../../data/gateway/clients.ts';
import { todayOf } from '../today.ts';
import type { FieldProblem } from '../../domain/errors.ts';
import { RuleViolation } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { writeAudit } from '../audit.ts';
import { requireActor, type RequestContext } from '../context.ts';
import { assertNoProblems, loadCeProjectIds, openCeEnrollment, requireCeHrs } from './common.ts';

export interface CurrentLivingSituationInput {
  informationDate: string;
  currentLivingSituation: number;
  clsSubsidyType?: number | null | undefined;
  verifiedBy?: string | null | undefined;
  leaveSituation14Days?: number | null | undefined;
  subsequentResidence?: number | null | undefined;
  resourcesToObtain?: number | null | undefined;
  leaseOwn60Day?: number | null | undefined;
  movedTwoOrMore?: number | null | undefined;
  locationDetails?: string | null | undefined;
}

interface ClsRow {
  id: string;
  enrollment_id: string;
  client_id: string;
  information_date: string;
  current_living_situation: number;
  cls_subsidy_type: number | null;
  verified_by: string | null;
  leave_situation_14_days: number | null;
  subsequent_residence: number | null;
  resources_to_obtain: number | null;
  lease_own_60_day: number | null;
  moved_two_or_more: number | null;
  location_details: string | null;
  created_at: Date;
}

export const presentCls = (r: ClsRow & { created_by_name?: string | null }) => ({
  id: r.id,
  enrollmentId: r.enrollment_id,
  clientId: r.client_id,
  informationDate: r.information_date,
  currentLivingSituation: r.current_living_situation,
  clsSubsidyType: r.cls_subsidy_type,
  verifiedBy: r.verified_by,
  leaveSituation14Days: r.leave_situation_14_days,
  subsequentResidence: r.subsequent_residence,
  resourcesToObtain: r.resources_to_obtain,
  leaseOwn60Day: r.lease_own_60_day,
  movedTwoOrMore: r.moved_two_or_more,
  locationDetails: r.location_details,
  recordedBy: r.created_by_name ?? null,
  createdAt: r.created_at.toISOString(),
});

/** HUD 4.12: an HRS records a contact with the client and where they are staying, on the open CE enrollment. */
export async function recordCurrentLivingSituation(tx: Tx, ctx: RequestContext, clientId: string, input: CurrentLivingSituationInput) {
  const actor = requireActor(ctx);
  const today = await todayOf(tx, ctx);
  const { client } = await findVisibleClient(tx, actor, clientId, today);
  requireCeHrs(actor, await loadCeProjectIds(tx));
  const enrollment = await openCeEnrollment(tx, client.id);
  if (!enrollment) throw new RuleViolation('Enroll the client in Coordinated Entry before recording a current living situation.', [{ pointer: '/', message: 'Enroll the client in Coordinated Entry first.' }], 'ce.enrollment_required');
  const errors: FieldProblem[] = [];
  if (input.informationDate > today) errors.push({ pointer: '/informationDate', message: 'The date of the contact cannot be in the future.' });
  if (input.informationDate < enrollment.entry_date) errors.push({ pointer: '/informationDate', message: `The date of the contact cannot be before the CE enrollment started (${enrollment.entry_date}).` });
  if (input.currentLivingSituation === 435 && (input.clsSubsidyType ?? null) === null) errors.push({ pointer: '/clsSubsidyType', message: 'Choose the type of rental subsidy.' });
  if (input.currentLivingSituation !== 435 && (input.clsSubsidyType ?? null) !== null) errors.push({ pointer: '/clsSubsidyType', message: 'A rental subsidy type is recorded only for “Rental by client, with ongoing housing subsidy”.' });
  assertNoProblems(errors);
  const now = ctx.clock.now();
  const row = await tx
    .insertInto('current_living_situations')
    .values({
      id: newId(),
      enrollment_id: enrollment.id,
      client_id: client.id,
      information_date: input.informationDate,
      current_living_situation: input.currentLivingSituation,
      cls_subsidy_type: input.clsSubsidyType ?? null,
      verified_by: input.verifiedBy?.trim() || null,
      leave_situation_14_days: input.leaveSituation14Days ?? null,
      subsequent_residence: input.subsequentResidence ?? null,
      resources_to_obtain: input.resourcesToObtain ?? null,
      lease_own_60_day: input.leaseOwn60Day ?? null,
      moved_two_or_more: input.movedTwoOrMore ?? null,
      location_details: input.locationDetails?.trim() || null,
      created_at: now,
      created_by: actor.userId,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const out = presentCls(row);
  await writeAudit(tx, ctx, { action: 'current_living_situation.create', entityType: 'current_living_situation', entityId: row.id, clientId: client.id, after: out });
  return out;
}

/** The client's current living situation contacts, newest first. Audited read. */
export async function listCurrentLivingSituations(tx: Tx, ctx: RequestContext, clientId: string) {
  const actor = requireActor(ctx);
  const { client, reason } = await findVisibleClient(tx, actor, clientId, await todayOf(tx, ctx));
  const rows = await tx
    .selectFrom('current_living_situations as s')
    .leftJoin('users as u', 'u.id', 's.created_by')
    .selectAll('s')
    .select('u.display_name as created_by_name')
    .where('s.client_id', '=', client.id)
    .orderBy('s.information_date', 'desc')
    .orderBy('s.created_at', 'desc')
    .execute();
  await auditClientRead(tx, ctx, [client.id], reason, { what: 'current_living_situations' });
  return { items: rows.map(presentCls) };
}
