/**
 * Runs every test tier and prints one closing line: "N passed, N failed".
 *   unit         pure rules, no I/O
 *   integration  real PostgreSQL (TEST_DATABASE_URL, else 127.0.0.1:5432 if it answers, else PGlite — said loudly)
 *   e2e          the started server in Debian's chromium
 * Usage: node scripts/test.ts [unit|integration|e2e ...] [--pglite]
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { assertNodeVersion } from '../src/preflight.ts';
import { ensureTemplate } from '../test/helpers/db.ts';

assertNodeVersion();
const args = process.argv.slice(2);
const forcePglite = args.includes('--pglite');
const tiers = args.filter((a) => !a.startsWith('--'));
const selected = tiers.length ? tiers : ['unit', 'integration', 'e2e'];
const DEFAULT_PG = 'postgres://postgres@127.0.0.1:5432/postgres';
fs.mkdirSync('.tmp', { recursive: true });

interface Counts {
  pass: number;
  fail: number;
  skipped: number;
  todo: number;
}
const totals: Counts = { pass: 0, fail: 0, skipped: 0, todo: 0 };
const lines: string[] = [];

function files(dir: string, exclude?: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith('.test.ts'))
    .map((d) => path.join(d.parentPath, d.name))
    .filter((f) => !exclude || !f.includes(exclude))
    .sort();
}

async function postgresAnswers(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await c.connect();
    await c.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

function run(name: string, testFiles: string[], env: NodeJS.ProcessEnv, concurrency: number): Promise<Counts> {
  const tap = path.resolve('.tmp', `${name}.tap`);
  return new Promise((resolve) => {
    if (testFiles.length === 0) {
      resolve({ pass: 0, fail: 0, skipped: 0, todo: 0 });
      return;
    }
    const child = spawn(
      process.execPath,
      ['--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...testFiles],
      { stdio: 'inherit', env: { ...process.env, ...env } },
    );
    child.on('exit', (code) => {
      const text = fs.existsSync(tap) ? fs.readFileSync(tap, 'utf8') : '';
      const n = (k: string) => Number(new RegExp(`^# ${k} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
      const counts = { pass: n('pass'), fail: n('fail'), skipped: n('skipped'), todo: n('todo') };
      if (code !== 0 && counts.fail === 0) counts.fail = 1; // the runner itself failed
      resolve(counts);
    });
  });
}

function add(name: string, c: Counts) {
  totals.pass += c.pass;
  totals.fail += c.fail;
  totals.skipped += c.skipped;
  totals.todo += c.todo;
  lines.push(`${name.padEnd(34)} ${c.pass} passed, ${c.fail} failed${c.skipped ? `, ${c.skipped} skipped` : ''}`);
}

for (const tier of selected) {
  if (tier === 'unit') {
    add('unit', await run('unit', files('test/unit'), {}, 2));
  } else if (tier === 'integration') {
    const url = forcePglite ? undefined : process.env.TEST_DATABASE_URL || ((await postgresAnswers(DEFAULT_PG)) ? DEFAULT_PG : undefined);
    const all = files('test/integration');
    const pgOnly = files('test/integration/pg-only');
    if (url) {
      console.log(`\n▶ integration tier on PostgreSQL (${new URL(url).host})`);
      const template = await ensureTemplate(url);
      add('integration (PostgreSQL)', await run('integration', all, { TEST_DATABASE_URL: url, HEARTH_TEST_TEMPLATE: template }, 2));
    } else {
      console.log('\n▶ integration tier on PGlite (embedded PostgreSQL): ' + (forcePglite ? 'asked for with --pglite' : `no PostgreSQL server answered at ${new URL(DEFAULT_PG).host}`));
      const env = { TEST_DATABASE_URL: '' };
      add('integration (PGlite)', await run('integration-pglite', all.filter((f) => !pgOnly.includes(f)), env, 2));
      if (pgOnly.length) {
        const msg = `PostgreSQL-only group NOT RUN on this machine (${pgOnly.length} files): ${pgOnly.map((f) => path.basename(f)).join(', ')}`;
        console.log(`\n⚠ ${msg}`);
        lines.push(msg);
      }
    }
  } else if (tier === 'e2e') {
    if (!fs.existsSync('/usr/bin/chromium') && !process.env.CHROMIUM_PATH) {
      console.error('\n✖ end-to-end tier needs Debian chromium: apt-get install -y chromium (or set CHROMIUM_PATH)');
      add('e2e (chromium missing)', { pass: 0, fail: 1, skipped: 0, todo: 0 });
      continue;
    }
    console.log('\n▶ building the web app for the end-to-end tier');
    const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
    if (build.status !== 0) {
      add('e2e (build failed)', { pass: 0, fail: 1, skipped: 0, todo: 0 });
      continue;
    }
    add('e2e (chromium)', await run('e2e', files('test/e2e'), {}, 1));
  } else {
    console.error(`unknown tier ${tier}`);
    process.exit(2);
  }
}

console.log('\n' + lines.join('\n'));
console.log(`${totals.pass} passed, ${totals.fail} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.fail > 0 ? 1 : 0);
