/**
 * The timeliness sweep on its own (issue 10): `node bench/sweep.ts [--mode domain|sweep] [--reps 5]`
 * against DATABASE_URL.
 *
 * - `domain` (default, read-only): reads the open referrals and their histories, then times the deadline
 *   evaluation of every open referral (`missedSteps` and `evaluate`, what the sweep did for each before
 *   it judged from date and status first) with a fresh calendar and engine per repetition (as each sweep
 *   builds them: cold) and again on the same engine (warm); then the sweep's pre-filter `stepsToCheck`.
 *   Safe on a shared database.
 * - `sweep` (writes: escalations, flags, notices): runs `runTimelinessSweep` `--reps` times, as
 *   bench/run.ts does — the first run catches up what is due, the next ones are the steady state.
 */
import { parseArgs } from 'node:util';
import { systemClock } from '../src/clock.ts';
import { loadConfig } from '../src/config.ts';
import { connectPostgres } from '../src/data/db.ts';
import { holidayCalendarFor, loadDefaultReferralConfig, parseReferralConfigOrThrow } from '../src/domain/referrals/config.ts';
import { timelinessEngine } from '../src/domain/timeliness/deadlines.ts';
import { runTimelinessSweep } from '../src/usecases/referrals/sweep.ts';

const { values: args } = parseArgs({
  options: {
    mode: { type: 'string', default: 'domain' },
    reps: { type: 'string', default: '5' },
  },
});
const reps = Number(args.reps);
const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is required');
  process.exit(2);
}
const database = connectPostgres({ url, role: loadConfig().appRole, max: 4 });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => Math.round(x * 10) / 10;

try {
  if (args.mode === 'sweep') {
    const times: number[] = [];
    for (let i = 0; i < reps; i++) {
      const t = performance.now();
      const r = await runTimelinessSweep(database, systemClock, 'http://localhost:3000');
      times.push(performance.now() - t);
      console.log(`sweep ${i + 1}: ${ms(times[i]!)} ms (escalated ${r.escalated}, flagged ${r.flagged}, due soon ${r.dueSoon})`);
    }
    console.log(`sweep: first ${ms(times[0]!)} ms, steady median ${ms(median(times.slice(1)))} ms`);
  } else {
    const now = systemClock.now();
    // As readSettings, but without inserting the default configuration row when there is none (read-only).
    const settings = async () => {
      const row = await database.db.selectFrom('referral_config').select('config').where('id', '=', 1).executeTakeFirst();
      const config = row ? parseReferralConfigOrThrow(row.config) : loadDefaultReferralConfig();
      const edits = await database.db.selectFrom('holidays').select(['day', 'name', 'kind']).execute();
      const holidays = holidayCalendarFor(config, {
        added: edits.filter((e) => e.kind === 'closed').map((e) => ({ date: e.day, name: e.name })),
        removed: edits.filter((e) => e.kind === 'open').map((e) => e.day),
      });
      return timelinessEngine({ config, holidays });
    };
    const t0 = performance.now();
    const open = await database.db
      .selectFrom('referrals')
      .select(['id', 'referral_date', 'status_code'])
      .where('closed_at', 'is', null)
      .where('outside_timeliness', '=', false)
      .execute();
    const history = await database.db
      .selectFrom('referral_status_history as h')
      .innerJoin('referrals as r', 'r.id', 'h.referral_id')
      .select(['h.referral_id', 'h.to_code', 'h.changed_at'])
      .where('r.closed_at', 'is', null)
      .where('r.outside_timeliness', '=', false)
      .orderBy('h.seq')
      .execute();
    const readMs = performance.now() - t0;
    const historyOf = new Map<string, { to: string; at: Date }[]>();
    for (const h of history) {
      const list = historyOf.get(h.referral_id) ?? [];
      list.push({ to: h.to_code, at: h.changed_at });
      historyOf.set(h.referral_id, list);
    }
    const facts = open.map((r) => ({ referralDate: r.referral_date, status: r.status_code, history: historyOf.get(r.id) ?? [] }));
    const pass = (engine: ReturnType<typeof timelinessEngine>) => {
      let n = 0;
      const t = performance.now();
      for (const f of facts) {
        n += engine.missedSteps(f, now).length;
        n += engine.evaluate(f, now).filter((s) => s.state === 'due_soon').length;
      }
      return { ms: performance.now() - t, n };
    };
    const cold: number[] = [];
    const warm: number[] = [];
    let found = -1;
    for (let i = 0; i < reps; i++) {
      // A fresh calendar and engine, as each sweep gets from readSettings: the cold figure is the sweep's.
      const engine = await settings();
      const c = pass(engine);
      const w = pass(engine);
      if (found >= 0 && (c.n !== found || w.n !== found)) throw new Error('repetitions disagree');
      found = c.n;
      cold.push(c.ms);
      warm.push(w.ms);
    }
    console.log(`${facts.length} open referrals, ${history.length} status changes (read in ${ms(readMs)} ms); ${found} missed/due-soon steps`);
    console.log(`domain: cold median ${ms(median(cold))} ms (${ms((median(cold) / facts.length) * 1000)} µs/referral), warm median ${ms(median(warm))} ms; cold ${cold.map(ms).join(', ')}`);
    // The sweep's own pre-filter: the steps that may need action, from the date and status alone.
    const check: number[] = [];
    let steps = 0;
    for (let i = 0; i < reps; i++) {
      const engine = await settings();
      const t = performance.now();
      steps = 0;
      for (const f of facts) steps += engine.stepsToCheck(f, now).length;
      check.push(performance.now() - t);
    }
    console.log(`stepsToCheck over all open referrals: cold median ${ms(median(check))} ms; ${steps} steps past their due-soon start`);
  }
} finally {
  await database.close();
}
