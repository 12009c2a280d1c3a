/**
 * HUD HMIS CSV FY2026 (`2026 v1.0`) export (issue 9): every file of the version, in HUD's order, with
 * exact headers, written by the core writer (`hudCsvLines`) into a zip entry by entry. Rows come from
 * server-side cursors inside one REPEATABLE READ transaction (a consistent snapshot), so memory stays
 * flat whatever the size: one fetch batch and the zip's deflate window.
 *
 * Scope: the selected projects (or every project the caller may export), their enrollments in the
 * period (period type 3: active in [from, to]; 1: updated in [from, to]) widened to whole households,
 * the clients of those enrollments and every child record of them. Files where Hearth keeps no data
 * (Affiliation, EmploymentEducation, YouthEducationStatus) hold only their header, unless an import
 * retained records for them (`hud_import_records`), which are carried as history.
 *
 * UserID is the row's last editor (updated_by, else created_by); rows without one (seeded or system
 * data) carry `HEARTH_SYSTEM_USER_ID`, written in User.csv as "Hearth system".
 */
import type { Writable } from 'node:stream';
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import yazl from 'yazl';
import { sql } from 'kysely';
import type { Tx } from '../../data/db.ts';
import { hudSpec } from '../../domain/hud/spec.ts';
import { hudCsvLines, type HudCell } from '../../domain/hud/csv.ts';
import { hashName, hashSsn } from '../../domain/hud/hash.ts';
import { newId } from '../../domain/ids.ts';
import { can, type Actor } from '../../domain/access.ts';
import { ForbiddenError, RuleViolation } from '../../domain/errors.ts';
import { ceEventCodeForProjectType, hudReferralResult } from '../../domain/referrals/index.ts';
import { localDateAt } from '../../domain/calendar/zoned.ts';
import { loadReferralSettings } from '../referrals/config-store.ts';
import { writeAudit } from '../audit.ts';
import type { RequestContext } from '../context.ts';
import { cursorRows } from './cursor.ts';
import pkg from '../../../package.json' with { type: 'json' };

export const HEARTH_SYSTEM_USER_ID = '00000000000000000000000000000000';
export const CSV_VERSION = '2026 v1.0';

export interface HudExportParams {
  from: string;
  to: string;
  /** null: every project the caller may export. */
  projectIds: readonly string[] | null;
  /** 1 updated, 3 reporting period (HUD 1.1). */
  periodType: 1 | 3;
  /** 1 delta refresh, 2 full refresh (HUD 1.2). */
  directive: 1 | 2;
  /** HashStatus 4 (SHA-256): names and SSN hashed. */
  hashed: boolean;
  exportId?: string;
}

export interface HudExportProgress {
  file: string;
  rows: number;
  done: boolean;
}

export interface HudExportResult {
  exportId: string;
  rowCounts: Record<string, number>;
  /** Referrals left out of Event.csv: no CE enrollment in the export (or no event code for the project type). */
  eventsSkipped: number;
  projectCount: number;
}

/** A stable 32-character ID for a record derived from another (a disability of an assessment…). */
export function derivedId(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

/**
 * The projects the actor may export, among `requested` (null: all of them). HMIS administrators: every
 * project; agency administrators: their agencies' projects (`hud.export` with the agency as scope).
 * Requesting a project outside that is refused (403), never silently dropped. A null actor is the CLI
 * (server operator): everything.
 */
export async function resolveExportProjects(tx: Tx, actor: Actor | null, requested: readonly string[] | null): Promise<string[]> {
  if (actor && !can(actor, 'hud.export')) throw new ForbiddenError('You may not export HUD CSV.');
  const projects = await tx.selectFrom('projects').select(['id', 'agency_id']).orderBy('id').execute();
  const known = new Map(projects.map((p) => [p.id, p.agency_id]));
  const allowed = (p: { id: string; agency_id: string }) => !actor || can(actor, 'hud.export', { agencyId: p.agency_id, projectId: p.id });
  if (requested === null) return projects.filter(allowed).map((p) => p.id);
  const out: string[] = [];
  for (const id of requested) {
    const agencyId = known.get(id);
    if (agencyId === undefined) throw new RuleViolation(`Project ${id} does not exist.`, [{ pointer: '/projectIds', message: `Project ${id} does not exist.` }]);
    if (!allowed({ id, agency_id: agencyId })) throw new ForbiddenError(`You may not export project ${id}.`);
    out.push(id);
  }
  return [...new Set(out)];
}

type Row = Record<string, HudCell>;
type DbRow = Record<string, unknown>;

const bool = (v: unknown): number | null => (v === null || v === undefined ? null : v ? 1 : 0);
const s = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const n = (v: unknown): number | null => (v === null || v === undefined || v === '' ? null : Number(v));
const ts = (v: unknown): Date | null => (v === null || v === undefined ? null : v instanceof Date ? new Date(Math.floor(v.getTime() / 1000) * 1000) : new Date(String(v)));

function meta(r: DbRow, exportId: string, withUser = true): Row {
  const out: Row = { DateCreated: ts(r.created_at), DateUpdated: ts(r.updated_at ?? r.created_at), DateDeleted: null, ExportID: exportId };
  if (withUser) out.UserID = (r.user_id as string | null) ?? HEARTH_SYSTEM_USER_ID;
  return out;
}

const INCOME_SOURCES = [
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
export { INCOME_SOURCES };
export const RACE_COLUMNS = ['AmIndAKNative', 'Asian', 'BlackAfAmerican', 'HispanicLatinao', 'MidEastNAfrican', 'NativeHIPacific', 'White'] as const;

const money = (v: unknown): string | null => (v === null || v === undefined ? null : Number(v).toFixed(2));

/** One HUD file: its rows from the database (SQL without parameters; scope in the temp tables). */
interface FileSource {
  sql: string;
  map: (r: DbRow, exportId: string) => Row | Row[] | null;
}

const USER_OF = (alias: string, updated = true) => (updated ? `coalesce(${alias}.updated_by, ${alias}.created_by)` : `${alias}.created_by`);

/** Retained records of a file from earlier imports (files Hearth has no table for). */
const retained = (file: string): FileSource => ({
  sql: `select r.data from hud_import_records r where r.file = '${file}' and r.deleted_at is null
          and (r.enrollment_id is null or r.enrollment_id in (select id from hud_x_enr))
          and (r.project_id is null or r.project_id in (select id from hud_x_proj))
        order by r.source_record_id`,
  map: (r, exportId) => ({ ...(r.data as Row), ExportID: exportId }),
});

function sources(opts: { hashed: boolean; eventOf: (r: DbRow) => Row | null }): Record<string, FileSource> {
  return {
    'Organization.csv': {
      sql: `select a.* from agencies a where a.id in (select agency_id from projects where id in (select id from hud_x_proj)) order by a.id`,
      map: (r, x) => ({ OrganizationID: s(r.id), OrganizationName: s(r.name), VictimServiceProvider: bool(r.victim_service_provider), OrganizationCommonName: null, ...meta(r, x) }),
    },
    'User.csv': {
      sql: `select u.id, u.display_name, u.email, u.created_at, u.updated_at from users u where u.id in (select user_id from hud_x_users) order by u.id`,
      map: (r, x) => {
        const name = String(r.display_name ?? '').trim();
        const i = name.indexOf(' ');
        return {
          UserID: s(r.id),
          UserFirstName: (i < 0 ? name : name.slice(0, i)).slice(0, 50) || null,
          UserLastName: (i < 0 ? '' : name.slice(i + 1)).slice(0, 50) || null,
          UserPhone: null,
          UserExtension: null,
          UserEmail: s(r.email),
          ...meta(r, x, false),
        };
      },
    },
    'Project.csv': {
      sql: `select p.* from projects p where p.id in (select id from hud_x_proj) order by p.id`,
      map: (r, x) => ({
        ProjectID: s(r.id),
        OrganizationID: s(r.agency_id),
        ProjectName: s(r.name),
        ProjectCommonName: null,
        OperatingStartDate: s(r.operating_start),
        OperatingEndDate: s(r.operating_end),
        ContinuumProject: bool(r.continuum_project),
        ProjectType: n(r.project_type),
        HousingType: n(r.housing_type),
        RRHSubType: n(r.rrh_subtype),
        ResidentialAffiliation: null,
        TargetPopulation: n(r.target_population),
        HOPWAMedAssistedLivingFac: null,
        PITCount: null,
        ...meta(r, x),
      }),
    },
    'Funder.csv': {
      sql: `select f.* from project_funders f where f.project_id in (select id from hud_x_proj) order by f.id`,
      map: (r, x) => ({ FunderID: s(r.id), ProjectID: s(r.project_id), Funder: n(r.funder), OtherFunder: s(r.other_funder), GrantID: s(r.grant_id), StartDate: s(r.start_date), EndDate: s(r.end_date), ...meta(r, x) }),
    },
    'ProjectCoC.csv': {
      sql: `select c.* from project_cocs c where c.project_id in (select id from hud_x_proj) order by c.id`,
      map: (r, x) => ({
        ProjectCoCID: s(r.id),
        ProjectID: s(r.project_id),
        CoCCode: s(r.coc_code),
        Geocode: s(r.geocode),
        Address1: s(r.address1),
        Address2: s(r.address2),
        City: s(r.city),
        State: s(r.state),
        ZIP: s(r.zip),
        GeographyType: n(r.geography_type),
        ...meta(r, x),
      }),
    },
    'Inventory.csv': {
      sql: `select i.* from project_inventory i where i.project_id in (select id from hud_x_proj) order by i.id`,
      map: (r, x) => ({
        InventoryID: s(r.id),
        ProjectID: s(r.project_id),
        CoCCode: s(r.coc_code),
        HouseholdType: n(r.household_type),
        Availability: n(r.availability),
        UnitInventory: n(r.unit_inventory),
        BedInventory: n(r.bed_inventory),
        CHVetBedInventory: n(r.ch_vet_bed_inventory),
        YouthVetBedInventory: n(r.youth_vet_bed_inventory),
        VetBedInventory: n(r.vet_bed_inventory),
        CHYouthBedInventory: n(r.ch_youth_bed_inventory),
        YouthBedInventory: n(r.youth_bed_inventory),
        CHBedInventory: n(r.ch_bed_inventory),
        OtherBedInventory: n(r.other_bed_inventory),
        ESBedType: n(r.es_bed_type),
        InventoryStartDate: s(r.start_date),
        InventoryEndDate: s(r.end_date),
        ...meta(r, x),
      }),
    },
    'Affiliation.csv': retained('Affiliation.csv'),
    'HMISParticipation.csv': {
      sql: `select h.* from project_hmis_participation h where h.project_id in (select id from hud_x_proj) order by h.id`,
      map: (r, x) => ({
        HMISParticipationID: s(r.id),
        ProjectID: s(r.project_id),
        HMISParticipationType: n(r.participation_type),
        HMISParticipationStatusStartDate: s(r.start_date),
        HMISParticipationStatusEndDate: s(r.end_date),
        ...meta(r, x),
      }),
    },
    'CEParticipation.csv': {
      sql: `select c.* from project_ce_participation c where c.project_id in (select id from hud_x_proj) order by c.id`,
      map: (r, x) => ({
        CEParticipationID: s(r.id),
        ProjectID: s(r.project_id),
        AccessPoint: bool(r.access_point),
        PreventionAssessment: bool(r.prevention_assessment),
        CrisisAssessment: bool(r.crisis_assessment),
        HousingAssessment: bool(r.housing_assessment),
        DirectServices: bool(r.direct_services),
        ReceivesReferrals: bool(r.receives_referrals),
        CEParticipationStatusStartDate: s(r.start_date),
        CEParticipationStatusEndDate: s(r.end_date),
        ...meta(r, x),
      }),
    },
    'Client.csv': {
      sql: `select c.id, c.first_name, c.middle_name, c.last_name, c.suffix, c.name_data_quality, c.ssn, c.ssn_data_quality, c.dob,
                   c.dob_data_quality, c.race, c.race_none, c.sex, c.veteran_status, c.created_at, c.updated_at, c.created_by as user_id
            from clients c where c.id in (select client_id from hud_x_enr) order by c.id`,
      map: (r, x) => {
        const race = new Set((r.race as string[] | null) ?? []);
        const name = (v: unknown) => (opts.hashed ? hashName(s(v)) : s(v));
        const out: Row = {
          PersonalID: s(r.id),
          FirstName: name(r.first_name),
          MiddleName: name(r.middle_name),
          LastName: name(r.last_name),
          NameSuffix: name(r.suffix),
          NameDataQuality: n(r.name_data_quality),
          SSN: opts.hashed ? hashSsn(s(r.ssn)) : s(r.ssn),
          SSNDataQuality: n(r.ssn_data_quality),
          DOB: s(r.dob),
          DOBDataQuality: n(r.dob_data_quality),
          Sex: n(r.sex),
        };
        for (const c of RACE_COLUMNS) out[c] = race.has(c) ? 1 : 0;
        Object.assign(out, { RaceNone: n(r.race_none), AdditionalRaceEthnicity: null, VeteranStatus: n(r.veteran_status), ...meta(r, x) });
        return out;
      },
    },
    'Enrollment.csv': {
      sql: `select e.*, ${USER_OF('e')} as user_id,
                   case when e.relationship_to_hoh = 1 then coalesce(e.enrollment_coc,
                     (select pc.coc_code from project_cocs pc where pc.project_id = e.project_id order by pc.coc_code limit 1),
                     (select code from coc limit 1)) else e.enrollment_coc end as coc_code
            from enrollments e where e.id in (select id from hud_x_enr) order by e.id`,
      map: (r, x) => ({
        EnrollmentID: s(r.id),
        PersonalID: s(r.client_id),
        ProjectID: s(r.project_id),
        EntryDate: s(r.entry_date),
        HouseholdID: s(r.household_id),
        RelationshipToHoH: n(r.relationship_to_hoh),
        EnrollmentCoC: s(r.coc_code),
        LivingSituation: n(r.living_situation),
        RentalSubsidyType: n(r.rental_subsidy_type),
        LengthOfStay: n(r.length_of_stay),
        LOSUnderThreshold: n(r.los_under_threshold),
        PreviousStreetESSH: n(r.previous_street_essh),
        DateToStreetESSH: s(r.date_to_street_essh),
        TimesHomelessPastThreeYears: n(r.times_homeless_past_three_years),
        MonthsHomelessPastThreeYears: n(r.months_homeless_past_three_years),
        DisablingCondition: n(r.disabling_condition),
        MoveInDate: s(r.move_in_date),
        ...meta(r, x),
      }),
    },
    'Exit.csv': {
      sql: `select e.id, e.client_id, e.exit_date, e.destination, e.destination_subsidy_type, e.other_destination,
                   coalesce(e.exited_at, e.updated_at) as created_at, e.updated_at, coalesce(e.exited_by, e.updated_by, e.created_by) as user_id
            from enrollments e where e.id in (select id from hud_x_enr) and e.exit_date is not null order by e.id`,
      map: (r, x) => ({
        ExitID: s(r.id),
        EnrollmentID: s(r.id),
        PersonalID: s(r.client_id),
        ExitDate: s(r.exit_date),
        Destination: n(r.destination) ?? 99,
        DestinationSubsidyType: n(r.destination_subsidy_type),
        OtherDestination: s(r.other_destination),
        ...meta(r, x),
      }),
    },
    'IncomeBenefits.csv': {
      sql: `select a.*, ${USER_OF('a')} as user_id from enrollment_assessments a where a.enrollment_id in (select id from hud_x_enr)
              and (a.income_from_any_source is not null or a.benefits_from_any_source is not null or a.insurance_from_any_source is not null)
            order by a.id`,
      map: (r, x) => {
        const income = (r.income_sources ?? {}) as Record<string, number>;
        const benefits = new Set((r.benefits as string[] | null) ?? []);
        const insurance = new Set((r.insurance as string[] | null) ?? []);
        const out: Row = {
          IncomeBenefitsID: s(r.id),
          EnrollmentID: s(r.enrollment_id),
          PersonalID: s(r.client_id),
          InformationDate: s(r.information_date),
          IncomeFromAnySource: n(r.income_from_any_source),
          TotalMonthlyIncome: money(r.total_monthly_income),
        };
        const incomeYes = n(r.income_from_any_source) === 1;
        for (const [col, amount] of INCOME_SOURCES) {
          out[col] = incomeYes ? (Object.hasOwn(income, col) ? 1 : 0) : null;
          out[amount] = incomeYes && Object.hasOwn(income, col) ? money(income[col]) : null;
        }
        out.OtherIncomeSourceIdentify = s(r.other_income_source_identify);
        out.BenefitsFromAnySource = n(r.benefits_from_any_source);
        const benefitsYes = n(r.benefits_from_any_source) === 1;
        for (const col of BENEFITS) out[col] = benefitsYes ? (benefits.has(col) ? 1 : 0) : null;
        out.InsuranceFromAnySource = n(r.insurance_from_any_source);
        const insuranceYes = n(r.insurance_from_any_source) === 1;
        for (const col of INSURANCE) out[col] = insuranceYes ? (insurance.has(col) ? 1 : 0) : null;
        out.DataCollectionStage = n(r.data_collection_stage);
        return Object.assign(out, meta(r, x));
      },
    },
    'HealthAndDV.csv': {
      sql: `select a.*, ${USER_OF('a')} as user_id from enrollment_assessments a where a.enrollment_id in (select id from hud_x_enr)
              and (a.domestic_violence_survivor is not null or a.when_occurred is not null or a.currently_fleeing is not null)
            order by a.id`,
      map: (r, x) => ({
        HealthAndDVID: s(r.id),
        EnrollmentID: s(r.enrollment_id),
        PersonalID: s(r.client_id),
        InformationDate: s(r.information_date),
        DomesticViolenceSurvivor: n(r.domestic_violence_survivor),
        WhenOccurred: n(r.when_occurred),
        CurrentlyFleeing: n(r.currently_fleeing),
        DataCollectionStage: n(r.data_collection_stage),
        ...meta(r, x),
      }),
    },
    'EmploymentEducation.csv': retained('EmploymentEducation.csv'),
    'Disabilities.csv': {
      sql: `select a.id, a.enrollment_id, a.client_id, a.information_date, a.data_collection_stage, a.disabilities, a.created_at, a.updated_at,
                   ${USER_OF('a')} as user_id
            from enrollment_assessments a where a.enrollment_id in (select id from hud_x_enr) and jsonb_array_length(a.disabilities) > 0 order by a.id`,
      map: (r, x) =>
        ((r.disabilities ?? []) as { disabilityType: number; disabilityResponse: number; indefiniteAndImpairs: number | null }[])
          .slice()
          .sort((a, b) => a.disabilityType - b.disabilityType)
          .map((d) => ({
            DisabilitiesID: derivedId(String(r.id), 'disability', String(d.disabilityType)),
            EnrollmentID: s(r.enrollment_id),
            PersonalID: s(r.client_id),
            InformationDate: s(r.information_date),
            DisabilityType: d.disabilityType,
            DisabilityResponse: d.disabilityResponse,
            IndefiniteAndImpairs: d.indefiniteAndImpairs,
            DataCollectionStage: n(r.data_collection_stage),
            ...meta(r, x),
          })),
    },
    'Services.csv': {
      sql: `select v.*, v.created_by as user_id, v.created_at as updated_at from enrollment_services v
            where v.enrollment_id in (select id from hud_x_enr) and v.record_type is not null and v.type_provided is not null order by v.id`,
      map: (r, x) => ({
        ServicesID: s(r.id),
        EnrollmentID: s(r.enrollment_id),
        PersonalID: s(r.client_id),
        DateProvided: s(r.date_provided),
        RecordType: n(r.record_type),
        TypeProvided: n(r.type_provided),
        FAAmount: money(r.amount),
        ...meta(r, x),
      }),
    },
    'CurrentLivingSituation.csv': {
      sql: `select c.*, c.created_by as user_id from current_living_situations c where c.enrollment_id in (select id from hud_x_enr) order by c.id`,
      map: (r, x) => ({
        CurrentLivingSitID: s(r.id),
        EnrollmentID: s(r.enrollment_id),
        PersonalID: s(r.client_id),
        InformationDate: s(r.information_date),
        CurrentLivingSituation: n(r.current_living_situation),
        CLSSubsidyType: n(r.cls_subsidy_type),
        VerifiedBy: s(r.verified_by),
        LeaveSituation14Days: n(r.leave_situation_14_days),
        SubsequentResidence: n(r.subsequent_residence),
        ResourcesToObtain: n(r.resources_to_obtain),
        LeaseOwn60Day: n(r.lease_own_60_day),
        MovedTwoOrMore: n(r.moved_two_or_more),
        LocationDetails: s(r.location_details),
        ...meta(r, x),
      }),
    },
    'Assessment.csv': {
      sql: `select a.id, a.enrollment_id, a.client_id, a.assessment_date, a.assessment_location, a.assessment_type, a.assessment_level,
                   a.prioritization_status, a.created_at, a.updated_at, ${USER_OF('a')} as user_id
            from ce_assessments a where a.enrollment_id in (select id from hud_x_enr) order by a.id`,
      map: (r, x) => ({
        AssessmentID: s(r.id),
        EnrollmentID: s(r.enrollment_id),
        PersonalID: s(r.client_id),
        AssessmentDate: s(r.assessment_date),
        AssessmentLocation: s(r.assessment_location),
        AssessmentType: n(r.assessment_type),
        AssessmentLevel: n(r.assessment_level),
        PrioritizationStatus: n(r.prioritization_status),
        ...meta(r, x),
      }),
    },
    'AssessmentQuestions.csv': {
      sql: `select a.id, a.enrollment_id, a.client_id, a.answers, a.created_at, a.updated_at, ${USER_OF('a')} as user_id
            from ce_assessments a where a.enrollment_id in (select id from hud_x_enr) and jsonb_array_length(a.answers) > 0 order by a.id`,
      map: (r, x) =>
        ((r.answers ?? []) as { group?: string | null; question: string; answer?: unknown }[]).map((q, i) => ({
          AssessmentQuestionID: derivedId(String(r.id), 'question', String(i + 1)),
          AssessmentID: s(r.id),
          EnrollmentID: s(r.enrollment_id),
          PersonalID: s(r.client_id),
          AssessmentQuestionGroup: q.group ? String(q.group).slice(0, 250) : null,
          AssessmentQuestionOrder: i + 1,
          AssessmentQuestion: String(q.question).slice(0, 250),
          AssessmentAnswer: q.answer === null || q.answer === undefined ? null : String(q.answer).slice(0, 500),
          ...meta(r, x),
        })),
    },
    'AssessmentResults.csv': {
      sql: `select a.id, a.enrollment_id, a.client_id, a.score, a.created_at, a.updated_at, ${USER_OF('a')} as user_id
            from ce_assessments a where a.enrollment_id in (select id from hud_x_enr) and a.score is not null order by a.id`,
      map: (r, x) => ({
        AssessmentResultID: derivedId(String(r.id), 'score'),
        AssessmentID: s(r.id),
        EnrollmentID: s(r.enrollment_id),
        PersonalID: s(r.client_id),
        AssessmentResultType: 'Vulnerability score',
        AssessmentResult: s(r.score),
        ...meta(r, x),
      }),
    },
    'Event.csv': {
      sql: `select * from (
              select r.id, r.ce_enrollment_id as enrollment_id, r.client_id, r.referral_date, r.status_code, r.closed_at, r.project_id,
                     p.project_type, r.created_at, r.updated_at, r.created_by as user_id, null::jsonb as data
              from referrals r join projects p on p.id = r.project_id where r.ce_enrollment_id in (select id from hud_x_enr)
              union all
              select h.source_record_id, null, null, null, null, null, null, null, null, null, null, h.data from hud_import_records h
              where h.file = 'Event.csv' and h.deleted_at is null and h.enrollment_id in (select id from hud_x_enr)
            ) ev order by ev.id`,
      map: (r, x) => (r.data ? { ...(r.data as Row), ExportID: x } : opts.eventOf(r)),
    },
    'YouthEducationStatus.csv': retained('YouthEducationStatus.csv'),
  };
}

/**
 * Writes the export into `out` (a zip). Must be the first statement of the caller's transaction (it sets REPEATABLE READ on
 * PostgreSQL for a consistent snapshot), audits the export with its row counts.
 */
export async function exportHud(
  tx: Tx,
  ctx: RequestContext,
  params: HudExportParams,
  out: Writable,
  onProgress: (p: HudExportProgress) => void = () => {},
): Promise<HudExportResult> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(params.from) || !/^\d{4}-\d{2}-\d{2}$/.test(params.to) || params.from > params.to) {
    throw new RuleViolation('The export period must end on or after its start.', [{ pointer: '/to', message: 'The export period must end on or after its start.' }]);
  }
  // One snapshot for every file (PostgreSQL; PGlite has one connection anyway).
  await sql`set transaction isolation level repeatable read`.execute(tx);
  const projectIds = await resolveExportProjects(tx, ctx.actor, params.projectIds);
  const exportId = params.exportId ?? newId();
  const spec = hudSpec('2026');
  const coc = await tx.selectFrom('coc').select(['id', 'code', 'name']).executeTakeFirst();
  const { config } = await loadReferralSettings(tx, ctx);

  // Scope tables (dropped at commit).
  await sql`create temp table hud_x_proj (id text primary key) on commit drop`.execute(tx);
  await sql`create temp table hud_x_enr (id text primary key, client_id text not null, household_id text not null) on commit drop`.execute(tx);
  await sql`create temp table hud_x_users (user_id text primary key) on commit drop`.execute(tx);
  if (projectIds.length > 0) await sql`insert into hud_x_proj (id) select unnest(${projectIds}::text[])`.execute(tx);
  const { from, to, periodType } = params;
  await sql`
    insert into hud_x_enr (id, client_id, household_id)
    select e.id, e.client_id, e.household_id from enrollments e
    where e.project_id in (select id from hud_x_proj)
      and (case when ${periodType}::int = 3
             then e.entry_date <= ${to}::date and (e.exit_date is null or e.exit_date >= ${from}::date)
             else e.updated_at >= ${from}::date and e.updated_at < ${to}::date + 1 end)`.execute(tx);
  // Whole households: a member never travels without the head.
  await sql`
    insert into hud_x_enr (id, client_id, household_id)
    select e.id, e.client_id, e.household_id from enrollments e
    where e.household_id in (select household_id from hud_x_enr) and e.id not in (select id from hud_x_enr)
      and e.project_id in (select id from hud_x_proj)`.execute(tx);
  await sql`
    insert into hud_x_users (user_id)
    select u from (
      select coalesce(updated_by, created_by) as u from enrollments where id in (select id from hud_x_enr)
      union select coalesce(exited_by, updated_by, created_by) from enrollments where id in (select id from hud_x_enr) and exit_date is not null
      union select created_by from clients where id in (select client_id from hud_x_enr)
      union select coalesce(updated_by, created_by) from enrollment_assessments where enrollment_id in (select id from hud_x_enr)
      union select created_by from enrollment_services where enrollment_id in (select id from hud_x_enr) and record_type is not null
      union select created_by from current_living_situations where enrollment_id in (select id from hud_x_enr)
      union select coalesce(updated_by, created_by) from ce_assessments where enrollment_id in (select id from hud_x_enr)
      union select created_by from referrals where ce_enrollment_id in (select id from hud_x_enr)
      union select data->>'UserID' from hud_import_records where deleted_at is null
        and (enrollment_id in (select id from hud_x_enr) or project_id in (select id from hud_x_proj))
    ) x where u is not null and u in (select id from users)`.execute(tx);
  const skipped = await sql<{ n: number }>`
    select count(*)::int as n from referrals r join projects p on p.id = r.project_id
    where r.client_id in (select client_id from hud_x_enr)
      and (r.ce_enrollment_id is null or r.ce_enrollment_id not in (select id from hud_x_enr))`.execute(tx);
  let eventsSkipped = skipped.rows[0]?.n ?? 0;

  const eventOf = (r: DbRow): Row | null => {
    const event = ceEventCodeForProjectType(n(r.project_type));
    if (event === null) {
      eventsSkipped++;
      return null;
    }
    const result = r.closed_at ? hudReferralResult(config, String(r.status_code)) : null;
    return {
      EventID: s(r.id),
      EnrollmentID: s(r.enrollment_id),
      PersonalID: s(r.client_id),
      EventDate: s(r.referral_date),
      Event: event,
      ProbSolDivRRResult: null,
      ReferralCaseManageAfter: null,
      LocationCrisisOrPHHousing: s(r.project_id),
      ReferralResult: result,
      ResultDate: result !== null && r.closed_at ? localDateAt(r.closed_at as Date, config.timeZone) : null,
      ...meta(r, '', true),
    };
  };
  const fileSources = sources({ hashed: params.hashed, eventOf });
  const rowCounts: Record<string, number> = {};
  const now = ctx.clock.now();

  const zip = new yazl.ZipFile();
  const written = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('close', resolve);
    out.on('error', reject);
    zip.outputStream.on('error', reject);
  });
  zip.outputStream.pipe(out);

  const addEntry = async (file: string, rows: AsyncIterable<Row>) => {
    const fileSpec = spec.file(file)!;
    let count = 0;
    let resolveDone!: () => void;
    let rejectDone!: (e: unknown) => void;
    const done = new Promise<void>((res, rej) => {
      resolveDone = res;
      rejectDone = rej;
    });
    async function* counted(): AsyncGenerator<Row> {
      try {
        for await (const r of rows) {
          count++;
          if (count % 500 === 0) onProgress({ file, rows: count, done: false });
          yield r;
        }
        resolveDone();
      } catch (e) {
        rejectDone(e);
        throw e;
      }
    }
    const stream = Readable.from(hudCsvLines(fileSpec, counted()), { objectMode: false });
    stream.on('error', rejectDone);
    zip.addReadStream(stream, file, { mtime: new Date(Date.UTC(2026, 0, 1)), compress: true });
    await done;
    rowCounts[file] = count;
    onProgress({ file, rows: count, done: true });
  };

  for (const file of spec.fileOrder) {
    if (file === 'Export.csv') {
      const exportRow: Row = {
        ExportID: exportId,
        SourceType: 3,
        SourceID: coc?.code ?? null,
        SourceName: coc?.name.slice(0, 50) ?? null,
        ExportDate: now,
        ExportStartDate: params.from,
        ExportEndDate: params.to,
        SoftwareName: 'Hearth',
        SoftwareVersion: pkg.version,
        CSVVersion: CSV_VERSION,
        ExportPeriodType: params.periodType,
        ExportDirective: params.directive,
        HashStatus: params.hashed ? 4 : 1,
        ImplementationID: `hearth:${coc?.id ?? 'unknown'}`,
      };
      await addEntry(file, (async function* () {
        yield exportRow;
      })());
      continue;
    }
    const src = fileSources[file];
    if (file === 'User.csv') {
      // The system user first: rows without an editor point at it.
      const userRows = async function* (): AsyncGenerator<Row> {
        yield { UserID: HEARTH_SYSTEM_USER_ID, UserFirstName: 'Hearth', UserLastName: 'System', DateCreated: new Date(Date.UTC(2026, 0, 1)), DateUpdated: new Date(Date.UTC(2026, 0, 1)), ExportID: exportId };
        for await (const r of cursorRows<DbRow>(tx, src!.sql)) {
          if (r.id === HEARTH_SYSTEM_USER_ID) continue;
          yield src!.map(r, exportId) as Row;
        }
      };
      await addEntry(file, userRows());
      continue;
    }
    if (!src) {
      await addEntry(file, (async function* () {})());
      continue;
    }
    const rows = async function* (): AsyncGenerator<Row> {
      for await (const r of cursorRows<DbRow>(tx, src.sql)) {
        const mapped = src.map(r, exportId);
        if (mapped === null) continue;
        for (const m of Array.isArray(mapped) ? mapped : [mapped]) yield { ...m, ExportID: exportId };
      }
    };
    await addEntry(file, rows());
  }
  zip.end();
  await written;

  const result: HudExportResult = { exportId, rowCounts, eventsSkipped, projectCount: projectIds.length };
  await writeAudit(tx, ctx, {
    action: 'hud.export',
    entityType: 'hud_export',
    entityId: exportId,
    details: { ...result, from: params.from, to: params.to, periodType: params.periodType, directive: params.directive, hashed: params.hashed, projectIds: params.projectIds },
  });
  return result;
}
