/**
 * The one HUD HMIS CSV validator, driven by the column JSON of the version (spec.ts). Used on export
 * (our own files must pass in `export` mode) and on import (`import` mode, a little more lenient where
 * the importer can still act faithfully — see `severityOf`).
 *
 * Streaming: feed `beginFile(name, header)`, then `row(name, line, fields)` per record, then
 * `endFile(name)`; `finish()` runs the cross-file checks. State is a set of IDs per file (plus a
 * HouseholdID → heads map and the lines of references whose target file has not been read yet — none
 * when files come in HUD's `fileOrder`, except Organization/Project → User), so no file is buffered.
 *
 * Every problem names the file, the 1-based line (header = line 1; null for set-level problems such as
 * a missing file) and the column, with a severity: `error` rejects the set, `warning` does not.
 */
import { HASHED_NAME_COLUMNS, HASHED_NAME_RE, HASHED_SSN_RE } from './hash.ts';
import { conditionalListFor, hasConditionalList, hudSpec, listForColumn, RETIRED_CODES, retiredCode, versionFromCsvVersion, type CodeList, type ColumnSpec, type FileSpec, type HudSpec, type HudVersion } from './spec.ts';
import { ownString, parseHudCsv, readHudCsv, CsvEncodingError, CsvLimitError, CsvSyntaxError } from './csv.ts';
import { unstorableText } from '../text.ts';
import { HUD_FORBIDDEN_CHARACTERS, HUD_FORBIDDEN_LIST } from './text.ts';
import { recordBuilder, type RecordBuilder } from './record.ts';

export type Severity = 'error' | 'warning';
export type ValidationMode = 'export' | 'import';

export type ProblemCode =
  | 'file-missing'
  | 'file-unknown'
  | 'file-empty'
  | 'csv-syntax'
  | 'csv-limit'
  | 'encoding'
  | 'control-character'
  | 'header-missing-column'
  | 'header-unknown-column'
  | 'header-duplicate-column'
  | 'header-order'
  | 'header-case'
  | 'field-count'
  | 'required'
  | 'type'
  | 'length'
  | 'forbidden-character'
  | 'hashed-format'
  | 'ssn-format'
  | 'list'
  | 'retired-code'
  | 'duplicate-key'
  | 'export-row-count'
  | 'export-id'
  | 'csv-version'
  | 'reference'
  | 'orphan-client'
  | 'household-head'
  | 'exit-duplicate'
  | 'exit-before-entry'
  | 'move-in-date';

export interface HudProblem {
  readonly file: string;
  /** 1-based line (header = 1); null for set-level problems. */
  readonly line: number | null;
  /** Canonical column name; null for file- or row-level problems. */
  readonly column: string | null;
  readonly severity: Severity;
  readonly code: ProblemCode;
  readonly message: string;
}

export interface ValidatorOptions {
  readonly version: HudVersion;
  readonly mode: ValidationMode;
  /** Export.csv HashStatus; read from Export.csv when that file is validated first. */
  readonly hashStatus?: number;
  /** Problems kept in the report (the rest are only counted). Default 10 000. */
  readonly maxProblems?: number;
  /** Severity per problem code, overriding the mode's policy (e.g. a deliberately lenient import). */
  readonly severityOverrides?: Partial<Record<ProblemCode, Severity>>;
}

export interface HeaderResult {
  /** False when rows of the file cannot be read (missing or unknown columns): they are not checked. */
  readonly ok: boolean;
  /** Field index → canonical column name (null for a column that is not in the spec). */
  readonly mapping: readonly (string | null)[];
}

export interface ValidationReport {
  readonly version: HudVersion;
  readonly mode: ValidationMode;
  /** No error (warnings allowed). */
  readonly accepted: boolean;
  readonly errorCount: number;
  readonly warningCount: number;
  /** At most `maxProblems`, in the order found. */
  readonly problems: readonly HudProblem[];
  /** Problems found but not kept. */
  readonly truncated: number;
  /** Data rows read per file. */
  readonly rowCounts: Readonly<Record<string, number>>;
  /** The encoding the files were read in when one was named (converted to UTF-8); absent: UTF-8. */
  readonly encoding?: string;
}

export interface HudValidator {
  readonly spec: HudSpec;
  beginFile(file: string, header: readonly string[]): HeaderResult;
  /** Checks one record; returns it keyed by canonical column name, or null when it could not be read. */
  row(file: string, line: number, fields: readonly string[]): Record<string, string> | null;
  endFile(file: string): void;
  /** A problem found outside the validator (e.g. a CSV syntax error while reading). */
  report(problem: Omit<HudProblem, 'severity'> & { severity?: Severity }): void;
  /**
   * The file is in the set but could not be read to the end (CSV syntax error): it is not reported
   * missing, and nothing is checked against its (partial) IDs.
   */
  markUnreadable(file: string): void;
  finish(): ValidationReport;
}

// ---------------------------------------------------------------- value formats

const INT_RE = /^-?\d+$/;
const MONEY_RE = /^-?\d+(\.\d{1,2})?$/;
const MONEY_PLUS_RE = /^\d+(\.\d{1,2})?$/;
const SSN_RE = /^[0-9xX]{9}$/;
/** Project types that collect Housing Move-in Date (3.20). */
const MOVE_IN_PROJECT_TYPES = new Set(['3', '9', '10', '13']);

/** The number made of `count` ASCII digits at `from`, or -1 when one of them is not a digit. */
function digits(value: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `YYYY-MM-DD` at the start of `value` is a real calendar date (checked by hand: this runs per value). */
function dateAt(value: string): boolean {
  if (value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return false;
  const y = digits(value, 0, 4);
  const mo = digits(value, 5, 2);
  const d = digits(value, 8, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1) return false;
  const leap = mo === 2 && (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0));
  return d <= DAYS_IN_MONTH[mo]! + (leap ? 1 : 0);
}

export function isValidDate(value: string): boolean {
  return value.length === 10 && dateAt(value);
}

export function isValidDateTime(value: string): boolean {
  if (value.length !== 19 || value.charCodeAt(10) !== 32 || value.charCodeAt(13) !== 58 || value.charCodeAt(16) !== 58 || !dateAt(value)) return false;
  const h = digits(value, 11, 2);
  const mi = digits(value, 14, 2);
  const sec = digits(value, 17, 2);
  return h >= 0 && h < 24 && mi >= 0 && mi < 60 && sec >= 0 && sec < 60;
}

function describeType(c: ColumnSpec): string {
  switch (c.type) {
    case 'D':
      return 'a date YYYY-MM-DD';
    case 'T':
      return 'a date and time YYYY-MM-DD hh:mm:ss';
    case 'I':
      return 'a whole number';
    case 'M':
      return 'an amount with at most 2 decimals';
    case 'M+':
      return 'a non-negative amount with at most 2 decimals';
    default:
      return `text of at most ${c.maxLength} characters`;
  }
}

function show(value: string): string {
  const v = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  return JSON.stringify(v);
}

// ---------------------------------------------------------------- references

interface Reference {
  readonly column: string;
  readonly target: string;
}

/** Foreign keys checked across files (besides UserID → User.csv on every file that has it). */
function referencesOf(file: string, spec: FileSpec): Reference[] {
  const refs: Reference[] = [];
  const has = (c: string) => spec.column(c) !== undefined;
  if (file === 'Project.csv') refs.push({ column: 'OrganizationID', target: 'Organization.csv' });
  if (['Funder.csv', 'ProjectCoC.csv', 'Inventory.csv', 'Affiliation.csv', 'HMISParticipation.csv', 'CEParticipation.csv', 'Enrollment.csv'].includes(file)) {
    refs.push({ column: 'ProjectID', target: 'Project.csv' });
  }
  if (file === 'Affiliation.csv') refs.push({ column: 'ResProjectID', target: 'Project.csv' });
  if (file !== 'Client.csv' && has('PersonalID')) refs.push({ column: 'PersonalID', target: 'Client.csv' });
  if (file !== 'Enrollment.csv' && has('EnrollmentID')) refs.push({ column: 'EnrollmentID', target: 'Enrollment.csv' });
  if (file === 'AssessmentQuestions.csv' || file === 'AssessmentResults.csv') refs.push({ column: 'AssessmentID', target: 'Assessment.csv' });
  if (file !== 'User.csv' && has('UserID')) refs.push({ column: 'UserID', target: 'User.csv' });
  return refs;
}

/**
 * Non-nullable columns that HUD collects only for some rows: EnrollmentCoC (3.16) is collected for the
 * head of household only (README "EnrollmentCoC (head only)"; greenriver and Eva also read it as
 * nullable), so it may be empty when RelationshipToHoH is not 1.
 */
function optionalHere(file: string, column: string, get: (n: string) => string): boolean {
  return file === 'Enrollment.csv' && column === 'EnrollmentCoC' && get('RelationshipToHoH') !== '1';
}

function referenceMessage(column: string, id: string, target: string): string {
  const spaces = id !== id.trim() ? ' (the value has leading or trailing spaces)' : '';
  return `${column} ${show(id)} has no row in ${target}${spaces}.`;
}

/** Files other files reference (their primary keys are kept until the end). */
const REFERENCE_TARGETS = new Set(['Organization.csv', 'User.csv', 'Project.csv', 'Client.csv', 'Enrollment.csv', 'Assessment.csv']);

// ---------------------------------------------------------------- severities

/**
 * Problems whose severity depends on the mode. On export everything is an error: Hearth's own files
 * must be exactly right. On import, these do not lose or misread data, so they are warnings:
 * - a file absent from the set (read as empty);
 * - a UserID without a User row (the importer records the user id as given);
 * - a client without an enrollment (imported, reachable by search only);
 * - an ExportID that differs from Export.csv's;
 * - headers in another order or letter case (read through the canonical mapping).
 */
function severityOf(code: ProblemCode, mode: ValidationMode, detail?: { target?: string }): Severity {
  if (mode === 'export') return code === 'retired-code' ? 'warning' : 'error';
  switch (code) {
    case 'file-missing':
    case 'file-unknown':
    case 'orphan-client':
    case 'export-id':
    case 'header-order':
    case 'header-case':
    case 'retired-code':
    case 'csv-version':
      return 'warning';
    case 'reference':
      return detail?.target === 'User.csv' ? 'warning' : 'error';
    default:
      return 'error';
  }
}

// ---------------------------------------------------------------- header

/**
 * Header check. Export: exact names, case-sensitive, spec order, nothing extra or missing. Import:
 * case-insensitive (real files write `HoHLeaseholder`, `Zip`, `CocCode`), any order (warning), but
 * no unknown, duplicate or missing column. Returns the field index → canonical name mapping.
 */
export function checkHeader(spec: FileSpec, header: readonly string[], mode: ValidationMode): { result: HeaderResult; problems: Omit<HudProblem, 'severity'>[] } {
  const problems: Omit<HudProblem, 'severity'>[] = [];
  const file = spec.name;
  const p = (code: ProblemCode, column: string | null, message: string) => problems.push({ file, line: 1, column, code, message });
  const mapping: (string | null)[] = [];
  if (mode === 'export') {
    header.forEach((h, i) => {
      const expected = spec.columns[i];
      if (!expected) p('header-unknown-column', h, `Column ${i + 1} "${h}" is not a column of ${file}.`);
      else if (h !== expected.name) p('header-order', h, `Column ${i + 1} is "${h}"; HUD's ${file} has "${expected.name}" there.`);
      mapping.push(spec.column(h) ? h : null);
    });
    for (let i = header.length; i < spec.columns.length; i++) p('header-missing-column', spec.columns[i]!.name, `Column ${spec.columns[i]!.name} is missing.`);
    const ok = problems.every((x) => x.code !== 'header-unknown-column' && x.code !== 'header-missing-column') && new Set(mapping).size === mapping.length;
    return { result: { ok: ok && problems.length === 0, mapping }, problems };
  }
  const byLower = new Map(spec.columns.map((c) => [c.name.toLowerCase(), c]));
  const seen = new Set<string>();
  let fatal = false;
  header.forEach((raw, i) => {
    const h = raw.trim();
    const c = byLower.get(h.toLowerCase());
    if (!c) {
      p('header-unknown-column', h, `Column ${i + 1} "${h}" is not a column of ${file} in this CSV version.`);
      mapping.push(null);
      fatal = true;
      return;
    }
    if (seen.has(c.name)) {
      p('header-duplicate-column', c.name, `Column ${c.name} appears twice.`);
      mapping.push(null);
      fatal = true;
      return;
    }
    seen.add(c.name);
    mapping.push(c.name);
  });
  const missing = spec.columns.filter((c) => !seen.has(c.name));
  for (const c of missing) p('header-missing-column', c.name, `Column ${c.name} is missing.`);
  if (missing.length > 0) fatal = true;
  if (!fatal) {
    const inOrder = mapping.every((n, i) => n === spec.columns[i]!.name);
    if (!inOrder) p('header-order', null, `The columns of ${file} are not in HUD's order; they are read by name.`);
  }
  return { result: { ok: !fatal, mapping }, problems };
}

// ---------------------------------------------------------------- validator

/** What is checked on a column, resolved once per file rather than per value. */
interface ColumnPlan {
  readonly column: ColumnSpec;
  /** The column's code list (undefined: type check only). */
  readonly list: CodeList | undefined;
  /** The list depends on another column of the row (`conditionalListFor`). */
  readonly conditional: boolean;
  /** Codes FY2026 retired, for this column (`retiredCode`). */
  readonly retired: boolean;
}

interface FileState {
  readonly spec: FileSpec;
  readonly plan: readonly ColumnPlan[];
  /** Per plan entry: the field it is read from (-1: not in the header). */
  readonly fieldOf: readonly number[];
  readonly build: RecordBuilder;
  readonly mapping: readonly (string | null)[];
  readonly ok: boolean;
  readonly refs: Reference[];
  readonly keys: Map<string, number>;
  rows: number;
  exportIdMismatch: number;
  exportIdFirstLine: number;
}

export function createHudValidator(options: ValidatorOptions): HudValidator {
  const spec = hudSpec(options.version);
  const mode = options.mode;
  const maxProblems = options.maxProblems ?? 10_000;
  let hashStatus = options.hashStatus;
  let exportId: string | null = null;
  const problems: HudProblem[] = [];
  let errorCount = 0;
  let warningCount = 0;
  let truncated = 0;
  const files = new Map<string, FileState>();
  const finished = new Set<string>();
  /** Files whose header could not be mapped: their rows are not read, so nothing is checked against them. */
  const unreadable = new Set<string>();
  /** Files of the set seen by beginFile or markUnreadable. */
  const present = new Set<string>();
  /** Primary keys per file, kept after the file ends for references. */
  const ids = new Map<string, Map<string, number>>();
  /** References whose target file was not complete yet: checked at the end. */
  const pending: { file: string; line: number; column: string; target: string; id: string }[] = [];
  const enrolledPersons = new Set<string>();
  /** Deleted clients need no live enrollment. */
  const deletedClients = new Set<string>();
  const households = new Map<string, { heads: number; line: number }>();
  const exits = new Map<string, number>();
  /** ProjectID → ProjectType, and EnrollmentID → "EntryDate|MoveInDate", for the date-order checks. */
  const projectTypes = new Map<string, string>();
  const enrollmentDates = new Map<string, string>();

  function add(problem: Omit<HudProblem, 'severity'> & { severity?: Severity }, detail?: { target?: string }): void {
    const severity = options.severityOverrides?.[problem.code] ?? problem.severity ?? severityOf(problem.code, mode, detail);
    if (severity === 'error') errorCount++;
    else warningCount++;
    if (problems.length < maxProblems) problems.push({ ...problem, severity });
    else truncated++;
  }

  /** A problem of one value (a function of its own: a closure per checked value would be garbage per value). */
  function valueProblem(file: string, line: number, c: ColumnSpec, code: ProblemCode, message: string): void {
    add({ file, line, column: c.name, code, message });
  }

  function checkValue(st: FileState, cp: ColumnPlan, v: string, line: number, get: (n: string) => string): void {
    const c = cp.column;
    const file = st.spec.name;
    if (v === '') {
      if (!c.nullable && !optionalHere(file, c.name, get)) valueProblem(file, line, c, 'required', `${c.name} is required.`);
      return;
    }
    const hashed = hashStatus === 4 && file === 'Client.csv';
    switch (c.type) {
      case 'D':
        if (!isValidDate(v)) valueProblem(file, line, c, 'type', `${c.name} must be ${describeType(c)}; found ${show(v)}.`);
        return;
      case 'T':
        if (!isValidDateTime(v)) valueProblem(file, line, c, 'type', `${c.name} must be ${describeType(c)}; found ${show(v)}.`);
        return;
      case 'M':
        if (!MONEY_RE.test(v)) valueProblem(file, line, c, 'type', `${c.name} must be ${describeType(c)}; found ${show(v)}.`);
        return;
      case 'M+':
        if (!MONEY_PLUS_RE.test(v)) valueProblem(file, line, c, 'type', `${c.name} must be ${describeType(c)}; found ${show(v)}.`);
        return;
      case 'I': {
        if (!INT_RE.test(v)) {
          valueProblem(file, line, c, 'type', `${c.name} must be ${describeType(c)}; found ${show(v)}.`);
          return;
        }
        const list = (cp.conditional ? conditionalListFor(file, c.name, get) : undefined) ?? cp.list;
        if (!list) return;
        const code = String(Number(v));
        const retired = cp.retired ? retiredCode(file, c.name, code) : undefined;
        if (retired) {
          if (spec.version === '2024' || list.codes.has(code)) valueProblem(file, line, c, 'retired-code', `${c.name} ${code}: ${retired}; kept as history.`);
          else add({ file, line, column: c.name, code: 'list', severity: 'error', message: `${c.name} ${code}: ${retired}; not valid in FY2026.` });
          return;
        }
        if (!list.codes.has(code)) valueProblem(file, line, c, 'list', `${c.name} ${show(v)} is not a code of HUD list ${list.hudList} (${list.name}).`);
        return;
      }
      default: {
        if (hashed && (HASHED_NAME_COLUMNS as readonly string[]).includes(c.name)) {
          if (!HASHED_NAME_RE.test(v)) valueProblem(file, line, c, 'hashed-format', `${c.name} must be a SHA-256 hash (64 hexadecimal characters) when HashStatus is 4.`);
          return;
        }
        if (file === 'Client.csv' && c.name === 'SSN') {
          if (hashed) {
            if (!HASHED_SSN_RE.test(v)) valueProblem(file, line, c, 'hashed-format', 'SSN must be its last four digits followed by a SHA-256 hash (68 characters) when HashStatus is 4.');
          } else if (!SSN_RE.test(v)) {
            valueProblem(file, line, c, 'ssn-format', `SSN must be 9 characters, digits or x for an unknown digit; found ${v.length} characters.`);
          }
          return;
        }
        // What PostgreSQL cannot store must fail here, in the dry run, not in the import's statements.
        const unstorable = unstorableText(v);
        if (unstorable) valueProblem(file, line, c, 'control-character', `${c.name} ${unstorable}.`);
        // Characters, not UTF-16 units: only count code points when the string could be too long.
        if (c.maxLength !== null && v.length > c.maxLength) {
          const n = [...v].length;
          if (n > c.maxLength) valueProblem(file, line, c, 'length', `${c.name} is longer than ${c.maxLength} characters (${n}).`);
        }
        if (HUD_FORBIDDEN_CHARACTERS.test(v)) {
          add({
            file,
            line,
            column: c.name,
            code: 'forbidden-character',
            severity: spec.version === '2026' ? 'error' : 'warning',
            message: `${c.name} contains one of ${HUD_FORBIDDEN_LIST}, which FY2026 text may not contain.`,
          });
        }
      }
    }
  }

  function checkRef(file: string, line: number, column: string, target: string, id: string): void {
    if (unreadable.has(target)) return;
    if (finished.has(target)) {
      if (!ids.get(target)?.has(id)) add({ file, line, column, code: 'reference', message: referenceMessage(column, id, target) }, { target });
    } else {
      pending.push({ file, line, column, target, id: ownString(id) });
    }
  }

  const validator: HudValidator = {
    spec,
    beginFile(file, header) {
      const fs = spec.file(file);
      if (!fs) {
        add({ file, line: null, column: null, code: 'file-unknown', message: `${file} is not a file of the ${spec.csvVersion} CSV${mode === 'import' ? '; ignored' : ''}.` });
        return { ok: false, mapping: [] };
      }
      present.add(file);
      const { result, problems: hp } = checkHeader(fs, header, mode);
      for (const x of hp) add(x);
      if (!result.ok) unreadable.add(file);
      const plan = fs.columns.map((column) => ({
        column,
        list: listForColumn(file, column),
        conditional: hasConditionalList(file, column.name),
        retired: RETIRED_CODES.some((r) => r.file === file && r.column === column.name),
      }));
      const fieldOf = fs.columns.map((c) => result.mapping.indexOf(c.name));
      const build = recordBuilder(result.ok ? result.mapping : []);
      files.set(file, { spec: fs, plan, fieldOf, build, mapping: result.mapping, ok: result.ok, refs: referencesOf(file, fs), keys: new Map(), rows: 0, exportIdMismatch: 0, exportIdFirstLine: 0 });
      return result;
    },

    row(file, line, fields) {
      const st = files.get(file);
      if (!st || !st.ok) return null;
      st.rows++;
      if (fields.length !== st.mapping.length) {
        add({ file, line, column: null, code: 'field-count', message: `Line has ${fields.length} fields; the header has ${st.mapping.length} (too ${fields.length > st.mapping.length ? 'many' : 'few'}).` });
        return null;
      }
      const rec = st.build(fields);
      const get = (n: string) => rec[n] ?? '';
      const { plan, fieldOf } = st;
      for (let i = 0; i < plan.length; i++) checkValue(st, plan[i]!, fieldOf[i]! < 0 ? '' : fields[fieldOf[i]!]!, line, get);

      // Primary key.
      const key = get(st.spec.primaryKey);
      if (key !== '') {
        const first = st.keys.get(key);
        if (first !== undefined) add({ file, line, column: st.spec.primaryKey, code: 'duplicate-key', message: `${st.spec.primaryKey} ${show(key)} already appears on line ${first}.` });
        else st.keys.set(ownString(key), line);
      }

      // Export.csv: the set's metadata.
      if (file === 'Export.csv') {
        if (st.rows > 1) add({ file, line, column: null, code: 'export-row-count', message: 'Export.csv must have exactly one row.' });
        else {
          exportId = key || null;
          const hs = Number(get('HashStatus'));
          if (options.hashStatus === undefined && Number.isInteger(hs)) hashStatus = hs;
          const v = versionFromCsvVersion(get('CSVVersion'));
          if (get('CSVVersion') !== '' && v !== spec.version) {
            add({ file, line, column: 'CSVVersion', code: 'csv-version', message: `CSVVersion ${show(get('CSVVersion'))} does not match the ${spec.csvVersion} columns this set is read with.` });
          }
        }
      } else if (exportId !== null && st.spec.column('ExportID') && get('ExportID') !== '' && get('ExportID') !== exportId) {
        if (st.exportIdMismatch++ === 0) st.exportIdFirstLine = line;
      }

      // References.
      for (const r of st.refs) {
        const id = get(r.column);
        if (id !== '') checkRef(file, line, r.column, r.target, id);
      }

      const deleted = get('DateDeleted') !== '';
      if (file === 'Project.csv' && key !== '') projectTypes.set(ownString(key), get('ProjectType'));
      if (file === 'Client.csv' && deleted && key !== '') deletedClients.add(ownString(key));
      if (file === 'Enrollment.csv' && key !== '' && isValidDate(get('EntryDate'))) {
        const moveIn = isValidDate(get('MoveInDate')) ? get('MoveInDate') : '';
        enrollmentDates.set(ownString(key), `${get('EntryDate')}|${moveIn}`);
        if (moveIn !== '' && !deleted) {
          if (moveIn < get('EntryDate')) add({ file, line, column: 'MoveInDate', code: 'move-in-date', message: `MoveInDate ${moveIn} is before EntryDate ${get('EntryDate')}; a move-in date is on or after the project start (3.20).` });
          const type = projectTypes.get(get('ProjectID'));
          if (type !== undefined && type !== '' && !MOVE_IN_PROJECT_TYPES.has(type)) {
            add({ file, line, column: 'MoveInDate', code: 'move-in-date', message: `MoveInDate is recorded for project type ${type}; HUD collects it only for project types 3, 9, 10 and 13 (3.20).` });
          }
        }
      }
      if (file === 'Exit.csv' && !deleted && finished.has('Enrollment.csv') && isValidDate(get('ExitDate'))) {
        const dates = enrollmentDates.get(get('EnrollmentID'));
        if (dates) {
          const [entry, moveIn] = dates.split('|') as [string, string];
          const exitDate = get('ExitDate');
          if (exitDate < entry) add({ file, line, column: 'ExitDate', code: 'exit-before-entry', message: `ExitDate ${exitDate} is before the enrollment's EntryDate ${entry}.` });
          if (moveIn !== '' && moveIn > exitDate) add({ file, line, column: 'ExitDate', code: 'move-in-date', message: `The enrollment's MoveInDate ${moveIn} is after ExitDate ${exitDate}; a move-in date is on or before the exit (3.20).` });
        }
      }
      if (file === 'Enrollment.csv' && !deleted) {
        if (get('PersonalID') !== '') enrolledPersons.add(ownString(get('PersonalID')));
        const hh = get('HouseholdID');
        if (hh !== '') {
          const h = households.get(hh) ?? { heads: 0, line };
          if (h.heads === 0 && !households.has(hh)) households.set(ownString(hh), h);
          if (get('RelationshipToHoH') === '1') {
            h.heads++;
            if (h.heads > 1) add({ file, line, column: 'RelationshipToHoH', code: 'household-head', message: `Household ${show(hh)} already has a head of household (RelationshipToHoH 1); a household has exactly one.` });
          }
        }
      }
      if (file === 'Exit.csv' && !deleted) {
        const en = get('EnrollmentID');
        if (en !== '') {
          const first = exits.get(en);
          if (first !== undefined) add({ file, line, column: 'EnrollmentID', code: 'exit-duplicate', message: `Enrollment ${show(en)} already has an exit on line ${first}; an enrollment has at most one.` });
          else exits.set(ownString(en), line);
        }
      }
      return rec;
    },

    endFile(file) {
      const st = files.get(file);
      if (!st) return;
      if (st.exportIdMismatch > 0) {
        add({ file, line: st.exportIdFirstLine, column: 'ExportID', code: 'export-id', message: `ExportID differs from Export.csv's on ${st.exportIdMismatch} row(s), first on line ${st.exportIdFirstLine}.` });
      }
      if (file === 'Export.csv' && st.ok && st.rows === 0) add({ file, line: null, column: null, code: 'file-empty', severity: 'error', message: 'Export.csv has no row.' });
      // Keep the IDs of files other files point at; the rest are only needed while the file is read.
      if (REFERENCE_TARGETS.has(file)) ids.set(file, st.keys);
      finished.add(file);
    },

    report(problem) {
      add(problem);
    },

    markUnreadable(file) {
      unreadable.add(file);
      present.add(file);
    },

    finish() {
      if (!present.has('Export.csv')) add({ file: 'Export.csv', line: null, column: null, code: 'file-missing', severity: 'error', message: 'Export.csv is missing: the set cannot be identified.' });
      for (const f of spec.fileOrder) {
        if (f !== 'Export.csv' && !present.has(f)) add({ file: f, line: null, column: null, code: 'file-missing', message: `${f} is missing${mode === 'import' ? '; read as empty' : ''}.` });
      }
      for (const r of pending) {
        if (unreadable.has(r.target)) continue;
        if (!ids.get(r.target)?.has(r.id)) add({ file: r.file, line: r.line, column: r.column, code: 'reference', message: referenceMessage(r.column, r.id, r.target) }, { target: r.target });
      }
      pending.length = 0;
      const clients = ids.get('Client.csv');
      if (clients && files.has('Enrollment.csv') && !unreadable.has('Enrollment.csv')) {
        for (const [pid, line] of clients) {
          if (!enrolledPersons.has(pid) && !deletedClients.has(pid)) add({ file: 'Client.csv', line, column: 'PersonalID', code: 'orphan-client', message: `Client ${show(pid)} has no enrollment.` });
        }
      }
      for (const [hh, h] of households) {
        if (h.heads === 0) add({ file: 'Enrollment.csv', line: h.line, column: 'RelationshipToHoH', code: 'household-head', message: `Household ${show(hh)} has no head of household (RelationshipToHoH 1).` });
      }
      const rowCounts: Record<string, number> = {};
      for (const [f, st] of files) rowCounts[f] = st.rows;
      return { version: spec.version, mode, accepted: errorCount === 0, errorCount, warningCount, problems: [...problems], truncated, rowCounts };
    },
  };
  return validator;
}

// ---------------------------------------------------------------- whole sets (small, in memory)

/** A file that could not be read to its end, as a problem: bad CSV, a bound passed, bytes that are not text. */
function readProblem(file: string, err: unknown): Omit<HudProblem, 'severity'> & { severity: Severity } {
  const base = { file, column: null, severity: 'error' as const };
  if (err instanceof CsvLimitError) return { ...base, line: err.line, code: 'csv-limit', message: err.message };
  if (err instanceof CsvEncodingError) return { ...base, line: err.line, code: 'encoding', message: err.message };
  const line = err instanceof CsvSyntaxError ? err.line : null;
  return { ...base, line, code: 'csv-syntax', message: `The file is not valid CSV: ${(err as Error).message}` };
}

/** The version a set declares in Export.csv (CSVVersion), or null. */
export function detectHudVersion(exportCsv: string | Uint8Array): HudVersion | null {
  try {
    const recs = parseHudCsv(exportCsv);
    const header = recs[0]?.fields.map((h) => h.trim().toLowerCase()) ?? [];
    const i = header.indexOf('csvversion');
    return i < 0 ? null : versionFromCsvVersion(recs[1]?.fields[i]);
  } catch {
    return null;
  }
}

/**
 * Validates a whole set held in memory (tests, small uploads): files in HUD's order, Export.csv first.
 * `files` maps file name → content. The version comes from Export.csv unless given.
 */
export function validateHudSet(
  files: ReadonlyMap<string, string | Uint8Array> | Readonly<Record<string, string | Uint8Array>>,
  options: Omit<ValidatorOptions, 'version'> & { version?: HudVersion },
): ValidationReport {
  const map = files instanceof Map ? (files as ReadonlyMap<string, string | Uint8Array>) : new Map(Object.entries(files));
  const exp = map.get('Export.csv');
  const version = options.version ?? (exp !== undefined ? detectHudVersion(exp) : null) ?? '2026';
  const v = createHudValidator({ ...options, version });
  const order = [...v.spec.fileOrder.filter((f) => map.has(f)), ...[...map.keys()].filter((f) => !v.spec.file(f))];
  for (const name of order) {
    const content = map.get(name)!;
    let recs;
    try {
      recs = parseHudCsv(content);
    } catch (err) {
      v.report(readProblem(name, err));
      v.markUnreadable(name);
      continue;
    }
    const [header, ...rows] = recs;
    if (!header) {
      v.report({ file: name, line: null, column: null, code: 'file-empty', severity: 'error', message: `${name} has no header row.` });
      v.markUnreadable(name);
      continue;
    }
    const h = v.beginFile(name, header.fields);
    if (h.ok) for (const r of rows) v.row(name, r.line, r.fields);
    v.endFile(name);
  }
  return v.finish();
}

/** A set of files to stream: a zip's entries or a folder's files. */
export interface HudFileSource {
  /** File names present in the set. */
  readonly names: readonly string[];
  /** The bytes (or text) of one file, in chunks. */
  open(name: string): AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;
  /** The encoding the bytes are in, when one was named (WHATWG label); UTF-8 otherwise. */
  readonly encoding?: string;
}

async function firstDataRow(source: HudFileSource, name: string): Promise<{ header: readonly string[]; row: readonly string[] } | null> {
  let header: readonly string[] | null = null;
  try {
    for await (const rec of readHudCsv(source.open(name), { encoding: source.encoding })) {
      if (!header) header = rec.fields;
      else return { header, row: rec.fields };
    }
  } catch {
    return null;
  }
  return null;
}

/**
 * Validates a set file by file, streaming (constant memory apart from the ID sets): files in HUD's
 * order, then any unknown file. The version comes from Export.csv's CSVVersion unless given (FY2026
 * when it cannot be read; Export.csv's own problems are then reported). `onRecord` sees every readable
 * record keyed by canonical column name — a dry run or a collector, never a writer: import only once
 * the report is accepted.
 */
export async function validateHudSource(
  source: HudFileSource,
  options: Omit<ValidatorOptions, 'version'> & {
    version?: HudVersion;
    onRecord?: (file: string, line: number, record: Record<string, string>) => void | Promise<void>;
  },
): Promise<ValidationReport> {
  let version = options.version;
  if (!version && source.names.includes('Export.csv')) {
    const first = await firstDataRow(source, 'Export.csv');
    const i = first?.header.findIndex((h) => h.trim().toLowerCase() === 'csvversion') ?? -1;
    version = (first && i >= 0 ? versionFromCsvVersion(first.row[i]) : null) ?? undefined;
  }
  const v = createHudValidator({ ...options, version: version ?? '2026' });
  const order = [...v.spec.fileOrder.filter((f) => source.names.includes(f)), ...source.names.filter((f) => !v.spec.file(f))];
  for (const name of order) {
    let started = false;
    let ok = false;
    let broken = false;
    try {
      for await (const rec of readHudCsv(source.open(name), { encoding: source.encoding })) {
        if (!started) {
          started = true;
          ok = v.beginFile(name, rec.fields).ok;
          if (!ok) break;
          continue;
        }
        const r = v.row(name, rec.line, rec.fields);
        if (r && options.onRecord) await options.onRecord(name, rec.line, r);
      }
    } catch (err) {
      v.report(readProblem(name, err));
      broken = true;
    }
    if (!started && !broken) v.report({ file: name, line: null, column: null, code: 'file-empty', severity: 'error', message: `${name} has no header row.` });
    if (!started || broken) v.markUnreadable(name);
    v.endFile(name);
  }
  const report = v.finish();
  return source.encoding ? { ...report, encoding: new TextDecoder(source.encoding).encoding } : report;
}
