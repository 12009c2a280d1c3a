/**
 * Typed access to the HUD HMIS CSV specifications shipped in `./spec/` (read-only copies):
 * `csv-columns-2026.json` (FY2026, `2026 v1.0`), `csv-columns-2024.json` (FY2024, `2024 v1.x`) and
 * `lists-2026.json` (HUD code lists). Pure: the JSON is imported as a module, nothing is read at run time.
 */
import columns2026 from './spec/csv-columns-2026.json' with { type: 'json' };
import columns2024 from './spec/csv-columns-2024.json' with { type: 'json' };
import lists from './spec/lists-2026.json' with { type: 'json' };

export type HudVersion = '2024' | '2026';
export const HUD_VERSIONS: readonly HudVersion[] = ['2024', '2026'];

/** `D` date, `T` datetime, `I` integer, `M` money, `M+` non-negative money, `S<n>` string of at most n characters. */
export type ColumnType = 'D' | 'T' | 'I' | 'M' | 'M+' | `S${number}`;

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  /** `S<n>` → n; other types → null. */
  readonly maxLength: number | null;
  readonly nullable: boolean;
  /** HUD list id as written in the column JSON (e.g. `1.8`, `3.12.1`), null when free or conditional. */
  readonly list: string | null;
  /** 0-based position in the file. */
  readonly index: number;
}

export interface FileSpec {
  readonly name: string;
  readonly columns: readonly ColumnSpec[];
  /** The primary-key column (always the first column in HUD's files). */
  readonly primaryKey: string;
  column(name: string): ColumnSpec | undefined;
}

export interface HudSpec {
  readonly version: HudVersion;
  /** `2026 v1.0` / `2024 v1.4`. */
  readonly csvVersion: string;
  readonly fileOrder: readonly string[];
  file(name: string): FileSpec | undefined;
  readonly files: readonly FileSpec[];
}

interface RawColumn {
  name: string;
  type: string;
  nullable: boolean;
  list: string | null;
}
interface RawSpec {
  version: string;
  fileOrder: string[];
  files: Record<string, RawColumn[]>;
}

const TYPE_RE = /^(D|T|I|M\+?|S[1-9]\d*)$/;

function buildSpec(version: HudVersion, raw: RawSpec): HudSpec {
  const files = raw.fileOrder.map((name): FileSpec => {
    const rawCols = raw.files[name];
    if (!rawCols || rawCols.length === 0) throw new Error(`HUD spec ${version}: no columns for ${name}`);
    const cols = rawCols.map((c, index): ColumnSpec => {
      if (!TYPE_RE.test(c.type)) throw new Error(`HUD spec ${version}: ${name}:${c.name} has unknown type ${c.type}`);
      return Object.freeze({
        name: c.name,
        type: c.type as ColumnType,
        maxLength: c.type.startsWith('S') ? Number(c.type.slice(1)) : null,
        nullable: c.nullable,
        list: c.list,
        index,
      });
    });
    const byName = new Map(cols.map((c) => [c.name, c]));
    return Object.freeze({ name, columns: Object.freeze(cols), primaryKey: cols[0]!.name, column: (n: string) => byName.get(n) });
  });
  const byName = new Map(files.map((f) => [f.name, f]));
  return Object.freeze({
    version,
    csvVersion: raw.version,
    fileOrder: Object.freeze([...raw.fileOrder]),
    files: Object.freeze(files),
    file: (n: string) => byName.get(n),
  });
}

const SPECS: Record<HudVersion, HudSpec> = {
  '2026': buildSpec('2026', columns2026 as RawSpec),
  '2024': buildSpec('2024', columns2024 as RawSpec),
};

/** The column specification of a CSV version. */
export function hudSpec(version: HudVersion): HudSpec {
  return SPECS[version];
}

/** `2026 v1.0` → '2026', `2024 v1.3` → '2024'; anything else → null. */
export function versionFromCsvVersion(csvVersion: string | null | undefined): HudVersion | null {
  const m = /^\s*(\d{4})\s+v\d+(\.\d+)*\s*$/i.exec(csvVersion ?? '');
  if (!m) return null;
  return m[1] === '2026' ? '2026' : m[1] === '2024' ? '2024' : null;
}

// ---------------------------------------------------------------- code lists

type RawList = Record<string, unknown>;
const META_KEYS = new Set(['hudList', 'columns', 'source']);
/** Entries of lists-2026.json that are not code lists of a column (labels, ranges, the full Appendix A). */
const NOT_CODE_LISTS = new Set(['_meta', 'RaceEthnicityColumns', 'LivingSituationGroup', 'LivingSituationOptions']);

export interface CodeList {
  readonly name: string;
  readonly hudList: string;
  /** `File.csv:Column` names using this list. */
  readonly columns: readonly string[];
  readonly codes: ReadonlyMap<string, string>;
}

const LISTS = new Map<string, CodeList>();
for (const [name, value] of Object.entries(lists as Record<string, RawList>)) {
  if (name === '_meta') continue;
  const codes = new Map<string, string>();
  for (const [k, v] of Object.entries(value)) if (!META_KEYS.has(k) && typeof v === 'string') codes.set(k, v);
  LISTS.set(name, Object.freeze({ name, hudList: String(value.hudList), columns: Object.freeze([...((value.columns as string[]) ?? [])]), codes }));
}

/** A HUD code list by its name in lists-2026.json (e.g. `FundingSource`, `Destination`). */
export function codeList(name: string): CodeList | undefined {
  return LISTS.get(name);
}

/** The codes (as strings) of a list by name, or undefined when the list is unknown. */
export function listCodes(name: string): ReadonlySet<string> | undefined {
  const l = LISTS.get(name);
  return l ? new Set(l.codes.keys()) : undefined;
}

/** List ids written differently in the two column JSONs. */
const LIST_ID_ALIASES: Record<string, string> = { 'W5.AB': 'W5.A-B' };

/** Column names that FY2024 spells differently (for the `columns` lookup in lists-2026.json). */
const COLUMN_ALIASES_2026: Record<string, string> = { 'Client.csv:HispanicLatinaeo': 'Client.csv:HispanicLatinao' };

const listCache = new Map<string, CodeList | null>();

/**
 * The code list a column is checked against, resolved from its HUD list id: the list whose
 * `columns` names this column (3.12.1 has different subsets for LivingSituation, Destination and
 * CurrentLivingSituation), otherwise the only list with that id. Undefined when lists-2026.json does
 * not carry the list (e.g. R/V/W program lists): such columns get type checks only.
 */
export function listForColumn(file: string, column: ColumnSpec): CodeList | undefined {
  if (!column.list) return undefined;
  const key = `${file}:${column.name}:${column.list}`;
  const cached = listCache.get(key);
  if (cached !== undefined) return cached ?? undefined;
  const id = LIST_ID_ALIASES[column.list] ?? column.list;
  const qualified = COLUMN_ALIASES_2026[`${file}:${column.name}`] ?? `${file}:${column.name}`;
  const candidates = [...LISTS.values()].filter((l) => l.hudList === id && !NOT_CODE_LISTS.has(l.name));
  const found = candidates.find((l) => l.columns.includes(qualified)) ?? (candidates.length === 1 ? candidates[0] : undefined);
  listCache.set(key, found ?? null);
  return found;
}

/** Columns whose list depends on another column of the row (`conditionalListFor`). */
export function hasConditionalList(file: string, column: string): boolean {
  return (file === 'Disabilities.csv' && column === 'DisabilityResponse') || (file === 'Services.csv' && column === 'TypeProvided');
}

/** Conditional lists (`conditionalLists` in the column JSON): the list depends on another column. */
export function conditionalListFor(file: string, column: string, row: (name: string) => string): CodeList | undefined {
  if (file === 'Disabilities.csv' && column === 'DisabilityResponse') {
    return row('DisabilityType') === '10' ? LISTS.get('DisabilityResponse') : LISTS.get('NoYesReasonsForMissingData');
  }
  if (file === 'Services.csv' && column === 'TypeProvided' && row('RecordType') === '300') return LISTS.get('MovingOnAssistance');
  return undefined;
}

/**
 * Codes valid in FY2024 that FY2026 retired (greenriver 2026_hud_deprecations.json, HUD FY2026 lists).
 * An FY2024 file may carry them: they are accepted and reported as history (warning), kept by the
 * importer as they are. In an FY2026 file they are errors, except where lists-2026.json still lists
 * the code (Event 17, legacy but still in HUD's FY2026 list sheet): a warning.
 */
export const RETIRED_CODES: readonly { file: string; column: string; codes: readonly string[]; label: string }[] = [
  { file: 'Funder.csv', column: 'Funder', codes: ['12', '47', '48', '49'], label: 'funder retired in FY2026 (12 Rural Housing Stability, 47 ESG-CV, 48 HOPWA-CV, 49 CoC Joint Component RRH/PSH)' },
  { file: 'Event.csv', column: 'Event', codes: ['17'], label: 'event 17 (referral to Emergency Housing Voucher) is legacy' },
];

export function retiredCode(file: string, column: string, value: string): string | undefined {
  return RETIRED_CODES.find((r) => r.file === file && r.column === column && r.codes.includes(value))?.label;
}
