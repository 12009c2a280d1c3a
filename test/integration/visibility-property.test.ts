/**
 * Property: for every generated user, search (items and total), get, per-id lookups and counts agree
 * with a pure reference model of the visibility rules (spec §7, issue 4 point 3), written here
 * independently of the gateway's SQL and of src/domain.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sql } from 'kysely';
import { startApp, type TestApp } from '../helpers/app.ts';
import { newId } from '../../src/domain/ids.ts';
import type { Actor, Role } from '../../src/domain/access.ts';
import { visibleClientsFilter } from '../../src/data/gateway/clients.ts';
import { searchClients } from '../../src/usecases/clients/search.ts';
import { getClient } from '../../src/usecases/clients/clients.ts';
import { getClientHousehold } from '../../src/usecases/clients/households.ts';
import { NotFoundError } from '../../src/domain/errors.ts';
import type { RequestContext } from '../../src/usecases/context.ts';

const TODAY = '2026-11-25';
const ROLES: Role[] = ['hmis_admin', 'ces_matcher', 'housing_resource_specialist', 'agency_admin', 'case_manager'];
const LOCKS = ['fleeing_dv', 'trafficking', 'hiv_aids', 'unaccompanied_minor'];

const day = (offset: number) => new Date(Date.parse(TODAY + 'T00:00:00Z') + offset * 86_400_000).toISOString().slice(0, 10);

interface GenConsent { sharing: 'full' | 'limited' | 'none'; start: number; end: number; revoked: boolean }

const world = fc.integer({ min: 1, max: 3 }).chain((agencies) =>
  fc.record({
    agencies: fc.constant(agencies),
    users: fc.array(
      fc.array(
        fc.record({
          agency: fc.integer({ min: 0, max: agencies - 1 }),
          role: fc.constantFrom(...ROLES, 'case_manager', 'housing_resource_specialist'),
          ce: fc.boolean(),
          regular: fc.boolean(),
        }),
        { minLength: 0, maxLength: 2 },
      ),
      { minLength: 1, maxLength: 4 },
    ),
    clients: fc.array(
      fc.record({
        owner: fc.integer({ min: 0, max: agencies - 1 }),
        consents: fc.array(
          fc.record({
            sharing: fc.constantFrom('full' as const, 'full' as const, 'limited' as const, 'none' as const),
            // Offsets from today in days, biased to the boundaries (starts today/tomorrow, ends yesterday/today).
            start: fc.oneof(fc.constantFrom(-1, 0, 1), fc.integer({ min: -1500, max: 10 })),
            end: fc.oneof(fc.constantFrom(-1, 0, 1), fc.integer({ min: -1500, max: 1200 })),
            revoked: fc.constantFrom(false, false, true),
          }),
          { maxLength: 3 },
        ),
        locks: fc.oneof(fc.constant<string[]>([]), fc.subarray(LOCKS, { minLength: 1, maxLength: 2 })),
        // A record (enrollment) in a HOPWA- or RHY-funded project locks the record too.
        program: fc.constantFrom(null, null, 'hopwa' as const, 'rhy' as const),
      }),
      { maxLength: 8 },
    ),
  }),
);

/** The reference model: the rules as the spec states them, one client at a time. */
function modelVisible(user: { agencyIds: string[]; roles: Role[]; hrsOnCe: boolean }, c: { ownerAgencyId: string; consents: (GenConsent & { seq: number })[]; locks: string[] }): boolean {
  if (user.roles.includes('hmis_admin')) return true;
  if (user.agencyIds.includes(c.ownerAgencyId)) return true;
  const started = c.consents.filter((k) => day(k.start) <= TODAY);
  let latest: (GenConsent & { seq: number }) | undefined;
  for (const k of started) if (!latest || day(k.start) > day(latest.start) || (day(k.start) === day(latest.start) && k.seq > latest.seq)) latest = k;
  if (!latest || latest.sharing === 'none' || latest.revoked || day(Math.max(latest.start, latest.end)) < TODAY) return false;
  const locked = latest.sharing === 'limited' || c.locks.length > 0;
  if (!locked && user.roles.length > 0) return true;
  return user.hrsOnCe || user.roles.includes('ces_matcher');
}

let t: TestApp;
before(async () => {
  t = await startApp({ demo: false, now: TODAY + 'T15:00:00Z' });
});
after(() => t.close());

test('search, get, lists and counts agree with the reference model for every generated user', async () => {
  const db = t.db.database;
  await fc.assert(
    fc.asyncProperty(world, async (w) => {
      // A fresh world: clear the previous run's clients.
      await db.transaction(async (tx) => {
        await tx.deleteFrom('enrollments').execute();
        await tx.deleteFrom('household_members').execute();
        await tx.deleteFrom('households').execute();
        await tx.deleteFrom('client_contacts').execute();
        await tx.deleteFrom('client_consents').execute();
        await tx.deleteFrom('clients').execute();
      });
      const now = t.clock.now();
      const agencyIds: string[] = [];
      const regularProject: string[] = [];
      let ceProject = '';
      let hopwaProject = '';
      let rhyProject = '';
      await db.transaction(async (tx) => {
        for (let i = 0; i < w.agencies; i++) {
          const id = newId();
          agencyIds.push(id);
          await tx.insertInto('agencies').values({ id, name: `Agency ${id}`, created_at: now, updated_at: now }).execute();
          const p = newId();
          regularProject.push(p);
          await tx.insertInto('projects').values({ id: p, agency_id: id, name: `PSH ${p}`, project_type: 3, operating_start: '2020-01-01', program_model: 'PSH', created_at: now, updated_at: now }).execute();
        }
        hopwaProject = newId();
        rhyProject = newId();
        for (const [p, funder] of [[hopwaProject, 15], [rhyProject, 24]] as const) {
          await tx.insertInto('projects').values({ id: p, agency_id: agencyIds[0]!, name: `Funded ${p}`, project_type: 3, operating_start: '2020-01-01', program_model: 'PSH', created_at: now, updated_at: now }).execute();
          await tx.insertInto('project_funders').values({ id: newId(), project_id: p, funder, start_date: '2020-01-01' }).execute();
        }
        ceProject = newId();
        await tx.insertInto('projects').values({ id: ceProject, agency_id: agencyIds[0]!, name: `CE ${ceProject}`, project_type: 14, operating_start: '2020-01-01', program_model: 'CE', created_at: now, updated_at: now }).execute();
      });
      const clients: { id: string; ownerAgencyId: string; consents: (GenConsent & { seq: number })[]; locks: string[]; program: boolean }[] = [];
      await db.transaction(async (tx) => {
        for (const [i, c] of w.clients.entries()) {
          const id = newId();
          await tx.insertInto('clients').values({ id, first_name: `Pat${i}`, last_name: `Tester${i}`, owner_agency_id: agencyIds[c.owner]!, lock_reasons: c.locks, created_at: now, updated_at: now }).execute();
          const consents: (GenConsent & { seq: number })[] = [];
          for (const k of c.consents) {
            const row = await tx
              .insertInto('client_consents')
              .values({ id: newId(), client_id: id, sharing: k.sharing, start_date: day(k.start), end_date: day(Math.max(k.start, k.end)), revoked_at: k.revoked ? now : null, created_at: now })
              .returning('seq')
              .executeTakeFirstOrThrow();
            consents.push({ ...k, seq: Number(row.seq) });
          }
          if (c.program) {
            await tx
              .insertInto('enrollments')
              .values({ id: newId(), client_id: id, project_id: c.program === 'hopwa' ? hopwaProject : rhyProject, household_id: newId(), relationship_to_hoh: 1, entry_date: day(-30) } as never)
              .execute();
          }
          clients.push({ id, ownerAgencyId: agencyIds[c.owner]!, consents, locks: c.program ? [...c.locks, `${c.program}_project`] : c.locks, program: c.program !== null });
        }
      });
      for (const [u, memberships] of w.users.entries()) {
        const actor: Actor = {
          userId: `u${u}`,
          username: `u${u}`,
          memberships: memberships.map((m) => ({
            agencyId: agencyIds[m.agency]!,
            role: m.role,
            projectIds: [...(m.regular ? [regularProject[m.agency]!] : []), ...(m.ce ? [ceProject] : [])],
          })),
        };
        const facts = {
          agencyIds: actor.memberships.map((m) => m.agencyId),
          roles: actor.memberships.map((m) => m.role),
          hrsOnCe: actor.memberships.some((m) => m.role === 'housing_resource_specialist' && m.projectIds.includes(ceProject)),
        };
        const expected = new Set(clients.filter((c) => modelVisible(facts, c)).map((c) => c.id));
        const ctx: RequestContext = { actor, requestId: 'prop', address: null, clock: t.clock };
        const label = JSON.stringify({ memberships, clients: w.clients });
        await db.transaction(async (tx) => {
          // The list (search without criteria): items and total.
          const list = await searchClients(tx, ctx, { limit: 100 });
          assert.deepEqual(new Set(list.items.map((i) => i.id)), expected, label);
          assert.equal(list.total, expected.size, label);
          // A count through the filter.
          const [count] = await tx.selectFrom('clients as c').select(sql<number>`count(*)`.as('n')).where(visibleClientsFilter(actor, TODAY)).execute();
          assert.equal(Number(count!.n), expected.size, label);
          for (const c of clients) {
            // Search by name and by id.
            const byId = await searchClients(tx, ctx, { clientId: c.id });
            assert.equal(byId.total, expected.has(c.id) ? 1 : 0, label);
            // Get: 200 or "not found".
            let seen = true;
            try {
              await getClient(tx, ctx, c.id);
            } catch (e) {
              if (!(e instanceof NotFoundError)) throw e;
              seen = false;
            }
            assert.equal(seen, expected.has(c.id), `get ${c.id} ${label}`);
            let household = true;
            try {
              await getClientHousehold(tx, ctx, c.id);
            } catch (e) {
              if (!(e instanceof NotFoundError)) throw e;
              household = false;
            }
            assert.equal(household, expected.has(c.id), label);
          }
        });
      }
    }),
    { numRuns: 25, seed: 4242 },
  );
});
