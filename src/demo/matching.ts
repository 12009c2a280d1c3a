/**
 * Demo matching (issue 7): forty more assessed households so the CE list has a realistic length (singles,
 * veterans, youth and families; chronic and not; a few without contact for months, so the inactivity
 * policy shows), openings on the receiving projects, an opening waiting in the rematch queue after a
 * provider's rematch (two-to-one), and dashboard tiles for the provider users. Deterministic: a fixed
 * seed drives every choice; dates are relative to the clock.
 */
import { demoToday, minusDays } from './today.ts';
import type { Tx } from '../data/db.ts';
import { defaultConsentEnd } from '../domain/clients/consent.ts';
import { derivedLosUnderThreshold } from '../domain/ce/living-situation.ts';
import { newId } from '../domain/ids.ts';
import { insertDemoStageRecord } from './data-collection.ts';

interface DemoIdsLike {
  projects: Record<string, string>;
  users: Record<string, string>;
  agencies: Record<string, string>;
  clients?: Record<string, string>;
}

/** A small linear congruential generator: the same demo every time. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const FIRST = ['Alicia', 'Bernard', 'Cedric', 'Dolores', 'Emmanuel', 'Fatima', 'Gregory', 'Hannah', 'Isaiah', 'Jasmine', 'Kenneth', 'Latoya', 'Miguel', 'Nadia', 'Oscar', 'Patrice', 'Quentin', 'Renee', 'Stanley', 'Theresa', 'Ulysses', 'Valerie', 'Warren', 'Ximena', 'Yusuf', 'Zora', 'Andre', 'Beatrice', 'Curtis', 'Delia', 'Ernesto', 'Felicia', 'Gerald', 'Harold', 'Ines', 'Jerome', 'Kiara', 'Leon', 'Monique', 'Nathaniel'];
const LAST = ['Abbott', 'Baptiste', 'Castillo', 'Dubois', 'Ellison', 'Fontaine', 'Garrison', 'Holloway', 'Ibarra', 'Jefferson', 'Kaminski', 'Lindqvist', 'Mbeki', 'Novak', 'Oyelaran', 'Pacheco', 'Quiroga', 'Ramsey', 'Sandoval', 'Thibodeaux'];
const KIDS = ['Amir', 'Bella', 'Caleb', 'Daisy', 'Eli', 'Fiona', 'Gabe', 'Hazel', 'Ivan', 'Jada', 'Kai', 'Luna'];
const RACES = [['BlackAfAmerican'], ['White'], ['HispanicLatinao'], ['Asian'], ['AmIndAKNative'], ['BlackAfAmerican', 'White']];

const CE_LOCATION = 'Coordinated Entry System — West Side access point';

export async function loadDemoMatching(tx: Tx, ids: DemoIdsLike, now: Date): Promise<void> {
  const ceProject = ids.projects.ce;
  const lead = ids.agencies.lead;
  if (!ceProject || !lead) return;
  const hrs = ids.users.hrs ?? null;
  const today = demoToday(now);
  const rand = rng(7_2026);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const coc = (await tx.selectFrom('project_cocs').select('coc_code').where('project_id', '=', ceProject).executeTakeFirst())?.coc_code ?? 'XX-999';
  const listed: { clientId: string; single: boolean }[] = [];

  const insertClient = async (first: string, last: string, dob: string, sex: number, veteran: number, race: string[], guardian: boolean) => {
    const id = newId();
    await tx
      .insertInto('clients')
      .values({ id, first_name: first, last_name: last, dob, dob_data_quality: 1, ssn_data_quality: 99, race, sex, veteran_status: veteran, owner_agency_id: lead, created_at: now, updated_at: now, created_by: hrs })
      .execute();
    const start = minusDays(today, 30 + Math.floor(rand() * 300));
    await tx
      .insertInto('client_consents')
      .values({ id: newId(), client_id: id, sharing: 'full', start_date: start, end_date: defaultConsentEnd(start), witness: 'Harper Specialist', signed_by: guardian ? 'guardian' : 'self', signer_name: guardian ? 'Parent (see household)' : null, created_at: now, created_by: hrs })
      .execute();
    return id;
  };

  for (let i = 0; i < 40; i++) {
    const family = i % 5 === 2; // eight families
    const youth = i % 9 === 4;
    const veteran = !family && !youth && i % 6 === 1;
    const first = FIRST[i]!;
    const last = LAST[i % LAST.length]!;
    const age = youth ? 19 + (i % 5) : family ? 24 + Math.floor(rand() * 18) : 28 + Math.floor(rand() * 40);
    const dob = `${Number(today.slice(0, 4)) - age - 1}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + ((i * 7) % 27)).padStart(2, '0')}`;
    const headId = await insertClient(first, last, dob, i % 2, veteran ? 1 : 0, pick(RACES), false);
    const members: [string, number][] = [];
    const kidDobs = new Map<string, string>();
    if (family) {
      const hid = newId();
      await tx.insertInto('households').values({ id: hid, created_at: now, created_by: hrs }).execute();
      const kids = 1 + (i % 3);
      await tx.insertInto('household_members').values({ id: newId(), household_id: hid, client_id: headId, relationship_to_hoh: 1, joined_on: minusDays(today, 200), created_at: now, created_by: hrs }).execute();
      for (let k = 0; k < kids; k++) {
        const kidDob = `${Number(today.slice(0, 4)) - 2 - ((i + k * 3) % 14)}-0${1 + k}-15`;
        const kid = await insertClient(KIDS[(i + k) % KIDS.length]!, last, kidDob, (i + k) % 2, 99, pick(RACES), true);
        await tx.insertInto('household_members').values({ id: newId(), household_id: hid, client_id: kid, relationship_to_hoh: 2, joined_on: minusDays(today, 200), created_at: now, created_by: hrs }).execute();
        members.push([kid, 2]);
        kidDobs.set(kid, kidDob);
      }
    }

    // 3.917 and the disabling condition: about half chronically homeless.
    const disabling = rand() < 0.6 ? 1 : 0;
    const street = rand() < 0.5;
    const living = street ? 116 : 101;
    const homelessDays = Math.floor(60 + rand() * 1400);
    const times = homelessDays > 365 ? 4 : 1 + Math.floor(rand() * 3);
    const months = Math.min(113, 101 + Math.floor(homelessDays / 30));
    const enteredDaysAgo = 10 + Math.floor(rand() * 170);
    const entryDate = minusDays(today, enteredDaysAgo);
    const score = 2 + Math.floor(rand() * 16);
    // Most are on the list; a few were assessed "not placed" (crisis only).
    const prioritized = i % 13 !== 7;
    // Most were seen recently; every seventh not for more than 90 days (inactive by default).
    const lastSeenDaysAgo = i % 7 === 3 ? Math.min(enteredDaysAgo, 95 + (i % 20)) : Math.floor(rand() * Math.min(enteredDaysAgo, 40));
    const enrollmentId = newId();
    const householdId = newId();
    const created = new Date(Date.parse(entryDate + 'T15:00:00Z'));
    await tx
      .insertInto('enrollments')
      .values({
        id: enrollmentId,
        client_id: headId,
        project_id: ceProject,
        household_id: householdId,
        relationship_to_hoh: 1,
        entry_date: entryDate,
        enrollment_coc: coc,
        disabling_condition: disabling,
        living_situation: living,
        length_of_stay: 5,
        los_under_threshold: derivedLosUnderThreshold(living, 5),
        date_to_street_essh: minusDays(entryDate, homelessDays),
        times_homeless_past_three_years: times,
        months_homeless_past_three_years: months,
        created_at: created,
        created_by: hrs,
        updated_at: created,
        updated_by: hrs,
      })
      .execute();
    await insertDemoStageRecord(tx, { enrollmentId, clientId: headId, member: { relationshipToHoH: 1, entryDate }, projectType: 14, stage: 1, date: entryDate, at: created, by: hrs }, { disabling: disabling === 1 });
    for (const [kid, rel] of members) {
      const kidEnrollment = newId();
      await tx
        .insertInto('enrollments')
        .values({ id: kidEnrollment, client_id: kid, project_id: ceProject, household_id: householdId, relationship_to_hoh: rel, entry_date: entryDate, disabling_condition: 0, created_at: created, created_by: hrs, updated_at: created, updated_by: hrs })
        .execute();
      await insertDemoStageRecord(tx, { enrollmentId: kidEnrollment, clientId: kid, member: { relationshipToHoH: rel, dob: kidDobs.get(kid) ?? null, entryDate }, projectType: 14, stage: 1, date: entryDate, at: created, by: hrs });
    }
    const assessedDaysAgo = Math.max(lastSeenDaysAgo, Math.min(enteredDaysAgo, lastSeenDaysAgo + 5));
    const assessmentDate = minusDays(today, assessedDaysAgo);
    const at = new Date(Date.parse(assessmentDate + 'T16:00:00Z'));
    await tx
      .insertInto('ce_assessments')
      .values({
        id: newId(),
        enrollment_id: enrollmentId,
        client_id: headId,
        assessment_date: assessmentDate,
        assessment_location: CE_LOCATION,
        assessment_type: 3,
        assessment_level: 2,
        prioritization_status: prioritized ? 1 : 2,
        score,
        answers: JSON.stringify([{ group: 'History of housing and homelessness', question: 'Where do you sleep most frequently?', answer: street ? 'Outdoors' : 'Shelter' }]),
        social_service_contacts: JSON.stringify([]),
        chronic_inputs: JSON.stringify({
          livingSituation: living,
          rentalSubsidyType: null,
          lengthOfStay: 5,
          losUnderThreshold: derivedLosUnderThreshold(living, 5),
          previousStreetEssh: null,
          dateToStreetEssh: minusDays(entryDate, homelessDays),
          timesHomelessPastThreeYears: times,
          monthsHomelessPastThreeYears: months,
          disablingCondition: disabling,
          entryDate,
        }),
        created_at: at,
        created_by: hrs,
        updated_at: at,
        updated_by: hrs,
      })
      .execute();
    if (lastSeenDaysAgo < assessedDaysAgo) {
      await tx
        .insertInto('current_living_situations')
        .values({ id: newId(), enrollment_id: enrollmentId, client_id: headId, information_date: minusDays(today, lastSeenDaysAgo), current_living_situation: living, location_details: street ? 'West Side, under the Eisenhower viaduct' : null, created_at: now, created_by: hrs, updated_at: now })
        .execute();
    }
    if (prioritized) listed.push({ clientId: headId, single: !family });
  }

  // Openings on the receiving projects.
  const matcher = ids.users.matcher ?? null;
  const openings: { project: string; kind: 'unit' | 'subsidy'; bedrooms: number | null; size: number | null; population: string | null; inDays: number; note: string }[] = [
    { project: 'northside-psh', kind: 'unit', bedrooms: 0, size: 1, population: null, inDays: 3, note: 'Studio, 4th floor, elevator building on Sheridan Rd.' },
    { project: 'northside-psh', kind: 'unit', bedrooms: 1, size: 2, population: 'veterans', inDays: 10, note: 'One-bedroom set aside for a veteran household.' },
    { project: 'northside-rrh', kind: 'subsidy', bedrooms: null, size: 4, population: null, inDays: 0, note: 'Rental assistance slot (12 months).' },
    { project: 'northside-rrh', kind: 'subsidy', bedrooms: null, size: 1, population: null, inDays: 7, note: 'Rental assistance slot for a single adult.' },
    { project: 'lakeshore-psh', kind: 'unit', bedrooms: 2, size: 5, population: 'families', inDays: 5, note: 'Two-bedroom, near Stockton Elementary.' },
    { project: 'lakeshore-sh', kind: 'unit', bedrooms: 0, size: 1, population: null, inDays: 1, note: 'Safe Haven bed.' },
  ];
  const openingIds: string[] = [];
  for (const o of openings) {
    const projectId = ids.projects[o.project];
    if (!projectId) continue;
    const id = newId();
    openingIds.push(id);
    await tx
      .insertInto('openings')
      .values({ id, project_id: projectId, kind: o.kind, bedrooms: o.bedrooms, household_size: o.size, population: o.population, available_on: minusDays(today, -o.inDays), note: o.note, created_at: now, created_by: matcher })
      .execute();
  }

  // Two-to-one: a referral to the family RRH slot ended "client declined"; the opening asks for two.
  const rrhSlot = openingIds[2];
  const declined = listed.find((c) => !c.single);
  if (rrhSlot && declined && ids.projects['northside-rrh']) {
    const referralId = newId();
    const referralDate = minusDays(today, 6);
    const at = (d: number) => new Date(Date.parse(minusDays(today, d) + 'T17:00:00Z'));
    const members = await tx
      .selectFrom('household_members as h0')
      .innerJoin('household_members as m', 'm.household_id', 'h0.household_id')
      .select(['m.client_id', 'm.relationship_to_hoh'])
      .where('h0.client_id', '=', declined.clientId)
      .execute();
    await tx
      .insertInto('referrals')
      .values({
        id: referralId,
        client_id: declined.clientId,
        household_snapshot: JSON.stringify(members.map((m) => ({ clientId: m.client_id, relationshipToHoH: m.relationship_to_hoh }))),
        project_id: ids.projects['northside-rrh'],
        opening_id: rrhSlot,
        referral_date: referralDate,
        status_code: 'rematch_client_declined',
        status_label: 'CES: Rematch Needed: Client Declined',
        status_changed_at: at(2),
        closed_at: at(2),
        created_at: at(6),
        created_by: matcher,
        updated_at: at(2),
      })
      .execute();
    const history: [string | null, string, string, number, string | null][] = [
      [null, 'matched', 'CES: Matched: Awaiting response by Housing Provider', 6, matcher],
      ['matched', 'attempting_contact', 'CES: Attempted/Attempting Contact', 5, ids.users.provider ?? null],
      ['attempting_contact', 'rematch_client_declined', 'CES: Rematch Needed: Client Declined', 2, ids.users.provider ?? null],
    ];
    for (const [from, to, label, d, by] of history) {
      await tx
        .insertInto('referral_status_history')
        .values({ id: newId(), referral_id: referralId, from_code: from, to_code: to, label, changed_at: at(d), changed_by: by, note: to === 'rematch_client_declined' ? 'The family chose to stay with relatives for now.' : null })
        .execute();
    }
    await tx.insertInto('rematch_requests').values({ id: newId(), opening_id: rrhSlot, project_id: ids.projects['northside-rrh'], from_referral_id: referralId, referrals_needed: 2, created_at: at(2) }).execute();
  }

  // Dashboard tiles: the default tile per receiving project, plus one more for the demo provider.
  const tiles: { user: string; project: string; name: string; dateRange: unknown; statusFilter: unknown }[] = [
    { user: 'provider', project: 'northside-psh', name: 'Outstanding Incoming Referrals', dateRange: 'all', statusFilter: 'open' },
    { user: 'provider', project: 'northside-rrh', name: 'Outstanding Incoming Referrals', dateRange: 'all', statusFilter: 'open' },
    { user: 'provider', project: 'northside-psh', name: 'PSH referrals this quarter (all statuses)', dateRange: 'thisQuarter', statusFilter: 'all' },
    { user: 'provider2', project: 'lakeshore-psh', name: 'Outstanding Incoming Referrals', dateRange: 'all', statusFilter: 'open' },
  ];
  const positions: Record<string, number> = {};
  for (const t of tiles) {
    const userId = ids.users[t.user];
    const projectId = ids.projects[t.project];
    if (!userId || !projectId) continue;
    const position = positions[t.user] ?? 0;
    positions[t.user] = position + 1;
    await tx
      .insertInto('counts_reports')
      .values({ id: newId(), user_id: userId, name: t.name, project_id: projectId, date_range: JSON.stringify(t.dateRange), status_filter: JSON.stringify(t.statusFilter), position, created_at: now, updated_at: now })
      .execute();
  }
  for (const u of Object.keys(positions)) {
    await tx.insertInto('counts_report_seeds').values({ user_id: ids.users[u]!, seeded_at: now }).execute();
  }
}
