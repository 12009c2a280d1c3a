import type { FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';

/** The body of a request refused while it was being read (too large): the route answers with `error`. */
export class RefusedBody {
  readonly error: Error;
  constructor(error: Error) {
    this.error = error;
  }
}

/**
 * Stops keeping a request body that will be refused: the rest is read to its end and thrown away (never
 * buffered), then the route answers with the problem document — at any size, on a connection that stays
 * usable. Answering before the end, or a content-type parser's error (fastify then closes the
 * connection), leaves a client that is still sending with a broken pipe or a reset instead of the answer.
 */
export function refuseRest(payload: IncomingMessage, error: Error, done: (err: Error | null, body: RefusedBody) => void): void {
  payload.on('error', () => {});
  payload.once('end', () => done(null, new RefusedBody(error)));
  payload.resume();
}

/** preValidation: a refused body answers its error before validation or the handler see it. */
export async function answerRefusedBody(request: FastifyRequest): Promise<void> {
  if (request.body instanceof RefusedBody) throw request.body.error;
}
