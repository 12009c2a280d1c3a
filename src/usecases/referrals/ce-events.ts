/**
 * HUD 4.20 Coordinated Entry events from referrals (issue 6 point 9): each referral of a head of household
 * is an event on the head's CE enrollment — event code from the receiving project's type, the receiving
 * ProjectID as LocationCrisisOrPHHousing, and ReferralResult/ResultDate from the configuration once the
 * referral ends with a status that maps to a result. Used by the client screen and, later, the HUD export.
 */
import type { Db, Tx } from '../../data/db.ts';
import { auditClientRead, findVisibleClient } from '../../data/gateway/clients.ts';
import { todayOf } from '../today.ts';
import { localDateAt } from '../../domain/calendar/zoned.ts';
import { hudReferralResult, ceEventCodeForProjectType, type ReferralConfig } from '../../domain/referrals/index.ts';
import { requireActor, type RequestContext } from '../context.ts';
import { loadReferralSettings } from './config-store.ts';
import { referralNumber } from './referrals.ts';

export interface CeEvent {
  /** HUD EventID: the referral's id. */
  eventId: string;
  referralId: string;
  referralNumber: string;
  /** The head's CE enrollment (EnrollmentID), null when the head had none open at the referral date. */
  enrollmentId: string | null;
  personalId: string;
  eventDate: string;
  /** 4.20.2 Event. */
  event: number | null;
  /** 4.20.B LocationCrisisOrPHHousing: the receiving project. */
  locationCrisisOrPHHousing: string;
  /** 4.20.D ReferralResult (1, 2, 3) or null while the referral is open or ended without a result. */
  referralResult: 1 | 2 | 3 | null;
  /** 4.20.E ResultDate. */
  resultDate: string | null;
  projectName: string;
  status: { code: string; label: string };
}

/** The events of a client's referrals (as head of household); no access check (callers check). */
export async function ceEventsOf(db: Db | Tx, config: ReferralConfig, clientId: string): Promise<CeEvent[]> {
  const rows = await db
    .selectFrom('referrals as r')
    .innerJoin('projects as p', 'p.id', 'r.project_id')
    .select(['r.id', 'r.number', 'r.client_id', 'r.ce_enrollment_id', 'r.referral_date', 'r.status_code', 'r.status_label', 'r.closed_at', 'p.id as project_id', 'p.name as project_name', 'p.project_type'])
    .where('r.client_id', '=', clientId)
    .orderBy('r.referral_date')
    .orderBy('r.number')
    .execute();
  return rows.map((r) => {
    const result = r.closed_at ? hudReferralResult(config, r.status_code) : null;
    return {
      eventId: r.id,
      referralId: r.id,
      referralNumber: referralNumber(r.number),
      enrollmentId: r.ce_enrollment_id,
      personalId: r.client_id,
      eventDate: r.referral_date,
      event: ceEventCodeForProjectType(r.project_type),
      locationCrisisOrPHHousing: r.project_id,
      referralResult: result,
      resultDate: result !== null && r.closed_at ? localDateAt(r.closed_at, config.timeZone) : null,
      projectName: r.project_name,
      status: { code: r.status_code, label: r.status_label },
    };
  });
}

/** GET /clients/{id}/ce-events: the client must be visible (read audited). */
export async function getClientCeEvents(tx: Tx, ctx: RequestContext, clientId: string) {
  const actor = requireActor(ctx);
  const { client, reason } = await findVisibleClient(tx, actor, clientId, await todayOf(tx, ctx));
  await auditClientRead(tx, ctx, [client.id], reason, { via: 'ce-events' });
  const { config } = await loadReferralSettings(tx, ctx);
  return ceEventsOf(tx, config, client.id);
}
