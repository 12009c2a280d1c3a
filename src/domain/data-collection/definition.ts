/**
 * The HUD data collection definition (config/forms/hud-data-collection.json): which HUD element is
 * asked of which household member at which data collection stage, with its answer list. One file read
 * by the server (validation, data quality) and the web (each member's screen of each stage), checked
 * here when loaded — a broken definition fails start-up and the tests, not a case manager's screen.
 */
import { z } from 'zod';
import json from '../../../config/forms/hud-data-collection.json' with { type: 'json' };
import lists from '../hud/spec/lists-2026.json' with { type: 'json' };

export const STAGE_NAMES = ['projectStart', 'update', 'annual', 'projectExit', 'postExit'] as const;
export type StageName = (typeof STAGE_NAMES)[number];
/** HUD 5.03 DataCollectionStage codes. */
export const STAGE_CODE: Record<StageName, number> = { projectStart: 1, update: 2, projectExit: 3, annual: 5, postExit: 6 };
export const STAGE_OF_CODE: Record<number, StageName> = { 1: 'projectStart', 2: 'update', 3: 'projectExit', 5: 'annual', 6: 'postExit' };

export const COLLECTED_FOR = ['everyone', 'headAndAdults', 'head'] as const;
export type CollectedFor = (typeof COLLECTED_FOR)[number];

const META_KEYS = new Set(['hudList', 'columns', 'source']);
export type HudListName = keyof typeof lists;

/** The answer of a CoC's own question: a choice among its options, yes/no, free text, a number or a date. */
export const CUSTOM_ANSWER_TYPES = ['choice', 'yesNo', 'text', 'number', 'date'] as const;
export const YES_NO_OPTIONS: readonly { value: string; label: string }[] = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
];

/** The codes of a HUD list with their labels, in the file's order. */
export function hudListOptions(name: string): { value: number; label: string }[] {
  const list = (lists as Record<string, unknown>)[name];
  if (!list || typeof list !== 'object') throw new Error(`Unknown HUD list ${name}`);
  return Object.entries(list as Record<string, unknown>)
    .filter(([k, v]) => !META_KEYS.has(k) && typeof v === 'string' && /^\d+$/.test(k))
    .map(([k, v]) => ({ value: Number(k), label: v as string }));
}

/** HUD's "Client doesn't know", "Client prefers not to answer", "Data not collected". */
export const MISSING_DATA_CODES: readonly number[] = [8, 9, 99];

const listName = z.string().refine((n) => n in lists && n !== '_meta', 'names no list of lists-2026.json');
const option = z.strictObject({ value: z.string().min(1), label: z.string().min(1) });
const base = {
  id: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/),
  element: z.string().min(1),
  title: z.string().min(1),
  label: z.string().min(1).optional(),
  help: z.string().optional(),
  field: z.string().regex(/^[a-zA-Z]+$/),
  list: listName,
  missingData: z.boolean(),
  collectedFor: z.enum(COLLECTED_FOR),
  stages: z.array(z.enum(STAGE_NAMES)).min(1),
  /** Only these HUD project types collect it (all when absent). */
  projectTypes: z.array(z.number().int()).optional(),
};

const fieldName = z.string().regex(/^[a-zA-Z]+$/);
const customAnswer = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('choice'), options: z.array(option).min(2) }),
  z.strictObject({ type: z.literal('yesNo') }),
  z.strictObject({ type: z.literal('text'), maxLength: z.number().int().min(1).max(500).default(200) }),
  z.strictObject({ type: z.literal('number'), min: z.number().optional(), max: z.number().optional(), integer: z.boolean().default(false) }),
  z.strictObject({ type: z.literal('date') }),
]);

/**
 * A CoC's own question (no code: add it to the definition). Stored on the member's stage record
 * (`custom` answers), validated and counted by data quality (when required) like HUD's elements,
 * and never exported to the HUD CSV, which has no place for it.
 */
const customSchema = z.strictObject({
  id: base.id,
  kind: z.literal('custom'),
  element: z.string().min(1).default('CoC'),
  title: z.string().min(1),
  label: z.string().min(1).optional(),
  help: z.string().optional(),
  field: fieldName,
  collectedFor: base.collectedFor,
  stages: base.stages,
  projectTypes: base.projectTypes,
  required: z.boolean(),
  answer: customAnswer,
});

const elementSchema = z.discriminatedUnion('kind', [
  customSchema,
  z.strictObject({ ...base, kind: z.literal('choice') }),
  z.strictObject({ ...base, kind: z.literal('priorLivingSituation') }),
  z.strictObject({
    ...base,
    kind: z.literal('sources'),
    sources: z.strictObject({
      field: z.string().regex(/^[a-zA-Z]+$/),
      amounts: z.boolean(),
      totalField: z.string().optional(),
      otherField: z.string().optional(),
      otherSource: z.string().optional(),
      options: z.array(option).min(1),
    }),
  }),
  z.strictObject({
    ...base,
    kind: z.literal('disabilities'),
    disabilityTypes: z.array(z.strictObject({ type: z.number().int(), element: z.string(), label: z.string().min(1), longContinued: z.boolean(), list: listName.optional() })).min(1),
    longContinuedLabel: z.string().min(1),
  }),
  z.strictObject({
    ...base,
    kind: z.literal('domesticViolence'),
    followUps: z.array(z.strictObject({ field: z.string().regex(/^[a-zA-Z]+$/), label: z.string().min(1), list: listName })),
  }),
]);

const definitionSchema = z
  .strictObject({
    id: z.string(),
    version: z.number().int().positive(),
    title: z.string(),
    description: z.string().optional(),
    stages: z.record(z.string(), z.number()),
    elements: z.array(elementSchema).min(1),
  })
  .superRefine((def, ctx) => {
    const ids = new Set<string>();
    const fields = new Set<string>();
    def.elements.forEach((e, i) => {
      if (ids.has(e.id)) ctx.addIssue({ code: 'custom', path: ['elements', i, 'id'], message: `duplicate id "${e.id}"` });
      ids.add(e.id);
      if (fields.has(e.field)) ctx.addIssue({ code: 'custom', path: ['elements', i, 'field'], message: `field "${e.field}" is used twice` });
      fields.add(e.field);
      // Project-start-only elements live on the enrollment; the others on the stage record.
      if ((e.kind === 'choice' || e.kind === 'priorLivingSituation') && e.stages.some((s) => s !== 'projectStart'))
        ctx.addIssue({ code: 'custom', path: ['elements', i, 'stages'], message: `${e.kind} elements are collected at project start only` });
      if (e.kind === 'custom' && e.answer.type === 'choice' && new Set(e.answer.options.map((o) => o.value)).size !== e.answer.options.length)
        ctx.addIssue({ code: 'custom', path: ['elements', i, 'answer', 'options'], message: 'an option value is used twice' });
      if (e.kind === 'custom' && e.answer.type === 'number' && e.answer.min !== undefined && e.answer.max !== undefined && e.answer.min > e.answer.max)
        ctx.addIssue({ code: 'custom', path: ['elements', i, 'answer'], message: 'min is greater than max' });
    });
    for (const [name, code] of Object.entries(def.stages)) {
      if (STAGE_CODE[name as StageName] !== code) ctx.addIssue({ code: 'custom', path: ['stages', name], message: `stage ${name} is HUD code ${STAGE_CODE[name as StageName]}` });
    }
  });

export type DataCollectionDefinition = z.infer<typeof definitionSchema>;
export type DataElement = DataCollectionDefinition['elements'][number];
export type SourcesElement = Extract<DataElement, { kind: 'sources' }>;
export type DisabilitiesElement = Extract<DataElement, { kind: 'disabilities' }>;
export type DomesticViolenceElement = Extract<DataElement, { kind: 'domesticViolence' }>;
export type CustomElement = Extract<DataElement, { kind: 'custom' }>;
/** The HUD elements (answer lists from lists-2026.json). */
export type HudElement = Exclude<DataElement, CustomElement>;

/** The options of a CoC question answered by choice (choice, yes/no); empty for the others. */
export function customOptions(e: CustomElement): readonly { value: string; label: string }[] {
  return e.answer.type === 'choice' ? e.answer.options : e.answer.type === 'yesNo' ? YES_NO_OPTIONS : [];
}

/** Parses and checks a definition; throws listing every problem. */
export function parseDataCollectionDefinition(input: unknown): DataCollectionDefinition {
  const r = definitionSchema.safeParse(input);
  if (!r.success) throw new Error(`Invalid data collection definition: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  return r.data;
}

/** The definition Hearth ships (config/forms/hud-data-collection.json). */
export const HUD_DATA_COLLECTION: DataCollectionDefinition = parseDataCollectionDefinition(json);

/** The answer options of an element's main question: its HUD list, without 8/9/99 when HUD allows none. */
export function answerOptions(list: string, missingData: boolean): { value: number; label: string }[] {
  return hudListOptions(list).filter((o) => missingData || !MISSING_DATA_CODES.includes(o.value));
}
