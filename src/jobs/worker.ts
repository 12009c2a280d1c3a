import { hostname } from 'node:os';
import type { Clock } from '../clock.ts';
import type { Database } from '../data/db.ts';
import { claimDue, completeJob, failJob } from './queue.ts';
import { onWake } from './wake.ts';

export interface JobContext {
  database: Database;
  clock: Clock;
  payload: Record<string, unknown>;
  jobId: number;
}

export type JobHandler = (context: JobContext) => Promise<void>;

export interface RecurringJob {
  kind: string;
  /** The next time the job should run after `now`. */
  next(now: Date): Date;
}

/**
 * Works the durable queue: claims due jobs, runs their handler, completes or retries them.
 * `runDue` is what tests call with a moved clock; `start` polls on a timer in the server.
 */
export class JobWorker {
  readonly #handlers = new Map<string, JobHandler>();
  readonly #database: Database;
  readonly #clock: Clock;
  readonly id = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<number> | null = null;
  #unwake: (() => void) | undefined;
  #again = false;

  constructor(database: Database, clock: Clock) {
    this.#database = database;
    this.#clock = clock;
  }

  register(kind: string, handler: JobHandler): this {
    this.#handlers.set(kind, handler);
    return this;
  }

  /** Runs every due job once; returns how many ran. */
  async runDue(limit = 50): Promise<number> {
    const now = this.#clock.now();
    const jobs = await claimDue(this.#database.db, this.id, now, limit, [...this.#handlers.keys()]);
    for (const job of jobs) {
      const handler = this.#handlers.get(job.kind)!;
      try {
        await handler({ database: this.#database, clock: this.#clock, payload: job.payload, jobId: job.id });
        await completeJob(this.#database.db, job.id, this.#clock.now());
      } catch (error) {
        await failJob(this.#database.db, job, error, this.#clock.now());
      }
    }
    return jobs.length;
  }

  start(intervalMs = 5_000, onError: (e: unknown) => void = () => {}): void {
    const tick = () => {
      if (this.#running) {
        this.#again = true;
        return;
      }
      this.#running = this.runDue();
      this.#running.catch(onError).finally(() => {
        this.#running = null;
        if (this.#again) {
          this.#again = false;
          tick();
        }
      });
    };
    this.#timer = setInterval(tick, intervalMs);
    this.#timer.unref();
    // Jobs queued by this process's requests start at once.
    this.#unwake = onWake(tick);
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#unwake?.();
    await this.#running?.catch(() => {});
  }
}
