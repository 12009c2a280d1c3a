/**
 * HUD HMIS CSV reading and writing.
 *
 * Writer (decisions, see docs/hud-csv.md): UTF-8 without BOM; the header row is the column names in
 * spec order, unquoted; every string column (`S<n>`) with a value is quoted, `"` doubled inside; numbers,
 * dates and datetimes are never quoted; null/undefined/'' is an empty field; records end with CRLF
 * (HUD's specification does not name a line ending; CRLF is RFC 4180's and what HUD's own tools write).
 * SSN, ZIP, Geocode, CoC codes are `S` columns, so they stay strings with their leading zeros.
 * Streaming: `formatHudRow` formats one record; `hudCsvLines` turns any (async) iterable of rows into
 * lines without holding the file.
 *
 * Reader: csv-parse, UTF-8, BOM accepted, CRLF/LF/CR (even mixed in one file) accepted; every record
 * comes with the 1-based line it starts on (header = line 1); column counts are not enforced here (the
 * validator reports them).
 */
import { parse as parseStream, type Options as ParseOptions } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import type { ColumnSpec, FileSpec } from './spec.ts';

export const CRLF = '\r\n';

export type HudCell = string | number | bigint | boolean | Date | null | undefined;
export type HudRowInput = Readonly<Record<string, HudCell>> | readonly HudCell[];

export interface WriteOptions {
  /** Record terminator; CRLF unless told otherwise. */
  eol?: string;
  /** IANA zone for `T` columns given as Date (default UTC). */
  timeZone?: string;
}

export function quoteHud(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

const dtfCache = new Map<string, Intl.DateTimeFormat>();
function dateParts(d: Date, timeZone: string): Record<string, string> {
  let f = dtfCache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    dtfCache.set(timeZone, f);
  }
  const out: Record<string, string> = {};
  for (const p of f.formatToParts(d)) out[p.type] = p.value;
  return out;
}

/** `YYYY-MM-DD hh:mm:ss` of a Date in a time zone (UTC by default). */
export function formatHudDateTime(d: Date, timeZone = 'UTC'): string {
  const p = dateParts(d, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** One field, formatted for its column type. Throws on a value that cannot be written in that type. */
export function formatHudValue(column: ColumnSpec, value: HudCell, opts: WriteOptions = {}): string {
  if (value === null || value === undefined || value === '') return '';
  const tz = opts.timeZone ?? 'UTC';
  switch (column.type) {
    case 'D':
      if (value instanceof Date) return formatHudDateTime(value, tz).slice(0, 10);
      return String(value);
    case 'T':
      if (value instanceof Date) return formatHudDateTime(value, tz);
      return String(value);
    case 'I':
      if (typeof value === 'boolean') return value ? '1' : '0';
      if (typeof value === 'number' && !Number.isInteger(value)) throw new Error(`${column.name}: ${value} is not an integer`);
      return String(value);
    case 'M':
    case 'M+':
      if (typeof value === 'number') return value.toFixed(2);
      return String(value);
    default:
      return quoteHud(value instanceof Date ? value.toISOString() : String(value));
  }
}

/** The header row of a file (names in spec order), terminated. */
export function formatHudHeader(file: FileSpec, opts: WriteOptions = {}): string {
  return file.columns.map((c) => c.name).join(',') + (opts.eol ?? CRLF);
}

/**
 * One record, terminated. A row is either an object keyed by column name (missing keys are null;
 * keys that are not columns of the file are an error, so a typo cannot silently drop data) or an
 * array in column order.
 */
export function formatHudRow(file: FileSpec, row: HudRowInput, opts: WriteOptions = {}): string {
  const eol = opts.eol ?? CRLF;
  if (Array.isArray(row)) {
    if (row.length !== file.columns.length) throw new Error(`${file.name}: ${row.length} values for ${file.columns.length} columns`);
    return file.columns.map((c, i) => formatHudValue(c, (row as readonly HudCell[])[i], opts)).join(',') + eol;
  }
  const obj = row as Readonly<Record<string, HudCell>>;
  for (const k of Object.keys(obj)) if (!file.column(k)) throw new Error(`${file.name}: no column ${k}`);
  return file.columns.map((c) => formatHudValue(c, obj[c.name], opts)).join(',') + eol;
}

/** Header then one line per row, lazily: pipe into a zip entry with `Readable.from(hudCsvLines(...))`. */
export async function* hudCsvLines(file: FileSpec, rows: Iterable<HudRowInput> | AsyncIterable<HudRowInput>, opts: WriteOptions = {}): AsyncGenerator<string> {
  yield formatHudHeader(file, opts);
  for await (const row of rows) yield formatHudRow(file, row, opts);
}

// ---------------------------------------------------------------- reader

export interface CsvRecord {
  /** 1-based line the record starts on (header = 1). */
  readonly line: number;
  readonly fields: readonly string[];
}

const parseOptions = (): ParseOptions => ({
  bom: true,
  relax_column_count: true,
  skip_empty_lines: false,
  record_delimiter: ['\r\n', '\n', '\r'],
  raw: true,
  encoding: 'utf8',
});

export class CsvSyntaxError extends Error {
  readonly line: number;
  constructor(message: string, line: number) {
    super(message);
    this.name = 'CsvSyntaxError';
    this.line = line;
  }
}

interface Parsed {
  record: string[];
  raw: string;
}

/** Line breaks in a record's raw text (CRLF counts once; csv-parse's own count doubles it inside quotes). */
function breaks(raw: string): number {
  let n = 0;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw.charCodeAt(i);
    if (ch === 10) n++;
    else if (ch === 13) {
      n++;
      if (raw.charCodeAt(i + 1) === 10) i++;
    }
  }
  return n;
}

function isBlank(fields: readonly string[]): boolean {
  return fields.length === 1 && fields[0] === '';
}

function toSyntaxError(err: unknown, fallbackLine: number): CsvSyntaxError {
  const e = err as { message?: string; lines?: number };
  return new CsvSyntaxError(e.message ?? String(err), typeof e.lines === 'number' ? e.lines : fallbackLine);
}

/** Parses a whole file in memory (small files, tests). Blank lines are skipped. */
export function parseHudCsv(input: string | Uint8Array): CsvRecord[] {
  let parsed: Parsed[];
  try {
    parsed = parseSync(typeof input === 'string' ? input : Buffer.from(input), parseOptions()) as unknown as Parsed[];
  } catch (err) {
    throw toSyntaxError(err, 0);
  }
  const out: CsvRecord[] = [];
  let line = 1;
  for (const p of parsed) {
    if (!isBlank(p.record)) out.push({ line, fields: p.record });
    line += breaks(p.raw);
  }
  return out;
}

/**
 * Streams the records of a file (chunks of UTF-8 bytes or strings), with back-pressure. Blank lines
 * are skipped. Stopping early (break) destroys the parser and stops reading the source.
 */
export async function* readHudCsv(source: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>): AsyncGenerator<CsvRecord> {
  const parser = parseStream(parseOptions());
  const drained = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        parser.off('drain', done);
        parser.off('close', done);
        resolve();
      };
      parser.on('drain', done);
      parser.on('close', done);
    });
  const feed = (async () => {
    try {
      for await (const chunk of source) {
        if (parser.destroyed) break;
        if (!parser.write(typeof chunk === 'string' ? chunk : Buffer.from(chunk))) await drained();
      }
      if (!parser.destroyed) parser.end();
    } catch (err) {
      parser.destroy(err as Error);
    }
  })();
  let line = 1;
  try {
    for await (const p of parser as AsyncIterable<Parsed>) {
      if (!isBlank(p.record)) yield { line, fields: p.record };
      line += breaks(p.raw);
    }
  } catch (err) {
    throw toSyntaxError(err, line);
  } finally {
    if (!parser.destroyed && !parser.readableEnded) parser.destroy();
    await feed;
  }
}
