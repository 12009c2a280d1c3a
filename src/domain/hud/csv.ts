/**
 * HUD HMIS CSV reading and writing.
 *
 * Writer (decisions, see docs/hud-csv.md): UTF-8 without BOM; the header row is the column names in
 * spec order, unquoted; every string column (`S<n>`) with a value is quoted, `"` doubled inside; numbers,
 * dates and datetimes are never quoted; null/undefined/'' is an empty field; records end with CRLF
 * (HUD's specification does not name a line ending; CRLF is RFC 4180's and what HUD's own tools write).
 * SSN, ZIP, Geocode, CoC codes are `S` columns, so they stay strings with their leading zeros.
 * Streaming: `formatHudRow` formats one record; `hudRowWriter(file)` is the same rule compiled once per
 * file for rows given as arrays in column order (the export's hot path); `hudCsvLines` turns any (async)
 * iterable of rows into lines without holding the file.
 *
 * Reader: a strict RFC 4180 reader (UTF-8, BOM accepted, CRLF/LF/CR — even mixed in one file — as
 * record ends, quoted fields may hold delimiters, quotes doubled and line breaks); every record comes
 * with the 1-based line it starts on (header = line 1; a CRLF counts as one line); column counts are not
 * enforced here (the validator reports them). A quote inside an unquoted field, anything but a delimiter
 * or a record end after a closing quote, and a quote left open at the end are `CsvSyntaxError`s with
 * their line. Bounds (`HUD_CSV_LIMITS`: record length, field length, fields per record) are
 * `CsvLimitError`s with the line, raised as soon as the text read passes them, so a hostile file (one
 * 1 GiB line) costs one record's worth of memory and time; bytes that are not valid in the file's
 * encoding (UTF-8 unless a named one is given) are a `CsvEncodingError` with their line. It replaced csv-parse (same records, same errors; `test/unit/hud-csv-reader.test.ts`
 * compares the two on generated input), which read ~70,000 HUD rows/s — slower than the import's
 * writes.
 */
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

const QUOTE_RE = /"/g;

export function quoteHud(value: string): string {
  return value.indexOf('"') < 0 ? `"${value}"` : `"${value.replace(QUOTE_RE, '""')}"`;
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

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** `YYYY-MM-DD hh:mm:ss` of a Date in a time zone (UTC by default). */
export function formatHudDateTime(d: Date, timeZone = 'UTC'): string {
  if (timeZone === 'UTC') {
    // Intl's formatToParts costs microseconds per call; UTC needs no zone rules.
    const y = d.getUTCFullYear();
    if (y >= 1000 && y <= 9999) {
      return `${y}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
    }
  }
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

/** A row given as values in column order → one terminated record. */
export type HudRowWriter = (values: readonly HudCell[]) => string;

const writers = new WeakMap<FileSpec, HudRowWriter>();

/**
 * `formatHudRow` for array rows, compiled once per file: strings (what the export mostly hands over)
 * take a fast path — quoted for `S` columns, as they are otherwise; anything else goes through
 * `formatHudValue`.
 */
export function hudRowWriter(file: FileSpec, opts: WriteOptions = {}): HudRowWriter {
  const plain = opts.eol === undefined && opts.timeZone === undefined;
  const cached = plain ? writers.get(file) : undefined;
  if (cached) return cached;
  const columns = file.columns;
  const n = columns.length;
  const quoted = columns.map((c) => c.type.startsWith('S'));
  const eol = opts.eol ?? CRLF;
  const writer: HudRowWriter = (values) => {
    if (values.length !== n) throw new Error(`${file.name}: ${values.length} values for ${n} columns`);
    let line = '';
    for (let i = 0; i < n; i++) {
      if (i > 0) line += ',';
      const v = values[i];
      if (v === null || v === undefined || v === '') continue;
      if (typeof v === 'string') line += quoted[i] ? quoteHud(v) : v;
      else line += formatHudValue(columns[i]!, v, opts);
    }
    return line + eol;
  };
  if (plain) writers.set(file, writer);
  return writer;
}

/** A row given as an object keyed by column name → one terminated record (keys are not checked: see `assertHudRowKeys`). */
export type HudObjectWriter = (row: Readonly<Record<string, HudCell>>) => string;

const objectWriters = new WeakMap<FileSpec, HudObjectWriter>();

/**
 * `formatHudRow` for object rows, compiled once per file, without the per-row check of the keys (the
 * export checks the first row of each file with `assertHudRowKeys`; its rows share their keys).
 */
export function hudObjectWriter(file: FileSpec): HudObjectWriter {
  const cached = objectWriters.get(file);
  if (cached) return cached;
  const names = file.columns.map((c) => c.name);
  const write = hudRowWriter(file);
  const values: HudCell[] = new Array(names.length);
  const writer: HudObjectWriter = (row) => {
    for (let i = 0; i < names.length; i++) values[i] = row[names[i]!];
    return write(values);
  };
  objectWriters.set(file, writer);
  return writer;
}

/**
 * Throws when a row has a key that is not a column of the file (a typo must not silently drop data).
 * Keys in snake_case are a query's own helper columns and undefined values are absent: both allowed.
 */
export function assertHudRowKeys(file: FileSpec, row: Readonly<Record<string, HudCell>>): void {
  for (const k of Object.keys(row)) {
    if (row[k] === undefined || /^[a-z][a-z0-9_]*$/.test(k)) continue;
    if (!file.column(k)) throw new Error(`${file.name}: no column ${k}`);
  }
}

/**
 * One record, terminated. A row is either an object keyed by column name (missing keys are null;
 * keys that are not columns of the file are an error, so a typo cannot silently drop data) or an
 * array in column order.
 */
export function formatHudRow(file: FileSpec, row: HudRowInput, opts: WriteOptions = {}): string {
  if (Array.isArray(row)) return hudRowWriter(file, opts)(row as readonly HudCell[]);
  const obj = row as Readonly<Record<string, HudCell>>;
  for (const k of Object.keys(obj)) if (!file.column(k)) throw new Error(`${file.name}: no column ${k}`);
  return hudRowWriter(file, opts)(file.columns.map((c) => obj[c.name]));
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

export class CsvSyntaxError extends Error {
  readonly line: number;
  constructor(message: string, line: number) {
    super(message);
    this.name = 'CsvSyntaxError';
    this.line = line;
  }
}

/** A bound passed (a record, a field, the fields of a record; or the whole file, line null): the file is not read further. */
export class CsvLimitError extends Error {
  readonly line: number | null;
  constructor(message: string, line: number | null) {
    super(message);
    this.name = 'CsvLimitError';
    this.line = line;
  }
}

/** Bytes that are not text in the file's encoding. */
export class CsvEncodingError extends CsvSyntaxError {
  constructor(message: string, line: number) {
    super(message, line);
    this.name = 'CsvEncodingError';
  }
}

export interface CsvLimits {
  /** Characters of one record, line breaks inside quotes included. */
  readonly maxRecordChars: number;
  /** Characters of one field. */
  readonly maxFieldChars: number;
  /** Fields of one record. */
  readonly maxFields: number;
}

/**
 * Far above any real HUD file (the longest FY2026 text column is 500 characters, the widest file 77
 * columns, a full record under 2 KiB) and far below what would hurt the server.
 */
export const HUD_CSV_LIMITS: CsvLimits = { maxRecordChars: 256 * 1024, maxFieldChars: 32 * 1024, maxFields: 500 };

const KIB = (n: number) => (n < 1024 ? `${n} characters` : `${Math.round(n / 1024)} KiB`);

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * The reader's state between chunks: text not yet parsed (always from the start of a record) and the
 * line that text starts on. `push` returns the records complete so far; with `final` the rest must
 * form whole records.
 */
class CsvParser {
  #rest = '';
  #line = 1;
  #started = false;
  readonly #limits: CsvLimits;

  constructor(limits: CsvLimits = HUD_CSV_LIMITS) {
    this.#limits = limits;
  }

  /** The line the text not parsed yet ends on (where the next text starts). */
  lineAtEnd(): number {
    return this.#line + lineBreaks(this.#rest);
  }

  #tooLong(line: number): CsvLimitError {
    return new CsvLimitError(`Line ${line} is longer than ${KIB(this.#limits.maxRecordChars)} (HUD records are under 2 KiB): the file is not read further.`, line);
  }

  push(chunk: string, final: boolean): CsvRecord[] {
    let s = this.#rest.length === 0 ? chunk : this.#rest + chunk;
    if (!this.#started) {
      if (s.length === 0 && !final) return [];
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
      this.#started = true;
    }
    const out: CsvRecord[] = [];
    const n = s.length;
    const { maxRecordChars, maxFieldChars: maxField, maxFields } = this.#limits;
    const fieldTooLong = (i: number, at: number) => new CsvLimitError(`Field ${i + 1} of line ${at} is longer than ${KIB(maxField)} (HUD's longest text is 500 characters): the file is not read further.`, at);
    const tooManyFields = (at: number) => new CsvLimitError(`Line ${at} has more than ${maxFields} fields (HUD's widest file has 77 columns): the file is not read further.`, at);
    let pos = 0;
    let line = this.#line;
    records: while (pos < n) {
      const recordLine = line;
      const fields: string[] = [];
      let p = pos;
      let l = line;
      for (;;) {
        if (p < n && s.charCodeAt(p) === QUOTE) {
          const openLine = l;
          let value = '';
          let from = p + 1;
          let q = from;
          for (;;) {
            if (q >= n) {
              if (!final) break records;
              throw new CsvSyntaxError(`Quote Not Closed: the quoted field opened at line ${openLine} is still open at the end of the file`, openLine);
            }
            const c = s.charCodeAt(q);
            if (c === QUOTE) {
              if (q + 1 >= n && !final) break records;
              if (s.charCodeAt(q + 1) === QUOTE) {
                value += s.slice(from, q + 1);
                q += 2;
                from = q;
                continue;
              }
              value += s.slice(from, q);
              p = q + 1;
              break;
            }
            if (c === LF) l++;
            else if (c === CR && s.charCodeAt(q + 1) !== LF) {
              if (q + 1 >= n && !final) break records;
              l++;
            }
            q++;
          }
          if (value.length > maxField) throw fieldTooLong(fields.length, recordLine);
          fields.push(value);
          if (fields.length > maxFields) throw tooManyFields(recordLine);
          if (p >= n) {
            if (!final) break records;
            break;
          }
          const c = s.charCodeAt(p);
          if (c === COMMA) {
            p++;
            continue;
          }
          if (c === LF || c === CR) break;
          throw new CsvSyntaxError(`Invalid Closing Quote: got "${s[p]}" at line ${l} instead of a delimiter or the end of the record`, l);
        }
        let q = p;
        let c = -1;
        while (q < n) {
          c = s.charCodeAt(q);
          if (c === COMMA || c === LF || c === CR) break;
          if (c === QUOTE) throw new CsvSyntaxError(`Invalid Opening Quote: a quote is found on field ${fields.length} at line ${l}, value is ${JSON.stringify(s.slice(p, q))}`, l);
          q++;
        }
        if (q - p > maxField) throw fieldTooLong(fields.length, recordLine);
        if (q >= n) {
          if (!final) break records;
          fields.push(s.slice(p, q));
          p = q;
          break;
        }
        fields.push(s.slice(p, q));
        if (fields.length > maxFields) throw tooManyFields(recordLine);
        p = q;
        if (c === COMMA) {
          p++;
          continue;
        }
        break;
      }
      // At a record end (CR, LF, CRLF) or the end of the text.
      if (p < n) {
        if (s.charCodeAt(p) === CR) {
          if (p + 1 >= n && !final) break records;
          p += s.charCodeAt(p + 1) === LF ? 2 : 1;
        } else p++;
        l++;
      }
      if (p - pos > maxRecordChars) throw this.#tooLong(recordLine);
      if (!(fields.length === 1 && fields[0] === '')) out.push({ line: recordLine, fields });
      pos = p;
      line = l;
    }
    // An unfinished record is scanned again from its start with the next chunk: bounding it bounds that work too.
    if (n - pos > maxRecordChars) throw this.#tooLong(line);
    this.#rest = pos < n ? s.slice(pos) : '';
    this.#line = line;
    return out;
  }
}

/**
 * A copy of a field that does not keep the text it was read from alive: V8 cuts longer substrings as
 * views into their parent string, so a field kept for the whole run (an ID in a set) would otherwise
 * hold its whole chunk of the file in memory. A JSON round trip is the cheapest exact, flat copy
 * (~40 bytes for a 32-character ID, half of what a concatenation and a slice leave).
 */
export function ownString(value: string): string {
  return value.length < 13 ? value : (JSON.parse(JSON.stringify(value)) as string);
}

/** Line breaks in a text as the reader counts them (CRLF once, lone CR and LF once each). */
function lineBreaks(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) n++;
    else if (c === CR && text.charCodeAt(i + 1) !== LF) n++;
  }
  return n;
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence (WHATWG's rules), or the length. */
function firstInvalidUtf8(b: Uint8Array): number {
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined || d < lo || d > hi) return i;
      lo = 0x80;
      hi = 0xbf;
    }
    i += need + 1;
  }
  return n;
}

/** The bytes at the end of `b` that start a UTF-8 sequence not finished in `b` (carried to the next chunk). */
function unfinishedTail(b: Uint8Array): Uint8Array {
  for (let k = 1; k <= Math.min(3, b.length); k++) {
    const c = b[b.length - k]!;
    if (c < 0x80) return b.subarray(b.length);
    if (c >= 0xc0) {
      const len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
      return len > k ? b.subarray(b.length - k) : b.subarray(b.length);
    }
  }
  return b.subarray(b.length);
}

/**
 * Encodings a set may be read in: HUD's UTF-8, and Windows-1252 for files saved by older tools as
 * "Latin-1" (WHATWG reads the labels latin1 and iso-8859-1 as windows-1252 too).
 */
export const HUD_TEXT_ENCODINGS = ['utf-8', 'windows-1252'] as const;
export type HudTextEncoding = (typeof HUD_TEXT_ENCODINGS)[number];

/** The encoding a label names, when it is one of `HUD_TEXT_ENCODINGS` (`latin1` → windows-1252), else null. */
export function hudTextEncoding(label: string): HudTextEncoding | null {
  let name: string;
  try {
    name = new TextDecoder(label.trim()).encoding;
  } catch {
    return null;
  }
  return (HUD_TEXT_ENCODINGS as readonly string[]).includes(name) ? (name as HudTextEncoding) : null;
}

export interface ReadOptions {
  /** A WHATWG encoding label (`windows-1252`, `iso-8859-1`…); UTF-8 when absent. */
  readonly encoding?: string;
  readonly limits?: CsvLimits;
}

/** Parses a whole file in memory (small files, tests). Blank lines are skipped. */
export function parseHudCsv(input: string | Uint8Array, options: ReadOptions = {}): CsvRecord[] {
  const parser = new CsvParser(options.limits);
  if (typeof input === 'string') return parser.push(input, true);
  return parser.push(decodeOrThrow(textDecoder(options.encoding), input, new Uint8Array(0), parser, false), true);
}

/** A decoder that throws on bytes that are not text in `encoding` (UTF-8 by default); a BOM is kept for the parser to drop. */
function textDecoder(encoding = 'utf-8'): TextDecoder {
  return new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
}

/** Decodes a chunk; on bytes that are not text, a `CsvEncodingError` at the line they are on. */
function decodeOrThrow(decoder: TextDecoder, chunk: Uint8Array, previous: Uint8Array, parser: CsvParser, stream: boolean): string {
  try {
    return decoder.decode(chunk, { stream });
  } catch {
    const encoding = decoder.encoding;
    if (encoding !== 'utf-8') throw new CsvEncodingError(`Line ${parser.lineAtEnd()} is not valid ${encoding} text: the file is not read further.`, parser.lineAtEnd());
    const tail = unfinishedTail(previous);
    const bytes = new Uint8Array(tail.length + chunk.length);
    bytes.set(tail);
    bytes.set(chunk, tail.length);
    const bad = firstInvalidUtf8(bytes);
    const line = parser.lineAtEnd() + lineBreaks(new TextDecoder().decode(bytes.subarray(0, bad)));
    const hex = bytes[bad] === undefined ? 'an unfinished character at the end' : `byte 0x${bytes[bad]!.toString(16).toUpperCase().padStart(2, '0')}`;
    throw new CsvEncodingError(
      `Line ${line} is not valid UTF-8 (${hex}): HUD CSV is UTF-8. A file saved as Latin-1 or Windows-1252 can be imported with the encoding named (windows-1252).`,
      line,
    );
  }
}

/**
 * Streams the records of a file (chunks of bytes or strings) a chunk's worth at a time. Blank lines are
 * skipped. Stopping early (break) stops reading the source.
 */
export async function* readHudCsvBatches(source: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>, options: ReadOptions = {}): AsyncGenerator<CsvRecord[]> {
  const parser = new CsvParser(options.limits);
  const decoder = textDecoder(options.encoding);
  let previous: Uint8Array = new Uint8Array(0);
  for await (const chunk of source) {
    const text = typeof chunk === 'string' ? chunk : decodeOrThrow(decoder, chunk, previous, parser, true);
    if (typeof chunk !== 'string') previous = chunk;
    const records = parser.push(text, false);
    if (records.length > 0) yield records;
  }
  const records = parser.push(decodeOrThrow(decoder, new Uint8Array(0), previous, parser, false), true);
  if (records.length > 0) yield records;
}

/** Streams the records of a file one by one (see `readHudCsvBatches`). */
export async function* readHudCsv(source: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>, options: ReadOptions = {}): AsyncGenerator<CsvRecord> {
  for await (const batch of readHudCsvBatches(source, options)) yield* batch;
}
