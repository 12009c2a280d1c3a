/**
 * Enrollment reads (issue 5): a project with what the enrollment rules need, a household stay's
 * members, and an enrollment's staged assessments, services and form responses. Visibility is the
 * caller's job (the client gateway); these are plain reads inside the caller's transaction.
 */
import type { Selectable } from 'kysely';
import type { Db, Tx } from '../db.ts';
import type { EnrollmentAssessmentTable, EnrollmentServiceTable, EnrollmentTable, FormResponseTable } from '../schema.ts';

export type EnrollmentRow = Selectable<EnrollmentTable>;
export type AssessmentRow = Selectable<EnrollmentAssessmentTable>;
export type ServiceRow = Selectable<EnrollmentServiceTable>;
export type FormResponseRow = Selectable<FormResponseTable>;

export interface ProjectForEnrollment {
  id: string;
  agencyId: string;
  name: string;
  projectType: number;
  requiresFollowUps: boolean;
  funders: { funder: number; startDate: string; endDate: string | null }[];
  cocCodes: string[];
}

export async function loadProjectForEnrollment(db: Db | Tx, projectId: string): Promise<ProjectForEnrollment | undefined> {
  const p = await db.selectFrom('projects').select(['id', 'agency_id', 'name', 'project_type', 'requires_follow_ups']).where('id', '=', projectId).executeTakeFirst();
  if (!p) return undefined;
  const funders = await db.selectFrom('project_funders').select(['funder', 'start_date', 'end_date']).where('project_id', '=', projectId).execute();
  const cocs = await db.selectFrom('project_cocs').select('coc_code').where('project_id', '=', projectId).orderBy('created_at').execute();
  return {
    id: p.id,
    agencyId: p.agency_id,
    name: p.name,
    projectType: p.project_type,
    requiresFollowUps: p.requires_follow_ups,
    funders: funders.map((f) => ({ funder: f.funder, startDate: f.start_date, endDate: f.end_date })),
    cocCodes: [...new Set(cocs.map((c) => c.coc_code))],
  };
}

export async function findEnrollment(db: Db | Tx, id: string, forUpdate = false): Promise<EnrollmentRow | undefined> {
  let q = db.selectFrom('enrollments').selectAll().where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export interface HouseholdMemberRow extends EnrollmentRow {
  dob: string | null;
  first_name: string | null;
  middle_name: string | null;
  last_name: string | null;
  suffix: string | null;
  anonymous: boolean;
}

/** Every enrollment of one household stay (HUD HouseholdID), head first, then by start date. */
export async function householdEnrollments(db: Db | Tx, householdId: string, forUpdate = false): Promise<HouseholdMemberRow[]> {
  let q = db
    .selectFrom('enrollments as e')
    .innerJoin('clients as c', 'c.id', 'e.client_id')
    .selectAll('e')
    .select(['c.dob', 'c.first_name', 'c.middle_name', 'c.last_name', 'c.suffix', 'c.anonymous'])
    .where('e.household_id', '=', householdId)
    .orderBy(({ eb }) => eb.case().when('e.relationship_to_hoh', '=', 1).then(0).else(1).end())
    .orderBy('e.entry_date')
    .orderBy('e.created_at')
    .orderBy('e.id');
  if (forUpdate) q = q.forUpdate(['e']);
  return (await q.execute()) as HouseholdMemberRow[];
}

export function assessmentsOf(db: Db | Tx, enrollmentIds: readonly string[]): Promise<AssessmentRow[]> {
  if (enrollmentIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('enrollment_assessments')
    .selectAll()
    .where('enrollment_id', 'in', [...enrollmentIds])
    .orderBy('information_date')
    .orderBy('data_collection_stage')
    .orderBy('created_at')
    .execute();
}

export function servicesOf(db: Db | Tx, enrollmentIds: readonly string[]): Promise<ServiceRow[]> {
  if (enrollmentIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('enrollment_services').selectAll().where('enrollment_id', 'in', [...enrollmentIds]).orderBy('date_provided', 'desc').orderBy('created_at', 'desc').execute();
}

export function formResponsesOf(db: Db | Tx, enrollmentIds: readonly string[]): Promise<FormResponseRow[]> {
  if (enrollmentIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('form_responses').selectAll().where('enrollment_id', 'in', [...enrollmentIds]).orderBy('information_date').orderBy('created_at').execute();
}

/** A client's enrollments in every project (newest first) with the project's name and type. */
export function clientEnrollments(db: Db | Tx, clientId: string) {
  return db
    .selectFrom('enrollments as e')
    .innerJoin('projects as p', 'p.id', 'e.project_id')
    .selectAll('e')
    .select(['p.name as project_name', 'p.project_type', 'p.agency_id'])
    .where('e.client_id', '=', clientId)
    .orderBy('e.entry_date', 'desc')
    .orderBy('e.created_at', 'desc')
    .execute();
}
