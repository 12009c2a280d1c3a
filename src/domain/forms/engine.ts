/**
 * The form engine: which questions are visible for the answers so far, and what is wrong with the
 * answers. Pure and dependency-free (imported by the web renderer as well as the use cases).
 */
import type { AnswerValue, Answers, Condition, FormDefinition, FormItem, FormProblem, Question, QuestionGroup } from './types.ts';

export function isGroup(item: FormItem): item is QuestionGroup {
  return item.kind === 'group';
}

/** Every question of the form in order, with the groups it sits in (outermost first). */
export function allQuestions(definition: FormDefinition): { question: Question; groups: QuestionGroup[] }[] {
  const out: { question: Question; groups: QuestionGroup[] }[] = [];
  const walk = (items: readonly FormItem[], groups: QuestionGroup[]) => {
    for (const item of items) {
      if (isGroup(item)) walk(item.items, [...groups, item]);
      else out.push({ question: item, groups });
    }
  };
  walk(definition.items, []);
  return out;
}

export function findQuestion(definition: FormDefinition, id: string): Question | undefined {
  return allQuestions(definition).find((q) => q.question.id === id)?.question;
}

/** True when the answer counts as given (not undefined/null/''/[]). */
export function isAnswered(value: AnswerValue | undefined): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/** Evaluates a condition against answers of visible questions (`visible` = answers already pruned of hidden ones). */
export function evaluateCondition(condition: Condition, visible: Answers): boolean {
  if ('all' in condition) return condition.all.every((c) => evaluateCondition(c, visible));
  if ('any' in condition) return condition.any.some((c) => evaluateCondition(c, visible));
  if ('not' in condition) return !evaluateCondition(condition.not, visible);
  const value = visible[condition.question];
  if ('answered' in condition) return isAnswered(value) === condition.answered;
  if (!isAnswered(value)) return 'notEquals' in condition;
  if ('equals' in condition) return sameValue(value!, condition.equals);
  if ('notEquals' in condition) return !sameValue(value!, condition.notEquals);
  if ('in' in condition) return condition.in.some((v) => sameValue(value!, v));
  if ('includes' in condition) return Array.isArray(value) ? value.includes(condition.includes) : value === condition.includes;
  if ('greaterThan' in condition) return typeof value === 'number' && value > condition.greaterThan;
  if ('lessThan' in condition) return typeof value === 'number' && value < condition.lessThan;
  return false;
}

function sameValue(a: Exclude<AnswerValue, null>, b: string | number): boolean {
  if (Array.isArray(a)) return a.includes(String(b));
  return a === b || String(a) === String(b);
}

/**
 * The questions shown for these answers, in form order. A question is shown when its own `showIf`
 * and the `showIf` of every group around it hold; conditions only see answers to questions that are
 * themselves shown, so hiding a question hides what depends on it (conditions are evaluated in form
 * order and may only refer to earlier questions — the schema enforces it).
 */
export function visibleQuestions(definition: FormDefinition, answers: Answers): Question[] {
  const shown: Record<string, AnswerValue | undefined> = {};
  const out: Question[] = [];
  const walk = (items: readonly FormItem[]) => {
    for (const item of items) {
      if (item.showIf && !evaluateCondition(item.showIf, shown)) continue;
      if (isGroup(item)) walk(item.items);
      else {
        out.push(item);
        shown[item.id] = answers[item.id];
      }
    }
  };
  walk(definition.items);
  return out;
}

/** The ids of visible questions and groups (for a renderer that walks the tree). */
export function visibleIds(definition: FormDefinition, answers: Answers): Set<string> {
  const shown: Record<string, AnswerValue | undefined> = {};
  const ids = new Set<string>();
  const walk = (items: readonly FormItem[]) => {
    for (const item of items) {
      if (item.showIf && !evaluateCondition(item.showIf, shown)) continue;
      ids.add(item.id);
      if (isGroup(item)) walk(item.items);
      else shown[item.id] = answers[item.id];
    }
  };
  walk(definition.items);
  return ids;
}

/** The answers to visible questions only (what the use case stores). */
export function pruneHiddenAnswers(definition: FormDefinition, answers: Answers): Record<string, AnswerValue> {
  const out: Record<string, AnswerValue> = {};
  for (const q of visibleQuestions(definition, answers)) {
    const v = answers[q.id];
    if (v !== undefined) out[q.id] = v;
  }
  return out;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
function isDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** Checks one answer against its question (not `required`); returns a problem message or null. */
export function checkAnswer(question: Question, value: Exclude<AnswerValue, null>): { code: FormProblem['code']; message: string } | null {
  const optionValues = new Set((question.options ?? []).map((o) => o.value));
  switch (question.type) {
    case 'text':
      if (typeof value !== 'string') return { code: 'type', message: 'Enter text.' };
      if (question.maxLength !== undefined && value.length > question.maxLength) return { code: 'length', message: `Keep this to ${question.maxLength} characters or fewer.` };
      return null;
    case 'number':
    case 'money': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return { code: 'type', message: question.type === 'money' ? 'Enter an amount in dollars.' : 'Enter a number.' };
      if (question.integer && !Number.isInteger(value)) return { code: 'type', message: 'Enter a whole number.' };
      if (question.type === 'money' && Math.abs(Math.round(value * 100) - value * 100) > 1e-6)
        return { code: 'type', message: 'Enter an amount in dollars and cents.' };
      const min = question.min ?? (question.type === 'money' ? 0 : undefined);
      if (min !== undefined && value < min) return { code: 'range', message: `Enter ${min} or more.` };
      if (question.max !== undefined && value > question.max) return { code: 'range', message: `Enter ${question.max} or less.` };
      return null;
    }
    case 'date':
      return typeof value === 'string' && isDate(value) ? null : { code: 'type', message: 'Enter a valid date.' };
    case 'yesno':
      return value === 'yes' || value === 'no' ? null : { code: 'option', message: 'Answer yes or no.' };
    case 'single':
      if (typeof value !== 'string') return { code: 'type', message: 'Choose one option.' };
      return optionValues.has(value) ? null : { code: 'option', message: 'Choose one of the options listed.' };
    case 'multi':
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) return { code: 'type', message: 'Choose from the options listed.' };
      if (value.some((v) => !optionValues.has(v))) return { code: 'option', message: 'Choose only from the options listed.' };
      if (new Set(value).size !== value.length) return { code: 'option', message: 'Choose each option once.' };
      return null;
  }
}

export interface ValidateOptions {
  /** Prefix of the pointers, e.g. '/forms/0/answers' (default '/answers'). */
  pointerPrefix?: string;
  /** Report answers to unknown question ids (default true). Answers to hidden questions are ignored. */
  rejectUnknown?: boolean;
}

/**
 * What is wrong with the answers: a required question that is shown but unanswered, an answer of the
 * wrong type, a choice that is not an option, a number out of range. Hidden questions are neither
 * required nor checked. Each problem has a JSON pointer to the answer.
 */
export function validateAnswers(definition: FormDefinition, answers: Answers, options: ValidateOptions = {}): FormProblem[] {
  const prefix = options.pointerPrefix ?? '/answers';
  const out: FormProblem[] = [];
  const known = new Set(allQuestions(definition).map((q) => q.question.id));
  if (options.rejectUnknown !== false) {
    for (const id of Object.keys(answers)) {
      if (!known.has(id)) out.push({ pointer: `${prefix}/${escapePointer(id)}`, questionId: id, code: 'unknown', message: 'This form has no such question.' });
    }
  }
  for (const q of visibleQuestions(definition, answers)) {
    const value = answers[q.id];
    const pointer = `${prefix}/${escapePointer(q.id)}`;
    if (!isAnswered(value)) {
      if (q.required) out.push({ pointer, questionId: q.id, code: 'required', message: `Answer "${q.label}".` });
      continue;
    }
    const p = checkAnswer(q, value!);
    if (p) out.push({ pointer, questionId: q.id, ...p });
  }
  return out;
}

export interface MustBeFailure {
  questionId: string;
  label: string;
  expected: string | number;
  actual: AnswerValue | undefined;
  /** The question's `mustBeReason`, or a generic one. */
  reason: string;
}

/** Visible questions with a `mustBe` whose answer is something else (unanswered ones included). */
export function mustBeFailures(definition: FormDefinition, answers: Answers): MustBeFailure[] {
  return visibleQuestions(definition, answers)
    .filter((q) => q.mustBe !== undefined && !(isAnswered(answers[q.id]) && sameValue(answers[q.id]!, q.mustBe)))
    .map((q) => ({
      questionId: q.id,
      label: q.label,
      expected: q.mustBe!,
      actual: answers[q.id],
      reason:
        q.mustBeReason ??
        `The answer to "${q.label}" must be "${q.type === 'yesno' ? String(q.mustBe) : (q.options?.find((o) => o.value === q.mustBe)?.label ?? String(q.mustBe))}" for the household to be eligible.`,
    }));
}
