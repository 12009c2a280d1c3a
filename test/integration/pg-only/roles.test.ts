import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(() => db.close());

test('the application connects as a role that is neither superuser nor owner', async () => {
  const row = (await sql<{ current_user: string; rolsuper: boolean; owns: boolean }>`
    select current_user, r.rolsuper,
      exists (select 1 from pg_tables where schemaname = 'public' and tableowner = current_user) as owns
    from pg_roles r where r.rolname = current_user`.execute(db.database.db)).rows[0]!;
  assert.equal(row.current_user, 'hearth_app');
  assert.equal(row.rolsuper, false);
  assert.equal(row.owns, false);
  await assert.rejects(sql`create table intruder (id int)`.execute(db.database.db), /permission denied/);
});

test('the application role cannot UPDATE, DELETE or TRUNCATE the audit log; the trigger refuses the owner too', async () => {
  await sql`insert into audit_log (action) values ('test.event')`.execute(db.database.db);
  await assert.rejects(sql`update audit_log set action = 'forged'`.execute(db.database.db), /permission denied/);
  await assert.rejects(sql`delete from audit_log`.execute(db.database.db), /permission denied/);
  await assert.rejects(sql`truncate audit_log`.execute(db.database.db), /permission denied/);
  await assert.rejects(sql`update audit_log set action = 'forged'`.execute(db.owner.db), /append-only/);
  await assert.rejects(sql`delete from audit_log`.execute(db.owner.db), /append-only/);
  const rows = (await sql<{ action: string }>`select action from audit_log`.execute(db.owner.db)).rows;
  assert.deepEqual(rows.map((r) => r.action), ['test.event']);
});
