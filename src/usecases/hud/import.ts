/**
 * HUD HMIS CSV import, FY2024 and FY2026 (issue 9).
 *
 * 1. **Validate first** (`validateHudSource`, import mode, version from Export.csv): a set with any
 *    error is rejected and nothing is written.
 * 2. **Apply** in one transaction (the caller's), files in HUD's order, streamed a second time from the
 *    source. FY2024 rows are mapped to FY2026 (`mapFy2024Row`: gender not carried, HispanicLatinaeo →
 *    HispanicLatinao, retired funder/event codes kept and noted as history).
 *
 * Idempotency: `hud_import_keys` maps (source, file, source record ID) → local ID and the DateUpdated
 * last applied. The source is Export.csv's SourceID (else ImplementationID).
 *   - a record seen before with the same or a later DateUpdated is left alone (strictly newer wins: a
 *     record updated the same day but earlier in the day does not replace the stored one);
 *   - a strictly newer DateUpdated updates the local record (or restores it when it had been deleted);
 *   - DateDeleted removes the local record (children of a deleted enrollment go with it);
 *   - a new record keeps its source ID as local ID when that ID is free (so an export → import → export
 *     round trip gives the same IDs), otherwise gets a new one.
 * Records of files Hearth has no table for (Affiliation, EmploymentEducation, YouthEducationStatus, CE
 * events) are kept in `hud_import_records` and carried by later exports.
 * UserID: the Hearth system user and unknown users become "no user"; other users are created inactive
 * (no password: they cannot sign in until an administrator sets them up).
 */
import { sql } from 'kysely';
import type { Database, Tx } from '../../data/db.ts';
import type { DB } from '../../data/schema.ts';
import { hudSpec, type HudVersion } from '../../domain/hud/spec.ts';
import { readHudCsv } from '../../domain/hud/csv.ts';
import { checkHeader, validateHudSource, type HudFileSource, type HudProblem, type ValidationReport } from '../../domain/hud/validate.ts';
import { mapFy2024Row, type MappingNote } from '../../domain/hud/fy2024.ts';
import { newId } from '../../domain/ids.ts';
import { can } from '../../domain/access.ts';
import { ForbiddenError } from '../../domain/errors.ts';
import { writeAudit } from '../audit.ts';
import type { RequestContext } from '../context.ts';
import { BENEFITS, HEARTH_SYSTEM_USER_ID, INCOME_SOURCES, INSURANCE, RACE_COLUMNS } from './export.ts';

export interface HudImportProgress {
  phase: 'validate' | 'apply';
  file: string;
  rows: number;
}

export interface FileCounts {
  inserted: number;
  updated: number;
  deleted: number;
  unchanged: number;
  /** Records whose parent (client, enrollment, project…) is deleted in the set or locally: not stored. */
  skipped: number;
}

export interface HudImportReport {
  version: HudVersion;
  accepted: boolean;
  /** True when the records were written (accepted and not a dry run). */
  applied: boolean;
  dryRun: boolean;
  sourceId: string | null;
  validation: ValidationReport;
  counts: Record<string, FileCounts>;
  /** FY2024 → FY2026 value changes and retired codes kept as history (at most 1 000 kept). */
  notes: (MappingNote & { file: string; line: number })[];
  notesTruncated: number;
}

const RETAINED_FILES = new Set(['Affiliation.csv', 'EmploymentEducation.csv', 'YouthEducationStatus.csv', 'Event.csv']);
const MAX_NOTES = 1000;

/** Validates a set (import mode). Nothing is written. */
export async function validateHudImport(source: HudFileSource, onProgress: (p: HudImportProgress) => void = () => {}): Promise<ValidationReport> {
  const counts = new Map<string, number>();
  return validateHudSource(source, {
    mode: 'import',
    onRecord: (file) => {
      const c = (counts.get(file) ?? 0) + 1;
      counts.set(file, c);
      if (c % 1000 === 0) onProgress({ phase: 'validate', file, rows: c });
    },
  });
}

/** Validates then, when accepted and not a dry run, applies in one transaction. */
export async function importHud(
  database: Database,
  ctx: RequestContext,
  source: HudFileSource,
  options: { dryRun?: boolean; onProgress?: (p: HudImportProgress) => void; validation?: ValidationReport } = {},
): Promise<HudImportReport> {
  if (ctx.actor && !can(ctx.actor, 'hud.import')) throw new ForbiddenError('Only HMIS administrators may import HUD CSV.');
  const validation = options.validation ?? (await validateHudImport(source, options.onProgress));
  const base = { version: validation.version, accepted: validation.accepted, dryRun: !!options.dryRun, validation, counts: {}, notes: [], notesTruncated: 0, sourceId: null };
  if (!validation.accepted || options.dryRun) {
    await database.transaction((tx) =>
      writeAudit(tx, ctx, { action: 'hud.import.validate', entityType: 'hud_import', details: { accepted: validation.accepted, errors: validation.errorCount, warnings: validation.warningCount, rowCounts: validation.rowCounts } }),
    );
    return { ...base, applied: false };
  }
  return database.transaction(async (tx) => {
    const applied = await applyHudImport(tx, ctx, source, validation.version, options.onProgress);
    await writeAudit(tx, ctx, {
      action: 'hud.import',
      entityType: 'hud_import',
      entityId: applied.sourceId ?? undefined,
      details: { version: validation.version, sourceId: applied.sourceId, counts: applied.counts, warnings: validation.warningCount },
    });
    return { ...base, ...applied, applied: true };
  });
}

/** Thrown when a record that passed validation cannot be stored (a rule of Hearth's tables). */
export class HudApplyError extends Error {
  readonly problem: HudProblem;
  constructor(problem: HudProblem) {
    super(`${problem.file} line ${problem.line}: ${problem.message}`);
    this.problem = problem;
  }
}

type R = Record<string, string>;
const v = (x: string | undefined): string | null => (x === undefined || x === '' ? null : x);
const int = (x: string | undefined): number | null => (x === undefined || x === '' ? null : Number(x));
const time = (x: string | undefined): Date | null => (x ? new Date(`${x.replace(' ', 'T')}Z`) : null);

const PROGRAM_MODEL: Record<number, string> = { 0: 'ES', 1: 'ES', 2: 'TH', 3: 'PSH', 4: 'SO', 6: 'SSO', 8: 'Safe Haven', 12: 'Prevention', 13: 'RRH', 14: 'CE' };

interface ApplyState {
  tx: Tx;
  sourceId: string;
  /** source file → source ID → local ID (parents only). */
  ids: Map<string, Map<string, string | null>>;
  /** PersonalID → OrganizationID of the first enrollment (owner agency of an imported client). */
  clientOwner: Map<string, string>;
  counts: Record<string, FileCounts>;
}

async function localIdOf(st: ApplyState, file: string, sourceRecordId: string | null): Promise<string | null> {
  if (!sourceRecordId) return null;
  let m = st.ids.get(file);
  if (!m) st.ids.set(file, (m = new Map()));
  if (m.has(sourceRecordId)) return m.get(sourceRecordId)!;
  const k = await st.tx
    .selectFrom('hud_import_keys')
    .select(['local_id', 'deleted'])
    .where('source_id', '=', st.sourceId)
    .where('file', '=', file)
    .where('source_record_id', '=', sourceRecordId)
    .executeTakeFirst();
  const id = k && !k.deleted ? k.local_id : null;
  m.set(sourceRecordId, id);
  return id;
}

async function userId(st: ApplyState, sourceUserId: string | undefined): Promise<string | null> {
  if (!sourceUserId || sourceUserId === HEARTH_SYSTEM_USER_ID) return null;
  return localIdOf(st, 'User.csv', sourceUserId);
}

async function freeId(tx: Tx, table: keyof DB, id: string): Promise<string> {
  if (id.length > 32) return newId();
  const taken = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where id = ${id}`.execute(tx);
  return (taken.rows[0]?.n ?? 0) > 0 ? newId() : id;
}

interface Handler {
  table: keyof DB;
  /** Writes the record with this local ID (insert or update). `existing` is false for a new record. */
  upsert(st: ApplyState, id: string, row: R, existing: boolean): Promise<void>;
  remove(st: ApplyState, id: string): Promise<void>;
  /** A new record: which local ID (default: the source ID when free). */
  pickId?(st: ApplyState, row: R): Promise<string>;
}

/** A new record's preferred local ID (its source ID) is taken by another local record. */
class IdTaken extends Error {}

async function upsertRow(tx: Tx, table: keyof DB, id: string, values: Record<string, unknown>, existing: boolean) {
  if (existing) {
    await tx.updateTable(table).set(values as never).where('id' as never, '=', id as never).execute();
    return;
  }
  const inserted = await tx
    .insertInto(table)
    .values({ id, ...values } as never)
    .onConflict((oc) => oc.column('id' as never).doNothing())
    .returning('id' as never)
    .executeTakeFirst();
  if (!inserted) throw new IdTaken(id);
}
const del = (table: keyof DB) => async (st: ApplyState, id: string) => {
  await st.tx.deleteFrom(table).where('id' as never, '=', id as never).execute();
};

async function deleteEnrollment(tx: Tx, id: string) {
  for (const t of ['current_living_situations', 'ce_assessments', 'enrollment_assessments', 'enrollment_services', 'form_responses'] as const) {
    await tx.deleteFrom(t).where('enrollment_id', '=', id).execute();
  }
  await tx.updateTable('hud_import_records').set({ deleted_at: new Date() }).where('enrollment_id', '=', id).execute();
  await tx.updateTable('referrals').set({ ce_enrollment_id: null }).where('ce_enrollment_id', '=', id).execute();
  await tx.updateTable('referrals').set({ enrollment_id: null }).where('enrollment_id', '=', id).execute();
  await tx.deleteFrom('enrollments').where('id', '=', id).execute();
}

/** The enrollment assessment (stage record) a staged row belongs to: same enrollment, stage and date. */
async function stageRecord(st: ApplyState, row: R, preferredId: string): Promise<{ id: string; existing: boolean } | null> {
  const enrollmentId = await localIdOf(st, 'Enrollment.csv', row.EnrollmentID!);
  if (!enrollmentId) return null;
  const stage = Number(row.DataCollectionStage);
  let q = st.tx.selectFrom('enrollment_assessments').select('id').where('enrollment_id', '=', enrollmentId).where('data_collection_stage', '=', stage);
  if (stage !== 1 && stage !== 3) q = q.where('information_date', '=', row.InformationDate!);
  const found = await q.executeTakeFirst();
  if (found) return { id: found.id, existing: true };
  return { id: await freeId(st.tx, 'enrollment_assessments', preferredId), existing: false };
}

async function ensureStageRecord(st: ApplyState, row: R, preferredId: string): Promise<string> {
  const rec = await stageRecord(st, row, preferredId);
  if (!rec) throw new Error(`enrollment ${row.EnrollmentID} was not imported`);
  if (!rec.existing) {
    await st.tx
      .insertInto('enrollment_assessments')
      .values({
        id: rec.id,
        enrollment_id: (await localIdOf(st, 'Enrollment.csv', row.EnrollmentID!))!,
        client_id: (await localIdOf(st, 'Client.csv', row.PersonalID!))!,
        data_collection_stage: Number(row.DataCollectionStage),
        information_date: row.InformationDate!,
        created_at: time(row.DateCreated) ?? new Date(),
        updated_at: time(row.DateUpdated) ?? new Date(),
        created_by: await userId(st, row.UserID),
      })
      .execute();
  }
  return rec.id;
}

const HANDLERS: Record<string, Handler> = {
  'Organization.csv': {
    table: 'agencies',
    async pickId(st, row) {
      const same = await st.tx.selectFrom('agencies').select('id').where(sql`lower(name)`, '=', row.OrganizationName!.toLowerCase()).executeTakeFirst();
      return same?.id ?? freeId(st.tx, 'agencies', row.OrganizationID!);
    },
    async upsert(st, id, row, existing) {
      const sameName = await st.tx.selectFrom('agencies').select('id').where(sql`lower(name)`, '=', row.OrganizationName!.toLowerCase()).executeTakeFirst();
      if (!existing && sameName?.id === id) existing = true;
      await upsertRow(st.tx, 'agencies', id, { name: row.OrganizationName, victim_service_provider: row.VictimServiceProvider === '1', created_at: time(row.DateCreated), updated_at: time(row.DateUpdated) }, existing);
    },
    remove: del('agencies'),
  },
  'User.csv': {
    table: 'users',
    async upsert(st, id, row, existing) {
      const display = [row.UserFirstName, row.UserLastName].filter(Boolean).join(' ') || `Imported user ${row.UserID}`;
      const values: Record<string, unknown> = { display_name: display, email: v(row.UserEmail), created_at: time(row.DateCreated), updated_at: time(row.DateUpdated) };
      if (!existing) Object.assign(values, { username: `hud-${id}`, password_hash: '!', active: false });
      await upsertRow(st.tx, 'users', id, values, existing);
    },
    async remove(st, id) {
      await st.tx.updateTable('users').set({ active: false }).where('id', '=', id).execute();
    },
  },
  'Project.csv': {
    table: 'projects',
    async upsert(st, id, row, existing) {
      const type = int(row.ProjectType) ?? 7;
      const values: Record<string, unknown> = {
        agency_id: await localIdOf(st, 'Organization.csv', row.OrganizationID!),
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
      await upsertRow(st.tx, 'projects', id, values, existing);
    },
    remove: del('projects'),
  },
  'Funder.csv': {
    table: 'project_funders',
    async upsert(st, id, row, existing) {
      await upsertRow(st.tx, 'project_funders', id, {
        project_id: await localIdOf(st, 'Project.csv', row.ProjectID!),
        funder: int(row.Funder),
        other_funder: v(row.OtherFunder),
        grant_id: row.GrantID ?? '',
        start_date: row.StartDate,
        end_date: v(row.EndDate),
        created_at: time(row.DateCreated),
        updated_at: time(row.DateUpdated),
      }, existing);
    },
    remove: del('project_funders'),
  },
  'ProjectCoC.csv': {
    table: 'project_cocs',
    async upsert(st, id, row, existing) {
      await upsertRow(st.tx, 'project_cocs', id, {
        project_id: await localIdOf(st, 'Project.csv', row.ProjectID!),
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
      }, existing);
    },
    remove: del('project_cocs'),
  },
  'Inventory.csv': {
    table: 'project_inventory',
    async upsert(st, id, row, existing) {
      await upsertRow(st.tx, 'project_inventory', id, {
        project_id: await localIdOf(st, 'Project.csv', row.ProjectID!),
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
      }, existing);
    },
    remove: del('project_inventory'),
  },
  'HMISParticipation.csv': {
    table: 'project_hmis_participation',
    async upsert(st, id, row, existing) {
      await upsertRow(st.tx, 'project_hmis_participation', id, {
        project_id: await localIdOf(st, 'Project.csv', row.ProjectID!),
        participation_type: int(row.HMISParticipationType),
        start_date: row.HMISParticipationStatusStartDate,
        end_date: v(row.HMISParticipationStatusEndDate),
        created_at: time(row.DateCreated),
        updated_at: time(row.DateUpdated),
      }, existing);
    },
    remove: del('project_hmis_participation'),
  },
  'CEParticipation.csv': {
    table: 'project_ce_participation',
    async upsert(st, id, row, existing) {
      const b = (x: string | undefined) => (x === undefined || x === '' ? null : x === '1');
      await upsertRow(st.tx, 'project_ce_participation', id, {
        project_id: await localIdOf(st, 'Project.csv', row.ProjectID!),
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
      }, existing);
    },
    remove: del('project_ce_participation'),
  },
  'Client.csv': {
    table: 'clients',
    async upsert(st, id, row, existing) {
      const race = RACE_COLUMNS.filter((c) => row[c] === '1');
      const values: Record<string, unknown> = {
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
        const org = st.clientOwner.get(row.PersonalID!);
        let owner = org ? await localIdOf(st, 'Organization.csv', org) : null;
        owner ??= (await st.tx.selectFrom('agencies').select('id').orderBy('id').executeTakeFirst())?.id ?? null;
        Object.assign(values, { owner_agency_id: owner, created_by: await userId(st, row.UserID) });
      }
      await upsertRow(st.tx, 'clients', id, values, existing);
    },
    async remove(st, id) {
      const ids = await st.tx.selectFrom('enrollments').select('id').where('client_id', '=', id).execute();
      for (const e of ids) await deleteEnrollment(st.tx, e.id);
      await st.tx.deleteFrom('client_consents').where('client_id', '=', id).execute();
      await st.tx.deleteFrom('clients').where('id', '=', id).execute();
    },
  },
  'Enrollment.csv': {
    table: 'enrollments',
    async upsert(st, id, row, existing) {
      const user = await userId(st, row.UserID);
      const values: Record<string, unknown> = {
        client_id: await localIdOf(st, 'Client.csv', row.PersonalID!),
        project_id: await localIdOf(st, 'Project.csv', row.ProjectID!),
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
        created_at: time(row.DateCreated),
        updated_at: time(row.DateUpdated),
        updated_by: user,
      };
      if (!existing) values.created_by = user;
      await upsertRow(st.tx, 'enrollments', id, values, existing);
    },
    remove: (st, id) => deleteEnrollment(st.tx, id),
  },
  'Exit.csv': {
    table: 'enrollments',
    pickId: async (st, row) => (await localIdOf(st, 'Enrollment.csv', row.EnrollmentID!))!,
    async upsert(st, id, row) {
      await st.tx
        .updateTable('enrollments')
        .set({
          exit_date: row.ExitDate!,
          destination: int(row.Destination),
          destination_subsidy_type: int(row.DestinationSubsidyType),
          other_destination: v(row.OtherDestination),
          exited_at: time(row.DateCreated),
          exited_by: await userId(st, row.UserID),
        })
        .where('id', '=', id)
        .execute();
    },
    async remove(st, id) {
      await st.tx.updateTable('enrollments').set({ exit_date: null, destination: null, destination_subsidy_type: null, other_destination: null, exited_at: null, exited_by: null }).where('id', '=', id).execute();
    },
  },
  'IncomeBenefits.csv': {
    table: 'enrollment_assessments',
    pickId: (st, row) => ensureStageRecord(st, row, row.IncomeBenefitsID!),
    async upsert(st, id, row) {
      const income: Record<string, number> = {};
      for (const [col, amount] of INCOME_SOURCES) if (row[col] === '1') income[col] = Number(row[amount] || 0);
      await st.tx
        .updateTable('enrollment_assessments')
        .set({
          income_from_any_source: int(row.IncomeFromAnySource),
          total_monthly_income: v(row.TotalMonthlyIncome),
          income_sources: JSON.stringify(income),
          other_income_source_identify: v(row.OtherIncomeSourceIdentify),
          benefits_from_any_source: int(row.BenefitsFromAnySource),
          benefits: sql`${BENEFITS.filter((c) => row[c] === '1')}::text[]` as never,
          insurance_from_any_source: int(row.InsuranceFromAnySource),
          insurance: sql`${INSURANCE.filter((c) => row[c] === '1')}::text[]` as never,
          created_at: time(row.DateCreated)!,
          updated_at: time(row.DateUpdated)!,
          updated_by: await userId(st, row.UserID),
        })
        .where('id', '=', id)
        .execute();
    },
    async remove(st, id) {
      await st.tx.updateTable('enrollment_assessments').set({ income_from_any_source: null, benefits_from_any_source: null, insurance_from_any_source: null, total_monthly_income: null }).where('id', '=', id).execute();
    },
  },
  'HealthAndDV.csv': {
    table: 'enrollment_assessments',
    pickId: (st, row) => ensureStageRecord(st, row, row.HealthAndDVID!),
    async upsert(st, id, row) {
      await st.tx
        .updateTable('enrollment_assessments')
        .set({ domestic_violence_survivor: int(row.DomesticViolenceSurvivor), when_occurred: int(row.WhenOccurred), currently_fleeing: int(row.CurrentlyFleeing) })
        .where('id', '=', id)
        .execute();
    },
    async remove(st, id) {
      await st.tx.updateTable('enrollment_assessments').set({ domestic_violence_survivor: null, when_occurred: null, currently_fleeing: null }).where('id', '=', id).execute();
    },
  },
  'Disabilities.csv': {
    table: 'enrollment_assessments',
    pickId: (st, row) => ensureStageRecord(st, row, row.DisabilitiesID!),
    async upsert(st, id, row) {
      const cur = await st.tx.selectFrom('enrollment_assessments').select('disabilities').where('id', '=', id).executeTakeFirstOrThrow();
      const type = Number(row.DisabilityType);
      const next = (cur.disabilities ?? []).filter((d) => d.disabilityType !== type);
      next.push({ disabilityType: type, disabilityResponse: Number(row.DisabilityResponse), indefiniteAndImpairs: int(row.IndefiniteAndImpairs) });
      next.sort((a, b) => a.disabilityType - b.disabilityType);
      await st.tx.updateTable('enrollment_assessments').set({ disabilities: JSON.stringify(next) }).where('id', '=', id).execute();
    },
    async remove(st, id) {
      await st.tx.updateTable('enrollment_assessments').set({ disabilities: '[]' }).where('id', '=', id).execute();
    },
  },
  'Services.csv': {
    table: 'enrollment_services',
    async upsert(st, id, row, existing) {
      await upsertRow(st.tx, 'enrollment_services', id, {
        enrollment_id: await localIdOf(st, 'Enrollment.csv', row.EnrollmentID!),
        client_id: await localIdOf(st, 'Client.csv', row.PersonalID!),
        date_provided: row.DateProvided,
        type: `hud:${row.RecordType}:${row.TypeProvided}`,
        record_type: int(row.RecordType),
        type_provided: int(row.TypeProvided),
        amount: v(row.FAAmount),
        created_at: time(row.DateCreated),
        created_by: await userId(st, row.UserID),
      }, existing);
    },
    remove: del('enrollment_services'),
  },
  'CurrentLivingSituation.csv': {
    table: 'current_living_situations',
    async upsert(st, id, row, existing) {
      const values: Record<string, unknown> = {
        enrollment_id: await localIdOf(st, 'Enrollment.csv', row.EnrollmentID!),
        client_id: await localIdOf(st, 'Client.csv', row.PersonalID!),
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
      if (!existing) values.created_by = await userId(st, row.UserID);
      await upsertRow(st.tx, 'current_living_situations', id, values, existing);
    },
    remove: del('current_living_situations'),
  },
  'Assessment.csv': {
    table: 'ce_assessments',
    async upsert(st, id, row, existing) {
      const user = await userId(st, row.UserID);
      const values: Record<string, unknown> = {
        enrollment_id: await localIdOf(st, 'Enrollment.csv', row.EnrollmentID!),
        client_id: await localIdOf(st, 'Client.csv', row.PersonalID!),
        assessment_date: row.AssessmentDate,
        assessment_location: row.AssessmentLocation,
        assessment_type: int(row.AssessmentType),
        assessment_level: int(row.AssessmentLevel),
        prioritization_status: int(row.PrioritizationStatus),
        created_at: time(row.DateCreated),
        updated_at: time(row.DateUpdated),
        updated_by: user,
      };
      if (!existing) values.created_by = user;
      await upsertRow(st.tx, 'ce_assessments', id, values, existing);
    },
    remove: del('ce_assessments'),
  },
  'AssessmentQuestions.csv': {
    table: 'ce_assessments',
    pickId: async (st, row) => (await localIdOf(st, 'Assessment.csv', row.AssessmentID!))!,
    async upsert(st, id, row) {
      const cur = await st.tx.selectFrom('ce_assessments').select('answers').where('id', '=', id).executeTakeFirstOrThrow();
      const answers = [...((cur.answers ?? []) as { group?: string | null; question: string; answer: string | null }[])];
      const order = int(row.AssessmentQuestionOrder) ?? answers.length + 1;
      const entry = { ...(v(row.AssessmentQuestionGroup) ? { group: row.AssessmentQuestionGroup! } : {}), question: row.AssessmentQuestion!, answer: v(row.AssessmentAnswer) };
      if (order >= 1 && order <= answers.length) answers[order - 1] = entry;
      else answers.push(entry);
      await st.tx.updateTable('ce_assessments').set({ answers: JSON.stringify(answers) }).where('id', '=', id).execute();
    },
    async remove(st, id) {
      await st.tx.updateTable('ce_assessments').set({ answers: '[]' }).where('id', '=', id).execute();
    },
  },
  'AssessmentResults.csv': {
    table: 'ce_assessments',
    pickId: async (st, row) => (await localIdOf(st, 'Assessment.csv', row.AssessmentID!))!,
    async upsert(st, id, row) {
      const score = v(row.AssessmentResult);
      await st.tx.updateTable('ce_assessments').set({ score: score !== null && /^-?\d+(\.\d+)?$/.test(score) ? score : null }).where('id', '=', id).execute();
    },
    async remove(st, id) {
      await st.tx.updateTable('ce_assessments').set({ score: null }).where('id', '=', id).execute();
    },
  },
};

/** Records of files without a Hearth table: kept as sent. */
const retainedHandler = (file: string): Handler => ({
  table: 'hud_import_records',
  pickId: async (_st, row) => row[hudSpec('2026').file(file)!.primaryKey]!,
  async upsert(st, id, row, existing) {
    const data: R = {};
    for (const c of hudSpec('2026').file(file)!.columns) if (c.name !== 'ExportID' && row[c.name]) data[c.name] = row[c.name]!;
    const enrollmentId = row.EnrollmentID ? await localIdOf(st, 'Enrollment.csv', row.EnrollmentID) : null;
    if (enrollmentId && data.EnrollmentID) data.EnrollmentID = enrollmentId;
    if (data.PersonalID) data.PersonalID = (await localIdOf(st, 'Client.csv', data.PersonalID)) ?? data.PersonalID;
    if (data.UserID && data.UserID !== HEARTH_SYSTEM_USER_ID) data.UserID = (await userId(st, data.UserID)) ?? HEARTH_SYSTEM_USER_ID;
    const projectId = row.ProjectID ? await localIdOf(st, 'Project.csv', row.ProjectID) : null;
    if (projectId && data.ProjectID) data.ProjectID = projectId;
    const values = { file, source_record_id: id, enrollment_id: enrollmentId, project_id: projectId, data: JSON.stringify(data), deleted_at: null };
    if (existing) await st.tx.updateTable('hud_import_records').set(values).where('file', '=', file).where('source_record_id', '=', id).execute();
    else await st.tx.insertInto('hud_import_records').values(values).onConflict((oc) => oc.columns(['file', 'source_record_id']).doUpdateSet(values)).execute();
  },
  async remove(st, id) {
    await st.tx.updateTable('hud_import_records').set({ deleted_at: new Date() }).where('file', '=', file).where('source_record_id', '=', id).execute();
  },
});

/** Reads one file of the set as records keyed by canonical FY2026 column names. */
async function* fileRecords(source: HudFileSource, version: HudVersion, file: string): AsyncGenerator<{ line: number; row: R; notes: readonly MappingNote[] }> {
  const spec = hudSpec(version).file(file)!;
  let mapping: readonly (string | null)[] | null = null;
  for await (const rec of readHudCsv(source.open(file))) {
    if (!mapping) {
      mapping = checkHeader(spec, rec.fields, 'import').result.mapping;
      continue;
    }
    const row: R = {};
    mapping.forEach((col, i) => {
      if (col) row[col] = (rec.fields[i] ?? '').trim();
    });
    if (version === '2024') {
      const mapped = mapFy2024Row(file, row);
      yield { line: rec.line, row: mapped.row, notes: mapped.notes };
    } else yield { line: rec.line, row, notes: [] };
  }
}

/** The parent references of a record (column → file of the parent). */
const PARENTS: readonly [string, string][] = [
  ['OrganizationID', 'Organization.csv'],
  ['ProjectID', 'Project.csv'],
  ['PersonalID', 'Client.csv'],
  ['EnrollmentID', 'Enrollment.csv'],
  ['AssessmentID', 'Assessment.csv'],
];

/** False when a parent of the record is not (or no longer) stored locally: a deleted parent's children are skipped. */
async function parentsStored(st: ApplyState, file: string, row: R): Promise<boolean> {
  for (const [column, parentFile] of PARENTS) {
    if (parentFile === file || !row[column]) continue;
    if (hudSpec('2026').file(file)!.primaryKey === column) continue;
    if ((await localIdOf(st, parentFile, row[column]!)) === null) return false;
  }
  return true;
}

/** Applies an accepted set in the caller's transaction. */
export async function applyHudImport(
  tx: Tx,
  _ctx: RequestContext,
  source: HudFileSource,
  version: HudVersion,
  onProgress: (p: HudImportProgress) => void = () => {},
): Promise<Pick<HudImportReport, 'counts' | 'notes' | 'notesTruncated' | 'sourceId'>> {
  let sourceId: string | null = null;
  for await (const { row } of fileRecords(source, version, 'Export.csv')) sourceId = v(row.SourceID) ?? v(row.ImplementationID) ?? 'unknown';
  const st: ApplyState = { tx, sourceId: sourceId ?? 'unknown', ids: new Map(), clientOwner: new Map(), counts: {} };
  const notes: HudImportReport['notes'] = [];
  let notesTruncated = 0;

  // Owner agency of new clients: the organization of their first enrollment's project.
  if (source.names.includes('Enrollment.csv') && source.names.includes('Project.csv')) {
    const projectOrg = new Map<string, string>();
    for await (const { row } of fileRecords(source, version, 'Project.csv')) projectOrg.set(row.ProjectID!, row.OrganizationID!);
    for await (const { row } of fileRecords(source, version, 'Enrollment.csv')) {
      const org = projectOrg.get(row.ProjectID!);
      if (org && !st.clientOwner.has(row.PersonalID!)) st.clientOwner.set(row.PersonalID!, org);
    }
  }

  for (const file of hudSpec(version).fileOrder) {
    if (file === 'Export.csv' || !source.names.includes(file)) continue;
    const handler = HANDLERS[file] ?? (RETAINED_FILES.has(file) ? retainedHandler(file) : null);
    if (!handler) continue;
    const counts: FileCounts = (st.counts[file] = { inserted: 0, updated: 0, deleted: 0, unchanged: 0, skipped: 0 });
    const pk = hudSpec('2026').file(file)!.primaryKey;
    // The keys already known for this source and file (one query, not one per row).
    const known = new Map<string, { local_id: string; date_updated: Date | null; deleted: boolean }>();
    for (const k of await tx.selectFrom('hud_import_keys').select(['source_record_id', 'local_id', 'date_updated', 'deleted']).where('source_id', '=', st.sourceId).where('file', '=', file).execute()) {
      known.set(k.source_record_id, k);
    }
    let n = 0;
    for await (const { line, row, notes: rowNotes } of fileRecords(source, version, file)) {
      for (const note of rowNotes) {
        if (notes.length < MAX_NOTES) notes.push({ ...note, file, line });
        else notesTruncated++;
      }
      const sourceRecordId = row[pk]!;
      const updated = time(row.DateUpdated);
      const deleted = !!v(row.DateDeleted);
      try {
        const key = known.get(sourceRecordId);
        if (key && key.date_updated && updated && key.date_updated.getTime() >= updated.getTime()) {
          counts.unchanged++;
        } else if (key) {
          if (deleted) {
            if (!key.deleted) await handler.remove(st, key.local_id);
            counts.deleted++;
          } else if (!(await parentsStored(st, file, row))) {
            counts.skipped++;
          } else {
            if (key.deleted && handler.pickId) {
              // A restored record stored on its parent (an exit, a stage record…): the parent's current ID.
              key.local_id = await handler.pickId(st, row);
              await tx.updateTable('hud_import_keys').set({ local_id: key.local_id }).where('source_id', '=', st.sourceId).where('file', '=', file).where('source_record_id', '=', sourceRecordId).execute();
            }
            try {
              await handler.upsert(st, key.local_id, row, !key.deleted);
            } catch (e) {
              // A restored record whose ID was taken meanwhile: a new local ID.
              if (!(e instanceof IdTaken)) throw e;
              key.local_id = newId();
              await handler.upsert(st, key.local_id, row, false);
              await tx.updateTable('hud_import_keys').set({ local_id: key.local_id }).where('source_id', '=', st.sourceId).where('file', '=', file).where('source_record_id', '=', sourceRecordId).execute();
            }
            counts.updated++;
          }
          await tx
            .updateTable('hud_import_keys')
            .set({ date_updated: updated, deleted })
            .where('source_id', '=', st.sourceId)
            .where('file', '=', file)
            .where('source_record_id', '=', sourceRecordId)
            .execute();
          st.ids.get(file)?.set(sourceRecordId, deleted ? null : key.local_id);
          known.set(sourceRecordId, { local_id: key.local_id, date_updated: updated, deleted });
        } else if (!deleted && !(await parentsStored(st, file, row))) {
          counts.skipped++;
        } else {
          let localId = handler.pickId && !deleted ? await handler.pickId(st, row) : sourceRecordId.length <= 32 ? sourceRecordId : newId();
          if (!deleted) {
            try {
              await handler.upsert(st, localId, row, false);
            } catch (e) {
              if (!(e instanceof IdTaken)) throw e;
              localId = newId();
              await handler.upsert(st, localId, row, false);
            }
            counts.inserted++;
          } else counts.deleted++;
          known.set(sourceRecordId, { local_id: localId, date_updated: updated, deleted });
          await tx.insertInto('hud_import_keys').values({ source_id: st.sourceId, file, source_record_id: sourceRecordId, local_id: localId, date_updated: updated, deleted }).execute();
          if (!st.ids.has(file)) st.ids.set(file, new Map());
          st.ids.get(file)!.set(sourceRecordId, deleted ? null : localId);
        }
      } catch (err) {
        throw new HudApplyError({ file, line, column: null, severity: 'error', code: 'reference', message: `This record could not be stored: ${(err as Error).message}` });
      }
      if (++n % 1000 === 0) onProgress({ phase: 'apply', file, rows: n });
    }
    onProgress({ phase: 'apply', file, rows: n });
  }
  return { counts: st.counts, notes, notesTruncated, sourceId: st.sourceId };
}

/** The report as readable text (CLI, download). */
export function importReportText(r: HudImportReport): string {
  const lines: string[] = [];
  const val = r.validation;
  lines.push(`HUD CSV import — FY${r.version} set${r.sourceId ? ` from ${r.sourceId}` : ''}`);
  lines.push(val.accepted ? `Accepted: ${val.errorCount} errors, ${val.warningCount} warnings.` : `REJECTED: ${val.errorCount} errors, ${val.warningCount} warnings. Nothing was imported.`);
  if (r.dryRun && val.accepted) lines.push('Dry run: nothing was written.');
  lines.push('', 'Rows read:');
  for (const [f, c] of Object.entries(val.rowCounts)) lines.push(`  ${f}: ${c}`);
  if (r.applied) {
    lines.push('', 'Applied (inserted / updated / deleted / unchanged / skipped):');
    for (const [f, c] of Object.entries(r.counts)) lines.push(`  ${f}: ${c.inserted} / ${c.updated} / ${c.deleted} / ${c.unchanged} / ${c.skipped}`);
  }
  if (val.problems.length > 0) {
    lines.push('', 'Problems (file:line column — severity code: message):');
    for (const p of val.problems) lines.push(`  ${p.file}:${p.line ?? '-'} ${p.column ?? '-'} — ${p.severity} ${p.code}: ${p.message}`);
    if (val.truncated > 0) lines.push(`  … and ${val.truncated} more not listed.`);
  }
  if (r.notes.length > 0) {
    lines.push('', 'FY2024 → FY2026 notes:');
    for (const n of r.notes) lines.push(`  ${n.file}:${n.line} ${n.column} — ${n.kind}: ${n.message}`);
    if (r.notesTruncated > 0) lines.push(`  … and ${r.notesTruncated} more.`);
  }
  return lines.join('\n') + '\n';
}
