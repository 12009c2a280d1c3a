/**
 * Service transactions (POST /api/v1/enrollments/{id}/services): date, type, amount for financial
 * assistance, funder, note. Rental assistance is recorded one row per payment.
 *
 * Types are Hearth's catalog below; `recordType`/`typeProvided` carry a HUD Services.csv record type
 * when a service is one of HUD's (PATH, SSVF, HOPWA…) for the export.
 */
import { todayOf } from '../today.ts';
import type { Tx } from '../../data/db.ts';
import { ESG_RRH_FUNDER, isIsoDate, problem, throwIfProblems, type RuleProblem } from '../../domain/enrollment/index.ts';
import { newId } from '../../domain/ids.ts';
import { writeAudit } from '../audit.ts';
import { requireActor, type RequestContext } from '../context.ts';
import { loadVisibleEnrollment, requireEditable, requireManage } from './common.ts';

export const SERVICE_TYPES = {
  rental_assistance: { label: 'Rental assistance payment', financial: true },
  security_deposit: { label: 'Security deposit', financial: true },
  utility_payment: { label: 'Utility payment', financial: true },
  moving_costs: { label: 'Moving costs', financial: true },
  housing_search: { label: 'Housing search and placement', financial: false },
  case_management: { label: 'Housing stability case management', financial: false },
  other: { label: 'Other service', financial: false },
} as const;
export type ServiceType = keyof typeof SERVICE_TYPES;
export const SERVICE_TYPE_KEYS = Object.keys(SERVICE_TYPES) as ServiceType[];

export interface ServiceInput {
  date: string;
  type: string;
  amount?: number | null | undefined;
  funder?: number | null | undefined;
  note?: string | null | undefined;
  recordType?: number | null | undefined;
  typeProvided?: number | null | undefined;
}

export function serviceProblems(s: ServiceInput, stay: { entryDate: string; exitDate: string | null; today: string }, prefix = ''): RuleProblem[] {
  const out: RuleProblem[] = [];
  const t = SERVICE_TYPES[s.type as ServiceType];
  if (!t) out.push(problem('service.type', `${prefix}/type`, 'Choose a service type from the list.'));
  if (!isIsoDate(s.date)) out.push(problem('service.date', `${prefix}/date`, 'Enter the date the service was provided.'));
  else {
    if (s.date < stay.entryDate) out.push(problem('service.date', `${prefix}/date`, 'A service cannot be dated before the project start.'));
    if (stay.exitDate && s.date > stay.exitDate) out.push(problem('service.date', `${prefix}/date`, 'A service cannot be dated after the exit.'));
    if (s.date > stay.today) out.push(problem('service.date', `${prefix}/date`, 'A service cannot be dated in the future.'));
  }
  if (t?.financial && (s.amount == null || s.amount <= 0)) out.push(problem('service.amount-required', `${prefix}/amount`, 'Enter the amount paid (one payment per record).'));
  if (t && !t.financial && s.amount != null) out.push(problem('service.amount-not-allowed', `${prefix}/amount`, 'An amount is only recorded for financial assistance.'));
  if (s.amount != null && (s.amount > 1_000_000 || Math.round(s.amount * 100) !== s.amount * 100)) out.push(problem('service.amount', `${prefix}/amount`, 'Enter the amount in dollars and cents.'));
  return out;
}

export function serviceRow(s: ServiceInput, enrollmentId: string, clientId: string, esgRrh: boolean, userId: string, now: Date) {
  const t = SERVICE_TYPES[s.type as ServiceType];
  return {
    id: newId(),
    enrollment_id: enrollmentId,
    client_id: clientId,
    date_provided: s.date,
    type: s.type,
    record_type: s.recordType ?? null,
    type_provided: s.typeProvided ?? null,
    amount: s.amount ?? null,
    // ESG RRH financial assistance is paid from the ESG grant unless said otherwise.
    funder: s.funder ?? (esgRrh && t?.financial ? ESG_RRH_FUNDER : null),
    note: s.note?.trim() || null,
    created_at: now,
    created_by: userId,
  };
}

export function presentService(r: { id: string; date_provided: string; type: string; record_type: number | null; type_provided: number | null; amount: string | null; funder: number | null; note: string | null; created_at: Date; enrollment_id: string; client_id: string }) {
  return {
    id: r.id,
    enrollmentId: r.enrollment_id,
    clientId: r.client_id,
    date: r.date_provided,
    type: r.type,
    typeLabel: SERVICE_TYPES[r.type as ServiceType]?.label ?? r.type,
    recordType: r.record_type,
    typeProvided: r.type_provided,
    amount: r.amount === null ? null : Number(r.amount),
    funder: r.funder,
    note: r.note,
    createdAt: r.created_at.toISOString(),
  };
}

export async function addService(tx: Tx, ctx: RequestContext, enrollmentId: string, input: ServiceInput) {
  const actor = requireActor(ctx);
  const { enrollment: e, project, esgRrh } = await loadVisibleEnrollment(tx, ctx, enrollmentId, true);
  requireManage(actor, project);
  const amendment = requireEditable(actor, e, 'service');
  throwIfProblems(serviceProblems(input, { entryDate: e.entry_date, exitDate: e.exit_date, today: await todayOf(tx, ctx) }));
  const row = await tx.insertInto('enrollment_services').values(serviceRow(input, e.id, e.client_id, esgRrh, actor.userId, ctx.clock.now())).returningAll().executeTakeFirstOrThrow();
  const out = presentService(row);
  await writeAudit(tx, ctx, { action: amendment ? 'enrollment.amend.service' : 'enrollment.service', entityType: 'enrollment', entityId: e.id, clientId: e.client_id, after: out, ...(amendment ? { reason: 'administrator amendment' } : {}) });
  return out;
}
