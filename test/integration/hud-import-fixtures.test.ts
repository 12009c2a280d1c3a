/**
 * The FY2024 fixture scenarios (test/fixtures/hud-2024/, from greenriver's importer specs) through the
 * importer. Every set breaks a HUD rule (see test/unit/hud-fixtures.test.ts and docs/hud-csv.md), so
 * the outcome HUD's rules call for is the same for all: **rejected, nothing imported**, with the
 * problems the scenario is about reported at file/line/column. Per scenario (what a conforming set
 * carrying the same behaviour gets — proven on generated sets in hud-import.test.ts):
 *
 * - allowed_projects, combine_enrollments: Exit X-13's PersonalID " C-1" names no client → rejected;
 *   enrollments are kept as sent, never merged.
 * - bad_data: dates in other formats and short SSNs → rejected; formats and centuries are never guessed.
 * - bad_ending: mixed line endings read cleanly; only the missing OperatingStartDate and the unknown
 *   organization reject the set.
 * - bom_test: the BOM is accepted (no header problem); data errors reject.
 * - cleanup_move_ins, delete_empty_enrollments, import_overrides_test_files: move-in dates outside 3.20
 *   → rejected; never silently removed or repaired.
 * - client_processing, _2: household without a head → rejected; a conforming _2 updates enrollment 4
 *   (newer DateUpdated wins).
 * - date_updated_initial/newer/older/same_day: Export.csv ExportStartDate with a trailing tab → rejected;
 *   conforming: newer DateUpdated wins, older ignored, same day earlier time keeps the stored record.
 * - duplicate_primary_keys: which duplicate is right cannot be known → rejected.
 * - enrollment_*: broken references and households → rejected; conforming: DateDeleted removes, a later
 *   export without DateDeleted restores, a change export updates.
 * - ensure_households, ensure_relationships, fix_household_ids: no head / two heads / missing IDs →
 *   rejected; a head or a household is never invented.
 * - forced_prioritization_placement_status: required values empty → rejected; never invented.
 * - loader_errors: lines with too many / too few fields and an unknown column → rejected, every line named.
 * - project_test_files: projects without OperatingStartDate → rejected.
 * - validation_files: one bad row of each kind → rejected.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startApp } from '../helpers/app.ts';
import { importHud, importReportText } from '../../src/usecases/hud/import.ts';
import { folderSource } from '../../src/usecases/hud/source.ts';
import { SYSTEM_CTX } from './hud-helpers.ts';

const ROOT = join(import.meta.dirname, '../fixtures/hud-2024');

/** Error count and the problems each scenario is about (file:line:column:code). Outcome: rejected. */
const EXPECTED: Record<string, { errors: number; pinned: string[] }> = {
  allowed_projects: { errors: 59, pinned: ["Exit.csv:14:PersonalID:reference"] },
  bad_data: { errors: 137, pinned: ["Project.csv:2:OperatingStartDate:type","Project.csv:2:OperatingEndDate:type","HMISParticipation.csv:2:HMISParticipationStatusStartDate:type","Client.csv:11:SSN:ssn-format","Client.csv:20:SSN:ssn-format","Client.csv:21:SSN:ssn-format"] },
  bad_ending: { errors: 2, pinned: ["Project.csv:2:OperatingStartDate:required","Project.csv:2:OrganizationID:reference"] },
  bom_test: { errors: 55, pinned: ["Organization.csv:2:VictimServiceProvider:required","Project.csv:2:OperatingStartDate:required","Funder.csv:2:GrantID:required"] },
  cleanup_move_ins: { errors: 44, pinned: ["Enrollment.csv:2:MoveInDate:move-in-date","Enrollment.csv:3:MoveInDate:move-in-date","Enrollment.csv:4:MoveInDate:move-in-date"] },
  client_processing: { errors: 6, pinned: ["Enrollment.csv:5:RelationshipToHoH:household-head"] },
  client_processing_2: { errors: 6, pinned: ["Enrollment.csv:5:RelationshipToHoH:household-head"] },
  combine_enrollments: { errors: 59, pinned: ["Exit.csv:14:PersonalID:reference"] },
  date_updated_initial: { errors: 9, pinned: ["Export.csv:2:ExportStartDate:type"] },
  date_updated_newer: { errors: 9, pinned: ["Export.csv:2:ExportStartDate:type"] },
  date_updated_older: { errors: 9, pinned: ["Export.csv:2:ExportStartDate:type"] },
  date_updated_same_day: { errors: 9, pinned: ["Export.csv:2:ExportStartDate:type"] },
  delete_empty_enrollments: { errors: 50, pinned: ["Enrollment.csv:2:MoveInDate:move-in-date","Enrollment.csv:3:MoveInDate:move-in-date","Enrollment.csv:4:MoveInDate:move-in-date"] },
  duplicate_primary_keys: { errors: 65, pinned: ["Funder.csv:3:FunderID:duplicate-key","Funder.csv:4:FunderID:duplicate-key","Client.csv:5:PersonalID:duplicate-key"] },
  enrollment_change_files: { errors: 46, pinned: ["Enrollment.csv:2:RelationshipToHoH:household-head","Enrollment.csv:3:RelationshipToHoH:household-head","Enrollment.csv:4:RelationshipToHoH:household-head"] },
  enrollment_test_files: { errors: 55, pinned: ["Organization.csv:2:VictimServiceProvider:required","Project.csv:2:OperatingStartDate:required","Funder.csv:2:GrantID:required"] },
  enrollment_test_with_restores_initial_files: { errors: 37, pinned: ["CurrentLivingSituation.csv:2:PersonalID:reference","CurrentLivingSituation.csv:2:EnrollmentID:reference","CurrentLivingSituation.csv:3:PersonalID:reference"] },
  enrollment_test_with_restores_update_files: { errors: 40, pinned: ["CurrentLivingSituation.csv:2:PersonalID:reference","CurrentLivingSituation.csv:2:EnrollmentID:reference","CurrentLivingSituation.csv:3:PersonalID:reference"] },
  enrollment_with_deletes_test_files: { errors: 46, pinned: ["CurrentLivingSituation.csv:2:PersonalID:reference","CurrentLivingSituation.csv:2:EnrollmentID:reference","CurrentLivingSituation.csv:3:PersonalID:reference"] },
  ensure_households: { errors: 84, pinned: ["Enrollment.csv:6:RelationshipToHoH:household-head","Enrollment.csv:13:RelationshipToHoH:household-head","Enrollment.csv:15:RelationshipToHoH:household-head"] },
  ensure_relationships: { errors: 81, pinned: ["Enrollment.csv:6:RelationshipToHoH:household-head","Enrollment.csv:13:RelationshipToHoH:household-head","Enrollment.csv:15:RelationshipToHoH:household-head"] },
  fix_household_ids: { errors: 86, pinned: ["Enrollment.csv:6:RelationshipToHoH:household-head","Enrollment.csv:15:RelationshipToHoH:household-head","Enrollment.csv:3:RelationshipToHoH:household-head"] },
  forced_prioritization_placement_status: { errors: 53, pinned: ["Organization.csv:2:VictimServiceProvider:required","Project.csv:2:OperatingStartDate:required","Funder.csv:2:GrantID:required"] },
  import_overrides_test_files: { errors: 97, pinned: ["Enrollment.csv:4:MoveInDate:move-in-date","Enrollment.csv:5:MoveInDate:move-in-date","Exit.csv:4:ExitDate:move-in-date","Organization.csv:2:VictimServiceProvider:required","Organization.csv:3:VictimServiceProvider:required","Organization.csv:4:VictimServiceProvider:required"] },
  loader_errors: { errors: 77, pinned: ["Client.csv:7:null:field-count","Client.csv:34:null:field-count","Client.csv:61:null:field-count","Exit.csv:1:ExtraColumn:header-unknown-column"] },
  project_test_files: { errors: 58, pinned: ["Organization.csv:2:VictimServiceProvider:required","Organization.csv:3:VictimServiceProvider:required","Organization.csv:4:VictimServiceProvider:required"] },
  validation_files: { errors: 208, pinned: ["Enrollment.csv:5:RelationshipToHoH:household-head","Enrollment.csv:6:RelationshipToHoH:household-head","Enrollment.csv:7:RelationshipToHoH:household-head","Exit.csv:6:EnrollmentID:exit-duplicate","Exit.csv:7:EnrollmentID:exit-duplicate","Exit.csv:6:ExitDate:exit-before-entry"] },
};

test('every fixture scenario is rejected with its pinned problems, and nothing is imported', async (t) => {
  assert.deepEqual(readdirSync(ROOT).sort(), Object.keys(EXPECTED).sort());
  const app = await startApp();
  try {
    const db = app.db.database.db;
    const snapshot = async () => {
      const out: Record<string, number> = {};
      for (const table of ['agencies', 'projects', 'users', 'clients', 'enrollments', 'current_living_situations', 'ce_assessments', 'hud_import_keys', 'hud_import_records'] as const) {
        const r = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
        out[table] = Number(r.n);
      }
      return out;
    };
    const before = await snapshot();
    for (const [scenario, expected] of Object.entries(EXPECTED)) {
      await t.test(scenario, async () => {
        const report = await importHud(app.db.database, SYSTEM_CTX(app.clock), folderSource(join(ROOT, scenario)));
        assert.equal(report.version, '2024');
        assert.equal(report.accepted, false);
        assert.equal(report.applied, false);
        assert.equal(report.validation.errorCount, expected.errors);
        const keys = new Set(report.validation.problems.map((p) => `${p.file}:${p.line}:${p.column}:${p.code}`));
        for (const k of expected.pinned) assert.ok(keys.has(k), `${scenario}: ${k} not reported`);
        const text = importReportText(report);
        assert.match(text, /REJECTED/);
        assert.match(text, /Nothing was imported/);
      });
    }
    assert.deepEqual(await snapshot(), before, 'a rejected set wrote nothing');
  } finally {
    await app.close();
  }
});
