import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError, TooManyRequestsError, type FieldProblem } from '../domain/errors.ts';
import { isDatabaseUnavailable } from '../data/availability.ts';
import { safeError } from '../safe-error.ts';

export const PROBLEM_TYPE = 'application/problem+json';

export interface Problem {
  type?: string;
  status: number;
  title: string;
  detail: string;
  errors?: FieldProblem[];
  [extra: string]: unknown;
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type(PROBLEM_TYPE).send(JSON.stringify({ type: 'about:blank', ...problem }));
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Rule violated',
  429: 'Too many requests',
  503: 'Service unavailable',
};

/** Validation paths become JSON Pointers into the request: the body from the root, others under their part. */
function pointer(where: string, instancePath: string): string {
  const prefix = where === 'body' ? '' : `/${where}`;
  return prefix + (instancePath === '/' ? '' : instancePath);
}

/** pg-pool's error when no pooled connection became free in time (a new connection that fails says otherwise). */
const isPoolBusy = (error: unknown): boolean => error instanceof Error && error.message === 'timeout exceeded when trying to connect';

export function errorHandler(onUnavailable: () => void) {
  return function handle(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = (error as FastifyError).validationContext ?? 'body';
      // One error per unknown field, pointing at it; every message is a sentence (field-messages.ts).
      const errors = error.validation.flatMap((v) => {
        const at = pointer(where, v.instancePath) || '/';
        const keys = v.keyword === 'unrecognized_keys' ? ((v.params as { keys?: string[] }).keys ?? []) : [];
        if (keys.length > 0) return keys.map((k) => ({ pointer: `${at === '/' ? '' : at}/${k}`, message: `Remove “${k}”: it is not a field of this request.` }));
        return [{ pointer: at, message: v.message ?? 'Check this answer.' }];
      });
      return sendProblem(reply, {
        status: 400,
        title: 'Bad request',
        detail: errors.length === 1 ? errors[0]!.message : `${errors.length} answers need correcting: ${errors.map((e) => e.message).join(' ')}`,
        errors,
      });
    }
    if (error instanceof DomainError) {
      if (error instanceof TooManyRequestsError) reply.header('Retry-After', String(error.retryAfterSeconds));
      return sendProblem(reply, {
        status: error.status,
        title: error.title,
        detail: error.message,
        ...(error.errors.length ? { errors: error.errors } : {}),
        ...error.extra,
      });
    }
    if (isPoolBusy(error)) {
      // Every connection is in use (a burst of slow requests): this request is shed, the database is
      // not marked unavailable — that would answer 503 to everyone until the probe passes.
      reply.header('Retry-After', '1');
      return sendProblem(reply, { status: 503, title: 'Service unavailable', detail: 'The server is busy. Try again in a moment.' });
    }
    if (isDatabaseUnavailable(error)) {
      onUnavailable();
      reply.header('Retry-After', '5');
      return sendProblem(reply, { status: 503, title: 'Service unavailable', detail: 'The database cannot be reached. Try again in a few seconds.' });
    }
    const fe = error as FastifyError;
    const status = fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500 ? fe.statusCode : 500;
    if (status === 500) {
      request.log.error({ err: safeError(error) }, 'unhandled error');
      return sendProblem(reply, { status, title: 'Internal error', detail: `Something went wrong. Quote request ${request.id} to your administrator.` });
    }
    return sendProblem(reply, { status, title: TITLES[status] ?? 'Bad request', detail: fe.message });
  };
}
