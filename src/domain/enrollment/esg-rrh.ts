/**
 * ESG-funded rapid re-housing (funder 10 "HUD: ESG – Rapid Rehousing"), 24 CFR 576.104 and 576.401.
 *
 * On top of the standard PH flow:
 * - program eligibility screening at entry (form `esg-rrh-eligibility-screening`): every question
 *   marked `mustBe: "no"` must be answered No, or the entry is refused naming the question;
 * - an initial service recorded on the project start date;
 * - re-evaluation at least every 12 months (form `esg-rrh-reevaluation`) with annual household income
 *   at or below 30% of area median income for the household size (limits per CoC and year are
 *   configuration: config/income-limits.example.json shows the shape);
 * - the RRH exit summary (form `rrh-exit-summary`) at exit;
 * - follow-ups 30 days, 60 days and one year after exit (stages.ts `followUpSchedule`).
 * CoC-funded RRH and PSH follow the standard flow.
 */
import { z } from 'zod';
import { mustBeFailures, validateAnswers } from '../forms/engine.ts';
import type { Answers, FormDefinition } from '../forms/types.ts';
import { addDays, addYears, daysBetween, formatDate, problem, type IsoDate, type RuleProblem } from './common.ts';

export const ESG_RRH_FUNDER = 10;

export const ESG_RRH_FORMS = {
  screening: 'esg-rrh-eligibility-screening',
  reevaluation: 'esg-rrh-reevaluation',
  exitSummary: 'rrh-exit-summary',
} as const;

export interface ProjectFunding {
  funder: number;
  startDate: IsoDate;
  endDate?: IsoDate | null;
}

/** True when the project has an ESG RRH funder (10) whose grant covers `onDate` (the entry date). */
export function isEsgRrh(project: { funders: readonly ProjectFunding[] }, onDate: IsoDate): boolean {
  return project.funders.some((f) => f.funder === ESG_RRH_FUNDER && f.startDate <= onDate && (!f.endDate || f.endDate >= onDate));
}

/** A form submitted with a request (POST /enrollments `forms`). */
export interface SubmittedForm {
  formId: string;
  answers: Answers;
}

/**
 * Checks the program eligibility screening sent with an ESG RRH entry. `forms` is the request's
 * `forms` array (pointers '/forms/{i}/answers/{question}'). Problems: the screening is missing
 * ('esg-rrh.screening-required'), incomplete or malformed ('esg-rrh.screening-incomplete'), or a
 * screening question is not answered as required ('esg-rrh.screening-ineligible', naming the question).
 */
export function checkEsgRrhScreening(forms: readonly SubmittedForm[] | undefined, definition: FormDefinition): RuleProblem[] {
  const index = (forms ?? []).findIndex((f) => f.formId === definition.id);
  if (index < 0) {
    return [problem('esg-rrh.screening-required', '/forms', `This project is funded by ESG rapid re-housing: complete the "${definition.title}" before enrolling the household.`)];
  }
  const { answers } = forms![index]!;
  const prefix = `/forms/${index}/answers`;
  const out: RuleProblem[] = validateAnswers(definition, answers, { pointerPrefix: prefix }).map((p) =>
    problem('esg-rrh.screening-incomplete', p.pointer, p.message),
  );
  for (const f of mustBeFailures(definition, answers)) {
    if (f.actual === undefined || f.actual === null || f.actual === '') continue; // already reported as required
    out.push(
      problem(
        'esg-rrh.screening-ineligible',
        `${prefix}/${f.questionId}`,
        `Not eligible for ESG rapid re-housing: "${f.label}" was answered "${String(f.actual)}". ${f.reason}`,
      ),
    );
  }
  // Ineligibility first: it names the rule of the 422.
  return out.sort((a, b) => Number(b.rule === 'esg-rrh.screening-ineligible') - Number(a.rule === 'esg-rrh.screening-ineligible'));
}

/** An ESG RRH entry needs an initial service on the project start date. Pointer '/services'. */
export function checkInitialService(services: readonly { date: IsoDate }[], entryDate: IsoDate): RuleProblem[] {
  return services.some((s) => s.date === entryDate)
    ? []
    : [problem('esg-rrh.initial-service-required', '/services', `Record the first service provided on the project start date (${formatDate(entryDate)}).`)];
}

// ---------------------------------------------------------------------------------------------
// Income limits (30% AMI) — configuration per CoC and fiscal year

export const incomeLimitsConfigSchema = z.object({
  _example: z.string().optional(),
  limits: z.array(
    z.object({
      cocCode: z.string().regex(/^[A-Z]{2}-\d{3}$/),
      year: z.number().int().min(2000).max(2100),
      area: z.string().optional(),
      percentOfAmi: z.literal(30),
      source: z.string().optional(),
      annualIncomeByHouseholdSize: z.record(z.string().regex(/^[1-8]$/), z.number().positive()).refine((r) => Object.keys(r).length === 8, {
        message: 'Give the limits for household sizes 1 to 8.',
      }),
    }),
  ),
});
export type IncomeLimitsConfig = z.infer<typeof incomeLimitsConfigSchema>;

export function parseIncomeLimits(json: unknown): IncomeLimitsConfig {
  return incomeLimitsConfigSchema.parse(json);
}

/**
 * The 30% AMI annual income limit for a household size, or null when the CoC/year is not configured.
 * Sizes above 8 follow HUD's rule: add 8% of the 4-person limit per extra person, rounded up to the
 * next $50.
 */
export function incomeLimitFor(config: IncomeLimitsConfig, cocCode: string, year: number, householdSize: number): number | null {
  if (!Number.isInteger(householdSize) || householdSize < 1) return null;
  const entry = config.limits.find((l) => l.cocCode === cocCode && l.year === year);
  if (!entry) return null;
  const table = entry.annualIncomeByHouseholdSize;
  if (householdSize <= 8) return table[String(householdSize)] ?? null;
  const eight = table['8'];
  const four = table['4'];
  if (eight === undefined || four === undefined) return null;
  return Math.ceil((eight + (householdSize - 8) * 0.08 * four) / 50) * 50;
}

/** Income at or below the limit is eligible. */
export function incomeWithinLimit(annualIncome: number, limit: number): boolean {
  return annualIncome <= limit;
}

/**
 * Checks a re-evaluation: the form's answers (pointers '/answers/…'), its "must be No" question, and
 * the household income against the 30% AMI limit for the household size, for the CoC and the year
 * whose limits apply (HUD publishes income limits per fiscal year; the caller chooses the year in
 * force on the re-evaluation date).
 */
export function checkEsgRrhReevaluation(
  answers: Answers,
  definition: FormDefinition,
  limits: IncomeLimitsConfig,
  cocCode: string,
  year: number,
): RuleProblem[] {
  const out: RuleProblem[] = validateAnswers(definition, answers).map((p) => problem('esg-rrh.reevaluation-incomplete', p.pointer, p.message));
  if (out.length > 0) return out;
  for (const f of mustBeFailures(definition, answers)) {
    out.push(problem('esg-rrh.reevaluation-ineligible', `/answers/${f.questionId}`, f.reason));
  }
  const size = answers['household_size'];
  const income = answers['annual_income'];
  if (typeof size === 'number' && typeof income === 'number') {
    const limit = incomeLimitFor(limits, cocCode, year, size);
    if (limit === null) {
      out.push(problem('esg-rrh.income-limit-missing', '/answers/household_size', `No income limits are configured for ${cocCode} in ${year}. Ask an administrator to add them.`));
    } else if (!incomeWithinLimit(income, limit)) {
      out.push(
        problem(
          'esg-rrh.income-above-limit',
          '/answers/annual_income',
          `Annual household income of $${income.toLocaleString('en-US')} is above the limit of $${limit.toLocaleString('en-US')} (30% of area median income for a household of ${size}). The household is no longer eligible for ESG rapid re-housing.`,
        ),
      );
    }
  }
  return out;
}

export interface ReevaluationDue {
  /** The last re-evaluation, or null (counting from the project start). */
  last: IsoDate | null;
  /** Re-evaluate on or before this date (12 months after the last one or the project start). */
  dueBy: IsoDate;
  status: 'ok' | 'due_soon' | 'overdue';
}

/** When the next re-evaluation is due; 'due_soon' in the 30 days before. */
export function reevaluationDue(entryDate: IsoDate, reevaluationDates: readonly IsoDate[], today: IsoDate): ReevaluationDue {
  const last = [...reevaluationDates].filter((d) => d >= entryDate).sort().at(-1) ?? null;
  const dueBy = addYears(last ?? entryDate, 1);
  const status = today > dueBy ? 'overdue' : daysBetween(today, dueBy) <= 30 ? 'due_soon' : 'ok';
  return { last, dueBy, status };
}

/** At exit from ESG RRH, the RRH exit summary is required (pointer '/forms'). */
export function checkEsgRrhExit(forms: readonly SubmittedForm[] | undefined, definition: FormDefinition): RuleProblem[] {
  const index = (forms ?? []).findIndex((f) => f.formId === definition.id);
  if (index < 0) return [problem('esg-rrh.exit-summary-required', '/forms', `Complete the "${definition.title}" to exit this household from ESG rapid re-housing.`)];
  return validateAnswers(definition, forms![index]!.answers, { pointerPrefix: `/forms/${index}/answers` }).map((p) =>
    problem('esg-rrh.exit-summary-incomplete', p.pointer, p.message),
  );
}

/** The first follow-up dates after an ESG RRH exit (details and statuses: stages.ts `followUpSchedule`). */
export function esgRrhFollowUpDates(exitDate: IsoDate): { thirtyDays: IsoDate; sixtyDays: IsoDate; oneYear: IsoDate } {
  return { thirtyDays: addDays(exitDate, 30), sixtyDays: addDays(exitDate, 60), oneYear: addYears(exitDate, 1) };
}
