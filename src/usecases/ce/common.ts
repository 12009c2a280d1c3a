import type { Selectable } from 'kysely';
import type { Db, Tx } from '../../data/db.ts';
import type { EnrollmentTable } from '../../data/schema.ts';
import { can, type Actor } from '../../domain/access.ts';
import { chronicHomelessness, type PriorLivingSituation } from '../../domain/ce/living-situation.ts';
import { ForbiddenError, RuleViolation } from '../../domain/errors.ts';

export type EnrollmentRow = Selectable<EnrollmentTable>;

/** The CoC's Coordinated Entry projects (HUD project type 14). */
export async function loadCeProjectIds(tx: Tx | Db): Promise<string[]> {
  const rows = await tx.selectFrom('projects').select('id').where('project_type', '=', 14).orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => r.id);
}

/** The CE projects the actor works in as a Housing Resource Specialist (403 when none). */
export function requireCeHrs(actor: Actor, ceProjectIds: readonly string[]): string[] {
  if (!can(actor, 'ce.assess', { ceProjectIds })) {
    throw new ForbiddenError('Only a Housing Resource Specialist of the Coordinated Entry project may do this.');
  }
  const mine = new Set(actor.memberships.filter((m) => m.role === 'housing_resource_specialist').flatMap((m) => m.projectIds));
  return ceProjectIds.filter((id) => mine.has(id));
}

/** The client's open CE enrollment, if any (locked for update when asked). */
export async function openCeEnrollment(tx: Tx | Db, clientId: string, forUpdate = false): Promise<EnrollmentRow | undefined> {
  let q = tx.selectFrom('enrollments').selectAll().where('client_id', '=', clientId).where('is_ce', '=', true).where('exit_date', 'is', null);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export const priorLivingSituationOf = (e: EnrollmentRow): PriorLivingSituation => ({
  livingSituation: e.living_situation,
  rentalSubsidyType: e.rental_subsidy_type,
  lengthOfStay: e.length_of_stay,
  losUnderThreshold: e.los_under_threshold,
  previousStreetEssh: e.previous_street_essh,
  dateToStreetEssh: e.date_to_street_essh,
  timesHomelessPastThreeYears: e.times_homeless_past_three_years,
  monthsHomelessPastThreeYears: e.months_homeless_past_three_years,
});

export const priorLivingSituationColumns = (p: PriorLivingSituation) => ({
  living_situation: p.livingSituation,
  rental_subsidy_type: p.rentalSubsidyType,
  length_of_stay: p.lengthOfStay,
  los_under_threshold: p.losUnderThreshold,
  previous_street_essh: p.previousStreetEssh,
  date_to_street_essh: p.dateToStreetEssh,
  times_homeless_past_three_years: p.timesHomelessPastThreeYears,
  months_homeless_past_three_years: p.monthsHomelessPastThreeYears,
});

export interface EnrollmentMemberOut {
  clientId: string;
  enrollmentId: string;
  relationshipToHoH: number;
}

export function presentEnrollment(e: EnrollmentRow, projectName: string | null, members: EnrollmentMemberOut[] = []) {
  const prior = priorLivingSituationOf(e);
  return {
    id: e.id,
    clientId: e.client_id,
    projectId: e.project_id,
    projectName,
    householdId: e.household_id,
    relationshipToHoH: e.relationship_to_hoh,
    entryDate: e.entry_date,
    exitDate: e.exit_date,
    destination: e.destination,
    destinationSubsidyType: e.destination_subsidy_type,
    enrollmentCoc: e.enrollment_coc,
    disablingCondition: e.disabling_condition,
    ...prior,
    chronic: chronicHomelessness(prior, e.disabling_condition, e.entry_date),
    members,
    version: e.version,
    createdAt: e.created_at.toISOString(),
    updatedAt: e.updated_at.toISOString(),
  };
}

export type EnrollmentOut = ReturnType<typeof presentEnrollment>;

/** Picks out the 3.917 fields present in an input, over the current values. */
export function mergePrior(current: PriorLivingSituation, input: Partial<PriorLivingSituation>): PriorLivingSituation {
  const out = { ...current };
  for (const k of Object.keys(current) as (keyof PriorLivingSituation)[]) {
    if (input[k] !== undefined) (out as Record<string, unknown>)[k] = input[k];
  }
  // A changed situation or length of stay re-derives the threshold unless it was given.
  if (input.losUnderThreshold === undefined && (input.livingSituation !== undefined || input.lengthOfStay !== undefined)) out.losUnderThreshold = null;
  return out;
}

export const hasPriorInput = (input: Partial<PriorLivingSituation>): boolean =>
  (['livingSituation', 'rentalSubsidyType', 'lengthOfStay', 'losUnderThreshold', 'previousStreetEssh', 'dateToStreetEssh', 'timesHomelessPastThreeYears', 'monthsHomelessPastThreeYears'] as const).some(
    (k) => input[k] !== undefined,
  );

export function assertNoProblems(errors: { pointer: string; message: string }[]): void {
  if (errors.length > 0) throw new RuleViolation(errors.length === 1 ? errors[0]!.message : 'Some answers need correcting.', errors);
}

/** True when the database refused a duplicate (unique index). */
export const isUniqueViolation = (e: unknown): boolean => (e as { code?: string } | null)?.code === '23505';
