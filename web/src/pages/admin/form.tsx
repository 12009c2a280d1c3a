import { useId, type ReactNode } from 'react';
import { ApiError } from '../../api.ts';

/** Field errors by JSON Pointer (from a problem document's `errors`). */
export type Errors = Record<string, string>;

export function errorsOf(err: unknown): { message: string; fields: Errors } {
  if (err instanceof ApiError) {
    const fields: Errors = {};
    for (const e of err.errors) fields[e.pointer.replace(/^\/body/, '')] ??= e.message;
    return { message: err.message, fields };
  }
  return { message: err instanceof Error ? err.message : 'Something went wrong.', fields: {} };
}

/** The DOM id of the input for a pointer, so the error summary can link to it. */
export const fieldId = (prefix: string, pointer: string) => `${prefix}${pointer.replaceAll('/', '-')}`;

/**
 * The summary above a form: what went wrong, then each field's message linked to its input. Field
 * messages are sentences that name the field (docs/UI.md), so they are shown as they are.
 */
export function ErrorSummary({ message, fields, prefix }: { message: string | null; fields: Errors; prefix: string }) {
  if (!message) return null;
  const entries = Object.entries(fields);
  const only = entries.length === 1 && entries[0]![1] === message ? entries[0]! : null;
  return (
    <div className="error-summary" role="alert">
      {only ? (
        <p className="error">
          <a href={`#${fieldId(prefix, only[0])}`}>{only[1]}</a>
        </p>
      ) : (
        <>
          <p className="error">{message}</p>
          {entries.length > 0 && (
            <ul>
              {entries.map(([pointer, msg]) => (
                <li key={pointer}>
                  <a href={`#${fieldId(prefix, pointer)}`}>{msg}</a>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}

interface FieldProps {
  prefix: string;
  pointer: string;
  label: string;
  errors: Errors;
  hint?: string;
}

/** A labelled control with its inline error (aria-invalid, aria-describedby). */
function Wrap({ prefix, pointer, label, errors, hint, children }: FieldProps & { children: (a: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode }) {
  const id = fieldId(prefix, pointer);
  const error = errors[pointer];
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      )}
      {children({ id, 'aria-invalid': Boolean(error), ...(described ? { 'aria-describedby': described } : {}) })}
      {error && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}

export function TextField(props: FieldProps & { value: string | null | undefined; onChange: (v: string) => void; type?: string; required?: boolean; autoComplete?: string }) {
  return (
    <Wrap {...props}>
      {(a) => (
        <input
          {...a}
          type={props.type ?? 'text'}
          value={props.value ?? ''}
          required={props.required}
          autoComplete={props.autoComplete ?? 'off'}
          onChange={(e) => props.onChange(e.target.value)}
        />
      )}
    </Wrap>
  );
}

export function NumberField(props: FieldProps & { value: number | null | undefined; onChange: (v: number | null) => void; required?: boolean }) {
  return (
    <Wrap {...props}>
      {(a) => (
        <input
          {...a}
          type="number"
          inputMode="numeric"
          min={0}
          value={props.value ?? ''}
          required={props.required}
          onChange={(e) => props.onChange(e.target.value === '' ? null : Number(e.target.value))}
        />
      )}
    </Wrap>
  );
}

/** A select over codes; `empty` adds a "not set" choice. */
export function SelectField<T extends string | number>(
  props: FieldProps & { value: T | null | undefined; options: { value: T; label: string }[]; onChange: (v: T | null) => void; empty?: string },
) {
  const numeric = props.options.length > 0 && typeof props.options[0]!.value === 'number';
  return (
    <Wrap {...props}>
      {(a) => (
        <select
          {...a}
          value={props.value === null || props.value === undefined ? '' : String(props.value)}
          onChange={(e) => props.onChange(e.target.value === '' ? null : ((numeric ? Number(e.target.value) : e.target.value) as T))}
        >
          {props.empty !== undefined && <option value="">{props.empty}</option>}
          {props.options.map((o) => (
            <option key={String(o.value)} value={String(o.value)}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Wrap>
  );
}

export function CheckField({ label, checked, onChange, error, hint }: { label: string; checked: boolean; onChange: (v: boolean) => void; error?: string | undefined; hint?: string }) {
  const id = useId();
  return (
    <div className="field">
      <label className="choice" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          checked={checked}
          aria-invalid={Boolean(error)}
          {...(error || hint ? { 'aria-describedby': `${id}-d` } : {})}
          onChange={(e) => onChange(e.target.checked)}
        />
        {label}
      </label>
      {(error || hint) && (
        <span id={`${id}-d`} className={error ? 'field-error' : 'hint'}>
          {error ?? hint}
        </span>
      )}
    </div>
  );
}

/** A yes / no / not recorded choice for HUD 1.10 fields that may be empty. */
export function YesNoField(props: FieldProps & { value: boolean | null | undefined; onChange: (v: boolean | null) => void; required?: boolean }) {
  return (
    <SelectField<string>
      {...props}
      value={props.value === null || props.value === undefined ? null : props.value ? 'yes' : 'no'}
      options={[
        { value: 'yes', label: 'Yes' },
        { value: 'no', label: 'No' },
      ]}
      {...(props.required ? {} : { empty: 'Not recorded' })}
      onChange={(v) => props.onChange(v === null ? null : v === 'yes')}
    />
  );
}
