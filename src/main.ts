import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from './config.ts';
import { systemClock } from './clock.ts';
import { openDatabase } from './data/open.ts';
import { buildApp } from './http/app.ts';
import { loadDemoIfEmpty, DEMO_PASSWORD, DEMO_USERS } from './demo/seed.ts';
import { assertNodeVersion } from './preflight.ts';

assertNodeVersion();
const config = loadConfig();
const database = await openDatabase(config);
let demo = false;
if (database.kind === 'pglite') {
  demo = await loadDemoIfEmpty(database, systemClock);
}
const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/web');
const app = await buildApp({ database, clock: systemClock, config, webRoot, logger: { level: config.logLevel } });
const address = await app.listen({ port: config.port, host: config.host });

console.log(`\nHearth is running at ${address.replace('127.0.0.1', 'localhost')}`);
console.log(`Database: ${database.kind === 'pglite' ? `embedded (PGlite) in ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)'}`);
if (database.kind === 'pglite') {
  console.log(demo ? 'Demo CoC loaded. Sign in as:' : 'Demo CoC. Sign in as:');
  for (const u of DEMO_USERS) console.log(`  ${u.username.padEnd(12)} ${u.description}`);
  console.log(`  password for all: ${DEMO_PASSWORD}\n`);
}

const shutdown = async () => {
  await app.close();
  await database.close();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
