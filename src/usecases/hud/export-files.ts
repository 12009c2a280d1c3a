/**
 * The rows of each HUD FY2026 file, as SQL over the export's scope (temporary tables `hud_x_proj`,
 * `hud_x_enr`, `hud_x_users`, filled by export.ts) plus, where a value is not a column, a mapping in
 * JavaScript.
 *
 * Each file names, per HUD column, the SQL expression of its value. Files whose values are all plain
 * columns (most rows of an export: clients, enrollments, exits, income and benefits, living
 * situations, services) are written as lines by the database (export-sql.ts: the writer's rule in
 * SQL). Files that need a rule of Hearth's get their rows in JavaScript (`map`): names split for
 * User.csv, derived record IDs (SHA-256) for disabilities, questions and results, hashed names and SSN,
 * the CE events' codes, retained records of earlier imports.
 */
import { createHash } from 'node:crypto';
import type { HudCell } from '../../domain/hud/csv.ts';
import { hashName, hashSsn } from '../../domain/hud/hash.ts';

export const HEARTH_SYSTEM_USER_ID = '00000000000000000000000000000000';

export type Row = Record<string, HudCell>;
export type DbRow = Record<string, unknown>;

/** A stable 32-character ID for a record derived from another (a disability of an assessment…). */
export function derivedId(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

export const INCOME_SOURCES = [
  ['Earned', 'EarnedAmount'],
  ['Unemployment', 'UnemploymentAmount'],
  ['SSI', 'SSIAmount'],
  ['SSDI', 'SSDIAmount'],
  ['VADisabilityService', 'VADisabilityServiceAmount'],
  ['VADisabilityNonService', 'VADisabilityNonServiceAmount'],
  ['PrivateDisability', 'PrivateDisabilityAmount'],
  ['WorkersComp', 'WorkersCompAmount'],
  ['TANF', 'TANFAmount'],
  ['GA', 'GAAmount'],
  ['SocSecRetirement', 'SocSecRetirementAmount'],
  ['Pension', 'PensionAmount'],
  ['ChildSupport', 'ChildSupportAmount'],
  ['Alimony', 'AlimonyAmount'],
  ['OtherIncomeSource', 'OtherIncomeAmount'],
] as const;
export const BENEFITS = ['SNAP', 'WIC', 'TANFChildCare', 'TANFTransportation', 'OtherTANF', 'OtherBenefitsSource'] as const;
export const INSURANCE = ['Medicaid', 'Medicare', 'SCHIP', 'VHAServices', 'EmployerProvided', 'COBRA', 'PrivatePay', 'StateHealthIns', 'IndianHealthServices', 'OtherInsurance'] as const;
export const RACE_COLUMNS = ['AmIndAKNative', 'Asian', 'BlackAfAmerican', 'HispanicLatinao', 'MidEastNAfrican', 'NativeHIPacific', 'White'] as const;

const s = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/**
 * One HUD file. SQL without parameters (DECLARE takes none), over the export's scope tables.
 * Without `map` the database writes the lines; with it, the typed columns (and `extra`, helper columns
 * in snake_case) come as rows to `map`, and the JavaScript writer writes them.
 */
export interface FileSource {
  /** HUD column → SQL expression over `table`'s alias (columns not named are empty; DateDeleted always is). */
  columns: Readonly<Record<string, string>>;
  /** `name alias`: the rows of the file come from it, filtered by `where`, in the order of `order` (an ID). */
  table: string;
  where: string;
  order: string;
  extra?: string;
  /** The whole query instead of `columns`/`table` (a union), rows for `map`. */
  sql?: string;
  /** One database row → the file's rows (null: left out). */
  map?: (r: DbRow) => Row | Row[] | null;
}

/** DateCreated, DateUpdated (created when never updated) and, unless `user` is null, UserID (else the Hearth system user). */
const meta = (created: string, updated: string, user: string | null): Record<string, string> => ({
  DateCreated: created,
  DateUpdated: `coalesce(${updated}, ${created})`,
  ...(user === null ? {} : { UserID: `coalesce(${user}, '${HEARTH_SYSTEM_USER_ID}')` }),
});
/** The last editor (rows that record one), else the creator. */
const editor = (a: string) => `coalesce(${a}.updated_by, ${a}.created_by)`;
const T = (e: string) => `to_char((${e}) at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS')`;

/** Retained records of a file from earlier imports (files Hearth has no table for). */
const retained = (file: string): FileSource => ({
  columns: {},
  extra: 'r.data',
  table: 'hud_import_records r',
  where: `r.file = '${file}' and r.deleted_at is null and (r.enrollment_id is null or r.enrollment_id in (select id from hud_x_enr))
            and (r.project_id is null or r.project_id in (select id from hud_x_proj))`,
  order: 'r.source_record_id',
  map: (r) => r.data as Row,
});

const clientColumns = {
  PersonalID: 'c.id',
  FirstName: 'c.first_name',
  MiddleName: 'c.middle_name',
  LastName: 'c.last_name',
  NameSuffix: 'c.suffix',
  NameDataQuality: 'c.name_data_quality',
  SSN: 'c.ssn',
  SSNDataQuality: 'c.ssn_data_quality',
  DOB: 'c.dob',
  DOBDataQuality: 'c.dob_data_quality',
  Sex: 'c.sex',
  ...Object.fromEntries(RACE_COLUMNS.map((r) => [r, `('${r}' = any(c.race))::int`])),
  RaceNone: 'c.race_none',
  VeteranStatus: 'c.veteran_status',
  ...meta('c.created_at', 'c.updated_at', 'c.created_by'),
};

export function fileSources(opts: { hashed: boolean; eventOf: (r: DbRow) => Row | null }): Record<string, FileSource> {
  return {
    'Organization.csv': {
      columns: { OrganizationID: 'a.id', OrganizationName: 'a.name', VictimServiceProvider: 'a.victim_service_provider::int', ...meta('a.created_at', 'a.updated_at', 'null') },
      table: 'agencies a',
      where: `a.id in (select agency_id from projects where id in (select id from hud_x_proj))`,
      order: 'a.id',
    },
    'User.csv': {
      columns: meta('u.created_at', 'u.updated_at', null),
      extra: 'u.id, u.display_name, u.email',
      table: 'users u',
      where: `u.id in (select user_id from hud_x_users) and u.id <> '${HEARTH_SYSTEM_USER_ID}'`,
      order: 'u.id',
      map: (r) => {
        const name = String(r.display_name ?? '').trim();
        const i = name.indexOf(' ');
        return {
          UserID: s(r.id),
          UserFirstName: (i < 0 ? name : name.slice(0, i)).slice(0, 50) || null,
          UserLastName: (i < 0 ? '' : name.slice(i + 1)).slice(0, 50) || null,
          UserEmail: s(r.email),
          DateCreated: r.DateCreated as string,
          DateUpdated: r.DateUpdated as string,
        };
      },
    },
    'Project.csv': {
      columns: {
        ProjectID: 'p.id',
        OrganizationID: 'p.agency_id',
        ProjectName: 'p.name',
        OperatingStartDate: 'p.operating_start',
        OperatingEndDate: 'p.operating_end',
        ContinuumProject: 'p.continuum_project::int',
        ProjectType: 'p.project_type',
        HousingType: 'p.housing_type',
        RRHSubType: 'p.rrh_subtype',
        TargetPopulation: 'p.target_population',
        ...meta('p.created_at', 'p.updated_at', 'null'),
      },
      table: 'projects p',
      where: `p.id in (select id from hud_x_proj)`,
      order: 'p.id',
    },
    'Funder.csv': {
      columns: {
        FunderID: 'f.id',
        ProjectID: 'f.project_id',
        Funder: 'f.funder',
        OtherFunder: 'f.other_funder',
        GrantID: 'f.grant_id',
        StartDate: 'f.start_date',
        EndDate: 'f.end_date',
        ...meta('f.created_at', 'f.updated_at', 'null'),
      },
      table: 'project_funders f',
      where: `f.project_id in (select id from hud_x_proj)`,
      order: 'f.id',
    },
    'ProjectCoC.csv': {
      columns: {
        ProjectCoCID: 'c.id',
        ProjectID: 'c.project_id',
        CoCCode: 'c.coc_code',
        Geocode: 'c.geocode',
        Address1: 'c.address1',
        Address2: 'c.address2',
        City: 'c.city',
        State: 'c.state',
        ZIP: 'c.zip',
        GeographyType: 'c.geography_type',
        ...meta('c.created_at', 'c.updated_at', 'null'),
      },
      table: 'project_cocs c',
      where: `c.project_id in (select id from hud_x_proj)`,
      order: 'c.id',
    },
    'Inventory.csv': {
      columns: {
        InventoryID: 'i.id',
        ProjectID: 'i.project_id',
        CoCCode: 'i.coc_code',
        HouseholdType: 'i.household_type',
        Availability: 'i.availability',
        UnitInventory: 'i.unit_inventory',
        BedInventory: 'i.bed_inventory',
        CHVetBedInventory: 'i.ch_vet_bed_inventory',
        YouthVetBedInventory: 'i.youth_vet_bed_inventory',
        VetBedInventory: 'i.vet_bed_inventory',
        CHYouthBedInventory: 'i.ch_youth_bed_inventory',
        YouthBedInventory: 'i.youth_bed_inventory',
        CHBedInventory: 'i.ch_bed_inventory',
        OtherBedInventory: 'i.other_bed_inventory',
        ESBedType: 'i.es_bed_type',
        InventoryStartDate: 'i.start_date',
        InventoryEndDate: 'i.end_date',
        ...meta('i.created_at', 'i.updated_at', 'null'),
      },
      table: 'project_inventory i',
      where: `i.project_id in (select id from hud_x_proj)`,
      order: 'i.id',
    },
    'Affiliation.csv': retained('Affiliation.csv'),
    'HMISParticipation.csv': {
      columns: {
        HMISParticipationID: 'h.id',
        ProjectID: 'h.project_id',
        HMISParticipationType: 'h.participation_type',
        HMISParticipationStatusStartDate: 'h.start_date',
        HMISParticipationStatusEndDate: 'h.end_date',
        ...meta('h.created_at', 'h.updated_at', 'null'),
      },
      table: 'project_hmis_participation h',
      where: `h.project_id in (select id from hud_x_proj)`,
      order: 'h.id',
    },
    'CEParticipation.csv': {
      columns: {
        CEParticipationID: 'c.id',
        ProjectID: 'c.project_id',
        AccessPoint: 'c.access_point::int',
        PreventionAssessment: 'c.prevention_assessment::int',
        CrisisAssessment: 'c.crisis_assessment::int',
        HousingAssessment: 'c.housing_assessment::int',
        DirectServices: 'c.direct_services::int',
        ReceivesReferrals: 'c.receives_referrals::int',
        CEParticipationStatusStartDate: 'c.start_date',
        CEParticipationStatusEndDate: 'c.end_date',
        ...meta('c.created_at', 'c.updated_at', 'null'),
      },
      table: 'project_ce_participation c',
      where: `c.project_id in (select id from hud_x_proj)`,
      order: 'c.id',
    },
    'Client.csv': {
      columns: clientColumns,
      table: 'clients c',
      where: `c.id in (select client_id from hud_x_enr)`,
      order: 'c.id',
      // Hashed (HashStatus 4): the names' Soundex and the SSN, hashed here.
      map: opts.hashed
        ? (r) => {
            for (const col of ['FirstName', 'MiddleName', 'LastName', 'NameSuffix']) r[col] = hashName(s(r[col]));
            r.SSN = hashSsn(s(r.SSN));
            return r as Row;
          }
        : undefined,
    },
    'Enrollment.csv': {
      columns: {
        EnrollmentID: 'e.id',
        PersonalID: 'e.client_id',
        ProjectID: 'e.project_id',
        EntryDate: 'e.entry_date',
        HouseholdID: 'e.household_id',
        RelationshipToHoH: 'e.relationship_to_hoh',
        // HUD collects the CoC for the head; a head without one gets the project's (else the CoC's) code.
        EnrollmentCoC: `case when e.relationship_to_hoh = 1 then coalesce(e.enrollment_coc,
                          (select pc.coc_code from project_cocs pc where pc.project_id = e.project_id order by pc.coc_code limit 1),
                          (select code from coc limit 1)) else e.enrollment_coc end`,
        LivingSituation: 'e.living_situation',
        RentalSubsidyType: 'e.rental_subsidy_type',
        LengthOfStay: 'e.length_of_stay',
        LOSUnderThreshold: 'e.los_under_threshold',
        PreviousStreetESSH: 'e.previous_street_essh',
        DateToStreetESSH: 'e.date_to_street_essh',
        TimesHomelessPastThreeYears: 'e.times_homeless_past_three_years',
        MonthsHomelessPastThreeYears: 'e.months_homeless_past_three_years',
        DisablingCondition: 'e.disabling_condition',
        MoveInDate: 'e.move_in_date',
        ...meta('e.created_at', 'e.updated_at', editor('e')),
      },
      table: 'enrollments e',
      where: `e.id in (select id from hud_x_enr)`,
      order: 'e.id',
    },
    'Exit.csv': {
      columns: {
        ExitID: 'e.id',
        EnrollmentID: 'e.id',
        PersonalID: 'e.client_id',
        ExitDate: 'e.exit_date',
        Destination: 'coalesce(e.destination, 99)',
        DestinationSubsidyType: 'e.destination_subsidy_type',
        OtherDestination: 'e.other_destination',
        ...meta('coalesce(e.exited_at, e.updated_at)', 'e.updated_at', 'coalesce(e.exited_by, e.updated_by, e.created_by)'),
      },
      table: 'enrollments e',
      where: `e.id in (select id from hud_x_enr) and e.exit_date is not null`,
      order: 'e.id',
    },
    'IncomeBenefits.csv': {
      columns: {
        IncomeBenefitsID: 'a.id',
        EnrollmentID: 'a.enrollment_id',
        PersonalID: 'a.client_id',
        InformationDate: 'a.information_date',
        IncomeFromAnySource: 'a.income_from_any_source',
        TotalMonthlyIncome: 'a.total_monthly_income',
        // Each source: 1/0 when the client has income at all (1), empty otherwise; its amount when present.
        ...Object.fromEntries(
          INCOME_SOURCES.flatMap(([col, amount]) => [
            [col, `case when a.income_from_any_source = 1 then (a.income_sources ? '${col}')::int end`],
            [amount, `case when a.income_from_any_source = 1 then (a.income_sources ->> '${col}')::numeric(14, 2) end`],
          ]),
        ),
        OtherIncomeSourceIdentify: 'a.other_income_source_identify',
        BenefitsFromAnySource: 'a.benefits_from_any_source',
        ...Object.fromEntries(BENEFITS.map((col) => [col, `case when a.benefits_from_any_source = 1 then ('${col}' = any(a.benefits))::int end`])),
        InsuranceFromAnySource: 'a.insurance_from_any_source',
        ...Object.fromEntries(INSURANCE.map((col) => [col, `case when a.insurance_from_any_source = 1 then ('${col}' = any(a.insurance))::int end`])),
        DataCollectionStage: 'a.data_collection_stage',
        ...meta('a.created_at', 'a.updated_at', editor('a')),
      },
      table: 'enrollment_assessments a',
      where: `a.enrollment_id in (select id from hud_x_enr) and (a.income_from_any_source is not null or a.benefits_from_any_source is not null or a.insurance_from_any_source is not null)`,
      order: 'a.id',
    },
    'HealthAndDV.csv': {
      columns: {
        HealthAndDVID: 'a.id',
        EnrollmentID: 'a.enrollment_id',
        PersonalID: 'a.client_id',
        InformationDate: 'a.information_date',
        DomesticViolenceSurvivor: 'a.domestic_violence_survivor',
        WhenOccurred: 'a.when_occurred',
        CurrentlyFleeing: 'a.currently_fleeing',
        DataCollectionStage: 'a.data_collection_stage',
        ...meta('a.created_at', 'a.updated_at', editor('a')),
      },
      table: 'enrollment_assessments a',
      where: `a.enrollment_id in (select id from hud_x_enr) and (a.domestic_violence_survivor is not null or a.when_occurred is not null or a.currently_fleeing is not null)`,
      order: 'a.id',
    },
    'EmploymentEducation.csv': retained('EmploymentEducation.csv'),
    'Disabilities.csv': {
      columns: { EnrollmentID: 'a.enrollment_id', PersonalID: 'a.client_id', InformationDate: 'a.information_date', DataCollectionStage: 'a.data_collection_stage', ...meta('a.created_at', 'a.updated_at', editor('a')) },
      extra: 'a.id, a.disabilities',
      table: 'enrollment_assessments a',
      where: `a.enrollment_id in (select id from hud_x_enr) and jsonb_array_length(a.disabilities) > 0`,
      order: 'a.id',
      map: (r) =>
        ((r.disabilities ?? []) as { disabilityType: number; disabilityResponse: number; indefiniteAndImpairs: number | null }[])
          .slice()
          .sort((a, b) => a.disabilityType - b.disabilityType)
          .map((d) => ({
            DisabilitiesID: derivedId(String(r.id), 'disability', String(d.disabilityType)),
            EnrollmentID: r.EnrollmentID as string,
            PersonalID: r.PersonalID as string,
            InformationDate: r.InformationDate as string,
            DisabilityType: d.disabilityType,
            DisabilityResponse: d.disabilityResponse,
            IndefiniteAndImpairs: d.indefiniteAndImpairs,
            DataCollectionStage: r.DataCollectionStage as number,
            DateCreated: r.DateCreated as string,
            DateUpdated: r.DateUpdated as string,
            UserID: r.UserID as string,
          })),
    },
    'Services.csv': {
      columns: {
        ServicesID: 'v.id',
        EnrollmentID: 'v.enrollment_id',
        PersonalID: 'v.client_id',
        DateProvided: 'v.date_provided',
        RecordType: 'v.record_type',
        TypeProvided: 'v.type_provided',
        FAAmount: 'v.amount',
        ...meta('v.created_at', 'v.created_at', 'v.created_by'),
      },
      table: 'enrollment_services v',
      where: `v.enrollment_id in (select id from hud_x_enr) and v.record_type is not null and v.type_provided is not null`,
      order: 'v.id',
    },
    'CurrentLivingSituation.csv': {
      columns: {
        CurrentLivingSitID: 'c.id',
        EnrollmentID: 'c.enrollment_id',
        PersonalID: 'c.client_id',
        InformationDate: 'c.information_date',
        CurrentLivingSituation: 'c.current_living_situation',
        CLSSubsidyType: 'c.cls_subsidy_type',
        VerifiedBy: 'c.verified_by',
        LeaveSituation14Days: 'c.leave_situation_14_days',
        SubsequentResidence: 'c.subsequent_residence',
        ResourcesToObtain: 'c.resources_to_obtain',
        LeaseOwn60Day: 'c.lease_own_60_day',
        MovedTwoOrMore: 'c.moved_two_or_more',
        LocationDetails: 'c.location_details',
        ...meta('c.created_at', 'c.updated_at', 'c.created_by'),
      },
      table: 'current_living_situations c',
      where: `c.enrollment_id in (select id from hud_x_enr)`,
      order: 'c.id',
    },
    'Assessment.csv': {
      columns: {
        AssessmentID: 'a.id',
        EnrollmentID: 'a.enrollment_id',
        PersonalID: 'a.client_id',
        AssessmentDate: 'a.assessment_date',
        AssessmentLocation: 'a.assessment_location',
        AssessmentType: 'a.assessment_type',
        AssessmentLevel: 'a.assessment_level',
        PrioritizationStatus: 'a.prioritization_status',
        ...meta('a.created_at', 'a.updated_at', editor('a')),
      },
      table: 'ce_assessments a',
      where: `a.enrollment_id in (select id from hud_x_enr)`,
      order: 'a.id',
    },
    'AssessmentQuestions.csv': {
      columns: { AssessmentID: 'a.id', EnrollmentID: 'a.enrollment_id', PersonalID: 'a.client_id', ...meta('a.created_at', 'a.updated_at', editor('a')) },
      extra: 'a.answers',
      table: 'ce_assessments a',
      where: `a.enrollment_id in (select id from hud_x_enr) and jsonb_array_length(a.answers) > 0`,
      order: 'a.id',
      map: (r) =>
        ((r.answers ?? []) as { group?: string | null; question: string; answer?: unknown }[]).map((q, i) => ({
          AssessmentQuestionID: derivedId(String(r.AssessmentID), 'question', String(i + 1)),
          AssessmentID: r.AssessmentID as string,
          EnrollmentID: r.EnrollmentID as string,
          PersonalID: r.PersonalID as string,
          AssessmentQuestionGroup: q.group ? String(q.group).slice(0, 250) : null,
          AssessmentQuestionOrder: i + 1,
          AssessmentQuestion: String(q.question).slice(0, 250),
          AssessmentAnswer: q.answer === null || q.answer === undefined ? null : String(q.answer).slice(0, 500),
          DateCreated: r.DateCreated as string,
          DateUpdated: r.DateUpdated as string,
          UserID: r.UserID as string,
        })),
    },
    'AssessmentResults.csv': {
      columns: {
        AssessmentID: 'a.id',
        EnrollmentID: 'a.enrollment_id',
        PersonalID: 'a.client_id',
        AssessmentResultType: `'Vulnerability score'`,
        AssessmentResult: 'a.score::text',
        ...meta('a.created_at', 'a.updated_at', editor('a')),
      },
      table: 'ce_assessments a',
      where: `a.enrollment_id in (select id from hud_x_enr) and a.score is not null`,
      order: 'a.id',
      map: (r) => {
        r.AssessmentResultID = derivedId(String(r.AssessmentID), 'score');
        return r as Row;
      },
    },
    'Event.csv': {
      columns: {},
      table: '',
      where: '',
      order: '',
      sql: `select * from (
              select r.id, r.ce_enrollment_id as enrollment_id, r.client_id, r.referral_date, r.status_code, r.closed_at, r.project_id,
                     p.project_type, ${T('r.created_at')} as "DateCreated", ${T('coalesce(r.updated_at, r.created_at)')} as "DateUpdated",
                     coalesce(r.created_by, '${HEARTH_SYSTEM_USER_ID}') as "UserID", null::jsonb as data
              from referrals r join projects p on p.id = r.project_id where r.ce_enrollment_id in (select id from hud_x_enr)
              union all
              select h.source_record_id, null, null, null, null, null, null, null, null, null, null, h.data from hud_import_records h
              where h.file = 'Event.csv' and h.deleted_at is null and h.enrollment_id in (select id from hud_x_enr)
            ) ev order by ev.id collate "C"`,
      map: (r) => (r.data ? (r.data as Row) : opts.eventOf(r)),
    },
    'YouthEducationStatus.csv': retained('YouthEducationStatus.csv'),
  };
}
