/**
 * What of an unexpected error goes to the log: PostgreSQL errors carry the offending values in
 * `detail` (e.g. "Key (ssn)=(…) already exists"), so only the name, code, message and stack are kept.
 */
export function safeError(error: unknown): { type: string; code?: string; message: string; stack?: string } {
  const e = error as { name?: string; code?: unknown; message?: unknown; stack?: unknown };
  return {
    type: e?.name ?? 'Error',
    ...(typeof e?.code === 'string' ? { code: e.code } : {}),
    message: typeof e?.message === 'string' ? e.message : String(error),
    ...(typeof e?.stack === 'string' ? { stack: e.stack } : {}),
  };
}
