import path from 'node:path';
import type { AppConfig } from '../config.ts';
import { connectPostgres, openPGlite, type Database } from './db.ts';
import { ensureAppRole, migrateToLatest } from './migrate.ts';

/**
 * Opens the configured database, migrated to the latest schema, connected as the application role.
 * PostgreSQL: migrations run through a short-lived owner connection, then the pool switches role at
 * connect. PGlite: one connection, migrated as its superuser, then switched to the application role.
 */
export async function openDatabase(config: AppConfig): Promise<Database> {
  if (config.databaseUrl) {
    const owner = connectPostgres({ url: config.databaseUrl, max: 1, applicationName: 'hearth-migrate' });
    try {
      await migrateToLatest(owner.db as never);
      await ensureAppRole(owner.db as never, config.appRole);
    } finally {
      await owner.close();
    }
    return connectPostgres({ url: config.databaseUrl, role: config.appRole });
  }
  const database = await openPGlite({ dataDir: path.join(config.dataDir, 'pglite') });
  await migrateToLatest(database.db as never);
  await ensureAppRole(database.db as never, config.appRole);
  await database.switchRole(config.appRole);
  return database;
}

/** The read replica (`DATABASE_REPLICA_URL`), connected as the application role; none without it. */
export function openReplica(config: AppConfig): Database | undefined {
  if (!config.databaseReplicaUrl) return undefined;
  if (!config.databaseUrl) throw new Error('DATABASE_REPLICA_URL needs DATABASE_URL: a replica is a copy of a PostgreSQL primary.');
  return connectPostgres({ url: config.databaseReplicaUrl, role: config.appRole, applicationName: 'hearth-replica', max: 4 });
}
