import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sql } from 'kysely';
import { startApp, type Client, type TestApp } from '../helpers/app.ts';
import { ceListPage, writeEntries, type ListFilter, type ListedRecord } from '../../src/data/repos/ce-list.ts';
import { rebuildCeList } from '../../src/usecases/openings/ce-list-refresh.ts';
import {
  CRITERIA,
  POPULATIONS,
  compareForList,
  householdType,
  ineligibilityFor,
  isInactive,
  listDayLimits,
  populationsOf,
  type CeListFacts,
  type PrioritizationSettings,
} from '../../src/domain/prioritization/index.ts';
import { localDateAt } from '../../src/domain/calendar/zoned.ts';
import type { Actor } from '../../src/domain/access.ts';

/**
 * Issue 10: the CE list is kept as rows (`ce_list_entries`) and ordered, filtered and paged in SQL.
 * The SQL must agree with the domain's rules for every configuration, and the rows must follow every
 * change to the records they come from, whoever writes it.
 */
describe('CE list rows: the SQL agrees with the rules and follows the records', () => {
  let t: TestApp;
  let matcher: Client;
  const ZONE = 'America/Chicago';

  before(async () => {
    t = await startApp();
    matcher = await t.as('matcher');
  });
  after(async () => {
    await t?.close();
  });

  async function ceList(query = '') {
    const res = await matcher.get(`/api/v1/ce-list?limit=200&includeInactive=true${query}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as { items: any[]; total: number };
  }
  /** The rows as stored, without the refresh time. */
  async function storedRows() {
    const rows = await t.db.owner.db
      .selectFrom('ce_list_entries as l')
      .innerJoin('ce_list_households as h', 'h.client_id', 'l.client_id')
      .selectAll('l')
      .select(['h.member_ids', 'h.members'])
      .orderBy('l.client_id')
      .execute();
    return rows.map(({ refreshed_at: _r, ...rest }) => rest);
  }

  test('ordering and every filter in SQL give what the domain rules give (generated households and configurations)', async () => {
    const clientIds = (await t.db.owner.db.selectFrom('clients').select('id').orderBy('id').limit(40).execute()).map((r) => r.id);
    assert.ok(clientIds.length >= 20);
    const admin: Actor = { userId: 'test', username: 'test', memberships: [{ agencyId: 'none', role: 'hmis_admin', projectIds: [] }] };
    const day = (from: number, to: number) => fc.integer({ min: from, max: to }).map((n) => new Date(Date.UTC(2000, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    const today = fc.constantFrom('2026-11-25', '2028-02-29', '2027-03-01');
    // Dates of birth around the 18th and 25th birthdays of the days above, and anywhere.
    const dob = fc.oneof(fc.constant(null), fc.constantFrom('2008-11-25', '2008-11-26', '2010-02-28', '2010-03-01', '2009-03-01', '2003-11-26', '2003-02-28', '2008-02-29'), day(-20_000, 9_800));
    const member = fc.record({ dob, veteranStatus: fc.constantFrom(0, 1, 99, null) });
    const facts = fc.record({
      members: fc.array(member, { minLength: 1, maxLength: 4 }),
      chronic: fc.boolean(),
      disablingCondition: fc.constantFrom(1, 0, null),
      assessmentDate: fc.constantFrom('2026-06-01', '2026-09-10', '2026-10-01'),
      score: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 6 }).map((n) => n * 2.5)),
      dateToStreetEssh: fc.oneof(fc.constant(null), fc.constantFrom('2024-06-01', '2025-01-01'), day(8_000, 10_400)),
      monthsHomelessCode: fc.constantFrom(null, 8, 99, 101, 105, 112, 113),
      listedSince: fc.constantFrom('2026-01-01', '2026-06-01', '2026-09-10'),
      lastContactDate: day(9_500, 10_500),
      // around midnight in Chicago: the date depends on the zone
      lastActivityAt: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 400 }).map((n) => new Date(Date.UTC(2026, 4, 1, 4, 30) + n * 86_400_000 + (n % 2) * 3_600_000))),
    });
    const criteria = fc.uniqueArray(fc.record({ key: fc.constantFrom(...CRITERIA), direction: fc.constantFrom('asc' as const, 'desc' as const) }), { minLength: 1, maxLength: 5, selector: (c) => c.key });
    const settings = fc.record({ criteria, inactivityDays: fc.integer({ min: 1, max: 400 }), disabilityRequiredProjectTypes: fc.constant<number[]>([3]), youthMaxAge: fc.integer({ min: 17, max: 30 }) });
    const filter = fc.record({
      includeInactive: fc.boolean(),
      population: fc.option(fc.constantFrom(...POPULATIONS), { nil: undefined }),
      householdType: fc.option(fc.constantFrom('single' as const, 'family' as const, 'childOnly' as const), { nil: undefined }),
      project: fc.option(fc.record({ name: fc.constant('P'), projectType: fc.constantFrom(3, 13), populations: fc.subarray([...POPULATIONS, 'other']) }), { nil: null }),
      opening: fc.option(fc.record({ householdSize: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }), bedrooms: fc.constant(null), population: fc.option(fc.constantFrom(...POPULATIONS), { nil: null }) }), { nil: null }),
    });

    await fc.assert(
      // The rows kept in the CoC's zone, or in another one (the zone changed since): the read recomputes.
      fc.asyncProperty(fc.array(facts, { minLength: 1, maxLength: clientIds.length }), settings, filter, today, fc.constantFrom(ZONE, 'America/New_York'), async (households, s: PrioritizationSettings, generated: ListFilter, day0, zoneKept) => {
        // As in the use case, an opening comes with its project.
        const f: ListFilter = { ...generated, opening: generated.project ? generated.opening : null };
        const records: ListedRecord[] = households.map((h, i) => {
          const id = clientIds[i]!;
          return {
            clientId: id,
            ceEnrollmentId: `enr${i}`,
            householdId: `hh${i}`,
            members: h.members.map((m, j) => ({ clientId: j === 0 ? id : `${id}-m${j}`, relationshipToHoH: j === 0 ? 1 : 2, dob: m.dob, veteranStatus: m.veteranStatus })),
            chronicInputs: [],
            ceEntryDate: h.assessmentDate,
            disablingCondition: h.disablingCondition,
            assessmentDate: h.assessmentDate,
            score: h.score,
            dateToStreetEssh: h.dateToStreetEssh,
            monthsHomelessCode: h.monthsHomelessCode,
            listedSince: h.listedSince,
            lastContactDate: h.lastContactDate,
            lastActivityAt: h.lastActivityAt,
            ceMemberDobs: [],
            ownerAgencyId: 'any',
            consentState: 'full',
            consentUntil: null,
            locked: false,
          };
        });
        const chronicOf = new Map(households.map((h, i) => [clientIds[i]!, h.chronic]));
        await t.db.owner.transaction(async (tx) => {
          await writeEntries(tx, null, records.map((record) => ({ record, chronic: chronicOf.get(record.clientId)!, recheckOn: null })), zoneKept);
          const expected: CeListFacts[] = records
            .map((r) => {
              const activity = r.lastActivityAt ? localDateAt(r.lastActivityAt, ZONE) : null;
              return { ...r, chronic: chronicOf.get(r.clientId)!, lastContact: activity && activity > r.lastContactDate ? activity : r.lastContactDate };
            })
            .filter((c) => {
              if (!f.includeInactive && isInactive(c, day0, s)) return false;
              if (f.population && !populationsOf(c.members, day0, s).includes(f.population)) return false;
              if (f.householdType && householdType(c.members, day0) !== f.householdType) return false;
              if (f.project && ineligibilityFor(c, f.project, f.opening ?? null, day0, s).length > 0) return false;
              return true;
            })
            .sort(compareForList(s, day0));
          const query = { today: day0, visibilityDay: day0, timeZone: ZONE, limits: listDayLimits(day0, s), settings: s, filter: f };
          const all = await ceListPage(tx, admin, { ...query, offset: 0, limit: 200 });
          assert.deepEqual(all.rows.map((r) => r.clientId), expected.map((c) => c.clientId));
          assert.deepEqual(all.rows.map((r) => r.lastContact), expected.map((c) => c.lastContact));
          assert.deepEqual(all.rows.map((r) => r.members), expected.map((c) => c.members));
          assert.equal(all.total, expected.length);
          assert.equal(all.above, null);
          const page = await ceListPage(tx, admin, { ...query, offset: 2, limit: 3 });
          assert.deepEqual(page.rows.map((r) => r.clientId), expected.slice(2, 5).map((c) => c.clientId));
          assert.equal(page.above?.clientId, expected[1]?.clientId);
          assert.equal(page.total, expected.length);
          throw new Rollback();
        }).catch((e) => {
          if (!(e instanceof Rollback)) throw e;
        });
      }),
      { numRuns: 40, seed: 20261203 },
    );
  });

  test('a referral marks its client when its client or whether it is closed changes, not for a move between open statuses', async () => {
    await ceList(); // no marks left
    const open = await t.db.owner.db.selectFrom('referrals').select(['id', 'client_id', 'status_code']).where('closed_at', 'is', null).orderBy('id').executeTakeFirstOrThrow();
    const marks = async (db: Pick<typeof t.db.owner.db, 'selectFrom'> = t.db.owner.db) => (await db.selectFrom('ce_list_stale').select('client_id').orderBy('client_id').execute()).map((m) => m.client_id);
    assert.deepEqual(await marks(), []);
    await t.db.owner.transaction(async (tx) => {
      await sql`update referrals set status_label = status_label || '', version = version where id = ${open.id}`.execute(tx);
      assert.deepEqual(await marks(tx), [], 'an update that leaves the client and closed_at as they were marks nobody');
      await sql`update referrals set closed_at = now() where id = ${open.id}`.execute(tx);
      assert.deepEqual(await marks(tx), [open.client_id], 'closing it marks its client');
      throw new Rollback();
    }).catch((e) => {
      if (!(e instanceof Rollback)) throw e;
    });
    assert.deepEqual(await marks(), []);
  });

  test('a change made in SQL to a household’s records shows on the next read; the kept rows equal a full rebuild', async () => {
    const before = await ceList();
    const target = before.items.find((i) => i.score !== null)!;
    assert.ok(target, 'a listed household with a score');
    // An administrator's correction straight in the database (no use case runs): the triggers mark it.
    await t.db.owner.transaction((tx) =>
      sql`update ce_assessments set score = 99 where id = (select id from ce_assessments where client_id = ${target.clientId} order by assessment_date desc, created_at desc, id desc limit 1)`.execute(tx),
    );
    const after1 = await ceList();
    assert.equal(after1.items[0].clientId, target.clientId, 'score 99 puts it first among its kind');
    assert.equal(after1.items.find((i) => i.clientId === target.clientId).score, 99);

    // A veteran joins the household (straight in SQL too): the household now counts among veterans.
    const veterans = async () => (await ceList('&population=veterans')).items.map((i) => i.clientId);
    const inHouseholds = await t.db.owner.db.selectFrom('household_members').select(['client_id', 'household_id']).where('left_on', 'is', null).where('relationship_to_hoh', '=', 1).execute();
    const householdOf = new Map(inHouseholds.map((h) => [h.client_id, h.household_id]));
    const plain = after1.items.find((i) => !i.populations.includes('veterans') && householdOf.has(i.clientId))!;
    assert.ok(plain, 'a household without a veteran');
    const household = { household_id: householdOf.get(plain.clientId)! };
    assert.ok(!(await veterans()).includes(plain.clientId));
    await t.db.owner.transaction(async (tx) => {
      const agency = await tx.selectFrom('clients').select('owner_agency_id').where('id', '=', plain.clientId).executeTakeFirstOrThrow();
      await tx.insertInto('clients').values({ id: 'vet0000000000000000000000000001', first_name: 'V', last_name: 'Adult', dob: '1960-01-01', veteran_status: 1, owner_agency_id: agency.owner_agency_id } as never).execute();
      await tx.insertInto('household_members').values({ id: 'hm00000000000000000000000000001', household_id: household.household_id, client_id: 'vet0000000000000000000000000001', relationship_to_hoh: 3, joined_on: '2026-11-01' }).execute();
    });
    const now = (await ceList()).items.find((i) => i.clientId === plain.clientId);
    assert.ok((await veterans()).includes(plain.clientId), 'the household is listed among veterans');
    assert.equal(now.householdSize, plain.householdSize + 1);

    // The member leaves: the household is no longer a veteran household.
    await t.db.owner.transaction((tx) => tx.updateTable('household_members').set({ left_on: '2026-11-20' }).where('id', '=', 'hm00000000000000000000000000001').execute());
    assert.ok(!(await veterans()).includes(plain.clientId), 'without the veteran the household is not a veteran household');

    // What the list keeps row by row equals what a full rebuild computes.
    await ceList();
    const kept = await storedRows();
    await t.db.owner.transaction((tx) => rebuildCeList(tx, '2026-11-25', '2026-11-25', ZONE));
    assert.deepEqual(await storedRows(), kept);
    assert.ok(kept.length >= 8);
  });
});

class Rollback extends Error {}
