import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startApp, type TestApp } from '../helpers/app.ts';

/**
 * The CoC configuration is kept in memory per process and checked against `settings_version` (migration
 * 0016) in every request's session query: a change, however it is made, is seen by the next request.
 */
describe('the CoC configuration cache follows settings_version', () => {
  let t: TestApp;
  before(async () => {
    t = await startApp();
  });
  after(async () => t?.close());

  const version = async () => Number((await sql<{ version: number }>`select version from settings_version`.execute(t.db.owner.db)).rows[0]!.version);

  test('every change to coc, referral_config or holidays moves the version; a rolled-back one does not', async () => {
    const v0 = await version();
    await sql`update coc set name = name`.execute(t.db.owner.db);
    const v1 = await version();
    assert.ok(v1 > v0, 'coc');
    await sql`insert into holidays (day, name, kind, updated_at) values ('2031-03-03', 'Test day', 'closed', now())`.execute(t.db.owner.db);
    const v2 = await version();
    assert.ok(v2 > v1, 'holidays insert');
    await sql`delete from holidays where day = '2031-03-03'`.execute(t.db.owner.db);
    const v3 = await version();
    assert.ok(v3 > v2, 'holidays delete');
    await sql`update referral_config set updated_at = updated_at`.execute(t.db.owner.db);
    const v4 = await version();
    assert.ok(v4 > v3, 'referral_config');
    await assert.rejects(
      t.db.owner.transaction(async (tx) => {
        await sql`update coc set name = name`.execute(tx);
        throw new Error('roll back');
      }),
      /roll back/,
    );
    assert.equal(await version(), v4, 'a rolled-back change leaves the version');
  });

  test('security settings changed in plain SQL reach an existing session on its next request', async () => {
    const provider = await t.as('provider');
    assert.equal((await provider.get('/api/v1/counts-reports')).status, 200, 'cached settings: no MFA required');
    const original = (await sql<{ settings: unknown; demo: boolean }>`select settings, demo from coc`.execute(t.db.owner.db)).rows[0]!;
    await sql`update coc set demo = false, settings = ${JSON.stringify({ security: { mfaRequiredRoles: ['case_manager'] } })}::jsonb`.execute(t.db.owner.db);
    try {
      const limited = await provider.get('/api/v1/counts-reports');
      assert.equal(limited.status, 403);
      assert.equal(limited.body.mfaEnrollmentRequired, true);
    } finally {
      await sql`update coc set demo = ${original.demo}, settings = ${JSON.stringify(original.settings)}::jsonb`.execute(t.db.owner.db);
    }
    assert.equal((await provider.get('/api/v1/counts-reports')).status, 200, 'and back on the next request');
  });

  test('the referral configuration changed in plain SQL is served on the next request', async () => {
    const provider = await t.as('provider');
    const first = await provider.get('/api/v1/referral-statuses');
    assert.equal(first.status, 200);
    const code = first.body.items[0].code as string;
    assert.notEqual(first.body.items[0].label, 'Renamed in SQL');
    assert.equal((await provider.get('/api/v1/referral-statuses')).body.items[0].label, first.body.items[0].label, 'served again (from the cache)');
    await sql`update referral_config set config = jsonb_set(config, '{statuses,0,label}', '"Renamed in SQL"')`.execute(t.db.owner.db);
    const second = await provider.get('/api/v1/referral-statuses');
    assert.equal(second.body.items[0].code, code);
    assert.equal(second.body.items[0].label, 'Renamed in SQL');
  });
});
