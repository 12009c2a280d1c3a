/**
 * Who is asked what, by the data collection definition: a member's role at project start (head,
 * adult, child — age from the date of birth on their own project start; an unknown age is asked as an
 * adult, to be safe), the elements asked of them at a stage in a project type, the refusals of answers
 * sent for a member or stage an element is not collected for, the data-quality findings of what was
 * asked, and the answers an update or annual assessment starts from.
 *
 * Answers are plain objects keyed by the definition's field names: `enrollment` holds the project-start
 * elements stored on the enrollment (3.08, 3.917), `staged` the stage record's (4.02–4.11), and within
 * it `custom` the answers to the CoC's own questions (kind `custom`).
 */
import { ADULT_AGE, ageOn, isIsoDate, problem, type DataQualityIssue, type IsoDate, type RuleProblem } from '../enrollment/common.ts';
import { priorLivingSituationDataQuality, type PriorLivingSituation } from '../enrollment/living-situation.ts';
import {
  MISSING_DATA_CODES,
  STAGE_OF_CODE,
  answerOptions,
  hudListOptions,
  customOptions,
  type CustomElement,
  type DataCollectionDefinition,
  type DataElement,
  type DisabilitiesElement,
  type StageName,
} from './definition.ts';

export type MemberRole = 'head' | 'adult' | 'child';
export type AnswerBag = Record<string, unknown>;

export interface MemberFacts {
  relationshipToHoH: number | null | undefined;
  dob?: IsoDate | null | undefined;
  /** The member's own project start. */
  entryDate: IsoDate;
}

/** Head of household (3.15 = 1), adult (18 or older at their project start, or age unknown) or child. */
export function memberRole(m: MemberFacts): MemberRole {
  if (m.relationshipToHoH === 1) return 'head';
  if (!m.dob || !isIsoDate(m.dob) || !isIsoDate(m.entryDate)) return 'adult';
  return ageOn(m.dob, m.entryDate) >= ADULT_AGE ? 'adult' : 'child';
}

export interface CollectionContext {
  stage: StageName;
  role: MemberRole;
  projectType: number;
}

export const STAGE_LABELS: Record<StageName, string> = {
  projectStart: 'project start',
  update: 'update',
  annual: 'annual assessment',
  projectExit: 'project exit',
  postExit: 'post-exit follow-up',
};

const WHO: Record<DataElement['collectedFor'], string> = {
  everyone: 'every member',
  headAndAdults: 'the head of household and adults',
  head: 'the head of household',
};

export function collectedForRole(e: DataElement, role: MemberRole): boolean {
  return e.collectedFor === 'everyone' || (e.collectedFor === 'headAndAdults' && role !== 'child') || (e.collectedFor === 'head' && role === 'head');
}

/** Why an element is not asked in this context (null when it is). */
function notAskedReason(e: DataElement, ctx: CollectionContext): string | null {
  if (!collectedForRole(e, ctx.role)) {
    const member = ctx.role === 'child' ? 'this member was under 18 at project start' : 'this member is not the head of household';
    return `${e.title} is collected for ${WHO[e.collectedFor]} only, and ${member}. Leave it out.`;
  }
  if (!e.stages.includes(ctx.stage)) return `${e.title} is not collected at the ${STAGE_LABELS[ctx.stage]}. Leave it out.`;
  if (e.projectTypes && !e.projectTypes.includes(ctx.projectType)) return `${e.title} is not collected in this type of project. Leave it out.`;
  return null;
}

/** The elements asked of this member at this stage, in the definition's order. */
export function elementsAsked(def: DataCollectionDefinition, ctx: CollectionContext): DataElement[] {
  return def.elements.filter((e) => notAskedReason(e, ctx) === null);
}

/** Elements kept on the enrollment row (asked once, at project start); the others are on stage records. */
export function storedOnEnrollment(e: DataElement): boolean {
  return e.kind === 'choice' || e.kind === 'priorLivingSituation';
}

/** Where an element's answers are in the request or record: the enrollment's, the stage record's, or its CoC answers. */
function bagOf(e: DataElement, answers: { enrollment?: AnswerBag | undefined; staged?: AnswerBag | undefined }): AnswerBag {
  if (storedOnEnrollment(e)) return answers.enrollment ?? {};
  const staged = answers.staged ?? {};
  return e.kind === 'custom' ? customBag(staged) : staged;
}
function pointerOf(e: DataElement, at: Pointers): string {
  return storedOnEnrollment(e) ? at.enrollment : e.kind === 'custom' ? `${at.staged}/custom` : at.staged;
}
function customBag(staged: AnswerBag): AnswerBag {
  const c = staged.custom;
  return c && typeof c === 'object' && !Array.isArray(c) ? (c as AnswerBag) : {};
}

/** The answer fields an element owns. */
export function elementFields(e: DataElement): string[] {
  switch (e.kind) {
    case 'sources':
      return [e.field, e.sources.field, ...(e.sources.totalField ? [e.sources.totalField] : []), ...(e.sources.otherField ? [e.sources.otherField] : [])];
    case 'domesticViolence':
      return [e.field, ...e.followUps.map((f) => f.field)];
    default:
      return [e.field];
  }
}

function given(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'string') return v.trim() !== '';
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.values(v as object).some(given);
  return true;
}

export interface Pointers {
  /** Where the enrollment's fields sit in the request, e.g. '/members/2' ('' for the top level). */
  enrollment: string;
  /** Where the stage record's fields sit, e.g. '/members/2/assessment'. */
  staged: string;
}

/**
 * The refusals (422) for answers sent: an element not collected for this member, at this stage or in
 * this project type (pointer on its first answered field); a code outside the element's HUD list.
 */
export function answerProblems(def: DataCollectionDefinition, ctx: CollectionContext, answers: { enrollment?: AnswerBag; staged?: AnswerBag }, at: Pointers): RuleProblem[] {
  const out: RuleProblem[] = [];
  const questions = new Set(def.elements.filter((e) => e.kind === 'custom').map((e) => e.field));
  for (const k of Object.keys(customBag(answers.staged ?? {}))) {
    if (!questions.has(k)) out.push(problem('data-collection.unknown-question', `${at.staged}/custom/${k}`, `"${k}" is not a question of this CoC's data collection. Leave it out.`));
  }
  for (const e of def.elements) {
    const bag = bagOf(e, answers);
    const base = pointerOf(e, at);
    const reason = notAskedReason(e, ctx);
    if (reason) {
      const f = elementFields(e).find((x) => given(bag[x]));
      if (f) out.push(problem('data-collection.not-collected', `${base}/${f}`, reason));
      continue;
    }
    out.push(...codeProblems(e, bag, base));
  }
  return out;
}

function codeProblems(e: DataElement, bag: AnswerBag, base: string): RuleProblem[] {
  const out: RuleProblem[] = [];
  const inList = (value: unknown, list: string, missingData: boolean, pointer: string, label: string) => {
    if (value === undefined || value === null) return;
    if (typeof value !== 'number' || !answerOptions(list, missingData).some((o) => o.value === value)) out.push(problem('data-collection.code', pointer, `Choose ${label} from the list.`));
  };
  switch (e.kind) {
    case 'custom': {
      const p = customAnswerProblem(e, bag[e.field]);
      if (p) out.push(problem('data-collection.answer', `${base}/${e.field}`, p));
      break;
    }
    case 'choice':
      inList(bag[e.field], e.list, e.missingData, `${base}/${e.field}`, `an answer to "${e.label ?? e.title}"`);
      break;
    case 'priorLivingSituation':
      break; // its codes and dependencies: living-situation.ts
    case 'sources': {
      inList(bag[e.field], e.list, e.missingData, `${base}/${e.field}`, `an answer to "${e.label ?? e.title}"`);
      const known = new Set(e.sources.options.map((o) => o.value));
      const chosen = bag[e.sources.field];
      const keys = Array.isArray(chosen) ? chosen : chosen && typeof chosen === 'object' ? Object.keys(chosen) : [];
      for (const k of keys) if (!known.has(String(k))) out.push(problem('data-collection.code', `${base}/${e.sources.field}`, `Choose the sources of "${e.title}" from the list.`));
      break;
    }
    case 'disabilities': {
      const records = Array.isArray(bag[e.field]) ? (bag[e.field] as { disabilityType?: unknown; disabilityResponse?: unknown; indefiniteAndImpairs?: unknown }[]) : [];
      records.forEach((r, i) => {
        const t = e.disabilityTypes.find((d) => d.type === r.disabilityType);
        if (!t) {
          out.push(problem('data-collection.code', `${base}/${e.field}/${i}/disabilityType`, 'Choose a disability type from the list.'));
          return;
        }
        inList(r.disabilityResponse, t.list ?? e.list, e.missingData, `${base}/${e.field}/${i}/disabilityResponse`, `an answer for ${t.label.toLowerCase()}`);
        if (t.longContinued) inList(r.indefiniteAndImpairs, e.list, e.missingData, `${base}/${e.field}/${i}/indefiniteAndImpairs`, 'whether it is long-continued');
        else if (given(r.indefiniteAndImpairs)) out.push(problem('data-collection.not-collected', `${base}/${e.field}/${i}/indefiniteAndImpairs`, `Whether it is long-continued is not asked for ${t.label.toLowerCase()}. Leave it out.`));
      });
      break;
    }
    case 'domesticViolence':
      inList(bag[e.field], e.list, e.missingData, `${base}/${e.field}`, `an answer to "${e.label ?? e.title}"`);
      for (const f of e.followUps) {
        if (bag[e.field] !== 1 && given(bag[f.field])) out.push(problem('data-collection.not-collected', `${base}/${f.field}`, `"${f.label}" is asked of a survivor of domestic violence only. Leave it out.`));
        else inList(bag[f.field], f.list, true, `${base}/${f.field}`, `an answer to "${f.label}"`);
      }
      break;
  }
  return out;
}

/** What is wrong with the answer to a CoC question (null when it is fine or not given). */
export function customAnswerProblem(e: CustomElement, v: unknown): string | null {
  if (!given(v)) return null;
  const label = `"${e.label ?? e.title}"`;
  const a = e.answer;
  switch (a.type) {
    case 'choice':
    case 'yesNo':
      return customOptions(e).some((o) => o.value === v) ? null : `Choose an answer to ${label} from the list.`;
    case 'text':
      if (typeof v !== 'string') return `Answer ${label} in words.`;
      return v.trim().length > a.maxLength ? `Answer ${label} in ${a.maxLength} characters or fewer.` : null;
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v)) return `Answer ${label} with a number.`;
      if (a.integer && !Number.isInteger(v)) return `Answer ${label} with a whole number.`;
      if (a.min !== undefined && v < a.min) return `Answer ${label} with ${a.min} or more.`;
      if (a.max !== undefined && v > a.max) return `Answer ${label} with ${a.max} or less.`;
      return null;
    case 'date':
      return typeof v === 'string' && isIsoDate(v) ? null : `Answer ${label} with a date (YYYY-MM-DD).`;
  }
}

/** A "yes" to a disability: 1, or for substance use 1–3 (alcohol, drugs, both). */
function yesToDisability(e: DisabilitiesElement, type: number, response: unknown): boolean {
  const t = e.disabilityTypes.find((d) => d.type === type);
  if (typeof response !== 'number' || MISSING_DATA_CODES.includes(response) || response === 0) return false;
  return t?.list ? hudListOptions(t.list).some((o) => o.value === response) : response === 1;
}

export interface CollectedIssue extends DataQualityIssue {
  /** The definition's field (the screen's question to go to). */
  field: string;
}

/**
 * What HUD requires and is missing (blank or 99) or unknown (8/9) among the elements asked in this
 * context, plus the contradictions within an element ("Yes" without a source…). `entryDate` is the
 * member's project start (3.917's own checks).
 */
export function collectedDataQuality(def: DataCollectionDefinition, ctx: CollectionContext, answers: { enrollment?: AnswerBag; staged?: AnswerBag }, entryDate: IsoDate): CollectedIssue[] {
  const out: CollectedIssue[] = [];
  const at = STAGE_LABELS[ctx.stage];
  const add = (kind: DataQualityIssue['kind'], element: string, field: string, message: string) => out.push({ kind, element, field, pointer: `/${field}`, message });
  const answer = (element: string, field: string, label: string, v: unknown) => {
    if (v === undefined || v === null || v === 99) add('missing', element, field, `${label} (${at}) is missing.`);
    else if (v === 8 || v === 9) add('unknown', element, field, `${label} (${at}): client doesn't know or prefers not to answer.`);
  };
  for (const e of elementsAsked(def, ctx)) {
    const bag = bagOf(e, answers);
    const label = e.label ?? e.title;
    switch (e.kind) {
      case 'custom':
        // Only what the CoC made required is a data-quality problem when missing.
        if (e.required && !given(bag[e.field])) out.push({ kind: 'missing', element: e.element, field: e.field, pointer: `/custom/${e.field}`, message: `${label} (${at}) is missing.` });
        break;
      case 'choice':
        answer(e.element, e.field, label, bag[e.field]);
        break;
      case 'priorLivingSituation':
        for (const issue of priorLivingSituationDataQuality(ctx.projectType, (bag[e.field] ?? {}) as PriorLivingSituation, entryDate)) {
          out.push({ ...issue, field: e.field, pointer: `/${e.field}${issue.pointer}` });
        }
        break;
      case 'sources': {
        const v = bag[e.field];
        answer(e.element, e.field, label, v);
        const chosen = bag[e.sources.field];
        const count = Array.isArray(chosen) ? chosen.length : chosen && typeof chosen === 'object' ? Object.keys(chosen).length : 0;
        if (v === 1 && count === 0) add('contradiction', e.element, e.sources.field, `${label} is "Yes" (${at}) but no source is recorded.`);
        if (v === 0 && count > 0) add('contradiction', e.element, e.sources.field, `${label} is "No" (${at}) but a source is recorded.`);
        break;
      }
      case 'disabilities': {
        const records = (Array.isArray(bag[e.field]) ? bag[e.field] : []) as { disabilityType: number; disabilityResponse: number; indefiniteAndImpairs?: number | null }[];
        for (const t of e.disabilityTypes) {
          const r = records.find((x) => x.disabilityType === t.type);
          answer(t.element, `${e.field}.${t.type}`, t.label, r?.disabilityResponse);
          if (r && t.longContinued && yesToDisability(e, t.type, r.disabilityResponse)) answer(t.element, `${e.field}.${t.type}.indefiniteAndImpairs`, `${t.label}: long-continued and indefinite`, r.indefiniteAndImpairs);
        }
        break;
      }
      case 'domesticViolence':
        answer(e.element, e.field, label, bag[e.field]);
        if (bag[e.field] === 1) for (const f of e.followUps) answer(e.element, f.field, f.label, bag[f.field]);
        break;
    }
  }
  return out;
}

/**
 * The answers an update or annual assessment (or the exit) starts from: the member's latest stage
 * record's answers to the elements asked at the new stage (the user confirms or changes them).
 */
export function startingAnswers(def: DataCollectionDefinition, ctx: CollectionContext, latest: AnswerBag | null | undefined): AnswerBag {
  if (!latest) return {};
  const out: AnswerBag = {};
  const custom: AnswerBag = {};
  for (const e of elementsAsked(def, ctx)) {
    if (storedOnEnrollment(e)) continue;
    if (e.kind === 'custom') {
      const v = customBag(latest)[e.field];
      if (given(v)) custom[e.field] = typeof v === 'string' ? v.trim() : v;
      continue;
    }
    // A total is derived from the sources' amounts: carried, it would go stale when an amount changes.
    const derived = e.kind === 'sources' ? e.sources.totalField : undefined;
    for (const f of elementFields(e)) if (f !== derived && latest[f] !== undefined && latest[f] !== null) out[f] = latest[f];
  }
  if (Object.keys(custom).length > 0) out.custom = custom;
  return out;
}

/** The stage name of a HUD DataCollectionStage code (undefined for 4 or unknown codes). */
export function stageName(code: number): StageName | undefined {
  return STAGE_OF_CODE[code];
}

/**
 * The answers to send or keep: only the elements asked in this context, and only the dependent
 * answers their main answer calls for (sources after "Yes", the long-continued question after a "Yes"
 * to that disability, when and fleeing after "Yes" to domestic violence).
 */
export function pruneAnswers(def: DataCollectionDefinition, ctx: CollectionContext, bag: AnswerBag): AnswerBag {
  const out = startingAnswers(def, ctx, bag);
  for (const e of elementsAsked(def, ctx)) {
    if (e.kind === 'sources' && out[e.field] !== 1) for (const f of elementFields(e).slice(1)) delete out[f];
    if (e.kind === 'domesticViolence' && out[e.field] !== 1) for (const f of e.followUps) delete out[f.field];
    if (e.kind === 'disabilities' && Array.isArray(out[e.field])) {
      out[e.field] = (out[e.field] as { disabilityType: number; disabilityResponse?: number | null; indefiniteAndImpairs?: number | null }[])
        .filter((r) => r.disabilityResponse !== undefined && r.disabilityResponse !== null)
        .map((r) => {
          const t = e.disabilityTypes.find((d) => d.type === r.disabilityType);
          const keep = t?.longContinued && yesToDisability(e, r.disabilityType, r.disabilityResponse) && r.indefiniteAndImpairs != null;
          return keep ? { disabilityType: r.disabilityType, disabilityResponse: r.disabilityResponse, indefiniteAndImpairs: r.indefiniteAndImpairs } : { disabilityType: r.disabilityType, disabilityResponse: r.disabilityResponse };
        });
    }
  }
  return out;
}
