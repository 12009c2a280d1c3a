/**
 * FY2024 (`2024 v1.x`) → FY2026 (`2026 v1.0`) row mapping, one row at a time (streaming-friendly).
 *
 * `FY2024_TO_FY2026` lists, per file, every difference between csv-columns-2024.json and
 * csv-columns-2026.json and how it is handled; a unit test diffs the two specs and fails when a
 * difference is not listed here. Files not listed have identical columns in both versions.
 */
import { hudSpec, retiredCode } from './spec.ts';

export interface FileMapping {
  /** FY2024 column → FY2026 column (value carried). */
  readonly renamed?: Readonly<Record<string, string>>;
  /** FY2024 columns with no FY2026 column: value not carried. */
  readonly dropped?: Readonly<Record<string, string>>;
  /** FY2026 columns with no FY2024 column: the value they get (unless the row already has the column). */
  readonly added?: Readonly<Record<string, { readonly value: string; readonly why: string }>>;
  /** Columns whose type, length or list changed, and how the value is handled. */
  readonly changed?: Readonly<Record<string, string>>;
  /** Value conversions for changed columns: FY2024 value → FY2026 value. */
  readonly values?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

const GENDER = 'Gender (3.06) is not collected in FY2026; not carried.';
const FAM = 'list 1.7 (0/1/99) → 1.8 (0/1/8/9/99): every FY2024 code is valid, copied.';
const COUNSELING = 'list 1.7 (0/1/99) → 1.10 (0/1): 99 becomes empty (the column is nullable).';

export const FY2024_TO_FY2026: Readonly<Record<string, FileMapping>> = {
  'Export.csv': {
    changed: { SourceID: 'S32 → S350: copied (only longer values are allowed now).' },
  },
  'Client.csv': {
    renamed: { HispanicLatinaeo: 'HispanicLatinao' },
    dropped: {
      Woman: GENDER,
      Man: GENDER,
      NonBinary: GENDER,
      CulturallySpecific: GENDER,
      Transgender: GENDER,
      Questioning: GENDER,
      DifferentIdentity: GENDER,
      GenderNone: GENDER,
      DifferentIdentityText: GENDER,
    },
    added: { Sex: { value: '99', why: 'Sex (4.21) was not collected in FY2024: 99 data not collected.' } },
  },
  'Enrollment.csv': {
    dropped: {
      SexualOrientation: 'R3 sexual orientation removed in FY2026; not carried.',
      SexualOrientationOther: 'R3 sexual orientation removed in FY2026; not carried.',
      TranslationNeeded: 'C4 translation assistance removed in FY2026; not carried.',
      PreferredLanguage: 'C4 translation assistance removed in FY2026; not carried.',
      PreferredLanguageDifferent: 'C4 translation assistance removed in FY2026; not carried.',
    },
    added: { MentalHealthConsultation: { value: '', why: 'V10 is new in FY2026: not collected, left empty.' } },
    changed: {
      UnemploymentFam: FAM,
      MentalHealthDisorderFam: FAM,
      PhysicalDisabilityFam: FAM,
      AlcoholDrugUseDisorderFam: FAM,
      InsufficientIncome: FAM,
      IncarceratedParent: FAM,
    },
  },
  'Exit.csv': {
    changed: {
      SubsidyInformation: 'list id W5.AB → W5.A-B: the same list spelled differently, copied.',
      CounselingReceived: COUNSELING,
      PostExitCounselingPlan: COUNSELING,
      EmailSocialMedia: COUNSELING,
      Telephone: COUNSELING,
      InPersonIndividual: COUNSELING,
      InPersonGroup: COUNSELING,
    },
    values: Object.fromEntries(['CounselingReceived', 'PostExitCounselingPlan', 'EmailSocialMedia', 'Telephone', 'InPersonIndividual', 'InPersonGroup'].map((c) => [c, { '99': '' }])),
  },
  'CurrentLivingSituation.csv': {
    changed: { VerifiedBy: 'S100 → S200: copied.' },
  },
};

export interface MappingNote {
  readonly column: string;
  readonly kind: 'value-changed' | 'retired-code';
  readonly message: string;
}

export interface MappedRow {
  /** The row in FY2026 shape: every FY2026 column of the file, in spec order. */
  readonly row: Record<string, string>;
  /** What changed in values (not the columns dropped for every row). */
  readonly notes: readonly MappingNote[];
}

/**
 * Maps one FY2024 row (keyed by canonical FY2024 column names, as `HudValidator.row` returns it) to
 * the FY2026 columns of the same file. Retired codes (funder 12/47/48/49, event 17) are kept as they are
 * and noted as history.
 */
export function mapFy2024Row(file: string, row: Readonly<Record<string, string>>): MappedRow {
  const spec26 = hudSpec('2026').file(file);
  if (!spec26) throw new Error(`${file} is not a file of the FY2026 CSV`);
  const m = FY2024_TO_FY2026[file] ?? {};
  const from: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.renamed ?? {})) from[v] = k;
  const notes: MappingNote[] = [];
  const out: Record<string, string> = {};
  for (const c of spec26.columns) {
    const source = from[c.name] ?? c.name;
    let value: string;
    if (Object.hasOwn(row, source)) value = row[source]!;
    else if (Object.hasOwn(row, c.name)) value = row[c.name]!;
    else value = m.added?.[c.name]?.value ?? '';
    const conv = m.values?.[c.name];
    if (conv && Object.hasOwn(conv, value)) {
      const next = conv[value]!;
      notes.push({ column: c.name, kind: 'value-changed', message: `${c.name} ${value} → ${next === '' ? 'empty' : next}: ${m.changed?.[c.name] ?? ''}` });
      value = next;
    }
    const retired = value !== '' ? retiredCode(file, c.name, value) : undefined;
    if (retired) notes.push({ column: c.name, kind: 'retired-code', message: `${c.name} ${value}: ${retired}; kept as history.` });
    out[c.name] = value;
  }
  return { row: out, notes };
}
