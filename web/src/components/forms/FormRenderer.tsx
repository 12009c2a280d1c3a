/**
 * Renders a custom assessment (a form definition from config/forms) as accessible inputs. Controlled:
 * the parent owns `answers` and receives every change through `onChange`. Conditions (`showIf`) are
 * applied live with the same engine the server uses (src/domain/forms/engine.ts).
 *
 * - every input has a label; groups, yes/no and choice questions are fieldsets with a legend;
 * - problems — from the server (`problems`, JSON pointers such as '/forms/0/answers/wage', matched with
 *   `pointerPrefix`) or the engine's own check (`showClientProblems`) — appear next to their field
 *   (`aria-invalid`, `aria-describedby`) and in a `role="alert"` summary with links to the fields;
 * - answers to questions that become hidden are kept (so toggling back restores them); submit
 *   `pruneHiddenAnswers(definition, answers)`, the server ignores them anyway.
 *
 * Answer shapes: text/date → string, number/money → number (a string while it does not parse, which
 * the engine reports), yes/no → 'yes' | 'no', single → option value, multi → option values.
 */
import { useState, type ChangeEvent, type MouseEvent, type ReactNode } from 'react';
import { isGroup, validateAnswers, visibleIds } from '../../../../src/domain/forms/engine.ts';
import type { AnswerValue, Answers, FormDefinition, FormItem, Question, QuestionGroup } from '../../../../src/domain/forms/types.ts';

export interface FormRendererProblem {
  pointer: string;
  message: string;
}

export interface FormRendererProps {
  definition: FormDefinition;
  answers: Answers;
  onChange: (answers: Record<string, AnswerValue>) => void;
  /** Problems from the server (422 `errors`); those under `pointerPrefix` are shown on their question. */
  problems?: readonly FormRendererProblem[];
  /** Where this form's answers sit in the request, e.g. '/forms/0/answers' (default '/answers'). */
  pointerPrefix?: string;
  /** Also show the engine's own problems (e.g. after a first submit attempt). Default false. */
  showClientProblems?: boolean;
  /** Prefix of element ids, unique on the page (default: the form id). */
  idPrefix?: string;
  disabled?: boolean;
  /** Show the form title as a heading of this level (default: no heading, the page has one). */
  headingLevel?: 2 | 3 | 4;
  /** Render the role="alert" summary of problems (default true). */
  summary?: boolean;
}

/** Maximum number of options shown as radio buttons; longer lists use a select. */
const RADIO_LIMIT = 6;

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The question id a pointer names, if it is under `prefix`. */
function questionIdOf(pointer: string, prefix: string): string | null {
  if (!pointer.startsWith(`${prefix}/`)) return null;
  const rest = pointer.slice(prefix.length + 1);
  const first = rest.split('/')[0];
  return first ? unescapePointer(first) : null;
}

function domId(prefix: string, questionId: string, suffix = ''): string {
  return `${prefix}-${questionId}${suffix}`.replace(/[^A-Za-z0-9_-]/g, '_');
}

export function FormRenderer(props: FormRendererProps) {
  const { definition, answers, onChange, disabled = false, headingLevel, summary = true } = props;
  const prefix = props.pointerPrefix ?? '/answers';
  const idPrefix = props.idPrefix ?? `form-${definition.id}`;
  // Text typed into number/money fields, kept while it does not parse (e.g. "12." on the way to "12.5").
  const [drafts, setDrafts] = useState<Record<string, string>>({});

  const shown = visibleIds(definition, answers);
  const errors = new Map<string, string[]>();
  const add = (id: string, message: string) => {
    const list = errors.get(id) ?? [];
    if (!list.includes(message)) list.push(message);
    errors.set(id, list);
  };
  const general: string[] = [];
  for (const p of props.problems ?? []) {
    const id = questionIdOf(p.pointer, prefix);
    if (id && shown.has(id)) add(id, p.message);
    else if (p.pointer === prefix || p.pointer === '' || p.pointer === '/') general.push(p.message);
  }
  if (props.showClientProblems) for (const p of validateAnswers(definition, answers, { rejectUnknown: false })) add(p.questionId, p.message);

  const set = (id: string, value: AnswerValue) => {
    const next: Record<string, AnswerValue> = {};
    for (const [k, v] of Object.entries(answers)) if (v !== undefined) next[k] = v;
    next[id] = value;
    onChange(next);
  };

  const focusField = (e: MouseEvent<HTMLAnchorElement>, questionId: string) => {
    e.preventDefault();
    const el = document.getElementById(domId(idPrefix, questionId)) ?? document.querySelector<HTMLElement>(`[name="${domId(idPrefix, questionId)}"]`);
    el?.focus();
  };

  const labelOf = new Map<string, string>();
  const collectLabels = (items: readonly FormItem[]) => {
    for (const item of items) {
      if (isGroup(item)) collectLabels(item.items);
      else labelOf.set(item.id, item.label);
    }
  };
  collectLabels(definition.items);

  const describedBy = (q: Question) => {
    const ids: string[] = [];
    if (q.help) ids.push(domId(idPrefix, q.id, '-help'));
    if (errors.has(q.id)) ids.push(domId(idPrefix, q.id, '-error'));
    return ids.length ? ids.join(' ') : undefined;
  };

  // Next to the field the label is visible: say "needs an answer" rather than repeating it.
  const inlineMessage = (q: Question, message: string) => (message === `Answer "${q.label}".` ? 'This question needs an answer.' : message);
  const errorText = (q: Question) =>
    errors.has(q.id) ? (
      <p className="field-error" id={domId(idPrefix, q.id, '-error')}>
        {errors
          .get(q.id)!
          .map((m) => inlineMessage(q, m))
          .join(' ')}
      </p>
    ) : null;

  const helpText = (q: Question) =>
    q.help ? (
      <p className="hint" id={domId(idPrefix, q.id, '-help')}>
        {q.help}
      </p>
    ) : null;

  const required = (q: Question) => (q.required ? <span className="form-required"> (required)</span> : null);

  function renderChoiceFieldset(q: Question, options: { value: string; label: string }[], multiple: boolean): ReactNode {
    const value = answers[q.id];
    const invalid = errors.has(q.id);
    const name = domId(idPrefix, q.id);
    return (
      <fieldset className="field form-choice" key={q.id} id={domId(idPrefix, q.id, '-fieldset')}>
        <legend>
          {q.label}
          {required(q)}
        </legend>
        {helpText(q)}
        {options.map((o, i) => {
          const checked = multiple ? Array.isArray(value) && value.includes(o.value) : value === o.value;
          const optionId = i === 0 ? name : `${name}-${i}`;
          return (
            <div className="form-option" key={o.value}>
              <input
                type={multiple ? 'checkbox' : 'radio'}
                id={optionId}
                name={name}
                value={o.value}
                checked={checked}
                disabled={disabled}
                aria-invalid={invalid || undefined}
                aria-describedby={describedBy(q)}
                onChange={(e: ChangeEvent<HTMLInputElement>) => {
                  if (!multiple) return set(q.id, o.value);
                  const current = Array.isArray(value) ? value : [];
                  const next = e.target.checked ? [...current, o.value] : current.filter((v) => v !== o.value);
                  // Keep the options' order.
                  set(
                    q.id,
                    options.map((x) => x.value).filter((v) => next.includes(v)),
                  );
                }}
              />
              <label htmlFor={optionId}>{o.label}</label>
            </div>
          );
        })}
        {errorText(q)}
      </fieldset>
    );
  }

  function renderQuestion(q: Question): ReactNode {
    const id = domId(idPrefix, q.id);
    const invalid = errors.has(q.id) || undefined;
    const value = answers[q.id];
    switch (q.type) {
      case 'yesno':
        return renderChoiceFieldset(
          q,
          [
            { value: 'yes', label: 'Yes' },
            { value: 'no', label: 'No' },
          ],
          false,
        );
      case 'multi':
        return renderChoiceFieldset(q, q.options ?? [], true);
      case 'single':
        if ((q.options ?? []).length <= RADIO_LIMIT) return renderChoiceFieldset(q, q.options ?? [], false);
        return (
          <div className="field" key={q.id}>
            <label htmlFor={id}>
              {q.label}
              {required(q)}
            </label>
            {helpText(q)}
            <select
              id={id}
              value={typeof value === 'string' ? value : ''}
              disabled={disabled}
              aria-invalid={invalid}
              aria-describedby={describedBy(q)}
              aria-required={q.required || undefined}
              onChange={(e) => set(q.id, e.target.value === '' ? null : e.target.value)}
            >
              <option value="">Choose…</option>
              {(q.options ?? []).map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
            {errorText(q)}
          </div>
        );
      case 'number':
      case 'money': {
        const draft = drafts[q.id];
        const shownValue = draft !== undefined ? draft : value === null || value === undefined ? '' : String(value);
        return (
          <div className="field" key={q.id}>
            <label htmlFor={id}>
              {q.label}
              {q.type === 'money' ? ' ($)' : ''}
              {required(q)}
            </label>
            {helpText(q)}
            <input
              id={id}
              type="text"
              inputMode={q.type === 'money' || !q.integer ? 'decimal' : 'numeric'}
              autoComplete="off"
              value={shownValue}
              disabled={disabled}
              aria-invalid={invalid}
              aria-describedby={describedBy(q)}
              aria-required={q.required || undefined}
              onChange={(e) => {
                const raw = e.target.value;
                setDrafts((d) => ({ ...d, [q.id]: raw }));
                const cleaned = raw.replace(/[$,\s]/g, '');
                if (cleaned === '') set(q.id, null);
                else if (/^-?\d*\.?\d*$/.test(cleaned) && Number.isFinite(Number(cleaned))) set(q.id, Number(cleaned));
                else set(q.id, raw);
              }}
              onBlur={() =>
                setDrafts((d) => {
                  const { [q.id]: _dropped, ...rest } = d;
                  return rest;
                })
              }
            />
            {errorText(q)}
          </div>
        );
      }
      case 'date':
      case 'text': {
        const common = {
          id,
          value: typeof value === 'string' ? value : '',
          disabled,
          'aria-invalid': invalid,
          'aria-describedby': describedBy(q),
          'aria-required': q.required || undefined,
        };
        return (
          <div className="field" key={q.id}>
            <label htmlFor={id}>
              {q.label}
              {required(q)}
            </label>
            {helpText(q)}
            {q.type === 'date' ? (
              <input {...common} type="date" onChange={(e) => set(q.id, e.target.value === '' ? null : e.target.value)} />
            ) : q.multiline ? (
              <textarea {...common} rows={4} maxLength={q.maxLength} onChange={(e) => set(q.id, e.target.value)} />
            ) : (
              <input {...common} type="text" maxLength={q.maxLength} onChange={(e) => set(q.id, e.target.value)} />
            )}
            {errorText(q)}
          </div>
        );
      }
    }
  }

  function renderGroup(g: QuestionGroup): ReactNode {
    return (
      <fieldset className="form-group" key={g.id} id={domId(idPrefix, g.id, '-group')} aria-describedby={g.help ? domId(idPrefix, g.id, '-help') : undefined}>
        <legend>{g.title}</legend>
        {g.help && (
          <p className="hint" id={domId(idPrefix, g.id, '-help')}>
            {g.help}
          </p>
        )}
        {renderItems(g.items)}
      </fieldset>
    );
  }

  function renderItems(items: readonly FormItem[]): ReactNode[] {
    return items.filter((item) => shown.has(item.id)).map((item) => (isGroup(item) ? renderGroup(item) : renderQuestion(item)));
  }

  const Heading = headingLevel ? (`h${headingLevel}` as const) : null;
  const problemEntries = [...errors.entries()];
  return (
    <div className="form-renderer">
      {Heading && <Heading>{definition.title}</Heading>}
      {definition.description && <p className="hint">{definition.description}</p>}
      {summary && (general.length > 0 || problemEntries.length > 0) && (
        <div className="form-problems" role="alert">
          <p className="error">
            {problemEntries.length + general.length === 1 ? 'There is a problem with this form:' : 'There are problems with this form:'}
          </p>
          <ul>
            {general.map((m) => (
              <li key={m}>{m}</li>
            ))}
            {problemEntries.map(([qid, messages]) => {
              const label = labelOf.get(qid) ?? qid;
              // Messages that already name the question are the link text; others follow the label.
              const named = messages.every((m) => m.includes(label));
              return (
                <li key={qid}>
                  <a href={`#${domId(idPrefix, qid)}`} onClick={(e) => focusField(e, qid)}>
                    {named ? messages.join(' ') : label}
                  </a>
                  {named ? null : `: ${messages.join(' ')}`}
                </li>
              );
            })}
          </ul>
        </div>
      )}
      {renderItems(definition.items)}
    </div>
  );
}
