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

// --------------------------------------------------------------------------------- sorted lists

/**
 * Lists sortable by a column (the caseload; docs/UI.md "Lists"): `sort` is a column name, `-column`
 * for descending. The cursor holds the sort, the last row's value and id, so that a cursor handed out
 * for one sort is refused under another. A column whose values are personal (a name) is not put in the
 * cursor (`value` omitted): the reader looks the last row up again by its id.
 */
export type SortValue = string | number | null;
export interface SortSpec<C extends string> {
  column: C;
  descending: boolean;
}

export function parseSort<C extends string>(sort: string | undefined, columns: readonly C[], fallback: C): SortSpec<C> {
  const descending = sort?.startsWith('-') ?? false;
  const name = (descending ? sort!.slice(1) : sort) as C | undefined;
  return name && columns.includes(name) ? { column: name, descending } : { column: fallback, descending: false };
}

export const sortParam = (s: SortSpec<string>): string => `${s.descending ? '-' : ''}${s.column}`;

export interface SortCursor {
  sort: string;
  /** Absent when the column's values are not put in cursors. */
  value?: SortValue;
  id: string;
}

export const encodeSortCursor = (c: SortCursor): string => encode(JSON.stringify('value' in c ? [c.sort, c.id, c.value] : [c.sort, c.id]));

export function decodeSortCursor(cursor: string): SortCursor | null {
  const text = decode(cursor);
  if (text === null || !text.startsWith('[')) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || (parsed.length !== 2 && parsed.length !== 3)) return null;
  const [sort, id, value] = parsed as unknown[];
  if (typeof sort !== 'string' || !/^-?[A-Za-z]{1,40}$/.test(sort) || typeof id !== 'string' || !ID_PATTERN.test(id)) return null;
  if (parsed.length === 2) return { sort, id };
  if (value !== null && typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) return null;
  if (typeof value === 'string' && value.length > 64) return null;
  return { sort, id, value: value as SortValue };
}

/** Orders two (value, id) keys: nulls last whichever the direction, ties by id. */
export function compareKeys(a: { value: SortValue; id: string }, b: { value: SortValue; id: string }, descending: boolean): number {
  if (a.value !== b.value) {
    if (a.value === null) return 1;
    if (b.value === null) return -1;
    const c = typeof a.value === 'number' && typeof b.value === 'number' ? a.value - b.value : String(a.value).localeCompare(String(b.value), 'en', { sensitivity: 'base' }) || (String(a.value) < String(b.value) ? -1 : 1);
    if (c !== 0) return descending ? -c : c;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export interface SortedPage<T> {
  items: T[];
  total: number;
  nextCursor: string | null;
}

/**
 * One page of a list sorted in memory (a project's caseload is read whole: its next-due item is a rule
 * of the domain, not a column). `valueOf` gives each row's sort value; `personal` keeps values out of
 * cursors. A cursor for another sort answers 400; a cursor whose row left the list is placed by
 * `lookUp` (its current value) or, without one, by its value.
 */
export function pageSorted<T>(
  rows: readonly T[],
  spec: SortSpec<string>,
  opts: { valueOf: (row: T) => SortValue; idOf: (row: T) => string; limit: number; cursor?: string | undefined; personal?: boolean; lookUp?: SortValue | undefined },
): SortedPage<T> {
  const key = (r: T) => ({ value: opts.valueOf(r), id: opts.idOf(r) });
  const sorted = [...rows].sort((a, b) => compareKeys(key(a), key(b), spec.descending));
  let start = 0;
  if (opts.cursor !== undefined) {
    const c = decodeSortCursor(opts.cursor);
    if (!c || c.sort !== sortParam(spec)) badCursor();
    const found = sorted.findIndex((r) => opts.idOf(r) === c!.id);
    if (found >= 0) start = found + 1;
    else {
      const value = 'value' in c! ? c!.value! : (opts.lookUp ?? null);
      const after = { value: value ?? null, id: c!.id };
      start = sorted.findIndex((r) => compareKeys(key(r), after, spec.descending) > 0);
      if (start < 0) start = sorted.length;
    }
  }
  const items = sorted.slice(start, start + opts.limit);
  const last = items.at(-1);
  const more = start + opts.limit < sorted.length;
  const nextCursor =
    more && last ? encodeSortCursor(opts.personal ? { sort: sortParam(spec), id: opts.idOf(last) } : { sort: sortParam(spec), id: opts.idOf(last), value: opts.valueOf(last) }) : null;
  return { items, total: sorted.length, nextCursor };
}
