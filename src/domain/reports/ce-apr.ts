/**
 * HUD's Coordinated Entry APR, FY2026 (issue 20 point 4): the tables Q4a, Q5a, Q6a, Q7a, Q8a, Q9a–Q9d and
 * Q10 from the report's facts, as HUD's HMIS Programming Specifications (CE APR) define them — rebuilt
 * from HUD's Data Lab reference code (HUD-Data-Lab/DataLab CE_APR.R), Open Path's FY2026 generator and
 * the FY2026 HMIS Reporting Glossary (notes: docs/reports.md). Pure: the query (usecases) has already
 * kept only the records of projects taking part in CE (2.09) on the record's date, in the report's CoC
 * and the caller's scope.
 *
 * The universe (Q4–Q9): per household, its latest assessment dated in the period; the members whose
 * stay covers that date; a person in several such households counts once, in the household with the
 * latest assessment. Q10 counts every assessment and event of the period, of anyone.
 *
 * Where HUD's sources leave a choice (docs/reports.md "CE APR decisions", each pinned by a test):
 * 2.09 participation is AccessPoint or ReceivesReferrals; one representative event per head of household
 * across Q9c and Q9d; the post-period cut-off is the latest assessment after the period (within 90 days);
 * Q4a counts universe members only; Q9d "No result recorded" is residential referrals only; ties go to
 * the later DateCreated, then the larger ID; ages are the Glossary's (later of report start and entry).
 */
import { addDays } from '../calendar/dates.ts';
import { hudAge, householdType, isYouth, laterDate, unknownAgeReason, HOUSEHOLD_TYPE_COLUMNS, type HouseholdType } from './hud-people.ts';
import { piiTableRows, type PiiFacts } from './hud-pii.ts';
import { row, share, type DrillCollector, type DrillItem, type ReportColumn, type ReportRow, type ReportTable } from './table.ts';

export interface CeAprProject {
  id: string;
  name: string;
  organizationId: string;
  organizationName: string;
  projectType: number;
  rrhSubtype: number | null;
  victimServiceProvider: boolean;
  cocCodes: string[];
  geocodes: string[];
  /** 2.09 AccessPoint in effect on the report end (or the operating end, when earlier). */
  accessPointAtEnd: boolean;
}

export interface CeAprAssessment {
  id: string;
  enrollmentId: string;
  clientId: string;
  householdId: string;
  projectId: string;
  date: string;
  type: number;
  level: number;
  prioritization: number;
  createdAt: string;
}

export interface CeAprEvent {
  id: string;
  enrollmentId: string;
  clientId: string;
  projectId: string;
  date: string;
  event: number;
  probSolDivRRResult: number | null;
  referralCaseManageAfter: number | null;
  referralResult: number | null;
  createdAt: string;
}

export interface CeAprEnrollment {
  id: string;
  clientId: string;
  householdId: string;
  projectId: string;
  projectType: number;
  relationshipToHoH: number;
  entryDate: string;
  exitDate: string | null;
  dateOfEngagement: string | null;
}

export interface CeAprClient extends Omit<PiiFacts, 'entryDate' | 'adultOrHead'> {
  id: string;
  veteranStatus: number | null;
}

export interface CeAprFacts {
  reportStart: string;
  reportEnd: string;
  softwareName: string;
  projects: readonly CeAprProject[];
  /** Relevant assessments dated from the report start to 90 days after its end. */
  assessments: readonly CeAprAssessment[];
  /** Relevant events dated from the report start to 90 days after its end. */
  events: readonly CeAprEvent[];
  /** The enrollments of the households of the in-period assessments. */
  enrollments: readonly CeAprEnrollment[];
  clients: ReadonlyMap<string, CeAprClient>;
}

/** A person of the universe. */
export interface CeAprPerson {
  client: CeAprClient;
  enrollment: CeAprEnrollment;
  latest: CeAprAssessment;
  age: number | null;
  householdType: HouseholdType;
  youth: boolean;
  head: boolean;
  countedForDq: boolean;
}

const later = <T extends { date: string; createdAt: string; id: string }>(a: T, b: T): T =>
  a.date !== b.date ? (a.date > b.date ? a : b) : a.createdAt !== b.createdAt ? (a.createdAt > b.createdAt ? a : b) : a.id > b.id ? a : b;

const latestOf = <T extends { date: string; createdAt: string; id: string }>(xs: readonly T[]): T | undefined => xs.reduce<T | undefined>((m, x) => (m ? later(m, x) : x), undefined);

/** The universe of Q4a–Q9d (one entry per person). */
export function ceAprUniverse(f: CeAprFacts): CeAprPerson[] {
  const inPeriod = f.assessments.filter((a) => a.date >= f.reportStart && a.date <= f.reportEnd);
  const latestByHousehold = new Map<string, CeAprAssessment>();
  for (const a of inPeriod) {
    const kept = latestByHousehold.get(a.householdId);
    latestByHousehold.set(a.householdId, kept ? later(kept, a) : a);
  }
  const enrollmentsByHousehold = new Map<string, CeAprEnrollment[]>();
  for (const e of f.enrollments) pushTo(enrollmentsByHousehold, e.householdId, e);

  // Members active on their household's latest assessment date; ages on the later of report start and entry.
  const membersOf = new Map<string, { enrollment: CeAprEnrollment; age: number | null }[]>();
  for (const [hh, latest] of latestByHousehold) {
    const members = (enrollmentsByHousehold.get(hh) ?? [])
      .filter((e) => e.entryDate <= latest.date && (e.exitDate === null || latest.date <= e.exitDate) && f.clients.has(e.clientId))
      .map((e) => ({ enrollment: e, age: hudAge(f.clients.get(e.clientId)!, laterDate(f.reportStart, e.entryDate)) }));
    membersOf.set(hh, members);
  }
  // A person in several households: the one with the latest assessment.
  const chosen = new Map<string, { enrollment: CeAprEnrollment; age: number | null; latest: CeAprAssessment }>();
  for (const [hh, members] of membersOf) {
    const latest = latestByHousehold.get(hh)!;
    for (const m of members) {
      const kept = chosen.get(m.enrollment.clientId);
      if (!kept || later(kept.latest, latest) === latest) chosen.set(m.enrollment.clientId, { ...m, latest });
    }
  }
  const people: CeAprPerson[] = [];
  for (const [clientId, c] of chosen) {
    const ages = (membersOf.get(c.enrollment.householdId) ?? []).map((m) => m.age);
    const e = c.enrollment;
    // Street Outreach stays count for data quality only once engaged before the report end.
    const countedForDq = e.projectType !== 4 || (e.dateOfEngagement !== null && e.dateOfEngagement < f.reportEnd);
    people.push({
      client: f.clients.get(clientId)!,
      enrollment: e,
      latest: c.latest,
      age: c.age,
      householdType: householdType(ages),
      youth: isYouth(c.age, ages),
      head: e.relationshipToHoH === 1,
      countedForDq,
    });
  }
  return people.sort((a, b) => (a.client.id < b.client.id ? -1 : 1));
}

function pushTo<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const xs = m.get(k);
  if (xs) xs.push(v);
  else m.set(k, [v]);
}

/** Assessments and events by client, made once per set of facts (every head looks up their own). */
const byClientOf = new WeakMap<CeAprFacts, { assessments: Map<string, CeAprAssessment[]>; events: Map<string, CeAprEvent[]> }>();
function byClient(f: CeAprFacts) {
  let index = byClientOf.get(f);
  if (!index) {
    index = { assessments: new Map(), events: new Map() };
    for (const a of f.assessments) pushTo(index.assessments, a.clientId, a);
    for (const e of f.events) pushTo(index.events, e.clientId, e);
    byClientOf.set(f, index);
  }
  return index;
}

/** The event that represents a head of household in Q9c/Q9d (null: none). */
export function representativeEvent(f: CeAprFacts, head: CeAprPerson): CeAprEvent | null {
  const lookahead = addDays(f.reportEnd, 90);
  const index = byClient(f);
  const cutoff = latestOf((index.assessments.get(head.client.id) ?? []).filter((a) => a.date > f.reportEnd && a.date <= lookahead))?.date ?? null;
  const candidates = (index.events.get(head.client.id) ?? []).filter((e) => e.date >= head.latest.date && e.date <= lookahead && (cutoff === null || e.date < cutoff));
  const sameProject = candidates.filter((e) => e.projectId === head.latest.projectId);
  return latestOf(sameProject.length > 0 ? sameProject : candidates) ?? null;
}

const RESIDENTIAL = [10, 11, 12, 13, 14, 15, 17, 18];

const HH_COLUMNS: ReportColumn[] = [
  { key: 'label', label: ' ', kind: 'label' },
  { key: 'total', label: 'Total', kind: 'count' },
  ...HOUSEHOLD_TYPE_COLUMNS.map((c) => ({ key: c.key, label: c.label, kind: 'count' as const })),
];

export function ceAprTables(f: CeAprFacts, drill: DrillCollector, people: readonly CeAprPerson[] = ceAprUniverse(f)): ReportTable[] {
  const personItem = (p: CeAprPerson): DrillItem => ({
    kind: 'client',
    id: p.client.id,
    clientId: p.client.id,
    info: { household: p.enrollment.householdId, relationshipToHoH: p.enrollment.relationshipToHoH, age: p.age, latestAssessment: p.latest.date, projectId: p.enrollment.projectId },
  });
  const cell = (xs: readonly CeAprPerson[]) => drill.cell(xs.map(personItem));
  /** Total and the four household-type cells; `grayed` columns blank. */
  const byType = (xs: readonly CeAprPerson[], grayed: HouseholdType[] = []) => [cell(xs), ...HOUSEHOLD_TYPE_COLUMNS.map((c) => (grayed.includes(c.key) ? null : cell(xs.filter((p) => p.householdType === c.key))))];
  /** Per-column shares numerator ÷ denominator. */
  const shareByType = (num: readonly CeAprPerson[], den: readonly CeAprPerson[]) => [
    share(num.length, den.length),
    ...HOUSEHOLD_TYPE_COLUMNS.map((c) => share(num.filter((p) => p.householdType === c.key).length, den.filter((p) => p.householdType === c.key).length)),
  ];
  const blankRow = (key: string, label: string) => row(key, label, [null, null, null, null, null]);
  const heads = people.filter((p) => p.head);
  const dq = people.filter((p) => p.countedForDq);
  const adults = people.filter((p) => p.age !== null && p.age >= 18);
  const children = people.filter((p) => p.age !== null && p.age < 18);
  const unknownAge = people.filter((p) => p.age === null);

  // Q4a
  const lookahead = addDays(f.reportEnd, 90);
  const active = new Set([...f.assessments.filter((a) => a.date <= f.reportEnd).map((a) => a.projectId), ...f.events.filter((e) => e.date <= lookahead).map((e) => e.projectId)]);
  const q4a: ReportTable = {
    id: 'Q4a',
    title: 'Project Identifiers in HMIS',
    columns: [
      ['organizationName', 'Organization Name', 'text'],
      ['organizationId', 'Organization ID', 'text'],
      ['projectName', 'Project Name', 'text'],
      ['projectId', 'Project ID', 'text'],
      ['projectType', 'HMIS Project Type', 'number'],
      ['rrhSubtype', 'RRH Subtype', 'number'],
      ['accessPoint', 'Coordinated Entry Access Point', 'number'],
      ['affiliated', 'Affiliated with a residential project', 'number'],
      ['affiliations', 'Project IDs of affiliations', 'text'],
      ['coc', 'CoC Number', 'text'],
      ['geocode', 'Geocode', 'text'],
      ['vsp', 'Victim Service Provider', 'number'],
      ['software', 'HMIS Software Name and Version Number', 'text'],
      ['start', 'Report Start Date', 'date'],
      ['end', 'Report End Date', 'date'],
      ['clients', 'Total Active Clients', 'count'],
      ['households', 'Total Active Households', 'count'],
    ].map(([key, label, kind]) => ({ key: key!, label: label!, kind: kind as ReportColumn['kind'] })),
    rows: f.projects
      .filter((p) => active.has(p.id))
      .map((p) => {
        const inProject = people.filter((x) => x.enrollment.projectId === p.id);
        const r = row(p.id, p.organizationName, [
          p.organizationId,
          p.name,
          p.id,
          p.projectType,
          p.projectType === 13 ? p.rrhSubtype : null,
          p.accessPointAtEnd ? 1 : 0,
          0,
          null,
          p.cocCodes.join(','),
          p.geocodes.join(','),
          p.victimServiceProvider ? 1 : 0,
          f.softwareName,
          f.reportStart,
          f.reportEnd,
          cell(inProject),
          cell(inProject.filter((x) => x.head)),
        ]);
        return r;
      }),
  };
  q4a.columns[0]!.kind = 'label';

  // Q5a
  const q5aRow = (key: string, label: string, pick: ((p: CeAprPerson) => boolean) | null): ReportRow =>
    pick === null ? row(key, label, [null, null]) : row(key, label, [cell(dq.filter(pick)), cell(people.filter(pick))]);
  const q5a: ReportTable = {
    id: 'Q5a',
    title: 'Report Validations Table',
    columns: [
      { key: 'label', label: 'Category', kind: 'label' },
      { key: 'dq', label: 'Count of Clients for DQ', kind: 'count' },
      { key: 'all', label: 'Count of Clients', kind: 'count' },
    ],
    rows: [
      q5aRow('persons', 'Total number of persons served', () => true),
      q5aRow('adults', 'Number of adults (age 18 or over)', (p) => p.age !== null && p.age >= 18),
      q5aRow('children', 'Number of children (under age 18)', (p) => p.age !== null && p.age < 18),
      q5aRow('unknownAge', 'Number of persons with unknown age', (p) => p.age === null),
      q5aRow('leavers', 'Number of leavers', null),
      q5aRow('adultLeavers', 'Number of adult leavers', null),
      q5aRow('adultHeadLeavers', 'Number of adult and head of household leavers', null),
      q5aRow('stayers', 'Number of stayers', null),
      q5aRow('adultStayers', 'Number of adult stayers', null),
      q5aRow('veterans', 'Number of veterans', (p) => p.age !== null && p.age >= 18 && p.client.veteranStatus === 1),
      q5aRow('chronic', 'Number of chronically homeless persons', null),
      q5aRow('youth', 'Number of youth under age 25', (p) => p.youth),
      q5aRow('parentingYouth', 'Number of parenting youth under age 25 with children', null),
      q5aRow('adultHeads', 'Number of adult heads of household', (p) => p.head && p.age !== null && p.age >= 18),
      q5aRow('childUnknownHeads', 'Number of child and unknown-age heads of household', (p) => p.head && (p.age === null || p.age < 18)),
      q5aRow('longStayers', 'Heads of households and adult stayers in the project 365 days or more', null),
    ],
  };

  // Q6a (universe: counted for DQ)
  const piiPeople = dq.map((p) => ({ ...p.client, entryDate: p.enrollment.entryDate, adultOrHead: p.head || (p.age !== null && p.age >= 18), person: p }));
  const pii = piiTableRows(piiPeople, (xs) => cell(xs.map((x) => x.person)), (n) => share(n, dq.length));
  const q6a: ReportTable = {
    id: 'Q6a',
    title: 'Data Quality: Personally Identifiable Information',
    columns: [
      { key: 'label', label: 'Data Element', kind: 'label' },
      { key: 'dkpnta', label: "Client Doesn't Know/Prefers Not to Answer", kind: 'count' },
      { key: 'missing', label: 'Information Missing', kind: 'count' },
      { key: 'issues', label: 'Data Issues', kind: 'count' },
      { key: 'total', label: 'Total', kind: 'count' },
      { key: 'rate', label: '% of Issue Rate', kind: 'percent' },
    ],
    rows: [...pii.rows.map((r) => row(r.key, r.label, [r.dkpnta, r.missing, r.issue, r.total, r.rate])), row('overall', 'Overall Score', [null, null, null, pii.overall.total, pii.overall.rate])],
  };

  // Q7a
  const q7a: ReportTable = {
    id: 'Q7a',
    title: 'Number of Persons Served',
    columns: HH_COLUMNS,
    rows: [
      row('adults', 'Adults', byType(adults, ['withOnlyChildren'])),
      row('children', 'Children', byType(children, ['withoutChildren'])),
      row('dkpnta', "Client Doesn't Know/Prefers Not to Answer", byType(unknownAge.filter((p) => unknownAgeReason(p.client) === 'dkpnta'))),
      row('notCollected', 'Data Not Collected', byType(unknownAge.filter((p) => unknownAgeReason(p.client) === 'notCollected'))),
      row('total', 'Total', byType(people)),
      blankRow('movedIn', 'For PSH & RRH – the total persons served who moved into housing'),
    ],
  };

  // Q8a
  const q8a: ReportTable = {
    id: 'Q8a',
    title: 'Number of Households Served',
    columns: HH_COLUMNS,
    rows: [row('households', 'Total Households', byType(heads)), blankRow('movedIn', 'For PSH & RRH – the total households served who moved into housing')],
  };

  // Q9a, Q9b
  const withType = (t: number) => heads.filter((p) => p.latest.type === t);
  const q9a: ReportTable = {
    id: 'Q9a',
    title: 'Assessment Type - Households Assessed in the Date Range',
    columns: HH_COLUMNS,
    rows: [
      row('phone', 'Phone', byType(withType(1))),
      row('virtual', 'Virtual', byType(withType(2))),
      row('inPerson', 'In-person', byType(withType(3))),
      row('total', 'Total Households Assessed', byType(heads.filter((p) => [1, 2, 3].includes(p.latest.type)))),
    ],
  };
  const placed = heads.filter((p) => p.latest.prioritization === 1);
  const notPlaced = heads.filter((p) => p.latest.prioritization === 2);
  const q9b: ReportTable = {
    id: 'Q9b',
    title: 'Prioritization Status - Households Prioritized in the Date Range',
    columns: HH_COLUMNS,
    rows: [
      row('placed', 'Placed on Prioritization List (Prioritized)', byType(placed)),
      row('notPlaced', 'Not Placed on Prioritization List', byType(notPlaced)),
      row('percent', 'Percent of Assessed Prioritized', shareByType(placed, [...placed, ...notPlaced]), 'percent'),
    ],
  };

  // Q9c, Q9d: one representative event per head of household.
  const rep = new Map(heads.map((h) => [h.client.id, representativeEvent(f, h)] as const));
  const withEvent = (pred: (e: CeAprEvent) => boolean) => heads.filter((h) => {
    const e = rep.get(h.client.id);
    return e !== null && e !== undefined && pred(e);
  });
  const code = (n: number) => (e: CeAprEvent) => e.event === n;
  const access = withEvent((e) => e.event >= 1 && e.event <= 4);
  const problemSolving = withEvent(code(2));
  const housedSafely = withEvent((e) => e.event === 2 && e.probSolDivRRResult === 1);
  const q9c: ReportTable = {
    id: 'Q9c',
    title: 'Access Events - Households with an Access Event',
    columns: HH_COLUMNS,
    rows: [
      row('prevention', 'Referral to Prevention Assistance project', byType(withEvent(code(1)))),
      row('problemSolving', 'Problem Solving/Diversion/Rapid Resolution intervention or service', byType(problemSolving)),
      row('crisisAssessment', 'Referral to scheduled Coordinated Entry Crisis Needs Assessment', byType(withEvent(code(3)))),
      row('housingAssessment', 'Referral to scheduled Coordinated Entry Housing Needs Assessment', byType(withEvent(code(4)))),
      row('total', 'Total', byType(access)),
      row('housedSafely', 'Result: Client housed/Re-Housed in a safe alternative', byType(housedSafely)),
      row('percent', 'Percent of successful referrals to Problem Solving/Diversion/Rapid Resolution', shareByType(housedSafely, problemSolving), 'percent'),
    ],
  };
  const referred = withEvent((e) => e.event >= 5 && e.event <= 18);
  const referredSet = new Set(referred);
  const residential = withEvent((e) => RESIDENTIAL.includes(e.event));
  const accepted = withEvent((e) => RESIDENTIAL.includes(e.event) && e.referralResult === 1);
  const d = (key: string, label: string, n: number) => row(key, label, byType(withEvent(code(n))));
  const q9d: ReportTable = {
    id: 'Q9d',
    title: 'Referral Events - Households Who Were Referred',
    columns: HH_COLUMNS,
    rows: [
      d('postPlacement', 'Post-placement/follow-up case management', 5),
      d('streetOutreach', 'Street Outreach project or services', 6),
      d('navigation', 'Housing Navigation project or services', 7),
      d('ineligible', 'Non-continuum services: Ineligible for continuum services', 8),
      d('noAvailability', 'Non continuum services: No availability in continuum services', 9),
      d('es', 'Emergency Shelter bed opening', 10),
      d('th', 'Transitional Housing bed/unit opening', 11),
      d('thRrh', 'Joint TH-RRH project/unit/resource opening', 12),
      d('rrh', 'RRH project resource opening', 13),
      d('psh', 'PSH project resource opening', 14),
      d('otherPh', 'Other PH project', 15),
      d('flexFund', 'Referral to emergency assistance/flex fund/furniture assistance', 16),
      d('ehv', 'Referral to Emergency Housing Voucher (EHV)', 17),
      d('hsv', 'Referral to a Housing Stability Voucher', 18),
      row('total', 'Total', byType(referred)),
      row('prioritizedReferred', 'Of the total HH prioritized (Q9b row 1) what percentage received a referral', shareByType(placed.filter((p) => referredSet.has(p)), placed), 'percent'),
      row('accepted', 'Result: successful referral: client accepted', byType(accepted)),
      row('clientRejected', 'Result: Unsuccessful referral: client rejected', byType(withEvent((e) => RESIDENTIAL.includes(e.event) && e.referralResult === 2))),
      row('providerRejected', 'Result: Unsuccessful referral: provider rejected', byType(withEvent((e) => RESIDENTIAL.includes(e.event) && e.referralResult === 3))),
      row('noResult', 'No result recorded', byType(withEvent((e) => RESIDENTIAL.includes(e.event) && e.referralResult === null))),
      row('aftercare', 'Result: Enrolled in Aftercare project', byType(withEvent((e) => e.event === 5 && e.referralCaseManageAfter === 1))),
      row('percent', 'Percent of successful referrals to residential projects', shareByType(accepted, residential), 'percent'),
    ],
  };

  // Q10: occurrences in the period, of anyone.
  const assessmentsInPeriod = f.assessments.filter((a) => a.date >= f.reportStart && a.date <= f.reportEnd);
  const eventsInPeriod = f.events.filter((e) => e.date >= f.reportStart && e.date <= f.reportEnd);
  const aItem = (a: CeAprAssessment): DrillItem => ({ kind: 'assessment', id: a.id, clientId: a.clientId, info: { date: a.date, level: a.level, projectId: a.projectId } });
  const eItem = (e: CeAprEvent): DrillItem => ({ kind: 'event', id: e.id, clientId: e.clientId, info: { date: e.date, event: e.event, projectId: e.projectId, referralResult: e.referralResult } });
  const events = (pred: (e: CeAprEvent) => boolean) => drill.cell(eventsInPeriod.filter(pred).map(eItem));
  const q10Row = (key: string, label: string, n: number) => {
    const of = (pred: (e: CeAprEvent) => boolean) => events((e) => e.event === n && pred(e));
    const resultCells = RESIDENTIAL.includes(n) ? [of((e) => e.referralResult === 1), of((e) => e.referralResult === 2), of((e) => e.referralResult === 3)] : [null, null, null];
    return row(key, label, [of(() => true), ...resultCells, n === 2 ? of((e) => e.probSolDivRRResult === 1) : null, n === 5 ? of((e) => e.referralCaseManageAfter === 1) : null]);
  };
  const q10: ReportTable = {
    id: 'Q10',
    title: 'Total Coordinated Entry Activity During the Year',
    columns: [
      { key: 'label', label: 'Assessment/Event', kind: 'label' },
      { key: 'total', label: 'Total Occurrences', kind: 'count' },
      { key: 'accepted', label: 'Successful Referral', kind: 'count' },
      { key: 'clientRejected', label: 'Unsuccessful Referral: client rejected', kind: 'count' },
      { key: 'providerRejected', label: 'Unsuccessful Referral: provider rejected', kind: 'count' },
      { key: 'housedSafely', label: 'Re-housed in safe alternative', kind: 'count' },
      { key: 'aftercare', label: 'Enrolled in aftercare', kind: 'count' },
    ],
    rows: [
      row('crisis', 'Crisis Needs Assessment', [drill.cell(assessmentsInPeriod.filter((a) => a.level === 1).map(aItem)), null, null, null, null, null]),
      row('housing', 'Housing Needs Assessment', [drill.cell(assessmentsInPeriod.filter((a) => a.level === 2).map(aItem)), null, null, null, null, null]),
      q10Row('prevention', 'Referral to Prevention Assistance project', 1),
      q10Row('problemSolving', 'Problem Solving/Diversion/Rapid Resolution intervention or service', 2),
      q10Row('crisisReferral', 'Referral to scheduled Coordinated Entry Crisis Needs Assessment', 3),
      q10Row('housingReferral', 'Referral to scheduled Coordinated Entry Housing Needs Assessment', 4),
      q10Row('postPlacement', 'Referral to post-placement/follow-up case management', 5),
      q10Row('streetOutreach', 'Referral to Street Outreach project or services', 6),
      q10Row('navigation', 'Referral to Housing Navigation project or services', 7),
      q10Row('ineligible', 'Referral to Non-continuum services: Ineligible for continuum services', 8),
      q10Row('noAvailability', 'Referral to Non continuum services: No availability in continuum services', 9),
      q10Row('es', 'Referral to Emergency Shelter bed opening', 10),
      q10Row('th', 'Referral to Transitional Housing bed/unit opening', 11),
      q10Row('thRrh', 'Referral to Joint TH-RRH project/unit/resource opening', 12),
      q10Row('rrh', 'Referral to RRH project resource opening', 13),
      q10Row('psh', 'Referral to PSH project resource opening', 14),
      q10Row('otherPh', 'Referral to Other PH project/unit/resource opening', 15),
      q10Row('flexFund', 'Referral to emergency assistance/flex fund/furniture assistance', 16),
      q10Row('ehv', 'Referral to Emergency Housing Voucher (EHV)', 17),
      q10Row('hsv', 'Referral to a Housing Stability Voucher', 18),
    ],
    chart: { type: 'bar', title: 'CE activity in the period', x: 'label', series: ['total'], unit: 'count' },
  };
  q9b.chart = { type: 'bar', title: 'Households prioritized by household type', x: 'label', series: HOUSEHOLD_TYPE_COLUMNS.map((c) => c.key), excludeRows: ['percent'], unit: 'count' };
  return [q4a, q5a, q6a, q7a, q8a, q9a, q9b, q9c, q9d, q10];
}
