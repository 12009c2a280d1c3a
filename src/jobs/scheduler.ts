/**
 * A minimal in-process scheduler for periodic housekeeping (e.g. disabling inactive accounts). Each
 * job runs once soon after start-up, then every `everyMs`; a run never overlaps the previous one and
 * a failing run is logged, not fatal. Not durable and single-process: the durable job queue (issue 6)
 * replaces it for work that must survive restarts or run once across several servers.
 */
import { safeError } from '../safe-error.ts';
import type { Clock } from '../clock.ts';
import type { Database } from '../data/db.ts';
import { newId } from '../domain/ids.ts';
import { disableInactiveAccounts } from '../usecases/auth/inactive-accounts.ts';
import type { RequestContext } from '../usecases/context.ts';

export interface ScheduledJob {
  name: string;
  everyMs: number;
  run(ctx: RequestContext): Promise<unknown>;
}

export interface SchedulerLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface RunningScheduler {
  /** Runs a job now (tests, CLI); resolves when it is done. */
  runNow(name: string): Promise<void>;
  stop(): Promise<void>;
}

const HOUR = 3_600_000;

export function housekeepingJobs(database: Database): ScheduledJob[] {
  return [
    {
      name: 'disable-inactive-accounts',
      everyMs: HOUR,
      run: (ctx) => disableInactiveAccounts(database, ctx),
    },
  ];
}

export function startScheduler(jobs: ScheduledJob[], clock: Clock, log: SchedulerLog, firstRunDelayMs = 5_000): RunningScheduler {
  const running = new Map<string, Promise<void>>();
  const timers: NodeJS.Timeout[] = [];
  let stopped = false;

  const runJob = (job: ScheduledJob): Promise<void> => {
    const inFlight = running.get(job.name);
    if (inFlight) return inFlight;
    const ctx: RequestContext = { actor: null, requestId: `job:${job.name}:${newId()}`, address: null, clock };
    const p = job
      .run(ctx)
      .then((result) => {
        if (Array.isArray(result) && result.length > 0) log.info({ job: job.name, count: result.length }, 'scheduled job done');
      })
      .catch((err: unknown) => log.error({ job: job.name, err: safeError(err) }, 'scheduled job failed'))
      .finally(() => running.delete(job.name));
    running.set(job.name, p);
    return p;
  };

  for (const job of jobs) {
    const first = setTimeout(() => {
      if (!stopped) void runJob(job);
    }, firstRunDelayMs);
    const every = setInterval(() => {
      if (!stopped) void runJob(job);
    }, job.everyMs);
    first.unref();
    every.unref();
    timers.push(first, every);
  }

  return {
    async runNow(name) {
      const job = jobs.find((j) => j.name === name);
      if (!job) throw new Error(`no scheduled job named ${name}`);
      await runJob(job);
    },
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      await Promise.all(running.values());
    },
  };
}
