/**
 * Custom assessments defined as data (the form engine). A form definition lists questions, possibly
 * in groups; each question has an answer type, a `required` flag and an optional `showIf` condition
 * on earlier answers. Answers are a flat object keyed by question id (ids are unique in a form).
 *
 * This file and engine.ts import nothing, so the web app imports them too (one engine, two sides).
 * The zod schema that checks definitions loaded from config/forms/*.json is in schema.ts.
 */

export const ANSWER_TYPES = ['text', 'number', 'money', 'date', 'yesno', 'single', 'multi'] as const;
export type AnswerType = (typeof ANSWER_TYPES)[number];

/** text: string; number/money: number; date: 'YYYY-MM-DD'; yesno: 'yes' | 'no'; single: option value; multi: option values. */
export type AnswerValue = string | number | string[] | null;
export type Answers = Readonly<Record<string, AnswerValue | undefined>>;

export interface ChoiceOption {
  value: string;
  label: string;
}

/**
 * A condition on other answers (questions that come earlier in the form). A condition on a question
 * that is hidden treats it as unanswered.
 */
export type Condition =
  | { question: string; equals: string | number }
  | { question: string; notEquals: string | number }
  | { question: string; in: (string | number)[] }
  /** multi choice: the answer includes this value */
  | { question: string; includes: string }
  | { question: string; answered: boolean }
  | { question: string; greaterThan: number }
  | { question: string; lessThan: number }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export interface Question {
  kind?: 'question';
  id: string;
  label: string;
  help?: string;
  type: AnswerType;
  required?: boolean;
  showIf?: Condition;
  /** single and multi choice */
  options?: ChoiceOption[];
  /** number and money */
  min?: number;
  max?: number;
  /** number: whole numbers only */
  integer?: boolean;
  /** text */
  maxLength?: number;
  multiline?: boolean;
  /**
   * The answer a program requires for eligibility (e.g. ESG RRH screening questions must be "no").
   * Not a validation problem: see `mustBeFailures`.
   */
  mustBe?: string | number;
  /** Why the answer disqualifies, in a case manager's words (shown as the refusal reason). */
  mustBeReason?: string;
}

export interface QuestionGroup {
  kind: 'group';
  id: string;
  title: string;
  help?: string;
  showIf?: Condition;
  items: FormItem[];
}

export type FormItem = Question | QuestionGroup;

export interface FormDefinition {
  id: string;
  version: number;
  title: string;
  description?: string;
  /** What the form is for (e.g. 'esg-rrh-entry'); informational. */
  purpose?: string;
  items: FormItem[];
}

export interface FormProblem {
  /** JSON Pointer to the answer, e.g. '/answers/household_size' (prefix configurable). */
  pointer: string;
  questionId: string;
  code: 'required' | 'type' | 'option' | 'range' | 'length' | 'unknown';
  message: string;
}
