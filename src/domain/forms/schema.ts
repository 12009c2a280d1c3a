/**
 * The zod schema of a form definition (config/forms/*.json), with the checks zod alone cannot
 * express: unique ids, options for choice questions, conditions that refer only to earlier questions
 * (no cycles, no forward references), `mustBe` values that are possible answers.
 */
import { z } from 'zod';
import { isGroup } from './engine.ts';
import type { Condition, FormDefinition, FormItem } from './types.ts';
import { ANSWER_TYPES } from './types.ts';

const id = z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, 'Write ids in lower-case letters, digits, _ and -.');

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ question: id, equals: z.union([z.string(), z.number()]) }),
    z.strictObject({ question: id, notEquals: z.union([z.string(), z.number()]) }),
    z.strictObject({ question: id, in: z.array(z.union([z.string(), z.number()])).min(1) }),
    z.strictObject({ question: id, includes: z.string() }),
    z.strictObject({ question: id, answered: z.boolean() }),
    z.strictObject({ question: id, greaterThan: z.number() }),
    z.strictObject({ question: id, lessThan: z.number() }),
    z.strictObject({ all: z.array(conditionSchema).min(1) }),
    z.strictObject({ any: z.array(conditionSchema).min(1) }),
    z.strictObject({ not: conditionSchema }),
  ]),
);

const optionSchema = z.strictObject({ value: z.string().min(1), label: z.string().min(1) });

export const questionSchema = z.strictObject({
  kind: z.literal('question').optional(),
  id,
  label: z.string().min(1),
  help: z.string().optional(),
  type: z.enum(ANSWER_TYPES),
  required: z.boolean().optional(),
  showIf: conditionSchema.optional(),
  options: z.array(optionSchema).min(1).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  integer: z.boolean().optional(),
  maxLength: z.number().int().positive().optional(),
  multiline: z.boolean().optional(),
  mustBe: z.union([z.string(), z.number()]).optional(),
  mustBeReason: z.string().optional(),
});

export const formItemSchema: z.ZodType<FormItem> = z.lazy(() =>
  z.union([
    questionSchema,
    z.strictObject({
      kind: z.literal('group'),
      id,
      title: z.string().min(1),
      help: z.string().optional(),
      showIf: conditionSchema.optional(),
      items: z.array(formItemSchema).min(1),
    }),
  ]),
);

function conditionQuestions(c: Condition): string[] {
  if ('all' in c) return c.all.flatMap(conditionQuestions);
  if ('any' in c) return c.any.flatMap(conditionQuestions);
  if ('not' in c) return conditionQuestions(c.not);
  return [c.question];
}

export const formDefinitionSchema = z
  .strictObject({
    $schema: z.string().optional(),
    id: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/),
    version: z.number().int().positive(),
    title: z.string().min(1),
    description: z.string().optional(),
    purpose: z.string().optional(),
    items: z.array(formItemSchema).min(1),
  })
  .superRefine((def, ctx) => {
    const seen = new Set<string>();
    // Walk in order: a condition may only name a question seen before it.
    const walk = (items: readonly FormItem[], path: (string | number)[]) => {
      items.forEach((item, i) => {
        const here = [...path, i];
        if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: [...here, 'id'], message: `duplicate id "${item.id}"` });
        if (item.showIf) {
          for (const q of conditionQuestions(item.showIf)) {
            if (!seen.has(q)) ctx.addIssue({ code: 'custom', path: [...here, 'showIf'], message: `condition refers to "${q}", which is not an earlier question` });
          }
        }
        if (isGroup(item)) {
          seen.add(item.id);
          walk(item.items, [...here, 'items']);
          return;
        }
        seen.add(item.id);
        const choice = item.type === 'single' || item.type === 'multi';
        if (choice && !item.options) ctx.addIssue({ code: 'custom', path: [...here, 'options'], message: 'choice questions need options' });
        if (!choice && item.options) ctx.addIssue({ code: 'custom', path: [...here, 'options'], message: 'only choice questions have options' });
        if (item.options && new Set(item.options.map((o) => o.value)).size !== item.options.length)
          ctx.addIssue({ code: 'custom', path: [...here, 'options'], message: 'option values must be unique' });
        if (item.mustBe !== undefined) {
          const ok =
            item.type === 'yesno'
              ? item.mustBe === 'yes' || item.mustBe === 'no'
              : item.type === 'single'
                ? (item.options ?? []).some((o) => o.value === item.mustBe)
                : false;
          if (!ok) ctx.addIssue({ code: 'custom', path: [...here, 'mustBe'], message: 'mustBe applies to yes/no and single-choice questions and must be a possible answer' });
        }
      });
    };
    walk(def.items, ['items']);
  });

/** Parses and checks a form definition; throws an Error listing every problem (path: message). */
export function parseFormDefinition(json: unknown): FormDefinition {
  const result = formDefinitionSchema.safeParse(json);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`Invalid form definition: ${lines.join('; ')}`);
  }
  const { $schema: _ignored, ...def } = result.data;
  return def as FormDefinition;
}

/** Same, without throwing. */
export function checkFormDefinition(json: unknown): { ok: true; definition: FormDefinition } | { ok: false; problems: string[] } {
  const result = formDefinitionSchema.safeParse(json);
  if (result.success) {
    const { $schema: _ignored, ...def } = result.data;
    return { ok: true, definition: def as FormDefinition };
  }
  return { ok: false, problems: result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) };
}

