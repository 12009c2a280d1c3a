/**
 * A project's caseload (issue 16): one row per household stay — the head of household's enrollment —
 * with what the list shows and what its next-due rule needs. Visibility is the caller's filter
 * (`visibleClientsFilter` on `clients as c`, the head), passed in so that the list never holds a
 * household whose head the caller may not see.
 */
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { Db, Tx } from '../db.ts';
import { DATA_COLLECTION_STAGE, ESG_RRH_FORMS } from '../../domain/enrollment/index.ts';

export interface CaseloadRow {
  enrollment_id: string;
  household_id: string;
  client_id: string;
  first_name: string | null;
  middle_name: string | null;
  last_name: string | null;
  suffix: string | null;
  anonymous: boolean;
  entry_date: string;
  move_in_date: string | null;
  exit_date: string | null;
  household_size: number;
  annual_dates: string[];
  reevaluation_dates: string[];
  project_start_recorded: boolean;
  access_reason: string | null;
}

export interface CaseloadQuery {
  status: 'active' | 'exited' | 'all';
  /** Exits on or after / on or before (status exited). */
  exitedFrom?: string | undefined;
  exitedTo?: string | undefined;
}

export function caseloadRows(db: Db | Tx, projectId: string, q: CaseloadQuery, visible: Expression<SqlBool>, reason: RawBuilder<string | null>): Promise<CaseloadRow[]> {
  let query = db
    .selectFrom('enrollments as e')
    .innerJoin('clients as c', 'c.id', 'e.client_id')
    .where('e.project_id', '=', projectId)
    .where('e.relationship_to_hoh', '=', 1)
    .where('e.is_ce', '=', false)
    .where(visible);
  if (q.status === 'active') query = query.where('e.exit_date', 'is', null);
  if (q.status === 'exited') query = query.where('e.exit_date', 'is not', null);
  if (q.exitedFrom) query = query.where('e.exit_date', '>=', q.exitedFrom);
  if (q.exitedTo) query = query.where('e.exit_date', '<=', q.exitedTo);
  return query
    .select([
      'e.id as enrollment_id',
      'e.household_id',
      'e.client_id',
      'c.first_name',
      'c.middle_name',
      'c.last_name',
      'c.suffix',
      'c.anonymous',
      'e.entry_date',
      'e.move_in_date',
      'e.exit_date',
      sql<number>`(select count(*)::int from enrollments m where m.household_id = e.household_id and m.project_id = e.project_id)`.as('household_size'),
      sql<string[]>`array(select a.information_date::text from enrollment_assessments a where a.enrollment_id = e.id and a.data_collection_stage = ${DATA_COLLECTION_STAGE.annual})`.as('annual_dates'),
      sql<string[]>`array(select f.information_date::text from form_responses f where f.enrollment_id = e.id and f.form_id = ${ESG_RRH_FORMS.reevaluation})`.as('reevaluation_dates'),
      sql<boolean>`exists (select 1 from enrollment_assessments a where a.enrollment_id = e.id and a.data_collection_stage = ${DATA_COLLECTION_STAGE.projectStart})`.as('project_start_recorded'),
      reason.as('access_reason'),
    ])
    .execute() as Promise<CaseloadRow[]>;
}

/** The head's name of one caseload row, for placing a name-sorted cursor whose row left the list. */
export async function caseloadHeadName(db: Db | Tx, projectId: string, enrollmentId: string) {
  return db
    .selectFrom('enrollments as e')
    .innerJoin('clients as c', 'c.id', 'e.client_id')
    .select(['c.id', 'c.first_name', 'c.middle_name', 'c.last_name', 'c.suffix', 'c.anonymous'])
    .where('e.id', '=', enrollmentId)
    .where('e.project_id', '=', projectId)
    .executeTakeFirst();
}
