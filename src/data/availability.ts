/** Errors that mean "the database cannot be reached right now", as opposed to a bad query. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
// 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now, class 08 connection exceptions.
const SQLSTATE = /^(57P0[123]|08...)$/;
const MESSAGES = /(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended unexpectedly|connect ECONNREFUSED|Query read timeout)/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const err = e as { code?: string; message?: string; errors?: unknown[] };
    if (err.code && (NETWORK_CODES.has(err.code) || SQLSTATE.test(err.code))) return true;
    if (typeof err.message === 'string' && MESSAGES.test(err.message)) return true;
    if (Array.isArray(err.errors) && err.errors.some((x) => isDatabaseUnavailable(x))) return true;
  }
  return false;
}
