/**
 * How each HUD file's records become Hearth rows (the import's per-file rules), decided a chunk at a
 * time: `begin` reads what the chunk's decisions need (parents come resolved in `ChunkContext.parents`),
 * `pickId` / `upsert` / `remove` decide in memory in file order, `flush` writes (import-batch.ts).
 *
 * - Tables with a row per record (agencies, users, projects and their children, clients, enrollments,
 *   services, current living situations, CE assessments): a new record keeps its source ID as local ID
 *   when that ID is free, otherwise gets a new one.
 * - Records stored on another row: Exit on its enrollment; IncomeBenefits, HealthAndDV and
 *   Disabilities on the enrollment's stage record (same enrollment, stage and — except at entry and
 *   exit — information date; created when missing); AssessmentQuestions and AssessmentResults on their
 *   CE assessment.
 * - Files Hearth has no table for (Affiliation, EmploymentEducation, YouthEducationStatus, CE events):
 *   kept as sent in `hud_import_records`.
 */
import { sql } from 'kysely';
import type { Tx } from '../../data/db.ts';
import { hudSpec } from '../../domain/hud/spec.ts';
import { newId } from '../../domain/ids.ts';
import { BENEFITS, HEARTH_SYSTEM_USER_ID, INCOME_SOURCES, INSURANCE, RACE_COLUMNS } from './export-files.ts';
import { insertJson, takenIds, TableBatch, updateJson, type InsertOp, type ParentLookup, type TableName, type Values } from './import-batch.ts';

export type R = Record<string, string>;

export const v = (x: string | undefined): string | null => (x === undefined || x === '' ? null : x);
export const int = (x: string | undefined): number | null => (x === undefined || x === '' ? null : Number(x));
/** A HUD datetime (validated `YYYY-MM-DD hh:mm:ss`, UTC) as PostgreSQL reads it: no Date built per value. */
export const time = (x: string | undefined): string | null => (x ? `${x}+00` : null);
/** The same instant in milliseconds, to compare DateUpdated values. */
export const timeMs = (x: string | undefined): number | null => (x ? Date.parse(`${x.replace(' ', 'T')}Z`) : null);

export interface ChunkContext {
  readonly tx: Tx;
  readonly parents: ParentLookup;
  readonly now: Date;
  /** PersonalID → OrganizationID of the first enrollment's project (owner agency of a new client). */
  readonly clientOwner: ReadonlyMap<string, string>;
  /** The agency a new client without one belongs to (the first by ID), read once. */
  firstAgency(): Promise<string | null>;
}

export interface ChunkWriter {
  /** A new (or restored) record's local ID when it is not simply the source ID. */
  pickId?(row: R): string;
  /** Writes the record under `id`; returns the local ID (an insert's, which may still change). */
  upsert(id: string, row: R, existing: boolean): string | InsertOp;
  remove(id: string): void;
  flush(): Promise<void>;
}

export interface Handler {
  /** Whether new records get their ID from `pickId` (records stored on another row, matched names). */
  readonly picksId: boolean;
  /** Parents the rules read besides the references every record is checked against. */
  refs?(row: R, want: (file: string, id: string | undefined) => void, clientOwner: ReadonlyMap<string, string>): void;
  begin(c: ChunkContext, rows: readonly R[], keyLocalIds: readonly string[]): Promise<ChunkWriter>;
}

const userOf = (c: ChunkContext, sourceUserId: string | undefined): string | null =>
  !sourceUserId || sourceUserId === HEARTH_SYSTEM_USER_ID ? null : c.parents.get('User.csv', sourceUserId);

/** When and by whom a record was made and changed: its user changed it, and made it when it is new here. */
function authorship(c: ChunkContext, row: R, existing: boolean): Values {
  const user = userOf(c, row.UserID);
  return { created_at: time(row.DateCreated), updated_at: time(row.DateUpdated), updated_by: user, ...(existing ? {} : { created_by: user }) };
}
const wantUser = (row: R, want: (file: string, id: string | undefined) => void) => {
  if (row.UserID && row.UserID !== HEARTH_SYSTEM_USER_ID) want('User.csv', row.UserID);
};

/** A table with one row per record. */
function tableHandler(
  table: TableName,
  rules: {
    values(c: ChunkContext, row: R, existing: boolean, id: string): Values;
    remove?: (tx: Tx, ids: string[], now: Date) => Promise<void>;
    refs?: Handler['refs'];
  },
): Handler {
  return {
    picksId: false,
    refs: rules.refs,
    async begin(c) {
      const b = new TableBatch(table);
      return {
        upsert(id, row, existing) {
          if (existing) {
            b.update(id, rules.values(c, row, true, id));
            return id;
          }
          return b.insert(id, (nid) => rules.values(c, row, false, nid));
        },
        remove: (id) => b.remove(id),
        flush: () => b.flush(c.tx, (tx, ids) => (rules.remove ?? deleteRows(table))(tx, ids, c.now)),
      };
    },
  };
}

const deleteRows = (table: TableName) => async (tx: Tx, ids: string[]) => {
  await sql`delete from ${sql.table(table)} where id = any(${ids}::text[])`.execute(tx);
};

/** Enrollments with everything recorded on them (imported history records are marked deleted). */
export async function deleteEnrollments(tx: Tx, ids: readonly string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  for (const t of ['current_living_situations', 'ce_assessments', 'enrollment_assessments', 'enrollment_services', 'form_responses'] as const) {
    await sql`delete from ${sql.table(t)} where enrollment_id = any(${ids}::text[])`.execute(tx);
  }
  await sql`update hud_import_records set deleted_at = ${now} where enrollment_id = any(${ids}::text[])`.execute(tx);
  await sql`update referrals set ce_enrollment_id = null where ce_enrollment_id = any(${ids}::text[])`.execute(tx);
  await sql`update referrals set enrollment_id = null where enrollment_id = any(${ids}::text[])`.execute(tx);
  await sql`delete from enrollments where id = any(${ids}::text[])`.execute(tx);
}

const PROGRAM_MODEL: Record<number, string> = { 0: 'ES', 1: 'ES', 2: 'TH', 3: 'PSH', 4: 'SO', 6: 'SSO', 8: 'Safe Haven', 12: 'Prevention', 13: 'RRH', 14: 'CE' };

/** Organizations: matched to an agency of the same name (letter case aside), else a new agency. */
const organizationHandler: Handler = {
  picksId: true,
  async begin(c, rows) {
    const names = [...new Set(rows.map((r) => (r.OrganizationName ?? '').toLowerCase()))];
    const byName = new Map<string, string>();
    const found = await sql<{ id: string; n: string }>`select id, lower(name) as n from agencies where lower(name) = any(${names}::text[])`.execute(c.tx);
    for (const r of found.rows) byName.set(r.n, r.id);
    const taken = await takenIds(c.tx, 'agencies', rows.map((r) => r.OrganizationID!).filter((id) => id.length <= 32));
    const b = new TableBatch('agencies');
    const values = (row: R): Values => ({ name: row.OrganizationName, victim_service_provider: row.VictimServiceProvider === '1', created_at: time(row.DateCreated), updated_at: time(row.DateUpdated) });
    return {
      pickId(row) {
        const same = byName.get(row.OrganizationName!.toLowerCase());
        if (same) return same;
        const id = row.OrganizationID!;
        return id.length > 32 || taken.has(id) ? newId() : id;
      },
      upsert(id, row, existing) {
        const name = row.OrganizationName!.toLowerCase();
        if (existing || byName.get(name) === id) {
          b.update(id, values(row));
          return id;
        }
        const op = b.insert(id, () => values(row));
        byName.set(name, op.id);
        taken.add(op.id);
        return op;
      },
      remove: (id) => b.remove(id),
      flush: () => b.flush(c.tx, deleteRows('agencies')),
    };
  },
};

const userHandler = tableHandler('users', {
  values(_c, row, existing, id) {
    const display = [row.UserFirstName, row.UserLastName].filter(Boolean).join(' ') || `Imported user ${row.UserID}`;
    const values: Values = { display_name: display, email: v(row.UserEmail), created_at: time(row.DateCreated), updated_at: time(row.DateUpdated) };
    if (!existing) Object.assign(values, { username: `hud-${id}`, password_hash: '!', active: false });
    return values;
  },
  // A user is deactivated, never deleted (their name stays on what they recorded).
  remove: async (tx, ids) => {
    await sql`update users set active = false where id = any(${ids}::text[])`.execute(tx);
  },
});

const projectOf = (c: ChunkContext, row: R) => c.parents.get('Project.csv', row.ProjectID);

export const TABLE_HANDLERS: Record<string, Handler> = {
  'Organization.csv': organizationHandler,
  'User.csv': userHandler,
  'Project.csv': tableHandler('projects', {
    values(c, row, existing) {
      const type = int(row.ProjectType) ?? 7;
      const values: Values = {
        agency_id: c.parents.get('Organization.csv', row.OrganizationID),
        name: row.ProjectName,
        project_type: type,
        rrh_subtype: int(row.RRHSubType),
        housing_type: int(row.HousingType),
        target_population: int(row.TargetPopulation),
        operating_start: row.OperatingStartDate,
        operating_end: v(row.OperatingEndDate),
        continuum_project: row.ContinuumProject === '1',
        created_at: time(row.DateCreated),
        updated_at: time(row.DateUpdated),
      };
      if (!existing) values.program_model = PROGRAM_MODEL[type] ?? 'Other';
      return values;
    },
  }),
  'Funder.csv': tableHandler('project_funders', {
    values: (c, row) => ({
      project_id: projectOf(c, row),
      funder: int(row.Funder),
      other_funder: v(row.OtherFunder),
      grant_id: row.GrantID ?? '',
      start_date: row.StartDate,
      end_date: v(row.EndDate),
      created_at: time(row.DateCreated),
      updated_at: time(row.DateUpdated),
    }),
  }),
  'ProjectCoC.csv': tableHandler('project_cocs', {
    values: (c, row) => ({
      project_id: projectOf(c, row),
      coc_code: row.CoCCode,
      geocode: row.Geocode,
      address1: v(row.Address1),
      address2: v(row.Address2),
      city: v(row.City),
      state: v(row.State),
      zip: v(row.ZIP),
      geography_type: int(row.GeographyType),
      created_at: time(row.DateCreated),
      updated_at: time(row.DateUpdated),
    }),
  }),
  'Inventory.csv': tableHandler('project_inventory', {
    values: (c, row) => ({
      project_id: projectOf(c, row),
      coc_code: row.CoCCode,
      household_type: int(row.HouseholdType),
      availability: int(row.Availability),
      unit_inventory: int(row.UnitInventory),
      bed_inventory: int(row.BedInventory),
      ch_vet_bed_inventory: int(row.CHVetBedInventory),
      youth_vet_bed_inventory: int(row.YouthVetBedInventory),
      vet_bed_inventory: int(row.VetBedInventory),
      ch_youth_bed_inventory: int(row.CHYouthBedInventory),
      youth_bed_inventory: int(row.YouthBedInventory),
      ch_bed_inventory: int(row.CHBedInventory),
      other_bed_inventory: int(row.OtherBedInventory),
      es_bed_type: int(row.ESBedType),
      start_date: row.InventoryStartDate,
      end_date: v(row.InventoryEndDate),
      created_at: time(row.DateCreated),
      updated_at: time(row.DateUpdated),
    }),
  }),
  'HMISParticipation.csv': tableHandler('project_hmis_participation', {
    values: (c, row) => ({
      project_id: projectOf(c, row),
      participation_type: int(row.HMISParticipationType),
      start_date: row.HMISParticipationStatusStartDate,
      end_date: v(row.HMISParticipationStatusEndDate),
      created_at: time(row.DateCreated),
      updated_at: time(row.DateUpdated),
    }),
  }),
  'CEParticipation.csv': tableHandler('project_ce_participation', {
    values(c, row) {
      const b = (x: string | undefined) => (x === undefined || x === '' ? null : x === '1');
      return {
        project_id: projectOf(c, row),
        access_point: row.AccessPoint === '1',
        prevention_assessment: b(row.PreventionAssessment),
        crisis_assessment: b(row.CrisisAssessment),
        housing_assessment: b(row.HousingAssessment),
        direct_services: b(row.DirectServices),
        receives_referrals: row.ReceivesReferrals === '1',
        start_date: row.CEParticipationStatusStartDate,
        end_date: v(row.CEParticipationStatusEndDate),
        created_at: time(row.DateCreated),
        updated_at: time(row.DateUpdated),
      };
    },
  }),
  'Client.csv': clientHandler(),
  'Enrollment.csv': tableHandler('enrollments', {
    refs: wantUser,
    values: (c, row, existing) => ({
        client_id: c.parents.get('Client.csv', row.PersonalID),
        project_id: projectOf(c, row),
        household_id: row.HouseholdID,
        relationship_to_hoh: int(row.RelationshipToHoH),
        entry_date: row.EntryDate,
        move_in_date: v(row.MoveInDate),
        enrollment_coc: v(row.EnrollmentCoC),
        disabling_condition: int(row.DisablingCondition),
        living_situation: int(row.LivingSituation),
        rental_subsidy_type: int(row.RentalSubsidyType),
        length_of_stay: int(row.LengthOfStay),
        los_under_threshold: int(row.LOSUnderThreshold),
        previous_street_essh: int(row.PreviousStreetESSH),
        date_to_street_essh: v(row.DateToStreetESSH),
        times_homeless_past_three_years: int(row.TimesHomelessPastThreeYears),
        months_homeless_past_three_years: int(row.MonthsHomelessPastThreeYears),
        ...authorship(c, row, existing),
    }),
    remove: deleteEnrollments,
  }),
  'Exit.csv': exitHandler(),
  'IncomeBenefits.csv': stageHandler('IncomeBenefitsID', {
    upsert(c, row) {
      const income: Record<string, number> = {};
      for (const [col, amount] of INCOME_SOURCES) if (row[col] === '1') income[col] = Number(row[amount] || 0);
      return {
        income_from_any_source: int(row.IncomeFromAnySource),
        total_monthly_income: v(row.TotalMonthlyIncome),
        income_sources: income,
        other_income_source_identify: v(row.OtherIncomeSourceIdentify),
        benefits_from_any_source: int(row.BenefitsFromAnySource),
        benefits: BENEFITS.filter((col) => row[col] === '1'),
        insurance_from_any_source: int(row.InsuranceFromAnySource),
        insurance: INSURANCE.filter((col) => row[col] === '1'),
        created_at: time(row.DateCreated),
        updated_at: time(row.DateUpdated),
        updated_by: userOf(c, row.UserID),
      };
    },
    remove: () => ({ income_from_any_source: null, benefits_from_any_source: null, insurance_from_any_source: null, total_monthly_income: null }),
  }),
  'HealthAndDV.csv': stageHandler('HealthAndDVID', {
    upsert: (_c, row) => ({ domestic_violence_survivor: int(row.DomesticViolenceSurvivor), when_occurred: int(row.WhenOccurred), currently_fleeing: int(row.CurrentlyFleeing) }),
    remove: () => ({ domestic_violence_survivor: null, when_occurred: null, currently_fleeing: null }),
  }),
  'Disabilities.csv': stageHandler('DisabilitiesID', {
    disabilities: true,
    upsert(_c, row, current) {
      const type = Number(row.DisabilityType);
      const next = (current ?? []).filter((d) => d.disabilityType !== type);
      next.push({ disabilityType: type, disabilityResponse: Number(row.DisabilityResponse), indefiniteAndImpairs: int(row.IndefiniteAndImpairs) });
      next.sort((a, b) => a.disabilityType - b.disabilityType);
      return { disabilities: next };
    },
    remove: () => ({ disabilities: [] }),
  }),
  'Services.csv': tableHandler('enrollment_services', {
    refs: wantUser,
    values: (c, row) => ({
      enrollment_id: c.parents.get('Enrollment.csv', row.EnrollmentID),
      client_id: c.parents.get('Client.csv', row.PersonalID),
      date_provided: row.DateProvided,
      type: `hud:${row.RecordType}:${row.TypeProvided}`,
      record_type: int(row.RecordType),
      type_provided: int(row.TypeProvided),
      amount: v(row.FAAmount),
      created_at: time(row.DateCreated),
      created_by: userOf(c, row.UserID),
    }),
  }),
  'CurrentLivingSituation.csv': tableHandler('current_living_situations', {
    refs: wantUser,
    values(c, row, existing) {
      const values: Values = {
        enrollment_id: c.parents.get('Enrollment.csv', row.EnrollmentID),
        client_id: c.parents.get('Client.csv', row.PersonalID),
        information_date: row.InformationDate,
        current_living_situation: int(row.CurrentLivingSituation),
        cls_subsidy_type: int(row.CLSSubsidyType),
        verified_by: v(row.VerifiedBy),
        leave_situation_14_days: int(row.LeaveSituation14Days),
        subsequent_residence: int(row.SubsequentResidence),
        resources_to_obtain: int(row.ResourcesToObtain),
        lease_own_60_day: int(row.LeaseOwn60Day),
        moved_two_or_more: int(row.MovedTwoOrMore),
        location_details: v(row.LocationDetails),
        created_at: time(row.DateCreated),
        updated_at: time(row.DateUpdated),
      };
      if (!existing) values.created_by = userOf(c, row.UserID);
      return values;
    },
  }),
  'Assessment.csv': tableHandler('ce_assessments', {
    refs: wantUser,
    values: (c, row, existing) => ({
        enrollment_id: c.parents.get('Enrollment.csv', row.EnrollmentID),
        client_id: c.parents.get('Client.csv', row.PersonalID),
        assessment_date: row.AssessmentDate,
        assessment_location: row.AssessmentLocation,
        assessment_type: int(row.AssessmentType),
        assessment_level: int(row.AssessmentLevel),
        prioritization_status: int(row.PrioritizationStatus),
        ...authorship(c, row, existing),
    }),
  }),
  'AssessmentQuestions.csv': assessmentPartHandler({
    column: 'answers',
    upsert(row, current) {
      const answers = [...((current ?? []) as { group?: string | null; question: string; answer: string | null }[])];
      const order = int(row.AssessmentQuestionOrder) ?? answers.length + 1;
      const entry = { ...(v(row.AssessmentQuestionGroup) ? { group: row.AssessmentQuestionGroup! } : {}), question: row.AssessmentQuestion!, answer: v(row.AssessmentAnswer) };
      if (order >= 1 && order <= answers.length) answers[order - 1] = entry;
      else answers.push(entry);
      return answers;
    },
    removed: [],
  }),
  'AssessmentResults.csv': assessmentPartHandler({
    column: 'score',
    upsert(row) {
      const score = v(row.AssessmentResult);
      return score !== null && /^-?\d+(\.\d+)?$/.test(score) ? score : null;
    },
    removed: null,
  }),
};

function clientHandler(): Handler {
  let owner: string | null = null;
  const inner = tableHandler('clients', {
    values(c, row, existing) {
      const race = RACE_COLUMNS.filter((col) => row[col] === '1');
      const values: Values = {
        first_name: v(row.FirstName),
        middle_name: v(row.MiddleName),
        last_name: v(row.LastName),
        suffix: v(row.NameSuffix),
        name_data_quality: int(row.NameDataQuality),
        ssn: v(row.SSN)?.toLowerCase() ?? null,
        ssn_data_quality: int(row.SSNDataQuality),
        dob: v(row.DOB),
        dob_data_quality: int(row.DOBDataQuality),
        race,
        race_none: race.length === 0 ? int(row.RaceNone) : null,
        sex: int(row.Sex) ?? 99,
        veteran_status: int(row.VeteranStatus),
        created_at: time(row.DateCreated),
        updated_at: time(row.DateUpdated),
      };
      if (!existing) {
        const org = c.clientOwner.get(row.PersonalID!);
        values.owner_agency_id = (org ? c.parents.get('Organization.csv', org) : null) ?? owner;
        values.created_by = userOf(c, row.UserID);
      }
      return values;
    },
    async remove(tx, ids, now) {
      const enrollments = await sql<{ id: string }>`select id from enrollments where client_id = any(${ids}::text[])`.execute(tx);
      await deleteEnrollments(tx, enrollments.rows.map((e) => e.id), now);
      await sql`delete from client_consents where client_id = any(${ids}::text[])`.execute(tx);
      await sql`delete from clients where id = any(${ids}::text[])`.execute(tx);
    },
  });
  return {
    picksId: false,
    refs(row, want, clientOwner) {
      wantUser(row, want);
      want('Organization.csv', clientOwner.get(row.PersonalID!));
    },
    async begin(c, rows, keyLocalIds) {
      owner = await c.firstAgency();
      return inner.begin(c, rows, keyLocalIds);
    },
  };
}

/** Exit.csv: the exit fields of its enrollment. */
function exitHandler(): Handler {
  return {
    picksId: true,
    refs: wantUser,
    async begin(c) {
      const updates = new Map<string, Values>();
      const set = (id: string, values: Values) => updates.set(id, { ...updates.get(id), ...values });
      return {
        pickId: (row) => c.parents.get('Enrollment.csv', row.EnrollmentID)!,
        upsert(id, row) {
          set(id, {
            exit_date: row.ExitDate,
            destination: int(row.Destination),
            destination_subsidy_type: int(row.DestinationSubsidyType),
            other_destination: v(row.OtherDestination),
            exited_at: time(row.DateCreated),
            exited_by: userOf(c, row.UserID),
          });
          return id;
        },
        remove: (id) => set(id, { exit_date: null, destination: null, destination_subsidy_type: null, other_destination: null, exited_at: null, exited_by: null }),
        flush: () => updateJson(c.tx, 'enrollments', updates),
      };
    },
  };
}

interface Disability {
  disabilityType: number;
  disabilityResponse: number;
  indefiniteAndImpairs: number | null;
}

/**
 * IncomeBenefits, HealthAndDV, Disabilities: columns of the enrollment's stage record (entry, update,
 * annual, exit…), found by enrollment, stage and — except at entry and exit, which are one per
 * enrollment — information date, or created (keeping the record's ID when free).
 */
function stageHandler(
  idColumn: string,
  rules: { disabilities?: boolean; upsert(c: ChunkContext, row: R, current?: Disability[]): Values; remove(): Values },
): Handler {
  const keyOf = (enrollment: string, stage: number, date: string) => (stage === 1 || stage === 3 ? `${enrollment}|${stage}` : `${enrollment}|${stage}|${date}`);
  return {
    picksId: true,
    refs: wantUser,
    async begin(c, rows, keyLocalIds) {
      const enrollments = [...new Set(rows.map((r) => c.parents.get('Enrollment.csv', r.EnrollmentID)).filter((e): e is string => e !== null))];
      const found = await sql<{ id: string; enrollment_id: string; data_collection_stage: number; information_date: string; disabilities: Disability[] | null }>`
        select id, enrollment_id, data_collection_stage, information_date, ${rules.disabilities ? sql`disabilities` : sql`null::jsonb as disabilities`}
        from enrollment_assessments where enrollment_id = any(${enrollments}::text[]) or id = any(${keyLocalIds}::text[])
        order by id`.execute(c.tx);
      const byKey = new Map<string, string>();
      const disabilities = new Map<string, Disability[]>();
      for (const r of found.rows) {
        const k = keyOf(r.enrollment_id, r.data_collection_stage, r.information_date);
        if (!byKey.has(k)) byKey.set(k, r.id);
        if (r.disabilities) disabilities.set(r.id, r.disabilities);
      }
      const taken = await takenIds(c.tx, 'enrollment_assessments', rows.map((r) => r[idColumn]!).filter((id) => id.length <= 32));
      for (const r of found.rows) taken.add(r.id);
      // New stage records are inserted with the values of the chunk's records on them (one write each).
      const created = new Map<string, Values>();
      const updates = new Map<string, Values>();
      const set = (id: string, values: Values) => {
        const target = created.has(id) ? created : updates;
        target.set(id, { ...target.get(id), ...values });
      };
      return {
        pickId(row) {
          const enrollment = c.parents.get('Enrollment.csv', row.EnrollmentID);
          if (!enrollment) throw new Error(`enrollment ${row.EnrollmentID} was not imported`);
          const stage = Number(row.DataCollectionStage);
          const k = keyOf(enrollment, stage, row.InformationDate!);
          const existing = byKey.get(k);
          if (existing) return existing;
          const preferred = row[idColumn]!;
          const id = preferred.length > 32 || taken.has(preferred) ? newId() : preferred;
          taken.add(id);
          byKey.set(k, id);
          disabilities.set(id, []);
          created.set(id, {
            id,
            enrollment_id: enrollment,
            client_id: c.parents.get('Client.csv', row.PersonalID),
            data_collection_stage: stage,
            information_date: row.InformationDate!,
            created_at: time(row.DateCreated) ?? c.now,
            updated_at: time(row.DateUpdated) ?? c.now,
            created_by: userOf(c, row.UserID),
          });
          return id;
        },
        upsert(id, row) {
          const values = rules.upsert(c, row, disabilities.get(id));
          if (rules.disabilities) disabilities.set(id, values.disabilities as Disability[]);
          set(id, values);
          return id;
        },
        remove(id) {
          const values = rules.remove();
          if (rules.disabilities) disabilities.set(id, []);
          set(id, values);
        },
        async flush() {
          // The IDs were checked free above: a conflict is an error, not a reason for another ID.
          await insertJson(c.tx, 'enrollment_assessments', [...created.values()], false);
          await updateJson(c.tx, 'enrollment_assessments', updates);
        },
      };
    },
  };
}

/** AssessmentQuestions (the answers list) and AssessmentResults (the score) of a CE assessment. */
function assessmentPartHandler(rules: { column: 'answers' | 'score'; upsert(row: R, current: unknown): unknown; removed: unknown }): Handler {
  return {
    picksId: true,
    async begin(c, rows, keyLocalIds) {
      const ids = [...new Set([...rows.map((r) => c.parents.get('Assessment.csv', r.AssessmentID)).filter((a): a is string => a !== null), ...keyLocalIds])];
      const found = await sql<{ id: string; value: unknown }>`select id, ${sql.id(rules.column)} as value from ce_assessments where id = any(${ids}::text[])`.execute(c.tx);
      const current = new Map(found.rows.map((r) => [r.id, r.value]));
      const updates = new Map<string, Values>();
      return {
        pickId: (row) => c.parents.get('Assessment.csv', row.AssessmentID)!,
        upsert(id, row) {
          if (rules.column === 'answers' && !current.has(id)) throw new Error(`assessment ${id} does not exist`);
          const value = rules.upsert(row, current.get(id));
          current.set(id, value);
          updates.set(id, { [rules.column]: value });
          return id;
        },
        remove(id) {
          current.set(id, rules.removed);
          updates.set(id, { [rules.column]: rules.removed });
        },
        flush: () => updateJson(c.tx, 'ce_assessments', updates),
      };
    },
  };
}

/** Records of files without a Hearth table: kept as sent. */
export function retainedHandler(file: string): Handler {
  const spec = hudSpec('2026').file(file)!;
  return {
    picksId: true,
    refs(row, want) {
      want('Enrollment.csv', row.EnrollmentID);
      want('Client.csv', row.PersonalID);
      want('Project.csv', row.ProjectID);
      wantUser(row, want);
    },
    async begin(c) {
      const upserts = new Map<string, Values>();
      const removed: string[] = [];
      return {
        pickId: (row) => row[spec.primaryKey]!,
        upsert(id, row) {
          const data: R = {};
          for (const col of spec.columns) if (col.name !== 'ExportID' && row[col.name]) data[col.name] = row[col.name]!;
          const enrollmentId = row.EnrollmentID ? c.parents.get('Enrollment.csv', row.EnrollmentID) : null;
          if (enrollmentId && data.EnrollmentID) data.EnrollmentID = enrollmentId;
          if (data.PersonalID) data.PersonalID = c.parents.get('Client.csv', data.PersonalID) ?? data.PersonalID;
          if (data.UserID && data.UserID !== HEARTH_SYSTEM_USER_ID) data.UserID = userOf(c, data.UserID) ?? HEARTH_SYSTEM_USER_ID;
          const projectId = row.ProjectID ? c.parents.get('Project.csv', row.ProjectID) : null;
          if (projectId && data.ProjectID) data.ProjectID = projectId;
          upserts.set(id, { source_record_id: id, enrollment_id: enrollmentId, project_id: projectId, data });
          return id;
        },
        remove: (id) => removed.push(id),
        async flush() {
          if (removed.length > 0) {
            await sql`update hud_import_records set deleted_at = ${c.now} where file = ${file} and source_record_id = any(${removed}::text[])`.execute(c.tx);
          }
          if (upserts.size === 0) return;
          await sql`
            insert into hud_import_records (file, source_record_id, enrollment_id, project_id, data, deleted_at)
            select ${file}, r.source_record_id, r.enrollment_id, r.project_id, r.data, null
            from json_to_recordset(${JSON.stringify([...upserts.values()])}::json) as r(source_record_id text, enrollment_id text, project_id text, data jsonb)
            on conflict (file, source_record_id)
              do update set enrollment_id = excluded.enrollment_id, project_id = excluded.project_id, data = excluded.data, deleted_at = null`.execute(c.tx);
        },
      };
    },
  };
}
