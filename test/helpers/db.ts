import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { connectPostgres, openPGlite, type Database } from '../../src/data/db.ts';
import { ensureAppRole, migrateToLatest } from '../../src/data/migrate.ts';

/**
 * One fresh, migrated database per test file: on PostgreSQL a clone of a template migrated once per
 * run (CREATE DATABASE … TEMPLATE), on PGlite a copy of a migrated data directory kept on disk.
 */
export const APP_ROLE = 'hearth_app';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function testDatabaseKind(): 'postgres' | 'pglite' {
  return process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';
}

export interface TestDatabase {
  database: Database;
  /** A connection as the database owner, for what the application role may not do (tests only). */
  owner: Database;
  url?: string;
  close(): Promise<void>;
}

/** Hash of the migration sources: a changed migration gets a new template. */
export function migrationsHash(): string {
  const dir = path.join(ROOT, 'src/data/migrations');
  const h = createHash('sha256');
  for (const f of fs.readdirSync(dir).sort()) h.update(f).update(fs.readFileSync(path.join(dir, f)));
  h.update(fs.readFileSync(path.join(ROOT, 'src/data/migrate.ts')));
  return h.digest('hex').slice(0, 12);
}

export const templateName = () => `hearth_template_${migrationsHash()}`;

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = '/' + name;
  return u.toString();
}

/** Creates the migrated template database once (idempotent, safe from several processes). */
export async function ensureTemplate(adminUrl: string): Promise<string> {
  const name = templateName();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query('select pg_advisory_lock(7474)');
    const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) {
      await admin.query(`create database ${name}`);
      const owner = connectPostgres({ url: withDatabase(adminUrl, name), max: 1 });
      try {
        await migrateToLatest(owner.db as never);
        await ensureAppRole(owner.db as never, APP_ROLE);
      } finally {
        await owner.close();
      }
      await admin.query(`alter database ${name} is_template true`);
    }
  } finally {
    await admin.query('select pg_advisory_unlock(7474)').catch(() => {});
    await admin.end();
  }
  return name;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl) {
    const template = await ensureTemplate(adminUrl);
    const name = `hearth_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    // CREATE DATABASE … TEMPLATE needs the template to have no other connection; retry briefly.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`create database ${name} template ${template}`);
        break;
      } catch (e) {
        if (attempt > 50 || !/being accessed by other users/.test((e as Error).message)) throw e;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
      }
    }
    await admin.end();
    const url = withDatabase(adminUrl, name);
    const database = connectPostgres({ url, role: APP_ROLE });
    const owner = connectPostgres({ url, max: 2 });
    return {
      database,
      owner,
      url,
      async close() {
        await database.close();
        await owner.close();
        const a = new pg.Client({ connectionString: adminUrl });
        await a.connect();
        await a.query(`drop database if exists ${name} with (force)`);
        await a.end();
      },
    };
  }
  const database = await openPGlite({ loadDataDir: await pgliteTemplate() });
  await database.switchRole(APP_ROLE);
  // PGlite has one connection: the "owner" is the same instance seen through a role switch.
  const owner: Database = {
    ...database,
    transaction: async (fn) => {
      await database.pglite.exec('reset role');
      try {
        return await database.transaction(fn);
      } finally {
        await database.switchRole(APP_ROLE);
      }
    },
  };
  return { database, owner, close: () => database.close() };
}

async function pgliteTemplate(): Promise<Blob> {
  const file = path.join(ROOT, '.tmp', `pglite-template-${migrationsHash()}.tar.gz`);
  if (!fs.existsSync(file)) {
    const fresh = await openPGlite({});
    await migrateToLatest(fresh.db as never);
    await ensureAppRole(fresh.db as never, APP_ROLE);
    const dump = await fresh.pglite.dumpDataDir('gzip');
    await fresh.close();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}`;
    fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(tmp, file);
  }
  return new Blob([fs.readFileSync(file)]);
}
