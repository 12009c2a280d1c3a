import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startApp, type TestApp } from '../helpers/app.ts';
import { visibilityReasonSql, visibleClientsFilter } from '../../src/data/gateway/clients.ts';
import type { Actor, Membership, Role } from '../../src/domain/access.ts';
import { newId } from '../../src/domain/ids.ts';

/**
 * The gateway states the visibility rules twice: as the reason shown and audited for one record
 * (`visibilityReasonSql`) and as the yes/no filter lists and searches use (`visibleClientsFilter`,
 * cheapest branches first, the referral branch as a set). Both must let through exactly the same
 * clients, for every user, including a client whom only a referral opens to an agency.
 */
describe('visibility: the filter and the reason agree', () => {
  let t: TestApp;
  before(async () => {
    t = await startApp();
  });
  after(async () => {
    await t?.close();
  });

  async function actorOf(userId: string): Promise<Actor> {
    const db = t.db.owner.db;
    const rows = await db
      .selectFrom('memberships as m')
      .leftJoin('membership_projects as mp', 'mp.membership_id', 'm.id')
      .select(['m.id', 'm.agency_id', 'm.role', 'mp.project_id'])
      .where('m.user_id', '=', userId)
      .execute();
    const byId = new Map<string, Membership>();
    for (const r of rows) {
      const m = byId.get(r.id) ?? { agencyId: r.agency_id, role: r.role as Role, projectIds: [] };
      if (r.project_id) m.projectIds.push(r.project_id);
      byId.set(r.id, m);
    }
    for (const m of byId.values()) {
      if (m.role === 'agency_admin') m.projectIds = (await db.selectFrom('projects').select('id').where('agency_id', '=', m.agencyId).execute()).map((p) => p.id);
    }
    return { userId, username: userId, memberships: [...byId.values()] };
  }

  async function compare(actor: Actor, day: string) {
    const rows = await t.db.owner.db
      .selectFrom('clients as c')
      .select(['c.id', visibilityReasonSql(actor, day).as('reason'), sql<boolean>`${visibleClientsFilter(actor, day)}`.as('visible')])
      .execute();
    for (const r of rows) assert.equal(r.visible, r.reason !== null, `client ${r.id}: filter ${r.visible}, reason ${r.reason}`);
    return rows;
  }

  test('for every demo user, on the demo data and with a referral that opens a record without consent', async () => {
    const users = Object.values(t.ids.users);
    assert.ok(users.length >= 5);
    for (const day of ['2026-11-25', '2028-01-01']) for (const u of users) await compare(await actorOf(u), day);

    // A client the provider's agency cannot see (another owner, no release) …
    const provider = await actorOf(t.ids.users.provider!);
    const agencyIds = provider.memberships.map((m) => m.agencyId);
    const rows = await compare(provider, '2026-11-25');
    const hidden = rows.find((r) => r.reason === null)!;
    assert.ok(hidden, 'a client hidden from the provider');
    const project = await t.db.owner.db.selectFrom('projects').select('id').where('agency_id', 'in', agencyIds).executeTakeFirstOrThrow();
    // … and a household member in the snapshot of a referral to the provider's project.
    const member = rows.find((r) => r.reason === null && r.id !== hidden.id)!;
    const other = await t.db.owner.db.selectFrom('clients').select('id').where('id', 'not in', [hidden.id, member.id]).executeTakeFirstOrThrow();
    await t.db.owner.transaction((tx) =>
      tx
        .insertInto('referrals')
        .values({
          id: newId(),
          client_id: other.id,
          household_snapshot: JSON.stringify([{ clientId: other.id }, { clientId: hidden.id }]),
          project_id: project.id,
          referral_date: '2026-11-20',
          status_code: 'matched',
          status_label: 'Matched',
          status_changed_at: new Date(),
          created_at: new Date(),
          updated_at: new Date(),
        } as never)
        .execute(),
    );
    const after1 = await compare(provider, '2026-11-25');
    assert.match(after1.find((r) => r.id === hidden.id)!.reason ?? '', /^referral R-/, 'the referral opens the household member’s record');
    assert.equal(after1.find((r) => r.id === member.id)!.reason, null, 'not a member of the referral’s household');
  });
});
