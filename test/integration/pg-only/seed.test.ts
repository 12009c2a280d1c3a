/**
 * The synthetic data generator (issue 10) at a tiny scale: deterministic from its seed, loaded through
 * COPY with every constraint, index and trigger of the migrations in force, and consistent where the
 * schema cannot say so (histories end in the referral's status, enrolled referrals fill their opening).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { SEED_PASSWORD, seedDatabase } from '../../../src/cli/seed.ts';
import { verifyPassword } from '../../../src/usecases/auth/passwords.ts';

// In the PostgreSQL-only group (COPY): the test runner never runs it on PGlite.
const TODAY = '2026-03-16';
let a: TestDatabase;
let b: TestDatabase;
let c: TestDatabase;

before(async () => {
  [a, b, c] = await Promise.all([createTestDatabase(), createTestDatabase(), createTestDatabase()]);
});
after(async () => {
  await Promise.all([a, b, c].filter(Boolean).map((d) => d.close()));
});

const TABLES = ['agencies', 'projects', 'users', 'memberships', 'clients', 'client_consents', 'household_members', 'enrollments', 'ce_assessments', 'enrollment_assessments', 'enrollment_services', 'openings', 'referrals', 'referral_status_history', 'contact_attempts', 'rematch_requests'];

/** One digest per table over every column (but the password hash: argon2 salts it), in primary-key order. */
async function digests(db: TestDatabase): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of TABLES) {
    const [row] = await q<{ d: string; n: string }>(db, `select md5(coalesce(string_agg((to_jsonb(x) - 'password_hash')::text, '|' order by x.id), '')) as d, count(*) as n from ${t} x`);
    out[t] = `${row!.n}:${row!.d}`;
  }
  return out;
}

async function q<T>(db: TestDatabase, text: string): Promise<T[]> {
  return (await sql.raw<T>(text).execute(db.owner.db)).rows;
}

test('the same seed gives the same rows; another seed gives others', async () => {
  const quiet = () => {};
  await seedDatabase(a.url!, { scale: 'tiny', seed: 7, today: TODAY, log: quiet });
  await seedDatabase(b.url!, { scale: 'tiny', seed: 7, today: TODAY, log: quiet });
  await seedDatabase(c.url!, { scale: 'tiny', seed: 8, today: TODAY, log: quiet });
  const [da, db, dc] = await Promise.all([digests(a), digests(b), digests(c)]);
  assert.deepEqual(da, db);
  assert.notEqual(da.clients, dc.clients);
  assert.equal(Number(da.clients!.split(':')[0]), 400);
  // A second load into a database that holds data is refused.
  await assert.rejects(seedDatabase(a.url!, { scale: 'tiny', seed: 7, today: TODAY, log: quiet }), /already holds/);
});

test('the loaded data keep the rules the schema cannot state', async () => {
  // Every constraint is back: the foreign keys and indexes dropped for the load exist again.
  const [{ n: fks }] = (await q<{ n: string }>(a, `select count(*) as n from pg_constraint where contype = 'f' and conname = 'enrollments_client_id_fkey'`)) as [{ n: string }];
  assert.equal(Number(fks), 1);
  const [{ n: idx }] = (await q<{ n: string }>(a, `select count(*) as n from pg_indexes where indexname in ('enrollments_one_open_ce', 'household_members_one_head', 'referrals_one_enrolled_per_opening', 'clients_search_name_idx')`)) as [{ n: string }];
  assert.equal(Number(idx), 4);

  // The is_ce trigger ran: CE enrollments are exactly those in projects of type 14.
  const [ce] = await q<{ wrong: string; ce: string }>(a, `select count(*) filter (where e.is_ce <> (p.project_type = 14)) as wrong, count(*) filter (where e.is_ce) as ce from enrollments e join projects p on p.id = e.project_id`);
  assert.equal(Number(ce!.wrong), 0);
  assert.ok(Number(ce!.ce) > 0);

  // Histories start at the initial status and end in the referral's status; labels come from the configuration.
  const config = JSON.parse(fs.readFileSync('config/referral-statuses.chicago.json', 'utf8')) as { statuses: { code: string; label: string }[] };
  const labels = new Map(config.statuses.map((s) => [s.code, s.label]));
  const refs = await q<{ status_code: string; status_label: string; first: string; last: string; changes: string; closed: boolean }>(
    a,
    `select r.status_code, r.status_label, r.closed_at is not null as closed,
            (select h.to_code from referral_status_history h where h.referral_id = r.id order by h.seq limit 1) as first,
            (select h.to_code from referral_status_history h where h.referral_id = r.id order by h.seq desc limit 1) as last,
            (select count(*) from referral_status_history h where h.referral_id = r.id) as changes
       from referrals r`,
  );
  assert.ok(refs.length > 20);
  for (const r of refs) {
    assert.equal(r.first, 'matched');
    assert.equal(r.last, r.status_code);
    assert.equal(r.status_label, labels.get(r.status_code));
  }
  const seen = new Set(refs.map((r) => r.status_code));
  for (const code of ['enrolled', 'attempting_contact', 'rematch_client_declined', 'rematch_provider_no_response', 'cancelled']) assert.ok(seen.has(code), `a referral in status ${code}`);
  assert.ok(refs.some((r) => !r.closed) && refs.some((r) => r.closed));

  // Enrolled referrals point at an enrollment of the head in the receiving project, which points back.
  const [enr] = await q<{ bad: string; n: string }>(
    a,
    `select count(*) filter (where e.id is null or e.project_id <> r.project_id or e.client_id <> r.client_id or e.referral_id is distinct from r.id) as bad, count(*) as n
       from referrals r left join enrollments e on e.id = r.enrollment_id where r.status_code = 'enrolled'`,
  );
  assert.equal(Number(enr!.bad), 0);
  assert.ok(Number(enr!.n) > 0);
  // Their openings are filled by them.
  const [open] = await q<{ bad: string }>(a, `select count(*) as bad from referrals r join openings o on o.id = r.opening_id where r.status_code = 'enrolled' and (o.state <> 'filled' or o.filled_by_referral_id <> r.id)`);
  assert.equal(Number(open!.bad), 0);

  // Households on the CE list exist (open CE enrollment, latest assessment prioritized, no open referral).
  const [listed] = await q<{ n: string }>(
    a,
    `select count(*) as n from enrollments e where e.is_ce and e.exit_date is null and e.relationship_to_hoh = 1
        and (select a.prioritization_status from ce_assessments a where a.client_id = e.client_id order by a.assessment_date desc, a.created_at desc, a.id desc limit 1) = 1
        and not exists (select 1 from referrals r where r.client_id = e.client_id and r.closed_at is null)`,
  );
  assert.ok(Number(listed!.n) > 0);

  // Every user signs in with the one seeded password.
  const [user] = await q<{ password_hash: string }>(a, `select password_hash from users order by username limit 1`);
  assert.equal(await verifyPassword(user!.password_hash, SEED_PASSWORD), true);
  const [{ n: distinct }] = (await q<{ n: string }>(a, `select count(distinct password_hash) as n from users`)) as [{ n: string }];
  assert.equal(Number(distinct), 1);
});
