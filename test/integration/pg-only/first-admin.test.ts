import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startApp, type TestApp } from '../../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { totpCodeAt } from '../../../src/domain/totp.ts';

let db: TestDatabase;
let t: TestApp;
before(async () => {
  db = await createTestDatabase();
});
after(async () => {
  await t?.close();
  await db.close();
});

test('with DATABASE_URL no demo is loaded; the first administrator comes from the CLI', async () => {
  const weak = spawnSync(process.execPath, ['src/cli/hmis.ts', 'create-admin', '--username', 'root-admin'], {
    env: { ...process.env, DATABASE_URL: db.url!, HEARTH_ADMIN_PASSWORD: 'password' },
    encoding: 'utf8',
  });
  assert.equal(weak.status, 1);
  assert.match(weak.stderr, /too common|at least 8/);

  const ok = spawnSync(process.execPath, ['src/cli/hmis.ts', 'create-admin', '--username', 'root-admin', '--display-name', 'Robin Root', '--coc-code', 'IL-510', '--coc-name', 'Chicago CoC'], {
    env: { ...process.env, DATABASE_URL: db.url! },
    input: 'a long and unusual passphrase\n',
    encoding: 'utf8',
  });
  assert.equal(ok.status, 0, ok.stderr);

  t = await startApp({ database: db, demo: false });
  const c = t.client();
  const login = await c.login('root-admin', 'a long and unusual passphrase');
  assert.equal(login.status, 200);
  // Outside demo mode an administrator sets up two-step verification before anything else.
  assert.equal(login.body.mfaEnrollmentRequired, true);
  assert.equal((await c.get('/api/v1/agencies')).status, 403);
  const enrol = await c.post('/api/v1/me/mfa/enroll');
  assert.equal((await c.post('/api/v1/me/mfa/confirm', { code: totpCodeAt(enrol.body.secret, t.clock.now()) })).status, 204);
  const agencies = await c.get('/api/v1/agencies');
  assert.deepEqual(agencies.body.items.map((a: { name: string }) => a.name), ['CoC Lead Agency']);
  const me = await c.get('/api/v1/me');
  assert.equal(me.body.memberships[0].role, 'hmis_admin');
  assert.equal((await c.login('admin')).status, 401, 'no demo users exist');
});
