/**
 * The FY2024 fixture sets (test/fixtures/hud-2024/<scenario>/, from greenriver's HMIS CSV importer
 * specs) run through the validator, each held to the outcome HUD's rules call for.
 *
 * HUD's rules are strict and so is Hearth's import: a set with an error is rejected whole and nothing is
 * imported. Every one of these sets breaks a HUD rule somewhere (they were written to exercise a
 * lenient importer that repairs or skips rows), so every one is rejected; each test pins the problems
 * the scenario is about at their file/line/column, and the error counts per problem code so that any
 * change in what the validator finds is seen. Each test also notes what the later importer must do
 * with the scenario's behaviour once a conforming set carries it.
 *
 * Recurring problems in these sets (all real HUD violations, listed once here):
 * - Export.csv ExportStartDate is `2020-01-01<TAB>` in the "2020" sets → type error;
 * - non-nullable columns left empty: Organization.VictimServiceProvider, Project.OperatingStartDate,
 *   ProjectCoC.Geocode, HMISParticipation type/start, Client.NameDataQuality, Enrollment.HouseholdID,
 *   RelationshipToHoH, DisablingCondition, EnrollmentCoC of heads, Funder.GrantID → required;
 * - datetimes written as dates (`2010-01-01` in DateCreated/DateUpdated) → type;
 * - CurrentLivingSituation SubsequentResidence 2 / ResourcesToObtain 3 (list 1.8 has 0,1,8,9,99) → list;
 * - rows pointing at clients/enrollments that are not in the set (CLS, Assessment*, Event) → reference;
 * - UserIDs without a User row → warning on import (the importer keeps the id as given);
 * - ExportIDs that differ from Export.csv's → warning on import.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHudCsv } from '../../src/domain/hud/csv.ts';
import { hudSpec } from '../../src/domain/hud/spec.ts';
import { checkHeader, validateHudSet, validateHudSource, type HudProblem, type ValidationReport } from '../../src/domain/hud/validate.ts';

const ROOT = join(import.meta.dirname, '../fixtures/hud-2024');
const SCENARIOS = readdirSync(ROOT).sort();

function load(scenario: string): Map<string, Buffer> {
  const dir = join(ROOT, scenario);
  return new Map(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f))]));
}

const cache = new Map<string, ValidationReport>();
function run(scenario: string): ValidationReport {
  let r = cache.get(scenario);
  if (!r) {
    r = validateHudSet(load(scenario), { mode: 'import' });
    cache.set(scenario, r);
  }
  return r;
}

const key = (p: HudProblem) => `${p.file}:${p.line}:${p.column}:${p.code}`;
const errors = (r: ValidationReport) => r.problems.filter((p) => p.severity === 'error');
const warnings = (r: ValidationReport) => r.problems.filter((p) => p.severity === 'warning');

function counts(ps: readonly HudProblem[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of [...ps].sort((a, b) => a.code.localeCompare(b.code))) out[p.code] = (out[p.code] ?? 0) + 1;
  return out;
}

/** Asserts these errors are reported (file:line:column:code). */
function hasErrors(r: ValidationReport, expected: string[]): void {
  const got = new Set(errors(r).map(key));
  const missing = expected.filter((k) => !got.has(k));
  assert.deepEqual(missing, [], `expected errors not reported`);
}

/** The errors of one code, as file:line:column:code, in report order. */
function errorsOf(r: ValidationReport, code: string): string[] {
  return errors(r).filter((p) => p.code === code).map(key);
}

/** Rows of one fixture file keyed by canonical column name (what the importer will receive). */
function records(scenario: string, file: string): Record<string, string>[] {
  const [header, ...rows] = parseHudCsv(readFileSync(join(ROOT, scenario, file)));
  const { result } = checkHeader(hudSpec('2024').file(file)!, header!.fields, 'import');
  return rows.map((r) => Object.fromEntries(result.mapping.flatMap((n, i) => (n ? [[n, r.fields[i]!]] : []))));
}

/** Same validation, streamed file by file from disk (what the importer does). */
function runStreaming(scenario: string): Promise<ValidationReport> {
  const dir = join(ROOT, scenario);
  return validateHudSource({ names: readdirSync(dir), open: (f) => createReadStream(join(dir, f), { highWaterMark: 256 }) }, { mode: 'import' });
}

test('every scenario folder has a test below', () => {
  assert.deepEqual(SCENARIOS, Object.keys(EXPECTED).sort());
});

test('every scenario is an FY2024 set (CSVVersion 2024 v1.x), read with the FY2024 columns', () => {
  for (const s of SCENARIOS) assert.equal(run(s).version, '2024', s);
});

test('streaming from disk finds exactly what the in-memory validation finds', async () => {
  for (const s of SCENARIOS) {
    const streamed = await runStreaming(s);
    assert.deepEqual(streamed.problems.map(key), run(s).problems.map(key), s);
  }
});

/** Error and warning counts per problem code, per scenario, as found (reviewed by category above). */
const EXPECTED: Record<string, { errors: Record<string, number>; warnings: Record<string, number> }> = {
  allowed_projects: { errors: { reference: 1, required: 57, type: 1 }, warnings: { 'file-missing': 5, reference: 38 } },
  bad_data: { errors: { list: 6, reference: 34, required: 57, 'ssn-format': 28, type: 12 }, warnings: { 'export-id': 7, 'file-missing': 3, 'orphan-client': 132, reference: 162 } },
  bad_ending: { errors: { reference: 1, required: 1 }, warnings: { 'file-missing': 22, reference: 1 } },
  bom_test: { errors: { list: 6, reference: 26, required: 21, type: 2 }, warnings: { 'export-id': 6, 'file-missing': 3, reference: 31 } },
  cleanup_move_ins: { errors: { 'move-in-date': 11, required: 30, type: 3 }, warnings: { 'file-missing': 5, reference: 18 } },
  client_processing: { errors: { 'household-head': 1, list: 2, required: 3 }, warnings: { 'file-missing': 4, reference: 1 } },
  client_processing_2: { errors: { 'household-head': 1, list: 2, required: 3 }, warnings: { 'file-missing': 4, reference: 1 } },
  combine_enrollments: { errors: { reference: 1, required: 53, type: 5 }, warnings: { 'file-missing': 5, reference: 36 } },
  date_updated_initial: { errors: { required: 8, type: 1 }, warnings: { 'file-missing': 6, reference: 6 } },
  date_updated_newer: { errors: { required: 8, type: 1 }, warnings: { 'file-missing': 6, reference: 6 } },
  date_updated_older: { errors: { required: 8, type: 1 }, warnings: { 'file-missing': 6, reference: 6 } },
  date_updated_same_day: { errors: { required: 8, type: 1 }, warnings: { 'file-missing': 6, reference: 6 } },
  delete_empty_enrollments: { errors: { 'move-in-date': 9, required: 38, type: 3 }, warnings: { 'file-missing': 3, reference: 27 } },
  duplicate_primary_keys: { errors: { 'duplicate-key': 6, list: 6, reference: 24, required: 27, type: 2 }, warnings: { 'export-id': 6, 'file-missing': 3, reference: 36 } },
  enrollment_change_files: { errors: { 'household-head': 3, list: 4, reference: 24, required: 15 }, warnings: { 'export-id': 6, 'file-missing': 3, reference: 31 } },
  enrollment_test_files: { errors: { list: 6, reference: 26, required: 21, type: 2 }, warnings: { 'export-id': 6, 'file-missing': 3, reference: 34 } },
  enrollment_test_with_restores_initial_files: { errors: { list: 4, reference: 24, required: 9 }, warnings: { 'export-id': 6, 'file-missing': 4, reference: 17 } },
  enrollment_test_with_restores_update_files: { errors: { list: 4, reference: 24, required: 12 }, warnings: { 'export-id': 6, 'file-missing': 4, 'orphan-client': 1, reference: 22 } },
  enrollment_with_deletes_test_files: { errors: { list: 4, reference: 24, required: 18 }, warnings: { 'export-id': 6, 'file-missing': 3, reference: 31 } },
  ensure_households: { errors: { 'household-head': 8, list: 2, required: 57, type: 17 }, warnings: { 'file-missing': 5, 'orphan-client': 2, reference: 40 } },
  ensure_relationships: { errors: { 'household-head': 8, list: 2, required: 54, type: 17 }, warnings: { 'file-missing': 5, 'orphan-client': 2, reference: 38 } },
  fix_household_ids: { errors: { 'household-head': 7, list: 2, required: 60, type: 17 }, warnings: { 'file-missing': 5, 'orphan-client': 2, reference: 40 } },
  forced_prioritization_placement_status: { errors: { list: 7, reference: 22, required: 22, type: 2 }, warnings: { 'export-id': 6, 'file-missing': 3, reference: 34 } },
  import_overrides_test_files: { errors: { list: 4, 'move-in-date': 3, reference: 27, required: 59, type: 4 }, warnings: { 'export-id': 5, 'file-missing': 4, reference: 44 } },
  loader_errors: {
    errors: { 'field-count': 4, 'header-unknown-column': 1, reference: 2, required: 37, 'ssn-format': 26, type: 7 },
    warnings: { 'export-id': 2, 'file-missing': 19, reference: 133 },
  },
  project_test_files: { errors: { list: 4, reference: 24, required: 30 }, warnings: { 'export-id': 6, 'file-missing': 7, reference: 28 } },
  validation_files: {
    errors: { 'duplicate-key': 17, 'exit-before-entry': 1, 'exit-duplicate': 2, 'field-count': 3, 'household-head': 4, list: 75, reference: 20, required: 81, type: 5 },
    warnings: { 'export-id': 9, 'orphan-client': 2, reference: 41 },
  },
};

for (const s of Object.keys(EXPECTED)) {
  test(`${s}: rejected, with the problems found per code`, () => {
    const r = run(s);
    assert.equal(r.accepted, false);
    assert.equal(r.truncated, 0);
    assert.deepEqual(counts(errors(r)), EXPECTED[s]!.errors);
    assert.deepEqual(counts(warnings(r)), EXPECTED[s]!.warnings);
    for (const p of r.problems) {
      assert.ok(p.file.endsWith('.csv') && p.message.length > 0, key(p));
      if (p.code !== 'file-missing') assert.ok(typeof p.line === 'number' && p.line >= 1, `${key(p)} has a line`);
    }
  });
}

test('bad_data: dates in other formats and short SSNs are rejected, never guessed', () => {
  // Importer: nothing imported. greenriver guesses `17-JUN-20` (1920 or 2020 by today's date) and
  // `9/10/2015 21:39:00`; HUD's format is YYYY-MM-DD [hh:mm:ss] and Hearth does not guess a century.
  const r = run('bad_data');
  hasErrors(r, [
    'Project.csv:2:OperatingStartDate:type',
    'Project.csv:2:OperatingEndDate:type',
    'HMISParticipation.csv:2:HMISParticipationStatusStartDate:type',
    'Client.csv:7:DOB:type',
    'Client.csv:8:DOB:type',
    'Client.csv:9:DateUpdated:type',
    'Client.csv:10:DateUpdated:type',
    'Client.csv:11:DateUpdated:type',
    'Client.csv:12:DateUpdated:type',
    'Client.csv:11:SSN:ssn-format',
  ]);
  const dob = errors(r).find((p) => key(p) === 'Client.csv:8:DOB:type')!;
  assert.match(dob.message, /17-JUN-20/);
  // A last name written with doubled quotes (`"""""Last1"""""`) is read as `""Last1""`: legal text.
  assert.equal(records('bad_data', 'Client.csv')[1]!.LastName, '""Last1""');
  assert.ok(!r.problems.some((p) => p.file === 'Client.csv' && p.line === 3 && p.column === 'LastName'));
});

test('bad_ending: a header ending in LF and rows ending in CRLF read cleanly', () => {
  // Importer: line endings are not the set's problem (CRLF, LF, CR, mixed); the set is rejected only for
  // its data: Project 751 has no OperatingStartDate and its OrganizationID 109 has no Organization row.
  const raw = readFileSync(join(ROOT, 'bad_ending', 'Project.csv'), 'utf8');
  assert.ok(/ExportID\n/.test(raw) && raw.endsWith('\r\n'), 'the fixture mixes LF and CRLF');
  const r = run('bad_ending');
  assert.deepEqual(errors(r).map(key), ['Project.csv:2:OperatingStartDate:required', 'Project.csv:2:OrganizationID:reference']);
  assert.equal(records('bad_ending', 'Project.csv')[0]!.ExportID, '31a77b417911747e41ef9936f9a4b657', 'no CR left in the last field');
  assert.ok(!r.problems.some((p) => p.code === 'export-id'), 'ExportID matches Export.csv once the CR is gone');
  assert.ok(!r.problems.some((p) => p.file === 'Export.csv'));
});

test('bom_test: files starting with a UTF-8 BOM have their headers read exactly', () => {
  // Importer: a BOM is accepted (HUD: "accept a BOM on import"); the set's rejection comes from its data.
  const withBom = [...load('bom_test')].filter(([, b]) => b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf).map(([f]) => f);
  assert.ok(withBom.length >= 10, `fixture files carry a BOM (${withBom.length})`);
  const r = run('bom_test');
  assert.ok(!r.problems.some((p) => p.code.startsWith('header-')), 'no header problem');
  assert.equal(records('bom_test', 'Client.csv')[0]!.PersonalID, '2f4b963171644a8b9902bdfe79a4b403');
  hasErrors(r, ['Organization.csv:2:VictimServiceProvider:required', 'Enrollment.csv:2:HouseholdID:required', 'CurrentLivingSituation.csv:2:SubsequentResidence:list']);
});

test('duplicate_primary_keys: every repeated key reported at its line, pointing to the first', () => {
  // Importer: rejected. greenriver imports the first row of each key and skips the rest; HUD requires
  // unique keys within a file, and which duplicate is right cannot be known.
  const r = run('duplicate_primary_keys');
  assert.deepEqual(errorsOf(r, 'duplicate-key'), [
    'Funder.csv:3:FunderID:duplicate-key',
    'Funder.csv:4:FunderID:duplicate-key',
    'Client.csv:5:PersonalID:duplicate-key',
    'Client.csv:6:PersonalID:duplicate-key',
    'Enrollment.csv:6:EnrollmentID:duplicate-key',
    'Assessment.csv:4:AssessmentID:duplicate-key',
  ]);
  assert.match(errors(r).find((p) => key(p) === 'Enrollment.csv:6:EnrollmentID:duplicate-key')!.message, /line 3/);
});

test('loader_errors: rows with too many or too few fields, and a header with an extra column', () => {
  // Importer: rejected. Client lines 7, 34, 61 have 47 fields for 46 columns, Event line 3 has 14 for
  // 15; Exit.csv has an extra column `ExtraColumn`, so its rows are not read at all.
  const r = run('loader_errors');
  assert.deepEqual(errorsOf(r, 'field-count'), ['Client.csv:7:null:field-count', 'Client.csv:34:null:field-count', 'Client.csv:61:null:field-count', 'Event.csv:3:null:field-count']);
  assert.match(errors(r).find((p) => p.line === 3 && p.file === 'Event.csv')!.message, /too few/);
  assert.match(errors(r).find((p) => p.line === 7 && p.file === 'Client.csv')!.message, /too many/);
  assert.deepEqual(errorsOf(r, 'header-unknown-column'), ['Exit.csv:1:ExtraColumn:header-unknown-column']);
  assert.equal(r.rowCounts['Client.csv'], 134);
  assert.equal(r.rowCounts['Exit.csv'], 0);
});

test('validation_files: one bad row of each kind per file', () => {
  // Importer: rejected. greenriver imports the VALID rows and skips ERROR/FAILURE rows; Hearth imports
  // nothing partial. Every kind of problem appears: missing values, codes out of list (999), repeated
  // keys (`VALID` twice), rows cut short, two heads, an exit before its entry, three exits for one
  // enrollment.
  const r = run('validation_files');
  hasErrors(r, [
    'Organization.csv:4:OrganizationID:required',
    'Organization.csv:3:VictimServiceProvider:list',
    'Organization.csv:5:OrganizationID:duplicate-key',
    'Project.csv:3:ProjectType:list',
    'Funder.csv:3:Funder:type',
    'Client.csv:3:NameDataQuality:list',
    'Client.csv:6:PersonalID:required',
    'Enrollment.csv:3:RelationshipToHoH:list',
    'Assessment.csv:3:AssessmentType:list',
    'Assessment.csv:5:null:field-count',
    'AssessmentQuestions.csv:5:null:field-count',
    'AssessmentResults.csv:5:null:field-count',
    'Exit.csv:6:ExitDate:exit-before-entry',
    'Exit.csv:6:EnrollmentID:exit-duplicate',
    'Exit.csv:7:EnrollmentID:exit-duplicate',
    'Event.csv:3:Event:list',
    'HealthAndDV.csv:2:MentalHealthStatus:type',
  ]);
});

test('households: ensure_households, ensure_relationships, fix_household_ids', () => {
  // These sets are built to break the household rules: households with no head (H2, H3, H5, H8, H10),
  // two heads (H4, H6, H7), RelationshipToHoH 0 (not a HUD code) or empty, missing HouseholdIDs.
  // Importer: rejected (HUD: exactly one head per household, RelationshipToHoH required). greenriver
  // repairs them (makes a sole member the head, the oldest adult the head, invents HouseholdIDs); Hearth
  // must not invent a head or a household: the sending system fixes its data.
  for (const s of ['ensure_households', 'ensure_relationships']) {
    const r = run(s);
    assert.deepEqual(errorsOf(r, 'household-head').sort(), [
      'Enrollment.csv:13:RelationshipToHoH:household-head',
      'Enrollment.csv:15:RelationshipToHoH:household-head',
      'Enrollment.csv:16:RelationshipToHoH:household-head',
      'Enrollment.csv:21:RelationshipToHoH:household-head',
      'Enrollment.csv:3:RelationshipToHoH:household-head',
      'Enrollment.csv:4:RelationshipToHoH:household-head',
      'Enrollment.csv:6:RelationshipToHoH:household-head',
      'Enrollment.csv:7:RelationshipToHoH:household-head',
    ], s);
    hasErrors(r, ['Enrollment.csv:4:RelationshipToHoH:list', 'Enrollment.csv:3:RelationshipToHoH:required', 'Enrollment.csv:9:HouseholdID:required']);
  }
  const fix = run('fix_household_ids');
  hasErrors(fix, ['Enrollment.csv:2:HouseholdID:required', 'Enrollment.csv:12:HouseholdID:required', 'Enrollment.csv:18:HouseholdID:required']);
  assert.equal(errorsOf(fix, 'household-head').length, 7);
});

test('client_processing and client_processing_2: a household with no head; the second export updates it', () => {
  // Household 152024 holds only enrollment 4 with RelationshipToHoH 2 → no head. RaceNone 0 is not in
  // list 1.6. Importer: rejected. Once conforming, importing _2 after the first must update enrollment 4
  // (DisablingCondition 0 → 1) because its DateUpdated is newer.
  for (const s of ['client_processing', 'client_processing_2']) {
    const r = run(s);
    assert.deepEqual(errorsOf(r, 'household-head'), ['Enrollment.csv:5:RelationshipToHoH:household-head'], s);
    assert.deepEqual(errorsOf(r, 'list'), ['Client.csv:2:RaceNone:list', 'Client.csv:3:RaceNone:list'], s);
  }
  const a = records('client_processing', 'Enrollment.csv')[3]!;
  const b = records('client_processing_2', 'Enrollment.csv')[3]!;
  assert.equal(a.EnrollmentID, b.EnrollmentID);
  assert.ok(b.DateUpdated! > a.DateUpdated!);
  assert.deepEqual([a.DisablingCondition, b.DisablingCondition], ['0', '1']);
});

test('date_updated_*: the same client in four exports; a newer DateUpdated wins', () => {
  // Each set is rejected (Export.csv ExportStartDate has a trailing tab; empty required columns). Once
  // conforming, the importer must: take `newer` (DateUpdated 2010-02-01 > 2010-01-01) even though its
  // ExportDate is older; ignore `older` (DateUpdated 2009); for `same_day` (09:00 vs 12:00 the same day)
  // a strictly-newer rule keeps the existing row — greenriver applies same-day rows; the importer must
  // choose and document one (Hearth's rule: strictly newer DateUpdated wins).
  const client = (s: string) => records(s, 'Client.csv')[0]!;
  const initial = client('date_updated_initial');
  assert.equal(client('date_updated_newer').PersonalID, initial.PersonalID);
  assert.ok(client('date_updated_newer').DateUpdated! > initial.DateUpdated!);
  assert.ok(client('date_updated_older').DateUpdated! < initial.DateUpdated!);
  assert.equal(client('date_updated_same_day').DateUpdated!.slice(0, 10), initial.DateUpdated!.slice(0, 10));
  assert.ok(client('date_updated_same_day').DateUpdated! < initial.DateUpdated!);
  for (const s of ['date_updated_initial', 'date_updated_newer', 'date_updated_older', 'date_updated_same_day']) {
    hasErrors(run(s), ['Export.csv:2:ExportStartDate:type', 'Client.csv:2:NameDataQuality:required']);
  }
});

test('enrollment_with_deletes_test_files: DateDeleted marks rows to remove', () => {
  // Importer: rejected here (data errors). Once conforming: rows with DateDeleted remove the record
  // (enrollments 557331 and 557890, client 4c9d…, services 10397903, 10399550, 10399619) — and a
  // deleted row is still a valid reference target, so the validator accepts children pointing at it.
  const deleted = (f: string) => records('enrollment_with_deletes_test_files', f).filter((r) => r.DateDeleted !== '').map((r) => r[hudSpec('2024').file(f)!.primaryKey]);
  assert.deepEqual(deleted('Enrollment.csv'), ['557331', '557890']);
  assert.deepEqual(deleted('Client.csv'), ['4c9da990d51b4ed1a2e45b972aeaecee']);
  assert.deepEqual(deleted('Services.csv'), ['10397903', '10399550', '10399619']);
  const r = run('enrollment_with_deletes_test_files');
  assert.ok(!errors(r).some((p) => p.code === 'reference' && /557331|557890/.test(p.message)), 'children of deleted enrollments still resolve');
});

test('enrollment_test_with_restores_*: a later export without DateDeleted restores the record', () => {
  // Importer: once conforming, importing `update` after `initial` brings client 1-1 and enrollment 1-1
  // back (DateDeleted cleared) and adds client/enrollment 1-2 — a restore is an update like any other.
  const init = records('enrollment_test_with_restores_initial_files', 'Enrollment.csv');
  const upd = records('enrollment_test_with_restores_update_files', 'Enrollment.csv');
  assert.notEqual(init[0]!.DateDeleted, '');
  assert.equal(upd[0]!.EnrollmentID, init[0]!.EnrollmentID);
  assert.equal(upd[0]!.DateDeleted, '');
  assert.deepEqual(upd.map((e) => e.EnrollmentID), ['1-1', '1-2']);
  // In the initial set the client is deleted with its enrollment: no "client without enrollment" for it.
  // In the update, client 1-2 has no enrollment (1-2 belongs to client 1-1): reported as a warning.
  assert.deepEqual(warnings(run('enrollment_test_with_restores_initial_files')).filter((p) => p.code === 'orphan-client').map(key), []);
  assert.deepEqual(warnings(run('enrollment_test_with_restores_update_files')).filter((p) => p.code === 'orphan-client').map(key), ['Client.csv:3:PersonalID:orphan-client']);
});

test('enrollment_change_files and enrollment_test_files: later export changes HouseholdIDs', () => {
  // enrollment_test_files leaves HouseholdID empty (required → errors); enrollment_change_files fills
  // them (1111, 2222, 3333) but with no head in any of them (RelationshipToHoH empty). Importer: both
  // rejected; once conforming, the change export updates the three enrollments (newer DateUpdated).
  const r = run('enrollment_change_files');
  assert.deepEqual(errorsOf(r, 'household-head'), ['Enrollment.csv:2:RelationshipToHoH:household-head', 'Enrollment.csv:3:RelationshipToHoH:household-head', 'Enrollment.csv:4:RelationshipToHoH:household-head']);
  hasErrors(run('enrollment_test_files'), ['Enrollment.csv:2:HouseholdID:required', 'Enrollment.csv:3:HouseholdID:required', 'Enrollment.csv:4:HouseholdID:required']);
});

test('cleanup_move_ins and delete_empty_enrollments: move-in dates outside HUD 3.20', () => {
  // cleanup_move_ins: every enrollment is in an emergency shelter (type 1), where HUD does not collect a
  // move-in date; two are before the entry date and one after its exit. greenriver clears the bad ones;
  // Hearth rejects (a move-in date is corrected at the source, never silently removed, README 3.20).
  const c = run('cleanup_move_ins');
  assert.deepEqual(errorsOf(c, 'move-in-date'), [
    'Enrollment.csv:2:MoveInDate:move-in-date',
    'Enrollment.csv:3:MoveInDate:move-in-date',
    'Enrollment.csv:4:MoveInDate:move-in-date',
    'Enrollment.csv:4:MoveInDate:move-in-date',
    'Enrollment.csv:5:MoveInDate:move-in-date',
    'Enrollment.csv:5:MoveInDate:move-in-date',
    'Enrollment.csv:6:MoveInDate:move-in-date',
    'Enrollment.csv:7:MoveInDate:move-in-date',
    'Enrollment.csv:8:MoveInDate:move-in-date',
    'Enrollment.csv:9:MoveInDate:move-in-date',
    'Exit.csv:4:ExitDate:move-in-date',
  ]);
  // delete_empty_enrollments: street outreach / shelter enrollments without services or contacts.
  // greenriver deletes "empty" SO/ES enrollments on request; Hearth's importer never deletes a record
  // the sender did not mark with DateDeleted. The set is rejected for move-in dates in ES/SO projects.
  const d = run('delete_empty_enrollments');
  assert.equal(errorsOf(d, 'move-in-date').length, 9);
  assert.ok(!errorsOf(d, 'move-in-date').some((k) => k.startsWith('Enrollment.csv:8:') || k.startsWith('Enrollment.csv:9:')), 'PSH (type 3) enrollments may have move-in dates');
});

test('allowed_projects and combine_enrollments: a PersonalID with a leading space', () => {
  // Exit X-13 carries PersonalID " C-1" (leading space): no such client → error naming the spaces.
  // Importer notes: allowed_projects tests importing only allowed projects (in Hearth, the projects the
  // caller may import into); combine_enrollments tests merging back-to-back stays (greenriver option) —
  // Hearth keeps HUD enrollments as sent.
  for (const s of ['allowed_projects', 'combine_enrollments']) {
    const p = errors(run(s)).find((x) => x.code === 'reference')!;
    assert.equal(key(p), 'Exit.csv:14:PersonalID:reference');
    assert.match(p.message, /leading or trailing spaces/);
  }
});

test('forced_prioritization_placement_status: PrioritizationStatus empty or 0 is rejected', () => {
  // Assessments 2 (empty) and 3 (0) have no valid 4.19.7 status; 5 (2, not placed) is valid. greenriver
  // forces a status; Hearth rejects — a prioritization decision is never invented.
  const r = run('forced_prioritization_placement_status');
  hasErrors(r, ['Assessment.csv:3:PrioritizationStatus:required', 'Assessment.csv:4:PrioritizationStatus:list']);
  assert.ok(!r.problems.some((p) => p.file === 'Assessment.csv' && (p.line === 5 || p.line === 6) && p.column === 'PrioritizationStatus'));
});

test('project_test_files and import_overrides_test_files: project descriptors', () => {
  // project_test_files has no Client/Enrollment/Exit files (read as empty, warnings); its projects lack
  // OperatingStartDate and its users/inventory point nowhere. import_overrides_test_files adds
  // enrollments whose move-in dates fall outside 3.20. Importer: rejected; greenriver's import
  // overrides (admin-set replacement values) are not a HUD behaviour — if Hearth adds them they apply
  // after validation, never to make an invalid set pass.
  const p = run('project_test_files');
  assert.deepEqual(warnings(p).filter((x) => x.code === 'file-missing').map((x) => x.file).slice(0, 3), ['Client.csv', 'Enrollment.csv', 'Exit.csv']);
  hasErrors(p, ['Project.csv:2:OperatingStartDate:required']);
  const o = run('import_overrides_test_files');
  assert.deepEqual(errorsOf(o, 'move-in-date'), ['Enrollment.csv:4:MoveInDate:move-in-date', 'Enrollment.csv:5:MoveInDate:move-in-date', 'Exit.csv:4:ExitDate:move-in-date']);
});
