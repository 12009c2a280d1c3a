/**
 * Administration from the command line, on the same database configuration as the server
 * (embedded, or PostgreSQL with DATABASE_URL).
 *   npm run hmis -- create-admin --username NAME --display-name "Full Name" [--coc-code XX-999 --coc-name NAME]
 *     (the password is read from HEARTH_ADMIN_PASSWORD or standard input)
 *   npm run hmis -- migrate
 *   npm run hmis -- seed --scale small|medium|chicago [--seed N] [--today YYYY-MM-DD]
 *     (synthetic data for benchmarks: PostgreSQL only, into an empty database — src/cli/seed.ts)
 *   npm run hmis -- export --out FILE.zip [--from YYYY-MM-DD --to YYYY-MM-DD --projects ID,ID --hash
 *                          --period-type 1|3 --directive 1|2]
 *   npm run hmis -- import PATH(.zip or folder) [--dry-run] [--report FILE.json] [--encoding windows-1252]
 *     (HUD HMIS CSV: export FY2026; import FY2024/FY2026, rejected sets import nothing and exit 1.
 *      Embedded database: stop the server first — PGlite's data directory is single-process.)
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
    case 'seed': {
      const { values } = parseArgs({ args: rest, options: { scale: { type: 'string', default: 'small' }, seed: { type: 'string', default: '1' }, today: { type: 'string' } } });
      if (!config.databaseUrl) {
        console.error('seed loads PostgreSQL with COPY: set DATABASE_URL (the embedded database is not supported).');
        return 2;
      }
      const { PROFILES, seedDatabase } = await import('./seed.ts');
      if (!values.scale || !(values.scale in PROFILES)) {
        console.error(`seed needs --scale ${Object.keys(PROFILES).join('|')}`);
        return 2;
      }
      const database = await openDatabase(config); // migrates
      await database.close();
      await seedDatabase(config.databaseUrl, { scale: values.scale as keyof typeof PROFILES, seed: Number(values.seed), ...(values.today ? { today: values.today } : {}) });
      return 0;
    }
    case 'export': {
      const { values } = parseArgs({
        args: rest,
        options: {
          out: { type: 'string' },
          from: { type: 'string', default: '2000-01-01' },
          to: { type: 'string' },
          projects: { type: 'string' },
          hash: { type: 'boolean', default: false },
          'period-type': { type: 'string', default: '3' },
          directive: { type: 'string', default: '2' },
        },
      });
      if (!values.out) {
        console.error('export needs --out FILE.zip');
        return 2;
      }
      const fs = await import('node:fs');
      const { exportHud } = await import('../usecases/hud/export.ts');
      const database = await openDatabase(config);
      try {
        const ctx = { actor: null, requestId: 'cli', address: null, clock: systemClock };
        const out = fs.createWriteStream(values.out);
        const { todayOf } = await import('../usecases/today.ts');
        const result = await database.transaction(async (tx) =>
          exportHud(
            tx,
            ctx,
            {
              from: values.from!,
              to: values.to ?? (await todayOf(tx, ctx)),
              projectIds: values.projects ? values.projects.split(',').map((p) => p.trim()).filter(Boolean) : null,
              periodType: values['period-type'] === '1' ? 1 : 3,
              directive: values.directive === '1' ? 1 : 2,
              hashed: values.hash!,
            },
            out,
            (p) => {
              if (p.done) console.error(`  ${p.file}: ${p.rows} rows`);
            },
          ),
        );
        console.log(`Export ${result.exportId} written to ${values.out} (${result.projectCount} projects).`);
        if (result.eventsSkipped > 0) console.log(`${result.eventsSkipped} referrals left out of Event.csv (no CE enrollment in the export).`);
        return 0;
      } finally {
        await database.close();
      }
    }
    case 'import': {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { 'dry-run': { type: 'boolean', default: false }, report: { type: 'string' }, encoding: { type: 'string' } } });
      const path = positionals[0];
      if (!path) {
        console.error('import needs a PATH (a zip or a folder of CSV files)');
        return 2;
      }
      const fs = await import('node:fs');
      const { importHud, importReportText, HudApplyError } = await import('../usecases/hud/import.ts');
      const { pathSource, HudSourceError } = await import('../usecases/hud/source.ts');
      const { hudTextEncoding, HUD_TEXT_ENCODINGS } = await import('../domain/hud/csv.ts');
      const encoding = values.encoding === undefined ? 'utf-8' : hudTextEncoding(values.encoding);
      if (!encoding) {
        console.error(`--encoding must be one of ${HUD_TEXT_ENCODINGS.join(', ')} (latin1 is read as windows-1252)`);
        return 2;
      }
      let source;
      try {
        source = await pathSource(path, { encoding: encoding === 'utf-8' ? undefined : encoding });
      } catch (e) {
        if (!(e instanceof HudSourceError)) throw e;
        console.error(`Nothing was imported: ${e.message}`);
        return 1;
      }
      const database = await openDatabase(config);
      try {
        const ctx = { actor: null, requestId: 'cli', address: null, clock: systemClock };
        const report = await importHud(database, ctx, source, {
          dryRun: values['dry-run']!,
          onProgress: (p) => {
            if (p.phase === 'apply') console.error(`  ${p.file}: ${p.rows} rows`);
          },
        });
        process.stdout.write(importReportText(report));
        if (values.report) fs.writeFileSync(values.report, JSON.stringify(report, null, 2));
        return report.accepted ? 0 : 1;
      } catch (e) {
        if (e instanceof HudApplyError) {
          console.error(`Nothing was imported: ${e.message}`);
          return 1;
        }
        throw e;
      } finally {
        source.close();
        await database.close();
      }
    }
    default:
      console.error('usage: npm run hmis -- <migrate|create-admin|seed|export|import> [options]');
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
