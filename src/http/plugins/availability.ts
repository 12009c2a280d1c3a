import type { FastifyInstance } from 'fastify';
import type { Database } from '../../data/db.ts';
import { sendProblem } from '../problem.ts';

/**
 * When the database cannot be reached, API requests answer 503 with Retry-After at once instead of
 * waiting on the pool; a probe notices when it is back and the server carries on by itself.
 */
export class Availability {
  #down = false;
  #timer: NodeJS.Timeout | undefined;
  readonly #database: Database;
  constructor(database: Database) {
    this.#database = database;
  }
  get down(): boolean {
    return this.#down;
  }
  markDown(): void {
    if (this.#down) return;
    this.#down = true;
    this.#timer = setInterval(() => {
      this.#database.ping(1000).then(
        () => this.markUp(),
        () => {},
      );
    }, 500);
    this.#timer.unref();
  }
  markUp(): void {
    this.#down = false;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }
  stop(): void {
    this.markUp();
  }
}

export function availability(app: FastifyInstance, state: Availability): void {
  app.addHook('onRequest', async (request, reply) => {
    if (state.down && request.url.startsWith('/api/v1/')) {
      reply.header('Retry-After', '5');
      return sendProblem(reply, { status: 503, title: 'Service unavailable', detail: 'The database cannot be reached. Try again in a few seconds.' });
    }
  });
  app.addHook('onClose', async () => state.stop());
}
