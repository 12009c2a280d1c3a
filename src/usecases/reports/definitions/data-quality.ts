/**
 * HUD data quality (issue 20 point 5): the HMIS Data Quality Report's tables (FY2026 Glossary Q1–Q7, the
 * APR/CAPER's Q5a and Q6a–Q6f) over the covered projects, and an overview per project; every counted
 * cell opens the enrollments to fix. The universe is each client's latest stay active in the period
 * (start ≤ period end, exit none or ≥ period start) in the covered projects. The element rules are the
 * shared ones: missing / client doesn't know or prefers not to answer (src/domain/enrollment/common.ts),
 * disabling conditions (src/domain/enrollment/data-quality.ts), personal identifiers
 * (src/domain/reports/hud-pii.ts).
 */
import { sql } from 'kysely';
import { addDays, daysBetween } from '../../../domain/calendar/dates.ts';
import { isDontKnowOrRefused, isMissing } from '../../../domain/enrollment/common.ts';
import { isDisablingRecord, type DisabilityRecord } from '../../../domain/enrollment/data-quality.ts';
import { hudAge, isYouth, laterDate } from '../../../domain/reports/hud-people.ts';
import { piiTableRows, PII_ELEMENTS, type PiiFacts } from '../../../domain/reports/hud-pii.ts';
import { row, share, type DrillItem, type ReportColumn, type ReportTable } from '../../../domain/reports/table.ts';
import type { ReportDefinitionImpl, ReportInput } from '../definition.ts';

interface Stay {
  id: string;
  client_id: string;
  project_id: string;
  project_type: number;
  household_id: string;
  relationship_to_hoh: number | null;
  entry_date: string;
  exit_date: string | null;
  destination: number | null;
  enrollment_coc: string | null;
  disabling_condition: number | null;
  living_situation: number | null;
  length_of_stay: number | null;
  previous_street_essh: number | null;
  date_to_street_essh: string | null;
  times_homeless: number | null;
  months_homeless: number | null;
  created_on: string;
  exit_recorded_on: string | null;
  first_name: string | null;
  last_name: string | null;
  name_data_quality: number;
  ssn: string | null;
  ssn_data_quality: number;
  dob: string | null;
  dob_data_quality: number;
  race: string[];
  race_none: number | null;
  veteran_status: number | null;
  client_created_on: string;
  heads_in_household: number;
  household_ages: { dob: string | null; dq: number | null; entry: string }[];
  project_cocs: string[];
  overlapping: boolean;
  income_start: { any: number | null; sources: Record<string, number> } | null;
  income_exit: { any: number | null; sources: Record<string, number> } | null;
  disabilities: DisabilityRecord[] | null;
  last_contact: string | null;
  last_bed_night: string | null;
  path_funded: boolean;
}

/** The main query: the latest stay per client; the scope in one place (covered projects, visible clients). */
export function dataQualityQuery(input: ReportInput) {
  const { scope, params } = input;
  return sql<Stay>`
    with stays as (
      select distinct on (e.client_id) e.*, p.project_type
      from enrollments e join projects p on p.id = e.project_id join clients c on c.id = e.client_id
      where e.project_id = any(${[...scope.projectIds]}::text[]) and ${scope.clientVisible}
        and e.entry_date <= ${params.endDate}::date and (e.exit_date is null or e.exit_date >= ${params.startDate}::date)
      order by e.client_id, e.entry_date desc, e.id desc)
    select s.id, s.client_id, s.project_id, s.project_type, s.household_id, s.relationship_to_hoh, s.entry_date, s.exit_date, s.destination,
      s.enrollment_coc, s.disabling_condition, s.living_situation, s.length_of_stay, s.previous_street_essh, s.date_to_street_essh,
      s.times_homeless_past_three_years as times_homeless, s.months_homeless_past_three_years as months_homeless,
      (s.created_at at time zone 'UTC')::date::text as created_on, (s.exited_at at time zone 'UTC')::date::text as exit_recorded_on,
      c.first_name, c.last_name, c.name_data_quality, c.ssn, c.ssn_data_quality, c.dob, c.dob_data_quality, c.race, c.race_none, c.veteran_status,
      (c.created_at at time zone 'UTC')::date::text as client_created_on,
      (select count(*)::int from enrollments h where h.household_id = s.household_id and h.relationship_to_hoh = 1) as heads_in_household,
      (select json_agg(json_build_object('dob', hc.dob, 'dq', hc.dob_data_quality, 'entry', h.entry_date)) from enrollments h join clients hc on hc.id = h.client_id where h.household_id = s.household_id) as household_ages,
      array(select pc.coc_code from project_cocs pc where pc.project_id = s.project_id) as project_cocs,
      exists (select 1 from enrollments o where o.client_id = s.client_id and o.project_id = s.project_id and o.id <> s.id
              and o.entry_date < s.entry_date and o.exit_date is not null and s.entry_date < o.exit_date) as overlapping,
      (select json_build_object('any', a.income_from_any_source, 'sources', a.income_sources) from enrollment_assessments a
        where a.enrollment_id = s.id and a.data_collection_stage = 1 and a.information_date = s.entry_date limit 1) as income_start,
      (select json_build_object('any', a.income_from_any_source, 'sources', a.income_sources) from enrollment_assessments a
        where a.enrollment_id = s.id and a.data_collection_stage = 3 and a.information_date = s.exit_date limit 1) as income_exit,
      (select a.disabilities from enrollment_assessments a where a.enrollment_id = s.id and a.data_collection_stage = 1 order by a.information_date desc limit 1) as disabilities,
      (select max(l.information_date) from current_living_situations l where l.enrollment_id = s.id and l.information_date <= ${params.endDate}::date)::text as last_contact,
      (select max(v.date_provided) from enrollment_services v where v.enrollment_id = s.id and v.record_type = 200 and v.date_provided <= ${params.endDate}::date)::text as last_bed_night,
      exists (select 1 from project_funders f where f.project_id = s.project_id and f.funder = 21) as path_funded
    from stays s join clients c on c.id = s.client_id`;
}

interface Person extends PiiFacts {
  id: string;
  stay: Stay;
  age: number | null;
  head: boolean;
  adult: boolean;
  leaver: boolean;
  stayer: boolean;
  countedForDq: boolean;
}

const COLUMNS: ReportColumn[] = [
  { key: 'label', label: 'Data Element', kind: 'label' },
  { key: 'dkpnta', label: "Client Doesn't Know/Prefers Not to Answer", kind: 'count' },
  { key: 'missing', label: 'Information Missing', kind: 'count' },
  { key: 'issues', label: 'Data Issues', kind: 'count' },
  { key: 'total', label: 'Total', kind: 'count' },
  { key: 'rate', label: '% of Issue Rate', kind: 'percent' },
];

const SOURCES = ['Earned', 'Unemployment', 'SSI', 'SSDI', 'VADisabilityService', 'VADisabilityNonService', 'PrivateDisability', 'WorkersComp', 'TANF', 'GA', 'SocSecRetirement', 'Pension', 'ChildSupport', 'Alimony', 'OtherIncomeSource'];
type Issue = 'dkpnta' | 'missing' | 'issue' | null;

function incomeIssue(rec: Stay['income_start']): Issue {
  if (!rec) return 'missing';
  if (isDontKnowOrRefused(rec.any)) return 'dkpnta';
  if (isMissing(rec.any)) return 'missing';
  const flagged = SOURCES.some((s) => (rec.sources?.[s] ?? 0) > 0);
  if ((rec.any === 0 && flagged) || (rec.any === 1 && !flagged)) return 'issue';
  return null;
}

export const dataQuality: ReportDefinitionImpl = {
  kind: 'data-quality',
  async compute(input) {
    const { params, drill, projects } = input;
    await input.progress(10, 'Reading enrollments');
    const stays = await input.read.transaction(async (tx) => (await dataQualityQuery(input).execute(tx)).rows);
    await input.progress(60, 'Checking the elements');
    const people: Person[] = stays.map((s) => {
      const age = hudAge({ dob: s.dob, dobDataQuality: s.dob_data_quality }, laterDate(params.startDate, s.entry_date));
      const head = s.relationship_to_hoh === 1;
      const adult = age !== null && age >= 18;
      // Street Outreach stays count for data quality once engaged before the end: Hearth records no engagement date, so never.
      const countedForDq = s.project_type !== 4 && !(s.project_type === 6 && s.path_funded);
      return {
        id: s.client_id, stay: s, age, head, adult,
        leaver: s.exit_date !== null && s.exit_date >= params.startDate && s.exit_date <= params.endDate,
        stayer: s.exit_date === null || s.exit_date > params.endDate,
        countedForDq,
        firstName: s.first_name, lastName: s.last_name, nameDataQuality: s.name_data_quality, ssn: s.ssn, ssnDataQuality: s.ssn_data_quality,
        dob: s.dob, dobDataQuality: s.dob_data_quality, race: s.race, raceNone: s.race_none, createdOn: s.client_created_on,
        entryDate: s.entry_date, adultOrHead: adult || head,
      };
    });
    const item = (p: Person): DrillItem => ({ kind: 'enrollment', id: p.stay.id, clientId: p.id, info: { project: projects.get(p.stay.project_id)?.name ?? p.stay.project_id, projectId: p.stay.project_id, entryDate: p.stay.entry_date, exitDate: p.stay.exit_date, enrollmentId: p.stay.id } });
    const cell = (xs: readonly Person[]) => drill.cell(xs.map(item));
    const dq = people.filter((p) => p.countedForDq);
    const n = dq.length;
    const pick = (xs: Person[], f: (p: Person) => boolean) => xs.filter(f);

    /** A row B→C→D: the first issue that holds counts. */
    const issueRow = (key: string, label: string, universe: Person[], check: (p: Person) => Issue, denominator: number, grayed: ('dkpnta' | 'missing' | 'issue')[] = []) => {
      const by = { dkpnta: [] as Person[], missing: [] as Person[], issue: [] as Person[] };
      for (const p of universe) {
        const r = check(p);
        if (r) by[r].push(p);
      }
      const total = [...by.dkpnta, ...by.missing, ...by.issue];
      return { row: row(key, label, [grayed.includes('dkpnta') ? null : cell(by.dkpnta), grayed.includes('missing') ? null : cell(by.missing), grayed.includes('issue') ? null : cell(by.issue), cell(total), share(total.length, denominator)]), flagged: total };
    };

    const householdAges = (p: Person) => (p.stay.household_ages ?? []).map((m) => hudAge({ dob: m.dob, dobDataQuality: m.dq }, laterDate(params.startDate, m.entry)));
    const q1Row = (key: string, label: string, f: (p: Person) => boolean) => row(key, label, [cell(pick(dq, f)), cell(pick(people, f))]);
    const headStayDays = (p: Person) => daysBetween(p.stay.entry_date, p.stay.exit_date && p.stay.exit_date <= params.endDate ? p.stay.exit_date : addDays(params.endDate, 1));
    const q1: ReportTable = {
      id: 'dq-q1',
      title: 'Report Validations Table',
      note: 'Chronically homeless persons (row 12) are not computed by this version of Hearth.',
      columns: [
        { key: 'label', label: 'Category', kind: 'label' },
        { key: 'dq', label: 'Count of Clients for DQ', kind: 'count' },
        { key: 'all', label: 'Count of Clients', kind: 'count' },
      ],
      rows: [
        q1Row('persons', 'Total number of persons served', () => true),
        q1Row('adults', 'Number of adults (age 18 or over)', (p) => p.adult),
        q1Row('children', 'Number of children (under age 18)', (p) => p.age !== null && p.age < 18),
        q1Row('unknownAge', 'Number of persons with unknown age', (p) => p.age === null),
        q1Row('leavers', 'Number of leavers', (p) => p.leaver),
        q1Row('adultLeavers', 'Number of adult leavers', (p) => p.leaver && p.adult),
        q1Row('adultHeadLeavers', 'Number of adult and head of household leavers', (p) => p.leaver && (p.adult || p.head)),
        q1Row('stayers', 'Number of stayers', (p) => p.stayer),
        q1Row('adultStayers', 'Number of adult stayers', (p) => p.stayer && p.adult),
        q1Row('veterans', 'Number of veterans', (p) => p.adult && p.stay.veteran_status === 1),
        row('chronic', 'Number of chronically homeless persons', [null, null]),
        q1Row('youth', 'Number of youth under age 25', (p) => isYouth(p.age, householdAges(p))),
        q1Row('parentingYouth', 'Number of parenting youth under age 25 with children', (p) => (p.head || p.adult) && isYouth(p.age, householdAges(p)) && householdAges(p).some((a) => a !== null && a < 18)),
        q1Row('adultHeads', 'Number of adult heads of household', (p) => p.adult && p.head),
        q1Row('childUnknownHeads', 'Number of child and unknown-age heads of household', (p) => p.head && !p.adult),
        q1Row('longStayers', 'Heads of households and adult stayers in the project 365 days or more', (p) => p.stayer && (p.head || p.adult) && headStayDays(p) >= 365),
      ],
    };

    const pii = piiTableRows(dq, cell, (k) => share(k, n));
    const q2: ReportTable = {
      id: 'dq-q2',
      title: 'Data Quality: Personally Identifiable Information',
      columns: COLUMNS,
      rows: [...pii.rows.map((r) => row(r.key, r.label, [r.dkpnta, r.missing, r.issue, r.total, r.rate])), row('overall', 'Overall Score', [null, null, null, pii.overall.total, pii.overall.rate])],
    };

    const knownAge = dq.filter((p) => p.age !== null);
    const heads = dq.filter((p) => p.head);
    const veteran = issueRow('veteran', 'Veteran Status (3.07)', dq, (p) => (p.adult && isDontKnowOrRefused(p.stay.veteran_status) ? 'dkpnta' : p.adult && isMissing(p.stay.veteran_status) ? 'missing' : p.stay.veteran_status === 1 && p.age !== null && p.age < 18 ? 'issue' : null), knownAge.length);
    const start = issueRow('startDate', 'Project Start Date (3.10)', dq, (p) => (p.stay.overlapping || (p.stay.exit_date !== null && p.stay.exit_date < p.stay.entry_date) ? 'issue' : null), n, ['dkpnta', 'missing']);
    const relationship = issueRow('relationship', 'Relationship to Head of Household (3.15)', dq, (p) => (p.stay.relationship_to_hoh === null || p.stay.relationship_to_hoh === 99 ? 'missing' : ![1, 2, 3, 4, 5].includes(p.stay.relationship_to_hoh) || p.stay.heads_in_household !== 1 ? 'issue' : null), n, ['dkpnta']);
    const coc = issueRow('enrollmentCoc', 'Enrollment CoC (3.16)', heads, (p) => (!p.stay.enrollment_coc ? 'missing' : !p.stay.project_cocs.includes(p.stay.enrollment_coc) ? 'issue' : null), heads.length, ['dkpnta']);
    const disabling = issueRow('disablingCondition', 'Disabling Condition (3.08)', dq, (p) => (isDontKnowOrRefused(p.stay.disabling_condition) ? 'dkpnta' : isMissing(p.stay.disabling_condition) ? 'missing' : p.stay.disabling_condition === 0 && (p.stay.disabilities ?? []).some(isDisablingRecord) ? 'issue' : null), n);
    const q3: ReportTable = { id: 'dq-q3', title: 'Data Quality: Universal Data Elements', columns: COLUMNS, rows: [veteran.row, start.row, relationship.row, coc.row, disabling.row] };

    const leavers = dq.filter((p) => p.leaver);
    const adultsAndHeads = dq.filter((p) => p.adult || p.head);
    const destination = issueRow('destination', 'Destination (3.12)', leavers, (p) => (isDontKnowOrRefused(p.stay.destination) ? 'dkpnta' : p.stay.destination === null || p.stay.destination === 30 || p.stay.destination === 99 ? 'missing' : null), leavers.length, ['issue']);
    const incomeStart = issueRow('incomeStart', 'Income and Sources (4.02) at Start', adultsAndHeads, (p) => incomeIssue(p.stay.income_start), adultsAndHeads.length);
    const exitPeople = leavers.filter((p) => p.adult || p.head);
    const incomeExit = issueRow('incomeExit', 'Income and Sources (4.02) at Exit', exitPeople, (p) => incomeIssue(p.stay.income_exit), exitPeople.length);
    const q4: ReportTable = { id: 'dq-q4', title: 'Data Quality: Income and Housing Data Quality', note: 'Income at annual assessment is not computed by this version of Hearth.', columns: COLUMNS, rows: [destination.row, incomeStart.row, incomeExit.row] };

    // Q5 chronic homelessness (adults and heads entering since 2016-10-01).
    const chUniverse = adultsAndHeads.filter((p) => p.stay.entry_date >= '2016-10-01');
    const missing3 = (v: number | null) => v === null || v === 8 || v === 9 || v === 99;
    const expected = (s: Stay) => {
      const ls = s.living_situation;
      if (ls !== null && ls >= 100 && ls < 200) return true;
      const short = s.previous_street_essh === 1;
      if (ls !== null && ls >= 200 && ls < 300) return short && [10, 11, 2, 3].includes(s.length_of_stay ?? -1);
      return short && [10, 11].includes(s.length_of_stay ?? -1);
    };
    const chGroups: [string, string, number[]][] = [
      ['esSoSh', 'ES-EE, ES-NbN, SH, Street Outreach', [0, 1, 8, 4]],
      ['th', 'TH', [2]],
      ['ph', 'PH (all)', [3, 9, 10, 13]],
      ['ce', 'CE', [14]],
      ['sso', 'SSO, Day Shelter, HP', [6, 11, 12]],
    ];
    const flaggedCh = new Set<string>();
    const chRows = chGroups.map(([key, label, types]) => {
      const g = chUniverse.filter((p) => types.includes(p.stay.project_type));
      const all = key === 'esSoSh';
      const inst = all ? null : g.filter((p) => (p.stay.living_situation ?? -1) >= 200 && (p.stay.living_situation ?? -1) < 300 && missing3(p.stay.length_of_stay));
      const housing = all ? null : g.filter((p) => !((p.stay.living_situation ?? -1) >= 100 && (p.stay.living_situation ?? -1) < 300) && missing3(p.stay.length_of_stay));
      const asked = all ? g : g.filter((p) => expected(p.stay));
      const date = asked.filter((p) => !p.stay.date_to_street_essh);
      const times = asked.filter((p) => missing3(p.stay.times_homeless));
      const months = asked.filter((p) => missing3(p.stay.months_homeless));
      const bad = new Set([...(inst ?? []), ...(housing ?? []), ...date, ...times, ...months].map((p) => p.id));
      bad.forEach((id) => flaggedCh.add(id));
      return row(key, label, [cell(g), inst ? cell(inst) : null, housing ? cell(housing) : null, cell(date), cell(times), cell(months), share(bad.size, g.length)]);
    });
    const q5: ReportTable = {
      id: 'dq-q5',
      title: 'Data Quality: Chronic Homelessness',
      columns: [
        { key: 'label', label: 'Entering into project type', kind: 'label' },
        { key: 'records', label: 'Count of total records', kind: 'count' },
        { key: 'institution', label: 'Missing time in institution (3.917.2)', kind: 'count' },
        { key: 'housing', label: 'Missing time in housing (3.917.2)', kind: 'count' },
        { key: 'date', label: 'Approximate date this episode started (3.917.3) Missing', kind: 'count' },
        { key: 'times', label: 'Number of times (3.917.4) DK/PNTA/missing', kind: 'count' },
        { key: 'months', label: 'Number of months (3.917.5) DK/PNTA/missing', kind: 'count' },
        { key: 'rate', label: '% of records unable to calculate', kind: 'percent' },
      ],
      rows: [...chRows, row('total', 'Total', [cell(chUniverse), null, null, null, null, null, share(flaggedCh.size, chUniverse.length)])],
    };

    // Q6 timeliness of record entry.
    const buckets: [string, string, (d: number) => boolean][] = [
      ['negative', '< 0 days', (d) => d < 0],
      ['zero', '0 days', (d) => d === 0],
      ['1to3', '1-3 days', (d) => d >= 1 && d <= 3],
      ['4to6', '4-6 days', (d) => d >= 4 && d <= 6],
      ['7to10', '7-10 days', (d) => d >= 7 && d <= 10],
      ['11plus', '11+ days', (d) => d >= 11],
    ];
    const starters = dq.filter((p) => p.stay.entry_date >= params.startDate && p.stay.entry_date <= params.endDate);
    const exits = leavers.filter((p) => p.stay.exit_recorded_on !== null);
    const q6: ReportTable = {
      id: 'dq-q6',
      title: 'Data Quality: Timeliness',
      columns: [
        { key: 'label', label: 'Time for Record Entry', kind: 'label' },
        { key: 'starts', label: 'Number of Project Start Records', kind: 'count' },
        { key: 'exits', label: 'Number of Project Exit Records', kind: 'count' },
      ],
      rows: buckets.map(([key, label, f]) =>
        row(key, label, [cell(starters.filter((p) => f(daysBetween(p.stay.entry_date, p.stay.created_on)))), cell(exits.filter((p) => f(daysBetween(p.stay.exit_date!, p.stay.exit_recorded_on!))))]),
      ),
      chart: { type: 'bar', title: 'Days from project start or exit to its record', x: 'label', series: ['starts', 'exits'], unit: 'count' },
    };

    // Q7 inactive records.
    const cutoff = addDays(params.endDate, -90);
    const active90 = (p: Person) => p.stay.entry_date < cutoff && (p.stay.exit_date === null || p.stay.exit_date > params.endDate);
    const contact = people.filter((p) => (p.adult || p.head) && (p.stay.project_type === 4 || (p.stay.project_type === 6 && p.stay.path_funded)) && active90(p));
    const inactiveContact = contact.filter((p) => (p.stay.last_contact ?? p.stay.entry_date) < cutoff);
    const nbn = people.filter((p) => p.stay.project_type === 1 && active90(p));
    const inactiveNbn = nbn.filter((p) => (p.stay.last_bed_night ?? p.stay.entry_date) < cutoff);
    const q7: ReportTable = {
      id: 'dq-q7',
      title: 'Data Quality: Inactive Records: Street Outreach and Emergency Shelter',
      columns: [
        { key: 'label', label: 'Data Element', kind: 'label' },
        { key: 'records', label: '# of Records', kind: 'count' },
        { key: 'inactive', label: '# of Inactive Records', kind: 'count' },
        { key: 'rate', label: '% of Inactive Records', kind: 'percent' },
      ],
      rows: [
        row('contact', 'Contact (Adults and Heads of Household in Street Outreach or PATH-funded SSO)', [cell(contact), cell(inactiveContact), share(inactiveContact.length, contact.length)]),
        row('bedNight', 'Bed Night (All clients in ES – NbN)', [cell(nbn), cell(inactiveNbn), share(inactiveNbn.length, nbn.length)]),
      ],
    };

    // Per project: the people with any issue in Q2–Q4.
    const flagged = (p: Person) =>
      PII_ELEMENTS.some((e) => e.check(p) !== null) ||
      [veteran, start, relationship, coc, disabling, destination, incomeStart, incomeExit].some((r) => r.flagged.includes(p));
    const perProject: ReportTable = {
      id: 'dq-projects',
      title: 'Records to fix, per project',
      columns: [
        { key: 'project', label: 'Project', kind: 'label' },
        { key: 'agency', label: 'Agency', kind: 'text' },
        { key: 'clients', label: 'Clients', kind: 'count' },
        { key: 'pii', label: 'Identifiers (Q2)', kind: 'count' },
        { key: 'ude', label: 'Universal data elements (Q3)', kind: 'count' },
        { key: 'income', label: 'Income and housing (Q4)', kind: 'count' },
        { key: 'any', label: 'Any issue', kind: 'count' },
        { key: 'rate', label: '% with an issue', kind: 'percent' },
      ],
      rows: [...projects.entries()]
        .map(([id, p]) => ({ id, p, xs: dq.filter((x) => x.stay.project_id === id) }))
        .filter((g) => g.xs.length > 0)
        .sort((a, b) => a.p.name.localeCompare(b.p.name))
        .map(({ id, p, xs }) => {
          const bad = xs.filter(flagged);
          return row(id, p.name, [
            p.agencyName,
            cell(xs),
            cell(xs.filter((x) => PII_ELEMENTS.some((e) => e.check(x) !== null))),
            cell(xs.filter((x) => [veteran, start, relationship, coc, disabling].some((r) => r.flagged.includes(x)))),
            cell(xs.filter((x) => [destination, incomeStart, incomeExit].some((r) => r.flagged.includes(x)))),
            cell(bad),
            share(bad.length, xs.length),
          ]);
        }),
      chart: { type: 'bar', title: 'Share of clients with a data-quality issue, per project', x: 'project', series: ['rate'], unit: 'percent' },
    };
    return { tables: [perProject, q1, q2, q3, q4, q5, q6, q7] };
  },
};
