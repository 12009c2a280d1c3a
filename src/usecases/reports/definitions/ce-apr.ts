/**
 * The CE APR's facts (issue 20 point 4) read from Hearth's records, then the tables by the pure rules of
 * src/domain/reports/ce-apr.ts.
 *
 * - Projects: continuum projects of the CoC with a 2.09 CE participation (access point or receiving
 *   referrals) overlapping the period, among the covered ones.
 * - Assessments (4.19): `ce_assessments`; events (4.20): Hearth's referrals (on the head's CE enrollment,
 *   code from the receiving project's type, result from the configuration once closed — as the HUD
 *   export writes them) and the 4.20 records kept from HUD imports. Each is kept only when its project
 *   took part in CE on its date and its CoC is the report's (the project's only CoC, else the head's
 *   EnrollmentCoC).
 * - The scope is applied once (`inScope`): covered projects, clients the caller may see.
 */
import { sql, type RawBuilder } from 'kysely';
import { addDays } from '../../../domain/calendar/dates.ts';
import { ceAprTables, type CeAprAssessment, type CeAprClient, type CeAprEnrollment, type CeAprEvent, type CeAprFacts, type CeAprProject } from '../../../domain/reports/ce-apr.ts';
import { ceEventCodeForProjectType, hudReferralResult } from '../../../domain/referrals/index.ts';
import type { Tx } from '../../../data/db.ts';
import type { ReportDefinitionImpl, ReportInput } from '../definition.ts';

const participatingOn = (project: RawBuilder<unknown>, day: RawBuilder<unknown>) => sql<boolean>`exists (
  select 1 from project_ce_participation cp
  where cp.project_id = ${project} and (cp.access_point or cp.receives_referrals)
    and cp.start_date <= ${day} and (cp.end_date is null or ${day} <= cp.end_date))`;

/** The record's CoC is the report's: the project's only CoC, or (several) the head of household's EnrollmentCoC. */
const inReportCoc = (coc: string) => sql<boolean>`(case when (select count(*) from project_cocs pc where pc.project_id = e.project_id) = 1
    then exists (select 1 from project_cocs pc where pc.project_id = e.project_id and pc.coc_code = ${coc})
    else exists (select 1 from enrollments h where h.household_id = e.household_id and h.relationship_to_hoh = 1 and h.enrollment_coc = ${coc}) end)`;

export async function ceAprFacts(tx: Tx, input: ReportInput): Promise<CeAprFacts> {
  const { scope, params, cocCode } = input;
  const start = params.startDate;
  const end = params.endDate;
  const lookahead = addDays(end, 90);
  const projectIds = [...scope.projectIds];
  // The scope, in one place: the covered projects (`e.project_id`) and the clients the caller may see (`c`).
  const inScope = sql<boolean>`e.project_id = any(${projectIds}::text[]) and ${scope.clientVisible}`;

  const projects = (
    await sql<{ id: string; name: string; agency_id: string; agency_name: string; project_type: number; rrh_subtype: number | null; vsp: boolean; cocs: string[] | null; geocodes: string[] | null; access_point: boolean | null }>`
      select p.id, p.name, p.agency_id, a.name as agency_name, p.project_type, p.rrh_subtype, a.victim_service_provider as vsp,
        array(select pc.coc_code from project_cocs pc where pc.project_id = p.id order by pc.coc_code) as cocs,
        array(select pc.geocode from project_cocs pc where pc.project_id = p.id order by pc.coc_code) as geocodes,
        (select cp.access_point from project_ce_participation cp
          where cp.project_id = p.id and cp.start_date <= least(${end}::date, coalesce(p.operating_end, ${end}::date))
            and (cp.end_date is null or cp.end_date >= least(${end}::date, coalesce(p.operating_end, ${end}::date)))
          order by cp.end_date desc nulls first, cp.start_date desc, cp.updated_at desc limit 1) as access_point
      from projects p join agencies a on a.id = p.agency_id
      where p.id = any(${projectIds}::text[]) and p.continuum_project
        and exists (select 1 from project_cocs pc where pc.project_id = p.id and pc.coc_code = ${cocCode})
        and exists (select 1 from project_ce_participation cp where cp.project_id = p.id and (cp.access_point or cp.receives_referrals)
                      and cp.start_date <= ${lookahead}::date and (cp.end_date is null or cp.end_date >= ${start}::date))
      order by a.name, p.name, p.id`.execute(tx)
  ).rows;
  const participating = projects.map((p) => p.id);

  const assessments = (
    await sql<{ id: string; enrollment_id: string; client_id: string; household_id: string; project_id: string; date: string; type: number; level: number; prioritization: number; created_at: Date }>`
      select a.id, a.enrollment_id, a.client_id, e.household_id, e.project_id, a.assessment_date as date, a.assessment_type as type,
             a.assessment_level as level, a.prioritization_status as prioritization, a.created_at
      from ce_assessments a join enrollments e on e.id = a.enrollment_id join clients c on c.id = a.client_id
      where ${inScope} and e.project_id = any(${participating}::text[])
        and a.assessment_date between ${start}::date and ${lookahead}::date
        and ${participatingOn(sql.ref('e.project_id'), sql.ref('a.assessment_date'))} and ${inReportCoc(cocCode)}`.execute(tx)
  ).rows;

  const referralEvents = (
    await sql<{ id: string; enrollment_id: string; client_id: string; project_id: string; date: string; target_type: number; status_code: string; closed_at: Date | null; created_at: Date }>`
      select r.id, e.id as enrollment_id, r.client_id, e.project_id, r.referral_date as date, tp.project_type as target_type, r.status_code, r.closed_at, r.created_at
      from referrals r join enrollments e on e.id = r.ce_enrollment_id join projects tp on tp.id = r.project_id join clients c on c.id = r.client_id
      where ${inScope} and e.project_id = any(${participating}::text[])
        and r.referral_date between ${start}::date and ${lookahead}::date
        and ${participatingOn(sql.ref('e.project_id'), sql.ref('r.referral_date'))} and ${inReportCoc(cocCode)}`.execute(tx)
  ).rows;

  const importedEvents = (
    await sql<{ id: string; enrollment_id: string; client_id: string; project_id: string; data: Record<string, string>; created_at: string | null }>`
      select h.source_record_id as id, e.id as enrollment_id, e.client_id, e.project_id, h.data, h.data->>'DateCreated' as created_at
      from hud_import_records h join enrollments e on e.id = h.enrollment_id join clients c on c.id = e.client_id
      where h.file = 'Event.csv' and h.deleted_at is null and ${inScope} and e.project_id = any(${participating}::text[])
        and (h.data->>'EventDate')::date between ${start}::date and ${lookahead}::date
        and ${participatingOn(sql.ref('e.project_id'), sql`(h.data->>'EventDate')::date`)} and ${inReportCoc(cocCode)}`.execute(tx)
  ).rows;

  const households = [...new Set(assessments.filter((a) => a.date <= end).map((a) => a.household_id))];
  const enrollments = (
    await sql<{ id: string; client_id: string; household_id: string; project_id: string; project_type: number; relationship_to_hoh: number; entry_date: string; exit_date: string | null }>`
      select e.id, e.client_id, e.household_id, e.project_id, p.project_type, e.relationship_to_hoh, e.entry_date, e.exit_date
      from enrollments e join projects p on p.id = e.project_id join clients c on c.id = e.client_id
      where e.household_id = any(${households}::text[]) and ${inScope}`.execute(tx)
  ).rows;

  const clientIds = [...new Set(enrollments.map((e) => e.client_id))];
  const clients = (
    await sql<{ id: string; first_name: string | null; last_name: string | null; name_data_quality: number; ssn: string | null; ssn_data_quality: number; dob: string | null; dob_data_quality: number; race: string[]; race_none: number | null; veteran_status: number; created_on: string }>`
      select c.id, c.first_name, c.last_name, c.name_data_quality, c.ssn, c.ssn_data_quality, c.dob, c.dob_data_quality, c.race, c.race_none, c.veteran_status,
             (c.created_at at time zone 'UTC')::date::text as created_on
      from clients c where c.id = any(${clientIds}::text[])`.execute(tx)
  ).rows;

  const config = input.referralSettings.config;
  const iso = (d: Date) => d.toISOString();
  const events: CeAprEvent[] = [
    ...referralEvents.flatMap((r) => {
      const code = ceEventCodeForProjectType(r.target_type);
      if (code === null) return [];
      return [{ id: r.id, enrollmentId: r.enrollment_id, clientId: r.client_id, projectId: r.project_id, date: r.date, event: code, probSolDivRRResult: null, referralCaseManageAfter: null, referralResult: r.closed_at ? hudReferralResult(config, r.status_code) : null, createdAt: iso(r.created_at) }];
    }),
    ...importedEvents.map((h) => {
      const n = (k: string) => (h.data[k] === undefined || h.data[k] === '' ? null : Number(h.data[k]));
      return { id: h.id, enrollmentId: h.enrollment_id, clientId: h.client_id, projectId: h.project_id, date: h.data.EventDate!, event: n('Event') ?? 0, probSolDivRRResult: n('ProbSolDivRRResult'), referralCaseManageAfter: n('ReferralCaseManageAfter'), referralResult: n('ReferralResult'), createdAt: (h.created_at ?? '').replace(' ', 'T') };
    }),
  ];
  return {
    reportStart: start,
    reportEnd: end,
    softwareName: input.softwareName,
    projects: projects.map(
      (p): CeAprProject => ({ id: p.id, name: p.name, organizationId: p.agency_id, organizationName: p.agency_name, projectType: p.project_type, rrhSubtype: p.rrh_subtype, victimServiceProvider: p.vsp, cocCodes: p.cocs ?? [], geocodes: p.geocodes ?? [], accessPointAtEnd: p.access_point === true }),
    ),
    assessments: assessments.map((a): CeAprAssessment => ({ id: a.id, enrollmentId: a.enrollment_id, clientId: a.client_id, householdId: a.household_id, projectId: a.project_id, date: a.date, type: a.type, level: a.level, prioritization: a.prioritization, createdAt: iso(a.created_at) })),
    events,
    enrollments: enrollments.map((e): CeAprEnrollment => ({ id: e.id, clientId: e.client_id, householdId: e.household_id, projectId: e.project_id, projectType: e.project_type, relationshipToHoH: e.relationship_to_hoh, entryDate: e.entry_date, exitDate: e.exit_date, dateOfEngagement: null })),
    clients: new Map(
      clients.map((c): [string, CeAprClient] => [
        c.id,
        { id: c.id, firstName: c.first_name, lastName: c.last_name, nameDataQuality: c.name_data_quality, ssn: c.ssn, ssnDataQuality: c.ssn_data_quality, dob: c.dob, dobDataQuality: c.dob_data_quality, race: c.race, raceNone: c.race_none, veteranStatus: c.veteran_status, createdOn: c.created_on },
      ]),
    ),
  };
}

export const ceApr: ReportDefinitionImpl = {
  kind: 'ce-apr',
  async compute(input) {
    await input.progress(10, 'Reading CE assessments and events');
    const facts = await input.read.transaction(async (tx) => {
      await sql`set transaction isolation level repeatable read`.execute(tx);
      return ceAprFacts(tx, input);
    });
    await input.progress(60, 'Computing the tables');
    return { tables: ceAprTables(facts, input.drill) };
  },
};
