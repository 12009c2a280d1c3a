/**
 * The CE list's SQL (issue 7): the households that may be matched — heads of household with an open CE
 * enrollment whose latest CE assessment placed them on the prioritization list (4.19 status 1), still
 * homeless (no permanent-housing move-in since that assessment: project types 3, 9, 10, 13) and without an
 * open referral — that the actor may see (the client gateway's filter, in SQL). The ranking itself is
 * the pure rule in src/domain/prioritization.
 */
import { sql } from 'kysely';
import type { Actor } from '../../domain/access.ts';
import type { CeCandidate, HouseholdMemberFacts } from '../../domain/prioritization/index.ts';
import type { ChronicHomelessInputs } from '../../domain/enrollment/living-situation.ts';
import { localDateAt } from '../../domain/calendar/zoned.ts';
import type { Db, Tx } from '../db.ts';
import { visibleClientsFilter } from '../gateway/clients.ts';

export const PERMANENT_HOUSING_TYPES = [3, 9, 10, 13] as const;
export const CE_PROJECT_TYPE = 14;

export interface CeListCandidate extends CeCandidate {
  ceEnrollmentId: string;
  firstName: string | null;
  lastName: string | null;
  anonymous: boolean;
}

const maxDate = (...ds: (string | null | undefined)[]): string => ds.filter((d): d is string => !!d).reduce((a, b) => (b > a ? b : a), '0000-01-01');

/**
 * Every household on the list the actor may see (unranked). `today` is the CoC's date (consents
 * expire by it); `timeZone` turns activity timestamps into dates.
 */
export async function ceListCandidates(db: Db | Tx, actor: Actor, today: string, timeZone: string): Promise<CeListCandidate[]> {
  const rows = await db
    .selectFrom('enrollments as e')
    .innerJoin('clients as c', 'c.id', 'e.client_id')
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom('ce_assessments as a')
          .select(['a.assessment_date', 'a.score', 'a.prioritization_status', 'a.created_at'])
          .whereRef('a.client_id', '=', 'e.client_id')
          .orderBy('a.assessment_date', 'desc')
          .orderBy('a.created_at', 'desc')
          .orderBy('a.id', 'desc')
          .limit(1)
          .as('a'),
      (join) => join.onTrue(),
    )
    .select([
      'e.id as enrollment_id',
      'e.client_id',
      'e.household_id',
      'e.entry_date',
      'e.updated_at as enrollment_updated_at',
      'e.disabling_condition',
      'e.living_situation',
      'e.rental_subsidy_type',
      'e.length_of_stay',
      'e.los_under_threshold',
      'e.previous_street_essh',
      'e.date_to_street_essh',
      'e.times_homeless_past_three_years',
      'e.months_homeless_past_three_years',
      'a.assessment_date',
      'a.score',
      'c.first_name',
      'c.last_name',
      'c.anonymous',
      'c.dob',
      'c.veteran_status',
    ])
    .select([
      sql<string | null>`(select min(a2.assessment_date) from ce_assessments a2 where a2.enrollment_id = e.id and a2.prioritization_status = 1)`.as('listed_since'),
      sql<string | null>`(select max(cls.information_date) from current_living_situations cls where cls.client_id = e.client_id)`.as('last_cls'),
      sql<Date | null>`(select max(ca.at) from contact_attempts ca join referrals rr on rr.id = ca.referral_id where rr.client_id = e.client_id)`.as('last_attempt'),
      sql<Date | null>`(select max(e3.updated_at) from enrollments e3 where e3.client_id = e.client_id)`.as('last_enrollment_update'),
      sql<string | null>`(select max(greatest(e3.entry_date, coalesce(e3.exit_date, e3.entry_date), coalesce(e3.move_in_date, e3.entry_date))) from enrollments e3 where e3.client_id = e.client_id)`.as('last_enrollment_date'),
    ])
    .where('e.is_ce', '=', true)
    .where('e.exit_date', 'is', null)
    .where('e.relationship_to_hoh', '=', 1)
    .where('a.prioritization_status', '=', 1)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('enrollments as ph')
            .innerJoin('projects as pp', 'pp.id', 'ph.project_id')
            .select(sql`1`.as('one'))
            .whereRef('ph.client_id', '=', 'e.client_id')
            .where('pp.project_type', 'in', [...PERMANENT_HOUSING_TYPES])
            .where('ph.move_in_date', 'is not', null)
            .whereRef('ph.move_in_date', '>', 'a.assessment_date'),
        ),
      ),
    )
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('referrals as r').select(sql`1`.as('one')).whereRef('r.client_id', '=', 'e.client_id').where('r.closed_at', 'is', null))))
    .where(visibleClientsFilter(actor, today))
    .execute();
  if (rows.length === 0) return [];

  // Households: the head's current household (households/household_members), else a household of one.
  const heads = rows.map((r) => r.client_id);
  const memberRows = await db
    .selectFrom('household_members as h0')
    .innerJoin('household_members as m', (j) => j.onRef('m.household_id', '=', 'h0.household_id').on('m.left_on', 'is', null))
    .innerJoin('clients as c', 'c.id', 'm.client_id')
    .select(['h0.client_id as head_id', 'm.client_id', 'm.relationship_to_hoh', 'c.dob', 'c.veteran_status'])
    .where('h0.client_id', 'in', heads)
    .where('h0.left_on', 'is', null)
    .where('h0.relationship_to_hoh', '=', 1)
    .orderBy('m.joined_on')
    .orderBy('m.created_at')
    .execute();
  const membersOf = new Map<string, HouseholdMemberFacts[]>();
  for (const m of memberRows) {
    const list = membersOf.get(m.head_id) ?? [];
    if (!list.some((x) => x.clientId === m.client_id)) list.push({ clientId: m.client_id, relationshipToHoH: m.relationship_to_hoh, dob: m.dob, veteranStatus: m.veteran_status });
    membersOf.set(m.head_id, list);
  }

  // Adults enrolled with the head in CE carry their own 3.917 and disabling condition.
  const others = await db
    .selectFrom('enrollments as e')
    .innerJoin('clients as c', 'c.id', 'e.client_id')
    .select([
      'e.household_id',
      'e.client_id',
      'c.dob',
      'e.disabling_condition',
      'e.living_situation',
      'e.rental_subsidy_type',
      'e.length_of_stay',
      'e.los_under_threshold',
      'e.previous_street_essh',
      'e.date_to_street_essh',
      'e.times_homeless_past_three_years',
      'e.months_homeless_past_three_years',
    ])
    .where('e.household_id', 'in', rows.map((r) => r.household_id))
    .where('e.is_ce', '=', true)
    .where('e.exit_date', 'is', null)
    .where('e.relationship_to_hoh', '!=', 1)
    .execute();

  type Inputs = Pick<(typeof rows)[number], 'disabling_condition' | 'living_situation' | 'rental_subsidy_type' | 'length_of_stay' | 'los_under_threshold' | 'previous_street_essh' | 'date_to_street_essh' | 'times_homeless_past_three_years' | 'months_homeless_past_three_years'>;
  const inputsOf = (e: Inputs): ChronicHomelessInputs => ({
    projectType: CE_PROJECT_TYPE,
    disablingCondition: e.disabling_condition,
    livingSituation: e.living_situation,
    rentalSubsidyType: e.rental_subsidy_type,
    lengthOfStay: e.length_of_stay,
    losUnderThreshold: e.los_under_threshold,
    previousStreetESSH: e.previous_street_essh,
    dateToStreetESSH: e.date_to_street_essh,
    timesHomelessPastThreeYears: e.times_homeless_past_three_years,
    monthsHomelessPastThreeYears: e.months_homeless_past_three_years,
  });

  return rows.map((r) => {
    const members = membersOf.get(r.client_id) ?? [{ clientId: r.client_id, relationshipToHoH: 1, dob: r.dob, veteranStatus: r.veteran_status }];
    const adults = others.filter((o) => o.household_id === r.household_id && (o.dob === null || o.dob <= `${Number(today.slice(0, 4)) - 18}${today.slice(4)}`));
    const disabling = [r, ...adults].some((x) => x.disabling_condition === 1) ? 1 : r.disabling_condition;
    const dates = [r.assessment_date, r.last_cls, r.last_enrollment_date, r.last_attempt ? localDateAt(r.last_attempt, timeZone) : null, r.last_enrollment_update ? localDateAt(r.last_enrollment_update, timeZone) : null];
    return {
      clientId: r.client_id,
      ceEnrollmentId: r.enrollment_id,
      firstName: r.first_name,
      lastName: r.last_name,
      anonymous: r.anonymous,
      members: [...members.filter((m) => m.relationshipToHoH === 1 && m.clientId === r.client_id), ...members.filter((m) => m.clientId !== r.client_id)],
      chronicInputs: [inputsOf(r), ...adults.map(inputsOf)],
      ceEntryDate: r.entry_date,
      disablingCondition: disabling,
      assessmentDate: r.assessment_date,
      score: r.score === null ? null : Number(r.score),
      dateToStreetEssh: r.date_to_street_essh,
      monthsHomelessCode: r.months_homeless_past_three_years,
      listedSince: r.listed_since ?? r.assessment_date,
      lastContact: maxDate(...dates),
    };
  });
}
