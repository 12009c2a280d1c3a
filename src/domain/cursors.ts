/**
 * Page cursors: opaque to clients (base64url), decoded strictly here. A cursor that does not decode to
 * exactly what a list hands out is refused (the HTTP schema answers 400), never passed to SQL.
 */
import { isLocalDate } from './calendar/dates.ts';
import { DomainError } from './errors.ts';
import { ID_PATTERN } from './ids.ts';

const BASE64URL = /^[A-Za-z0-9_-]{1,200}$/;
const encode = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

function decode(cursor: string): string | null {
  if (!BASE64URL.test(cursor)) return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  // Canonical only: the same bytes must encode back to the cursor (no stray bits, no invalid UTF-8).
  return encode(text) === cursor ? text : null;
}

/** Keyset position (date, id): referral lists ordered by referral date, then id. */
export const encodeKeyCursor = (date: string, id: string): string => encode(`${date}|${id}`);

export function decodeKeyCursor(cursor: string): { date: string; id: string } | null {
  const m = /^(\d{4}-\d{2}-\d{2})\|(.+)$/.exec(decode(cursor) ?? '');
  if (!m || !isLocalDate(m[1]!) || m[1]!.startsWith('0000') || !ID_PATTERN.test(m[2]!)) return null;
  return { date: m[1]!, id: m[2]! };
}

/** Offset position (lists ranked afresh on each read: the CE list). */
export const MAX_OFFSET = 2_147_483_647;
export const encodeOffsetCursor = (offset: number): string => encode(`o:${offset}`);

export function decodeOffsetCursor(cursor: string): number | null {
  const m = /^o:(0|[1-9]\d{0,9})$/.exec(decode(cursor) ?? '');
  if (!m) return null;
  const n = Number(m[1]);
  return n <= MAX_OFFSET ? n : null;
}

const badCursor = (): never => {
  throw new DomainError(400, 'Bad request', 'The cursor is not one this list gave out: start again from the first page.', [{ pointer: '/querystring/cursor', message: 'Start again from the first page: this page cursor is not one this list gave out.' }]);
};

/** For use cases: the HTTP schema refused bad cursors already; other callers get the same 400. */
export const requireKeyCursor = (cursor: string) => decodeKeyCursor(cursor) ?? badCursor();
export const requireOffsetCursor = (cursor: string) => decodeOffsetCursor(cursor) ?? badCursor();
