import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../../src/clock.ts';
import { connectPostgres, type Database } from '../../../src/data/db.ts';
import { loadDemo, type DemoIds } from '../../../src/demo/seed.ts';
import { newId } from '../../../src/domain/ids.ts';
import { markReferralEnrolled } from '../../../src/usecases/referrals/referrals.ts';
import { APP_ROLE, createTestDatabase, type TestDatabase } from '../../helpers/db.ts';

/**
 * An opening is filled by exactly one referral (issue 7): 50 referrals of one opening are enrolled at
 * once, from 50 transactions on 50 connections; the unique index "one enrolled referral per opening"
 * lets exactly one succeed.
 */
const N = 50;
let db: TestDatabase;
let wide: Database;
let ids: DemoIds;
const clock = new ManualClock('2026-11-25T15:00:00Z');

before(async () => {
  db = await createTestDatabase();
  ids = await loadDemo(db.database, clock);
  wide = connectPostgres({ url: db.url!, role: APP_ROLE, max: N });
});
after(async () => {
  await wide?.close();
  await db?.close();
});

test(`${N} concurrent enrollments from different referrals into one opening: exactly one succeeds`, async () => {
  const projectId = ids.projects['northside-rrh']!;
  const openingId = newId();
  const now = clock.now();
  const pairs: { referralId: string; enrollmentId: string }[] = [];
  await db.database.transaction(async (tx) => {
    await tx.insertInto('openings').values({ id: openingId, project_id: projectId, available_on: '2026-12-01', created_at: now }).execute();
    for (let i = 0; i < N; i++) {
      const clientId = newId();
      await tx
        .insertInto('clients')
        .values({ id: clientId, first_name: `Race${i}`, last_name: 'Test', owner_agency_id: ids.agencies.northside!, created_at: now, updated_at: now })
        .execute();
      const referralId = newId();
      await tx
        .insertInto('referrals')
        .values({
          id: referralId,
          client_id: clientId,
          household_snapshot: JSON.stringify([{ clientId, relationshipToHoH: 1 }]),
          project_id: projectId,
          opening_id: openingId,
          referral_date: '2026-11-20',
          status_code: 'engaged',
          status_label: 'CES: Client Engaged, In Progress to Enrollment',
          status_changed_at: now,
          created_at: now,
          updated_at: now,
        })
        .execute();
      const enrollmentId = newId();
      await tx
        .insertInto('enrollments')
        .values({ id: enrollmentId, client_id: clientId, project_id: projectId, household_id: newId(), relationship_to_hoh: 1, entry_date: '2026-11-25', created_at: now, updated_at: now })
        .execute();
      pairs.push({ referralId, enrollmentId });
    }
  });

  const ctx = { actor: null, requestId: 'race', address: null, clock };
  // Each transaction holds its connection until all have started, so the 50 really overlap.
  let started = 0;
  let release!: () => void;
  const allStarted = new Promise<void>((r) => (release = r));
  const results = await Promise.allSettled(
    pairs.map((p) =>
      wide.transaction(async (tx) => {
        await tx.selectNoFrom((eb) => eb.val(1).as('one')).execute();
        if (++started === N) release();
        await allStarted;
        return markReferralEnrolled(tx, ctx, p.referralId, p.enrollmentId);
      }),
    ),
  );
  const ok = results.filter((r) => r.status === 'fulfilled');
  assert.equal(ok.length, 1, `exactly one enrollment succeeds (failures: ${[...new Set(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason?.code ?? (r as PromiseRejectedResult).reason?.message)))].join(', ')})`);
  const winner = pairs[results.findIndex((r) => r.status === 'fulfilled')]!;

  const opening = await db.database.db.selectFrom('openings').selectAll().where('id', '=', openingId).executeTakeFirstOrThrow();
  assert.equal(opening.state, 'filled');
  assert.equal(opening.filled_by_referral_id, winner.referralId);
  const enrolled = await db.database.db.selectFrom('referrals').select('id').where('opening_id', '=', openingId).where('status_code', '=', 'enrolled').execute();
  assert.deepEqual(enrolled.map((r) => r.id), [winner.referralId]);
  const others = await db.database.db.selectFrom('referrals').select('status_code').where('opening_id', '=', openingId).where('id', '!=', winner.referralId).execute();
  assert.equal(others.length, N - 1);
  assert.ok(others.every((r) => r.status_code === 'closed_opening_filled'), 'the others are closed as filled by another referral');
});
