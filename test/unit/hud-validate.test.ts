import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatHudHeader, formatHudRow, type HudCell } from '../../src/domain/hud/csv.ts';
import { hashName, hashSsn } from '../../src/domain/hud/hash.ts';
import { codeList, hudSpec, listCodes, listForColumn, versionFromCsvVersion, type HudVersion } from '../../src/domain/hud/spec.ts';
import { checkHeader, createHudValidator, isValidDate, isValidDateTime, validateHudSet, validateHudSource, type HudProblem } from '../../src/domain/hud/validate.ts';

type Rows = Record<string, Record<string, HudCell>[]>;

/** A value every non-nullable column accepts: first code of its list, a date, a datetime, 'x'. */
function filler(version: HudVersion, file: string, name: string): HudCell {
  const c = hudSpec(version).file(file)!.column(name)!;
  if (c.nullable) return null;
  switch (c.type) {
    case 'D':
      return '2025-10-01';
    case 'T':
      return '2025-10-01 09:00:00';
    case 'I': {
      const l = listForColumn(file, c);
      return l ? [...l.codes.keys()][0]! : 0;
    }
    case 'M':
    case 'M+':
      return 0;
    default:
      return 'x';
  }
}

/** Writes a set with the writer (every file of the version, header only when no rows given). */
function buildSet(version: HudVersion, rows: Rows): Map<string, string> {
  const spec = hudSpec(version);
  const out = new Map<string, string>();
  for (const f of spec.files) {
    let text = formatHudHeader(f);
    for (const r of rows[f.name] ?? []) {
      const full: Record<string, HudCell> = {};
      for (const c of f.columns) full[c.name] = Object.hasOwn(r, c.name) ? r[c.name] : filler(version, f.name, c.name);
      text += formatHudRow(f, full);
    }
    out.set(f.name, text);
  }
  return out;
}

const meta = { DateCreated: '2025-10-01 09:00:00', DateUpdated: '2025-10-01 09:00:00', UserID: 'U1', ExportID: 'EXP1' };
function validRows(version: HudVersion = '2026'): Rows {
  return {
    'Export.csv': [{ ExportID: 'EXP1', SourceType: 3, CSVVersion: version === '2026' ? '2026 v1.0' : '2024 v1.4', HashStatus: 1, ExportPeriodType: 3, ExportDirective: 2, ExportDate: '2025-11-01 00:00:00', ImplementationID: 'hearth', SoftwareName: 'Hearth' }],
    'Organization.csv': [{ OrganizationID: 'O1', OrganizationName: 'Shelter Org', ...meta }],
    'User.csv': [{ UserID: 'U1', DateCreated: meta.DateCreated, DateUpdated: meta.DateUpdated, ExportID: 'EXP1' }],
    'Project.csv': [{ ProjectID: 'P1', OrganizationID: 'O1', ProjectName: 'Night Shelter', ProjectType: 0, ...meta }],
    'Funder.csv': [{ FunderID: 'F1', ProjectID: 'P1', Funder: 2, ...meta }],
    'Client.csv': [
      { PersonalID: 'C1', FirstName: 'Ann', LastName: 'Lee', SSN: '123456789', ...meta },
      { PersonalID: 'C2', FirstName: 'Bo', LastName: 'Lee', ...meta },
    ],
    'Enrollment.csv': [
      { EnrollmentID: 'E1', PersonalID: 'C1', ProjectID: 'P1', HouseholdID: 'H1', RelationshipToHoH: 1, ...meta },
      { EnrollmentID: 'E2', PersonalID: 'C2', ProjectID: 'P1', HouseholdID: 'H1', RelationshipToHoH: 2, ...meta },
    ],
    'Exit.csv': [{ ExitID: 'X1', EnrollmentID: 'E1', PersonalID: 'C1', ExitDate: '2025-10-20', Destination: 101, ...meta }],
    'Event.csv': [{ EventID: 'V1', EnrollmentID: 'E1', PersonalID: 'C1', EventDate: '2025-10-02', Event: 14, ...meta }],
  };
}

const errorsOf = (ps: readonly HudProblem[]) => ps.filter((p) => p.severity === 'error');
const brief = (ps: readonly HudProblem[]) => ps.map((p) => `${p.severity} ${p.file}:${p.line}:${p.column} ${p.code}`);

test('spec: both versions, files in order, columns typed, lists by name', () => {
  const s26 = hudSpec('2026');
  const s24 = hudSpec('2024');
  assert.equal(s26.csvVersion, '2026 v1.0');
  assert.equal(s26.fileOrder[0], 'Export.csv');
  assert.equal(s26.files.length, 24);
  assert.equal(s26.file('Client.csv')!.primaryKey, 'PersonalID');
  assert.equal(s26.file('CurrentLivingSituation.csv')!.primaryKey, 'CurrentLivingSitID');
  const ssn = s26.file('Client.csv')!.column('SSN')!;
  assert.equal(ssn.type, 'S9');
  assert.equal(ssn.maxLength, 9);
  assert.equal(s26.file('Export.csv')!.column('SourceID')!.maxLength, 350);
  assert.equal(s24.file('Export.csv')!.column('SourceID')!.maxLength, 32);
  assert.ok(s24.file('Client.csv')!.column('HispanicLatinaeo'));
  assert.equal(s26.file('Client.csv')!.column('HispanicLatinaeo'), undefined);
  assert.deepEqual([...listCodes('Sex')!], ['0', '1', '8', '9', '99']);
  assert.equal(codeList('FundingSource')!.codes.has('47'), false);
  // 3.12.1 resolves to the subset of the column.
  const dest = listForColumn('Exit.csv', s26.file('Exit.csv')!.column('Destination')!)!;
  assert.equal(dest.name, 'Destination');
  assert.equal(listForColumn('Enrollment.csv', s26.file('Enrollment.csv')!.column('LivingSituation')!)!.name, 'LivingSituation');
  assert.equal(versionFromCsvVersion('2024 v1.3'), '2024');
  assert.equal(versionFromCsvVersion('2026 v1.0'), '2026');
  assert.equal(versionFromCsvVersion('2022 v1.0'), null);
});

test('date and datetime formats', () => {
  assert.ok(isValidDate('2024-02-29'));
  assert.ok(!isValidDate('2025-02-29'));
  assert.ok(!isValidDate('12-31-2015'));
  assert.ok(isValidDateTime('2025-10-01 23:59:59'));
  assert.ok(!isValidDateTime('2025-10-01'));
  assert.ok(!isValidDateTime('2025-10-01T09:00:00'));
  assert.ok(!isValidDateTime('2025-10-01 24:00:00'));
});

test('a set written by the writer passes the validator in export mode with no problem', () => {
  const r = validateHudSet(buildSet('2026', validRows()), { mode: 'export' });
  assert.deepEqual(brief(r.problems), []);
  assert.equal(r.accepted, true);
  assert.equal(r.version, '2026');
  assert.equal(r.rowCounts['Client.csv'], 2);
});

test('headers: exact on export, case-insensitive with a canonical mapping on import', () => {
  const pc = hudSpec('2026').file('ProjectCoC.csv')!;
  const names = pc.columns.map((c) => c.name);
  const variant = names.map((n) => (n === 'ZIP' ? 'Zip' : n === 'CoCCode' ? 'CocCode' : n));
  const exp = checkHeader(pc, variant, 'export');
  assert.equal(exp.result.ok, false);
  assert.deepEqual(exp.problems.map((p) => `${p.line}:${p.column}`), ['1:CocCode', '1:Zip']);
  const imp = checkHeader(pc, variant, 'import');
  assert.equal(imp.result.ok, true);
  assert.deepEqual(imp.problems, []);
  assert.deepEqual(imp.result.mapping, names);
  const reordered = checkHeader(pc, [...names].reverse(), 'import');
  assert.equal(reordered.result.ok, true);
  assert.deepEqual(reordered.problems.map((p) => p.code), ['header-order']);
  assert.equal(reordered.result.mapping[0], 'ExportID');
  const extra = checkHeader(pc, [...names, 'Extra'], 'import');
  assert.equal(extra.result.ok, false);
  assert.deepEqual(extra.problems.map((p) => `${p.code}:${p.column}`), ['header-unknown-column:Extra']);
  const missing = checkHeader(pc, names.slice(1), 'export');
  assert.equal(missing.result.ok, false);
  const dup = checkHeader(pc, [...names.slice(0, -1), 'zip'], 'import');
  assert.ok(dup.problems.some((p) => p.code === 'header-duplicate-column'));
  assert.ok(dup.problems.some((p) => p.code === 'header-missing-column' && p.column === 'ExportID'));
  // Enrollment HoHLeaseholder (HUD LSA sample spelling).
  const en = hudSpec('2026').file('Enrollment.csv')!;
  const enNames = en.columns.map((c) => (c.name === 'HOHLeaseholder' ? 'HoHLeaseholder' : c.name));
  assert.equal(checkHeader(en, enNames, 'import').result.mapping[en.column('HOHLeaseholder')!.index], 'HOHLeaseholder');
});

test('types, lengths, lists, nullability and FY2026 forbidden characters, each at its line and column', () => {
  const rows = validRows();
  rows['Client.csv']![1] = { ...rows['Client.csv']![1], DOB: '02/03/1990', NameDataQuality: 7, FirstName: 'A'.repeat(51), LastName: 'Lee <b>', VeteranStatus: null, SSN: '12345' };
  rows['Funder.csv']!.push({ FunderID: 'F2', ProjectID: 'P1', Funder: 47, ...meta });
  rows['Exit.csv']![0] = { ...rows['Exit.csv']![0], ExitDate: '2025-13-01' };
  const r = validateHudSet(buildSet('2026', rows), { mode: 'export' });
  assert.equal(r.accepted, false);
  assert.deepEqual(brief(r.problems).sort(), [
    'error Client.csv:3:DOB type',
    'error Client.csv:3:FirstName length',
    'error Client.csv:3:LastName forbidden-character',
    'error Client.csv:3:NameDataQuality list',
    'error Client.csv:3:SSN ssn-format',
    'error Client.csv:3:VeteranStatus required',
    'error Exit.csv:2:ExitDate type',
    'error Funder.csv:3:Funder list',
  ]);
  const funder = r.problems.find((p) => p.file === 'Funder.csv')!;
  assert.match(funder.message, /retired/);
});

test('FY2024 sets: retired codes accepted as history; forbidden characters only warned', () => {
  const rows = validRows('2024');
  rows['Funder.csv']!.push({ FunderID: 'F2', ProjectID: 'P1', Funder: 48, ...meta });
  rows['Event.csv']![0] = { ...rows['Event.csv']![0], Event: 17 };
  rows['Client.csv']![0] = { ...rows['Client.csv']![0], LastName: 'Lee {x}' };
  const r = validateHudSet(buildSet('2024', rows), { mode: 'import' });
  assert.equal(r.version, '2024');
  assert.equal(r.accepted, true);
  assert.deepEqual(brief(r.problems).sort(), [
    'warning Client.csv:2:LastName forbidden-character',
    'warning Event.csv:2:Event retired-code',
    'warning Funder.csv:3:Funder retired-code',
  ]);
  // In a FY2026 set, event 17 is still in HUD's list (legacy): a warning; funder 48 is an error.
  const r26 = validateHudSet(buildSet('2026', { ...validRows(), 'Event.csv': [{ ...validRows()['Event.csv']![0], Event: 17 }] }), { mode: 'export' });
  assert.deepEqual(brief(r26.problems), ['warning Event.csv:2:Event retired-code']);
  assert.equal(r26.accepted, true);
});

test('cross-file checks: references, orphan clients, one head per household, one exit, unique keys', () => {
  const rows = validRows();
  rows['Client.csv']!.push({ PersonalID: 'C3', ...meta }, { PersonalID: 'C1', ...meta });
  rows['Enrollment.csv']!.push(
    { EnrollmentID: 'E3', PersonalID: 'C9', ProjectID: 'P9', HouseholdID: 'H1', RelationshipToHoH: 1, ...meta },
    { EnrollmentID: 'E4', PersonalID: 'C2', ProjectID: 'P1', HouseholdID: 'H2', RelationshipToHoH: 2, ...meta },
    { EnrollmentID: 'E5', PersonalID: 'C2', ProjectID: 'P1', HouseholdID: 'H3', RelationshipToHoH: 1, ...meta, DateDeleted: '2025-10-05 00:00:00' },
  );
  rows['Exit.csv']!.push({ ExitID: 'X2', EnrollmentID: 'E1', PersonalID: 'C1', ExitDate: '2025-10-21', Destination: 101, ...meta });
  rows['Event.csv']!.push({ EventID: 'V2', EnrollmentID: 'E77', PersonalID: 'C1', EventDate: '2025-10-02', Event: 14, ...meta, UserID: 'U2' });
  const exp = validateHudSet(buildSet('2026', rows), { mode: 'export' });
  assert.deepEqual(brief(exp.problems).sort(), [
    'error Client.csv:4:PersonalID orphan-client',
    'error Client.csv:5:PersonalID duplicate-key',
    'error Enrollment.csv:4:PersonalID reference',
    'error Enrollment.csv:4:ProjectID reference',
    'error Enrollment.csv:4:RelationshipToHoH household-head',
    'error Enrollment.csv:5:RelationshipToHoH household-head',
    'error Event.csv:3:EnrollmentID reference',
    'error Event.csv:3:UserID reference',
    'error Exit.csv:3:EnrollmentID exit-duplicate',
  ]);
  const imp = validateHudSet(buildSet('2026', rows), { mode: 'import' });
  const sev = Object.fromEntries(imp.problems.map((p) => [`${p.file}:${p.line}:${p.code}:${p.column}`, p.severity]));
  assert.equal(sev['Client.csv:4:orphan-client:PersonalID'], 'warning');
  assert.equal(sev['Event.csv:3:reference:UserID'], 'warning');
  assert.equal(sev['Event.csv:3:reference:EnrollmentID'], 'error');
  assert.equal(errorsOf(imp.problems).length, 7);
  // Overrides let a caller choose another policy.
  const lenient = validateHudSet(buildSet('2026', rows), { mode: 'import', severityOverrides: { 'household-head': 'warning' } });
  assert.equal(errorsOf(lenient.problems).length, 5);
});

test('missing files and Export.csv', () => {
  const set = buildSet('2026', validRows());
  set.delete('Services.csv');
  assert.deepEqual(brief(validateHudSet(set, { mode: 'export' }).problems), ['error Services.csv:null:null file-missing']);
  assert.deepEqual(brief(validateHudSet(set, { mode: 'import' }).problems), ['warning Services.csv:null:null file-missing']);
  set.delete('Export.csv');
  const r = validateHudSet(set, { mode: 'import', version: '2026' });
  assert.ok(r.problems.some((p) => p.file === 'Export.csv' && p.code === 'file-missing' && p.severity === 'error'));
});

test('hashed exports (HashStatus 4): 64-hex names and 68-character SSN', () => {
  const rows = validRows();
  rows['Export.csv']![0] = { ...rows['Export.csv']![0], HashStatus: 4 };
  rows['Client.csv'] = [
    { PersonalID: 'C1', FirstName: hashName('Ann'), LastName: hashName('Lee'), SSN: hashSsn('123456789'), ...meta },
    { PersonalID: 'C2', FirstName: 'Bo', LastName: hashName('Lee'), SSN: '123456789', ...meta },
  ];
  const r = validateHudSet(buildSet('2026', rows), { mode: 'export' });
  assert.deepEqual(brief(r.problems), ['error Client.csv:3:FirstName hashed-format', 'error Client.csv:3:SSN hashed-format']);
});

test('field counts and streaming use: rows checked one by one, canonical records returned', () => {
  const v = createHudValidator({ version: '2026', mode: 'import' });
  const ex = hudSpec('2026').file('Export.csv')!;
  v.beginFile('Export.csv', ex.columns.map((c) => c.name.toLowerCase()));
  const rec = v.row('Export.csv', 2, ex.columns.map((c) => String(filler('2026', 'Export.csv', c.name) ?? '')));
  assert.equal(rec?.ExportID, 'x');
  assert.equal(v.row('Export.csv', 3, ['too', 'few']), null);
  v.endFile('Export.csv');
  const r = v.finish();
  assert.ok(r.problems.some((p) => p.code === 'field-count' && p.line === 3 && /too few/.test(p.message)));
  assert.ok(r.problems.some((p) => p.code === 'export-row-count' && p.line === 3) === false, 'an unreadable row is not counted as a second Export row');
});

test('dates in order: exit not before entry; move-in on or after entry, on or before exit, only in PH/RRH', () => {
  const rows = validRows();
  rows['Project.csv']!.push({ ProjectID: 'P2', OrganizationID: 'O1', ProjectName: 'RRH', ProjectType: 13, ...meta });
  rows['Client.csv']!.push({ PersonalID: 'C3', ...meta }, { PersonalID: 'C4', ...meta });
  rows['Enrollment.csv']!.push(
    { EnrollmentID: 'E3', PersonalID: 'C3', ProjectID: 'P2', EntryDate: '2025-10-05', MoveInDate: '2025-10-04', HouseholdID: 'H3', RelationshipToHoH: 1, ...meta },
    { EnrollmentID: 'E4', PersonalID: 'C4', ProjectID: 'P1', EntryDate: '2025-10-01', MoveInDate: '2025-10-02', HouseholdID: 'H4', RelationshipToHoH: 1, ...meta },
    { EnrollmentID: 'E5', PersonalID: 'C4', ProjectID: 'P2', EntryDate: '2025-10-01', MoveInDate: '2025-10-09', HouseholdID: 'H5', RelationshipToHoH: 1, ...meta },
  );
  rows['Exit.csv']!.push(
    { ExitID: 'X3', EnrollmentID: 'E5', PersonalID: 'C4', ExitDate: '2025-10-08', Destination: 101, ...meta },
    { ExitID: 'X4', EnrollmentID: 'E3', PersonalID: 'C3', ExitDate: '2025-09-30', Destination: 101, ...meta },
  );
  const r = validateHudSet(buildSet('2026', rows), { mode: 'export' });
  assert.deepEqual(brief(r.problems).sort(), [
    'error Enrollment.csv:4:MoveInDate move-in-date',
    'error Enrollment.csv:5:MoveInDate move-in-date',
    'error Exit.csv:3:ExitDate move-in-date',
    'error Exit.csv:4:ExitDate exit-before-entry',
    'error Exit.csv:4:ExitDate move-in-date',
  ]);
});

test('validateHudSource streams a set, reads the version from Export.csv, reports CSV syntax errors at their line', async () => {
  const set = buildSet('2024', validRows('2024'));
  set.set('Funder.csv', set.get('Funder.csv')! + '"F9,"P1\r\n');
  set.set('Notes.txt', 'hello');
  const seen: string[] = [];
  const chunked = (text: string) => (function* () {
    for (let i = 0; i < text.length; i += 7) yield Buffer.from(text.slice(i, i + 7));
  })();
  const r = await validateHudSource(
    { names: [...set.keys()], open: (n) => chunked(set.get(n)!) },
    { mode: 'import', onRecord: (file, line, rec) => void seen.push(`${file}:${line}:${Object.keys(rec).length}`) },
  );
  assert.equal(r.version, '2024');
  assert.deepEqual(brief(r.problems), ['error Funder.csv:3:null csv-syntax', 'warning Notes.txt:null:null file-unknown']);
  assert.ok(seen.includes('Client.csv:2:' + hudSpec('2024').file('Client.csv')!.columns.length));
  // A file cut short by a syntax error is present (not "missing") but unreadable: nothing else is
  // reported for it, and records parsed before the error may or may not have been delivered.
  assert.equal(seen.filter((x) => x.startsWith('Enrollment.csv:')).length, 2);
});
