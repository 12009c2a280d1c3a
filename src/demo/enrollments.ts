/**
 * Demo enrollments (issue 5): singles and families in PSH and the ESG RRH project, in every state —
 * housed, not yet housed, annual assessment due and overdue, ESG rental-assistance payments, an exited
 * single with follow-ups due, and an exited family with a destination. Dates count back from `now`,
 * so the demo reads the same whatever day it is loaded.
 */
import { demoToday, minusDays } from './today.ts';
import type { Tx } from '../data/db.ts';
import type { DemoIds } from './seed.ts';
import { newId } from '../domain/ids.ts';
import { memberRole } from '../domain/data-collection/index.ts';
import { DEMO_CLIENTS } from './clients.ts';
import { insertDemoStageRecord } from './data-collection.ts';


const SCREENING = {
  homeless_category: 'category-1',
  homeless_verification: 'third-party',
  other_residence: 'no',
  other_resources: 'no',
  sufficient_funds: 'no',
  duplicate_assistance: 'no',
  other_housing_offer: 'no',
};

interface Stay {
  project: string;
  members: { client: string; rel: number; disabling?: number; language?: string }[];
  /** The CoC question on pets (the head's answer; "none" when absent). */
  pets?: string;
  /** days before today */
  entry: number;
  moveIn?: number;
  exit?: { days: number; destination: number; subsidy?: number };
  /** rental assistance payments, days before today */
  payments?: number[];
  annualDone?: boolean;
  esg?: boolean;
  updateDaysAgo?: number;
  /** An annual assessment this many days ago (inside the window of the first anniversary). */
  annualDaysAgo?: number;
}

const STAYS: Stay[] = [
  // PSH single, housed; the annual window closed two months ago without an assessment: overdue.
  { project: 'northside-psh', members: [{ client: 'robert', rel: 1, disabling: 1 }], entry: 450, moveIn: 420 },
  // PSH single, housed; the annual window is open now.
  { project: 'northside-psh', members: [{ client: 'priya', rel: 1, disabling: 1 }], entry: 370, moveIn: 340, updateDaysAgo: 120 },
  // ESG RRH family of three, housed, monthly rental assistance.
  { project: 'northside-rrh', members: [{ client: 'carlos', rel: 1, disabling: 0 }, { client: 'rosa', rel: 3, disabling: 0, language: 'Spanish' }, { client: 'sofia', rel: 2, disabling: 0 }], entry: 114, moveIn: 85, payments: [85, 55, 24], esg: true, pets: 'pets' },
  // ESG RRH single, not yet housed.
  { project: 'northside-rrh', members: [{ client: 'denise', rel: 1, disabling: 0 }], entry: 36, esg: true },
  // ESG RRH single, exited to a subsidised rental six weeks ago: the 30-day follow-up is due.
  { project: 'northside-rrh', members: [{ client: 'gloria', rel: 1, disabling: 1 }], entry: 268, moveIn: 240, payments: [240, 210, 180, 150, 120, 90], exit: { days: 41, destination: 435, subsidy: 431 }, esg: true },
  // Lakeshore family PSH: an update, the first annual assessment (anniversary 135 days ago) and the
  // household's exit to a rental without subsidy, each member's answers complete at every stage.
  { project: 'lakeshore-psh', members: [{ client: 'keisha', rel: 1, disabling: 1 }, { client: 'aisha', rel: 4, disabling: 0 }], entry: 500, moveIn: 470, exit: { days: 20, destination: 410 }, updateDaysAgo: 300, annualDaysAgo: 140, pets: 'service-animal' },
];

export async function loadDemoEnrollments(tx: Tx, ids: DemoIds, now: Date): Promise<void> {
  const today = demoToday(now);
  const by = ids.users.provider ?? null;
  for (const s of STAYS) {
    const projectId = ids.projects[s.project];
    if (!projectId || s.members.some((m) => !ids.clients?.[m.client])) continue;
    const householdId = newId();
    const entry = minusDays(today, s.entry);
    const { project_type: projectType } = await tx.selectFrom('projects').select('project_type').where('id', '=', projectId).executeTakeFirstOrThrow();
    let headId = '';
    for (const m of s.members) {
      const id = newId();
      if (m.rel === 1) headId = id;
      const clientId = ids.clients![m.client]!;
      // 3.917 is asked of the head and adults only (age at project start).
      const child = memberRole({ relationshipToHoH: m.rel, dob: DEMO_CLIENTS.find((c) => c.key === m.client)?.dob ?? null, entryDate: entry }) === 'child';
      const exitDate = s.exit ? minusDays(today, s.exit.days) : null;
      await tx
        .insertInto('enrollments')
        .values({
          id,
          client_id: clientId,
          project_id: projectId,
          household_id: householdId,
          relationship_to_hoh: m.rel,
          entry_date: entry,
          exit_date: exitDate,
          destination: s.exit?.destination ?? null,
          destination_subsidy_type: s.exit?.subsidy ?? null,
          move_in_date: m.rel === 1 && s.moveIn !== undefined ? minusDays(today, s.moveIn) : null,
          enrollment_coc: m.rel === 1 ? 'XX-999' : null,
          disabling_condition: m.disabling ?? 99,
          living_situation: child ? null : 116,
          rental_subsidy_type: null,
          length_of_stay: child ? null : 4,
          los_under_threshold: null,
          previous_street_essh: null,
          date_to_street_essh: child ? null : minusDays(today, s.entry + 200),
          times_homeless_past_three_years: child ? null : 2,
          // 200 days touch up to eight calendar months: nine keeps the answer consistent whatever today is.
          months_homeless_past_three_years: child ? null : 109,
          exited_at: exitDate ? now : null,
          exited_by: exitDate ? by : null,
          created_at: now,
          created_by: by,
          updated_at: now,
          updated_by: by,
        })
        .execute();
      const member = { relationshipToHoH: m.rel, dob: DEMO_CLIENTS.find((c) => c.key === m.client)?.dob ?? null, entryDate: entry };
      const assessment = (stage: number, date: string, income: number) =>
        insertDemoStageRecord(tx, { enrollmentId: id, clientId, member, projectType, stage, date, at: now, by }, { income, disabling: m.disabling === 1, ...(s.pets ? { pets: s.pets } : {}), ...(m.language ? { language: m.language } : {}) });
      await assessment(1, entry, 914);
      if (s.updateDaysAgo) await assessment(2, minusDays(today, s.updateDaysAgo), 980);
      if (s.annualDaysAgo) await assessment(5, minusDays(today, s.annualDaysAgo), 980);
      if (exitDate) await assessment(3, exitDate, 1200);
    }
    const head = { id: headId, clientId: ids.clients![s.members.find((m) => m.rel === 1)!.client]! };
    const service = (days: number, type: string, amount: number | null, note: string | null) =>
      tx
        .insertInto('enrollment_services')
        .values({ id: newId(), enrollment_id: head.id, client_id: head.clientId, date_provided: minusDays(today, days), type, record_type: null, type_provided: null, amount, funder: amount !== null && s.esg ? 10 : null, note, created_at: now, created_by: by })
        .execute();
    if (s.esg) {
      await tx
        .insertInto('form_responses')
        .values({ id: newId(), enrollment_id: head.id, client_id: head.clientId, form_id: 'esg-rrh-eligibility-screening', form_version: 1, purpose: 'entry', information_date: entry, answers: JSON.stringify({ ...SCREENING, screening_date: entry }), created_at: now, created_by: by })
        .execute();
      await service(s.entry, 'housing_search', null, 'Initial service: housing search started');
    }
    for (const p of s.payments ?? []) await service(p, 'rental_assistance', 1150, 'Monthly rent');
    if (s.exit && s.esg) {
      await tx
        .insertInto('form_responses')
        .values({ id: newId(), enrollment_id: head.id, client_id: head.clientId, form_id: 'rrh-exit-summary', form_version: 1, purpose: 'exit', information_date: minusDays(today, s.exit.days), answers: JSON.stringify({ exit_reason: 'housed-other-subsidy' }), created_at: now, created_by: by })
        .execute();
    }
  }
}
