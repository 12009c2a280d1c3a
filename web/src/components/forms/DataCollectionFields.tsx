/**
 * One member's HUD questions at one data collection stage, drawn from the data collection definition
 * (config/forms/hud-data-collection.json) — the same definition the server validates with, so a child
 * never sees an adult-only question and the answer lists are HUD's (with "Client doesn't know",
 * "Client prefers not to answer" and "Data not collected" where HUD allows them).
 * Answers are the definition's fields; `pointer` is where they sit in the request (for errors). The
 * CoC's own questions (kind `custom`) are asked among HUD's, their answers under `custom`.
 */
import type { ReactNode } from 'react';
import { CheckField, NumberField, SelectField, TextField, type Errors } from '../../pages/admin/form.tsx';
import { HUD_DATA_COLLECTION, answerOptions, customOptions, type CustomElement, type DataElement } from '../../../../src/domain/data-collection/definition.ts';
import { elementsAsked, type AnswerBag, type CollectionContext } from '../../../../src/domain/data-collection/rules.ts';

interface Props {
  context: CollectionContext;
  /** The stage record's answers (4.02–4.11). */
  values: AnswerBag;
  onChange: (next: AnswerBag) => void;
  /** The enrollment's answers (3.08) at project start. */
  enrollmentValues?: AnswerBag;
  onEnrollmentChange?: (next: AnswerBag) => void;
  /** 3.917 has its own dependent questions: the caller draws them. */
  priorLivingSituation?: ReactNode;
  prefix: string;
  pointer: string;
  enrollmentPointer?: string;
  errors: Errors;
}

type Disability = { disabilityType: number; disabilityResponse?: number | null; indefiniteAndImpairs?: number | null };

export function DataCollectionFields(p: Props) {
  const elements = elementsAsked(HUD_DATA_COLLECTION, p.context);
  const set = (field: string, v: unknown) => p.onChange({ ...p.values, [field]: v });
  return (
    <>
      {elements.map((e) => (
        <Element key={e.id} e={e} {...p} set={set} />
      ))}
    </>
  );
}

function Element({ e, set, ...p }: Props & { e: DataElement; set: (field: string, v: unknown) => void }) {
  if (e.kind === 'custom') {
    const custom = (p.values.custom ?? {}) as Record<string, unknown>;
    return <CustomQuestion e={e} value={custom[e.field]} onChange={(v) => set('custom', { ...custom, [e.field]: v })} prefix={p.prefix} pointer={`${p.pointer}/custom/${e.field}`} errors={p.errors} />;
  }
  const at = `${p.pointer}/${e.field}`;
  const main = (value: unknown, onChange: (v: number | null) => void, pointer = at, label = e.label ?? e.title) => (
    <SelectField<number> prefix={p.prefix} pointer={pointer} label={label} value={(value as number | null | undefined) ?? null} empty="Not answered" options={answerOptions(e.list, e.missingData)} onChange={onChange} errors={p.errors} />
  );
  switch (e.kind) {
    case 'choice': {
      const values = p.enrollmentValues ?? {};
      return main(values[e.field], (v) => p.onEnrollmentChange?.({ ...values, [e.field]: v }), `${p.enrollmentPointer ?? ''}/${e.field}`);
    }
    case 'priorLivingSituation':
      return p.priorLivingSituation ? (
        <fieldset className="data-element">
          <legend>
            {e.title} ({e.element})
          </legend>
          {p.priorLivingSituation}
        </fieldset>
      ) : null;
    case 'sources': {
      const any = p.values[e.field];
      const chosen = p.values[e.sources.field];
      const amounts = (e.sources.amounts ? (chosen ?? {}) : {}) as Record<string, number | null>;
      const list = (e.sources.amounts ? [] : (chosen ?? [])) as string[];
      const has = (k: string) => (e.sources.amounts ? k in amounts : list.includes(k));
      const toggle = (k: string, on: boolean) => {
        if (e.sources.amounts) {
          const next = { ...amounts };
          if (on) next[k] = 0;
          else delete next[k];
          set(e.sources.field, next);
        } else set(e.sources.field, on ? [...list, k] : list.filter((x) => x !== k));
      };
      return (
        <fieldset className="data-element">
          <legend>
            {e.title} ({e.element})
          </legend>
          {main(any, (v) => set(e.field, v))}
          {any === 1 && (
            <div className="sources" role="group" aria-label={`Sources: ${e.title.toLowerCase()}`}>
              {e.sources.options.map((o) => (
                <div key={o.value} className="source">
                  <CheckField label={o.label} checked={has(o.value)} onChange={(on) => toggle(o.value, on)} />
                  {e.sources.amounts && has(o.value) && (
                    <NumberField prefix={p.prefix} pointer={`${p.pointer}/${e.sources.field}/${o.value}`} label={`Monthly amount: ${o.label} (dollars)`} value={amounts[o.value] ?? null} onChange={(v) => set(e.sources.field, { ...amounts, [o.value]: v ?? 0 })} errors={p.errors} />
                  )}
                  {e.sources.otherField && o.value === e.sources.otherSource && has(o.value) && (
                    <TextField prefix={p.prefix} pointer={`${p.pointer}/${e.sources.otherField}`} label="Name the other source" value={(p.values[e.sources.otherField] as string | undefined) ?? ''} onChange={(v) => set(e.sources.otherField!, v)} errors={p.errors} />
                  )}
                </div>
              ))}
            </div>
          )}
        </fieldset>
      );
    }
    case 'disabilities': {
      const records = (p.values[e.field] ?? []) as Disability[];
      const put = (type: number, patch: Partial<Disability>) => {
        const current = records.find((r) => r.disabilityType === type) ?? { disabilityType: type };
        set(e.field, [...records.filter((r) => r.disabilityType !== type), { ...current, ...patch }].sort((a, b) => a.disabilityType - b.disabilityType));
      };
      return (
        <fieldset className="data-element">
          <legend>
            {e.title} ({e.element})
          </legend>
          {e.disabilityTypes.map((t, i) => {
            const r = records.find((x) => x.disabilityType === t.type);
            const yes = r?.disabilityResponse != null && r.disabilityResponse !== 0 && ![8, 9, 99].includes(r.disabilityResponse);
            return (
              <div key={t.type} className="disability">
                <SelectField<number>
                  prefix={p.prefix}
                  pointer={`${p.pointer}/${e.field}/${i}/disabilityResponse`}
                  label={`${t.label} (${t.element})`}
                  value={r?.disabilityResponse ?? null}
                  empty="Not answered"
                  options={answerOptions(t.list ?? e.list, e.missingData)}
                  onChange={(v) => put(t.type, { disabilityResponse: v })}
                  errors={p.errors}
                />
                {t.longContinued && yes && (
                  <SelectField<number>
                    prefix={p.prefix}
                    pointer={`${p.pointer}/${e.field}/${i}/indefiniteAndImpairs`}
                    label={`${t.label}: ${e.longContinuedLabel.charAt(0).toLowerCase()}${e.longContinuedLabel.slice(1)}`}
                    value={r?.indefiniteAndImpairs ?? null}
                    empty="Not answered"
                    options={answerOptions(e.list, e.missingData)}
                    onChange={(v) => put(t.type, { indefiniteAndImpairs: v })}
                    errors={p.errors}
                  />
                )}
              </div>
            );
          })}
        </fieldset>
      );
    }
    case 'domesticViolence':
      return (
        <fieldset className="data-element">
          <legend>
            {e.title} ({e.element})
          </legend>
          {main(p.values[e.field], (v) => set(e.field, v))}
          {p.values[e.field] === 1 &&
            e.followUps.map((f) => (
              <SelectField<number> key={f.field} prefix={p.prefix} pointer={`${p.pointer}/${f.field}`} label={f.label} value={(p.values[f.field] as number | null | undefined) ?? null} empty="Not answered" options={answerOptions(f.list, true)} onChange={(v) => set(f.field, v)} errors={p.errors} />
            ))}
        </fieldset>
      );
  }
}

/** A CoC question: its label says when it is optional (only required ones count in data quality). */
function CustomQuestion({ e, value, onChange, prefix, pointer, errors }: { e: CustomElement; value: unknown; onChange: (v: unknown) => void; prefix: string; pointer: string; errors: Errors }) {
  const label = `${e.label ?? e.title}${e.required ? '' : ' (optional)'}`;
  const hint = e.help ? { hint: e.help } : {};
  switch (e.answer.type) {
    case 'choice':
    case 'yesNo':
      return <SelectField<string> prefix={prefix} pointer={pointer} label={label} value={(value as string | null | undefined) ?? null} empty="Not answered" options={[...customOptions(e)]} onChange={onChange} errors={errors} {...hint} />;
    case 'number':
      return <NumberField prefix={prefix} pointer={pointer} label={label} value={(value as number | null | undefined) ?? null} onChange={onChange} errors={errors} {...hint} />;
    case 'date':
      return <TextField prefix={prefix} pointer={pointer} label={label} type="date" value={(value as string | null | undefined) ?? ''} onChange={(v) => onChange(v || null)} errors={errors} {...hint} />;
    case 'text':
      return <TextField prefix={prefix} pointer={pointer} label={label} value={(value as string | null | undefined) ?? ''} onChange={(v) => onChange(v || null)} errors={errors} {...hint} />;
  }
}
