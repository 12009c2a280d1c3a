import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DrillCollector, median, percentile, share, type ReportTable } from '../../src/domain/reports/table.ts';
import { formatCell, neutraliseFormula, tableCsv } from '../../src/domain/reports/export.ts';
import { householdType, hudAge, isYouth } from '../../src/domain/reports/hud-people.ts';
import { ssnHasIssue } from '../../src/domain/reports/hud-pii.ts';
import { decideReportScope } from '../../src/domain/policies/reports.ts';
import { ceAprTables, representativeEvent, ceAprUniverse, type CeAprFacts, type CeAprEvent, type CeAprAssessment } from '../../src/domain/reports/ce-apr.ts';
import type { Actor } from '../../src/domain/access.ts';

test('shares round half up to four places; 0/0 is 0', () => {
  assert.equal(share(2, 3), 0.6667);
  assert.equal(share(1, 3), 0.3333);
  assert.equal(share(5, 8), 0.625);
  assert.equal(share(0, 0), 0);
  assert.equal(formatCell(share(2, 3), 'percent'), '0.6667');
  assert.equal(formatCell(0, 'percent'), '0.0000');
});

test('median and nearest-rank percentile', () => {
  assert.equal(median([1, 4]), 2.5);
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(percentile([1, 4], 90), 4);
  assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90), 9);
  assert.equal(median([]), null);
});

test('formula injection: text starting with = + - @ tab or CR gets an apostrophe; numbers stay numbers', () => {
  for (const s of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) assert.equal(neutraliseFormula(s), `'${s}`);
  assert.equal(neutraliseFormula('Northside PSH'), 'Northside PSH');
  const t: ReportTable = { id: 'x', title: 'x', columns: [{ key: 'l', label: 'L', kind: 'label' }, { key: 'n', label: '=N', kind: 'count' }], rows: [{ key: 'a', cells: ['=cmd|x', -1], drill: [null, null] }] };
  assert.equal(tableCsv(t), `"L","'=N"\r\n"'=cmd|x","-1"\r\n`);
});

test('a drill collector counts each record once per cell and keeps its cells', () => {
  const d = new DrillCollector();
  const a = { kind: 'client' as const, id: 'a', clientId: 'a', info: {} };
  const b = { kind: 'client' as const, id: 'b', clientId: 'b', info: {} };
  assert.deepEqual(d.cell([a, b, a]), { value: 2, drill: 1 });
  assert.deepEqual(d.cell([a]), { value: 1, drill: 2 });
  assert.deepEqual(d.items().map((i) => [i.item.id, i.cells]), [['a', [1, 2]], ['b', [1]]]);
});

test('HUD ages, household types and youth', () => {
  assert.equal(hudAge({ dob: '2008-02-02', dobDataQuality: 1 }, '2026-02-01'), 17);
  assert.equal(hudAge({ dob: '2008-02-02', dobDataQuality: 8 }, '2026-02-01'), null);
  assert.equal(householdType([35, 7]), 'withChildrenAndAdults');
  assert.equal(householdType([35, null]), 'unknown');
  assert.equal(householdType([35, 7, null]), 'withChildrenAndAdults');
  assert.equal(householdType([17]), 'withOnlyChildren');
  assert.equal(isYouth(22, [22]), true);
  assert.equal(isYouth(22, [22, 30]), false);
  assert.equal(isYouth(11, [11]), false);
});

test('SSN data issues (Glossary DQ Q2)', () => {
  for (const bad of ['123456789', '111111111', '000123456', '666123456', '912345678', '123001234', '12345678', '1234a6789', '123450000']) assert.equal(ssnHasIssue(bad), true, bad);
  for (const ok of ['301224567', 'xxxxx1234', 'XXX451234']) assert.equal(ssnHasIssue(ok), false, ok);
});

const actor = (role: 'hmis_admin' | 'case_manager' | 'ces_matcher', projectIds: string[] = []): Actor => ({ userId: 'u', username: 'u', memberships: [{ agencyId: 'A', role, projectIds }] });
const projects = [{ id: 'p1', agencyId: 'A' }, { id: 'p2', agencyId: 'A' }, { id: 'q1', agencyId: 'B' }];

test('report scope: CoC-wide for the administrator and the matching team, the memberships otherwise; outside is refused', () => {
  assert.deepEqual(decideReportScope(actor('hmis_admin'), 'timeliness', projects, {}), { allowed: true, projectIds: ['p1', 'p2', 'q1'], wholeCoc: true });
  assert.deepEqual(decideReportScope(actor('ces_matcher'), 'timeliness', projects, { agencyIds: ['B'] }), { allowed: true, projectIds: ['q1'], wholeCoc: false });
  assert.deepEqual(decideReportScope(actor('case_manager', ['p1']), 'timeliness', projects, {}), { allowed: true, projectIds: ['p1'], wholeCoc: false });
  assert.equal((decideReportScope(actor('case_manager', ['p1']), 'timeliness', projects, { projectIds: ['q1'] }) as { status: number }).status, 403);
  assert.equal((decideReportScope(actor('case_manager', ['p1']), 'timeliness', projects, { agencyIds: ['B'] }) as { status: number }).status, 403);
  assert.equal((decideReportScope(actor('case_manager', ['p1']), 'timeliness', projects, { projectIds: ['nope'] }) as { status: number }).status, 422);
  assert.equal(decideReportScope(actor('case_manager', ['p1']), 'access-audit', projects, {}).allowed, false);
  assert.equal(decideReportScope(actor('hmis_admin'), 'access-audit', projects, {}).allowed, true);
});

// The CE APR's choices where HUD's sources differ (docs/reports.md), each pinned on a small case.
const base = (): CeAprFacts => ({
  reportStart: '2025-10-01',
  reportEnd: '2026-09-30',
  softwareName: 'Hearth',
  projects: [{ id: 'PCE', name: 'CE', organizationId: 'O', organizationName: 'Org', projectType: 14, rrhSubtype: null, victimServiceProvider: false, cocCodes: ['XX-501'], geocodes: ['1'], accessPointAtEnd: true }],
  assessments: [{ id: 'AS1', enrollmentId: 'E1', clientId: 'C1', householdId: 'H1', projectId: 'PCE', date: '2026-06-10', type: 3, level: 1, prioritization: 2, createdAt: '2026-06-10T12:00:00Z' }],
  events: [],
  enrollments: [{ id: 'E1', clientId: 'C1', householdId: 'H1', projectId: 'PCE', projectType: 14, relationshipToHoH: 1, entryDate: '2026-06-01', exitDate: null, dateOfEngagement: null }],
  clients: new Map([['C1', { id: 'C1', firstName: 'A', lastName: 'B', nameDataQuality: 1, ssn: '301224567', ssnDataQuality: 1, dob: '1965-08-08', dobDataQuality: 1, race: ['Asian'], raceNone: null, veteranStatus: 0, createdOn: '2025-01-02' }]]),
});
const ev = (id: string, date: string, event: number, extra: Partial<CeAprEvent> = {}): CeAprEvent => ({ id, enrollmentId: 'E1', clientId: 'C1', projectId: 'PCE', date, event, probSolDivRRResult: null, referralCaseManageAfter: null, referralResult: null, createdAt: `${date}T12:00:00Z`, ...extra });
const post = (id: string, date: string): CeAprAssessment => ({ id, enrollmentId: 'E1', clientId: 'C1', householdId: 'H1', projectId: 'PCE', date, type: 3, level: 2, prioritization: 1, createdAt: `${date}T12:00:00Z` });
const cellOf = (tables: ReportTable[], id: string, key: string, col = 1) => tables.find((t) => t.id === id)!.rows.find((r) => r.key === key)!.cells[col];

test('CE APR: one representative event per head across Q9c and Q9d (the latest wins)', () => {
  const f = { ...base(), events: [ev('EV1', '2026-07-01', 3), ev('EV2', '2026-07-10', 14)] };
  const tables = ceAprTables(f, new DrillCollector());
  assert.equal(cellOf(tables, 'Q9c', 'total'), 0);
  assert.equal(cellOf(tables, 'Q9d', 'psh'), 1);
  assert.equal(cellOf(tables, 'Q9d', 'noResult'), 1);
});

test('CE APR: the cut-off is the latest assessment within 90 days after the period', () => {
  // Events 10-05 (between two post-period assessments 10-01 and 10-20) and 09-20.
  const f = { ...base(), assessments: [...base().assessments, post('AS2', '2026-10-01'), post('AS3', '2026-10-20')], events: [ev('EV9', '2026-09-20', 3), ev('EV8', '2026-10-05', 10, { referralResult: 1 })] };
  const head = ceAprUniverse(f)[0]!;
  assert.equal(representativeEvent(f, head)!.id, 'EV8');
  const earlierOnly = { ...f, assessments: f.assessments.filter((a) => a.id !== 'AS3') };
  assert.equal(representativeEvent(earlierOnly, ceAprUniverse(earlierOnly)[0]!)!.id, 'EV9');
});

test('CE APR: events of the latest assessment’s project are preferred; ties go to the later DateCreated', () => {
  const f = { ...base(), events: [ev('EVA', '2026-07-01', 7), ev('EVB', '2026-08-01', 6, { projectId: 'OTHER' })] };
  assert.equal(representativeEvent(f, ceAprUniverse(f)[0]!)!.id, 'EVA');
  const tie = { ...base(), events: [ev('EVX', '2026-07-01', 7, { createdAt: '2026-07-01T09:00:00Z' }), ev('EVY', '2026-07-01', 6, { createdAt: '2026-07-01T10:00:00Z' })] };
  assert.equal(representativeEvent(tie, ceAprUniverse(tie)[0]!)!.id, 'EVY');
});

test('CE APR: a Problem Solving event without a result is not "No result recorded" (residential referrals only)', () => {
  const f = { ...base(), events: [ev('EV5', '2026-07-01', 2)] };
  const tables = ceAprTables(f, new DrillCollector());
  assert.equal(cellOf(tables, 'Q9c', 'problemSolving'), 1);
  assert.equal(cellOf(tables, 'Q9c', 'housedSafely'), 0);
  assert.equal(cellOf(tables, 'Q9d', 'noResult'), 0);
});

test('CE APR: ages are the Glossary’s (later of report start and entry), not the assessment date', () => {
  const f = base();
  f.clients.get('C1')!.dob = '2008-06-05'; // 17 on entry 2026-06-01, 18 on the assessment 2026-06-10
  const tables = ceAprTables(f, new DrillCollector());
  assert.equal(cellOf(tables, 'Q5a', 'children', 2), 1);
  assert.equal(cellOf(tables, 'Q8a', 'households', 4), 1); // With Only Children
});

test('CE APR: a member who joined after the latest assessment is not in the universe', () => {
  const b = base();
  const f: CeAprFacts = {
    ...b,
    enrollments: [...b.enrollments, { id: 'E2', clientId: 'C2', householdId: 'H1', projectId: 'PCE', projectType: 14, relationshipToHoH: 3, entryDate: '2026-06-11', exitDate: null, dateOfEngagement: null }],
    clients: new Map([...b.clients, ['C2', { ...b.clients.get('C1')!, id: 'C2' }]]),
  };
  assert.deepEqual(ceAprUniverse(f).map((p) => p.client.id), ['C1']);
});
