/**
 * Administration from the command line, on the same database configuration as the server
 * (embedded, or PostgreSQL with DATABASE_URL).
 *   npm run hmis -- create-admin --username NAME --display-name "Full Name" [--coc-code XX-999 --coc-name NAME]
 *     (the password is read from HEARTH_ADMIN_PASSWORD or standard input)
 *   npm run hmis -- migrate
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { systemClock } from '../clock.ts';
import { openDatabase } from '../data/open.ts';
import { assertNodeVersion } from '../preflight.ts';
import { createFirstAdmin } from '../usecases/organisation/first-admin.ts';

assertNodeVersion();
const [command, ...rest] = process.argv.slice(2);

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function main(): Promise<number> {
  const config = loadConfig();
  switch (command) {
    case 'migrate': {
      const database = await openDatabase(config);
      await database.close();
      console.log('Database migrated.');
      return 0;
    }
    case 'create-admin': {
      const { values } = parseArgs({
        args: rest,
        options: { username: { type: 'string' }, 'display-name': { type: 'string' }, 'coc-code': { type: 'string' }, 'coc-name': { type: 'string' }, 'agency-name': { type: 'string' } },
      });
      if (!values.username) {
        console.error('create-admin needs --username');
        return 2;
      }
      const password = process.env.HEARTH_ADMIN_PASSWORD ?? (await readStdin());
      const database = await openDatabase(config);
      try {
        const result = await createFirstAdmin(database, systemClock, {
          username: values.username,
          displayName: values['display-name'] ?? values.username,
          password,
          cocCode: values['coc-code'] ?? 'XX-999',
          cocName: values['coc-name'] ?? 'Continuum of Care',
          agencyName: values['agency-name'] ?? 'CoC Lead Agency',
        });
        console.log(`Administrator ${values.username} created (user ${result.userId}).`);
        return 0;
      } finally {
        await database.close();
      }
    }
    default:
      console.error('usage: npm run hmis -- <migrate|create-admin> [options]');
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    console.error(e.message);
    process.exit(1);
  },
);
