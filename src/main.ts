import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from './config.ts';
import { systemClock } from './clock.ts';
import { openDatabase, openReplica } from './data/open.ts';
import { buildApp } from './http/app.ts';
import { safeError } from './safe-error.ts';
import { loadDemoIfEmpty, DEMO_PASSWORD, DEMO_USERS } from './demo/seed.ts';
import { assertNodeVersion } from './preflight.ts';
import { housekeepingJobs, startScheduler } from './jobs/scheduler.ts';
import { createJobWorker, scheduleRecurringJobs } from './jobs/registry.ts';

assertNodeVersion();
const config = loadConfig();
const database = await openDatabase(config);
const replica = openReplica(config);
let demo = false;
if (database.kind === 'pglite') {
  demo = await loadDemoIfEmpty(database, systemClock, { dataDir: config.dataDir });
}
const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/web');
const app = await buildApp({ database, replica, clock: systemClock, config, webRoot, logger: { level: config.logLevel } });
const address = await app.listen({ port: config.port, host: config.host });
// With PORT=0 the port is known only now: links in e-mails and reset links use the real one, and the
// sign-in origin check compares with it (the address printed below, the one a browser opens).
const printed = address.replace('127.0.0.1', 'localhost');
if (!process.env.HEARTH_PUBLIC_URL) config.publicUrl = printed;
const scheduler = startScheduler(housekeepingJobs(database), systemClock, app.log);
const worker = createJobWorker(database, systemClock, config, undefined, replica);
await scheduleRecurringJobs(database, systemClock.now());
worker.start(5_000, (e) => app.log.error({ err: safeError(e) }, 'job worker'));

console.log(`\nHearth is running at ${printed}`);
console.log(`Database: ${database.kind === 'pglite' ? `embedded (PGlite) in ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)'}${replica ? '; reports and HUD exports read from the replica (DATABASE_REPLICA_URL)' : ''}`);
if (database.kind === 'pglite') {
  console.log(demo ? 'Demo CoC loaded. Sign in as:' : 'Demo CoC. Sign in as:');
  for (const u of DEMO_USERS) console.log(`  ${u.username.padEnd(12)} ${u.description}`);
  console.log(`  password for all: ${DEMO_PASSWORD}\n`);
}

const shutdown = async () => {
  await scheduler.stop();
  await worker.stop();
  await app.close();
  await database.close();
  await replica?.close();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
