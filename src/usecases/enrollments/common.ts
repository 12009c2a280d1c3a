/**
 * Shared pieces of the enrollment use cases: the input shapes (project-start data per member, staged
 * assessment data), access to a project or an enrollment, and turning inputs into rows.
 */
import type { Db, Tx } from '../../data/db.ts';
import { findVisibleClient } from '../../data/gateway/clients.ts';
import { todayOf } from '../today.ts';
import { findEnrollment, loadProjectForEnrollment, type EnrollmentRow, type HouseholdMemberRow, type ProjectForEnrollment } from '../../data/repos/enrollments.ts';
import { can, isAdmin, type Actor } from '../../domain/access.ts';
import {
  HUD_LISTS,
  checkEditableAfterExit,
  deriveLosUnderThreshold,
  isEsgRrh,
  problem,
  throwIfProblems,
  type EnrollmentChange,
  type PriorLivingSituation,
  type RuleProblem,
} from '../../domain/enrollment/index.ts';
import { ForbiddenError, NotFoundError } from '../../domain/errors.ts';
import { HUD_DATA_COLLECTION, answerProblems, memberRole, type AnswerBag, type MemberFacts, type Pointers, type StageName } from '../../domain/data-collection/index.ts';
import { requireActor, type RequestContext } from '../context.ts';

/** HUD 4.02 income sources: IncomeBenefits.csv column names (the amount column is `<name>Amount`, OtherIncomeAmount for OtherIncomeSource). */
export const INCOME_SOURCES = [
  'Earned',
  'Unemployment',
  'SSI',
  'SSDI',
  'VADisabilityService',
  'VADisabilityNonService',
  'PrivateDisability',
  'WorkersComp',
  'TANF',
  'GA',
  'SocSecRetirement',
  'Pension',
  'ChildSupport',
  'Alimony',
  'OtherIncomeSource',
] as const;
export const BENEFIT_SOURCES = ['SNAP', 'WIC', 'TANFChildCare', 'TANFTransportation', 'OtherTANF', 'OtherBenefitsSource'] as const;
export const INSURANCE_SOURCES = ['Medicaid', 'Medicare', 'SCHIP', 'VHAServices', 'EmployerProvided', 'COBRA', 'PrivatePay', 'StateHealthIns', 'IndianHealthServices', 'OtherInsurance'] as const;

/** HUD 4.02–4.11 answers collected at a data-collection stage. Every field may be left out (data-quality problem, not a refusal). */
export interface StagedData {
  incomeFromAnySource?: number | null | undefined;
  totalMonthlyIncome?: number | null | undefined;
  incomeSources?: Partial<Record<(typeof INCOME_SOURCES)[number], number>> | undefined;
  otherIncomeSourceIdentify?: string | null | undefined;
  benefitsFromAnySource?: number | null | undefined;
  benefits?: string[] | undefined;
  insuranceFromAnySource?: number | null | undefined;
  insurance?: string[] | undefined;
  disabilities?: { disabilityType: number; disabilityResponse: number; indefiniteAndImpairs?: number | null | undefined }[] | undefined;
  domesticViolenceSurvivor?: number | null | undefined;
  whenOccurred?: number | null | undefined;
  currentlyFleeing?: number | null | undefined;
  /** The CoC's own questions of the data collection definition, by field (checked by its rules). */
  custom?: Record<string, string | number | null> | undefined;
}

export interface PriorLivingSituationInput {
  livingSituation?: number | null | undefined;
  rentalSubsidyType?: number | null | undefined;
  lengthOfStay?: number | null | undefined;
  losUnderThreshold?: number | null | undefined;
  previousStreetESSH?: number | null | undefined;
  dateToStreetESSH?: string | null | undefined;
  timesHomelessPastThreeYears?: number | null | undefined;
  monthsHomelessPastThreeYears?: number | null | undefined;
}

/** Project-start data of one member (HUD 3.08, 3.10, 3.15, 3.16, 3.917, and 4.02–4.11 at stage 1). */
export interface MemberStartInput {
  clientId: string;
  relationshipToHoH: number;
  /** Own project start; defaults to the household's entry date. */
  entryDate?: string | undefined;
  disablingCondition?: number | null | undefined;
  /** Head of household only: defaults to the project's CoC when it has one. */
  enrollmentCoC?: string | null | undefined;
  priorLivingSituation?: PriorLivingSituationInput | undefined;
  assessment?: StagedData | undefined;
}

/** The actor may enroll, assess, serve, move in and exit in this project (403 otherwise). */
export function requireManage(actor: Actor, project: { id: string; agencyId: string }, detail = 'Only the staff of this project may do this.'): void {
  if (!can(actor, 'enrollment.manage', { projectId: project.id, agencyId: project.agencyId })) throw new ForbiddenError(detail);
}

export function canManage(actor: Actor, project: { id: string; agencyId: string }): boolean {
  return can(actor, 'enrollment.manage', { projectId: project.id, agencyId: project.agencyId });
}

export async function requireProject(tx: Tx | Db, projectId: string, pointer = '/projectId'): Promise<ProjectForEnrollment> {
  const project = await loadProjectForEnrollment(tx, projectId);
  if (!project) throwIfProblems([problem('enrollment.project', pointer, 'Choose a project that exists.')]);
  return project!;
}

export interface LoadedEnrollment {
  enrollment: EnrollmentRow;
  project: ProjectForEnrollment;
  /** Why the actor may see the client (for the read audit). */
  reason: string;
  esgRrh: boolean;
}

/** An enrollment whose client the actor may see (404 otherwise), with its project. */
export async function loadVisibleEnrollment(tx: Tx, ctx: RequestContext, id: string, forUpdate = false): Promise<LoadedEnrollment> {
  const actor = requireActor(ctx);
  const enrollment = await findEnrollment(tx, id, forUpdate);
  if (!enrollment || enrollment.is_ce) throw new NotFoundError('enrollment');
  const { reason } = await findVisibleClient(tx, actor, enrollment.client_id, await todayOf(tx, ctx)).catch((err: unknown) => {
    throw err instanceof NotFoundError ? new NotFoundError('enrollment') : err;
  });
  const project = (await loadProjectForEnrollment(tx, enrollment.project_id))!;
  return { enrollment, project, reason, esgRrh: isEsgRrh(project, enrollment.entry_date) };
}

/**
 * Refuses a change to an exited enrollment (read-only except post-exit follow-ups and administrator
 * amendments). Returns true when the change is an administrator's amendment (to audit as such).
 */
export function requireEditable(actor: Actor, e: EnrollmentRow, change: EnrollmentChange): boolean {
  if (!e.exit_date) {
    const p = checkEditableAfterExit({ exitDate: null }, change, { isAdministrator: isAdmin(actor) });
    if (p) throwIfProblems([p]);
    return false;
  }
  const direct = checkEditableAfterExit({ exitDate: e.exit_date }, change, { isAdministrator: isAdmin(actor) });
  if (!direct) return change === 'amendment';
  if (isAdmin(actor) && checkEditableAfterExit({ exitDate: e.exit_date }, 'amendment', { isAdministrator: true }) === null) return true;
  throwIfProblems([direct]);
  return false;
}

/** HUD code checks the database would otherwise refuse with a 500: each wrong code is a 422 naming the field. */
export function priorLivingSituationCodeProblems(p: PriorLivingSituationInput | undefined, pointer: string): RuleProblem[] {
  if (!p) return [];
  const out: RuleProblem[] = [];
  const check = (value: number | null | undefined, list: ReadonlyMap<number, string>, field: string, label: string) => {
    if (value != null && !list.has(value)) out.push(problem('enrollment.code', `${pointer}/${field}`, `Choose ${label} from the HUD list.`));
  };
  check(p.livingSituation, HUD_LISTS.livingSituation, 'livingSituation', 'a prior living situation');
  check(p.rentalSubsidyType, HUD_LISTS.rentalSubsidyType, 'rentalSubsidyType', 'a rental subsidy type');
  check(p.lengthOfStay, HUD_LISTS.lengthOfStay, 'lengthOfStay', 'a length of stay');
  check(p.timesHomelessPastThreeYears, HUD_LISTS.timesHomeless, 'timesHomelessPastThreeYears', 'the number of times homeless');
  check(p.monthsHomelessPastThreeYears, HUD_LISTS.monthsHomeless, 'monthsHomelessPastThreeYears', 'the number of months homeless');
  for (const f of ['losUnderThreshold', 'previousStreetESSH'] as const) {
    const v = p[f];
    if (v != null && ![0, 1, 99].includes(v)) out.push(problem('enrollment.code', `${pointer}/${f}`, 'Answer Yes, No or Data not collected.'));
  }
  return out;
}

/** The enrollments-table columns for 3.917 (the threshold is derived from the length of stay when not given). */
export function priorLivingSituationColumns(projectType: number, p: PriorLivingSituationInput | undefined) {
  const v = p ?? {};
  const los = v.losUnderThreshold ?? deriveLosUnderThreshold(projectType, v.livingSituation, v.lengthOfStay);
  return {
    living_situation: v.livingSituation ?? null,
    rental_subsidy_type: v.rentalSubsidyType ?? null,
    length_of_stay: v.lengthOfStay ?? null,
    los_under_threshold: los ?? null,
    previous_street_essh: v.previousStreetESSH ?? null,
    date_to_street_essh: v.dateToStreetESSH ?? null,
    times_homeless_past_three_years: v.timesHomelessPastThreeYears ?? null,
    months_homeless_past_three_years: v.monthsHomelessPastThreeYears ?? null,
  };
}

export function priorLivingSituationOf(e: EnrollmentRow): PriorLivingSituation {
  return {
    livingSituation: e.living_situation,
    rentalSubsidyType: e.rental_subsidy_type,
    lengthOfStay: e.length_of_stay,
    losUnderThreshold: e.los_under_threshold,
    previousStreetESSH: e.previous_street_essh,
    dateToStreetESSH: e.date_to_street_essh,
    timesHomelessPastThreeYears: e.times_homeless_past_three_years,
    monthsHomelessPastThreeYears: e.months_homeless_past_three_years,
  };
}

/** Row values of a staged assessment. */
export function stagedColumns(d: StagedData | undefined) {
  const v = d ?? {};
  return {
    income_from_any_source: v.incomeFromAnySource ?? null,
    total_monthly_income: v.totalMonthlyIncome ?? (v.incomeSources ? Object.values(v.incomeSources).reduce<number>((a, b) => a + (b ?? 0), 0) || null : null),
    income_sources: JSON.stringify(v.incomeSources ?? {}),
    other_income_source_identify: v.otherIncomeSourceIdentify?.trim() || null,
    benefits_from_any_source: v.benefitsFromAnySource ?? null,
    benefits: [...new Set(v.benefits ?? [])],
    insurance_from_any_source: v.insuranceFromAnySource ?? null,
    insurance: [...new Set(v.insurance ?? [])],
    disabilities: JSON.stringify((v.disabilities ?? []).map((r) => ({ disabilityType: r.disabilityType, disabilityResponse: r.disabilityResponse, indefiniteAndImpairs: r.indefiniteAndImpairs ?? null }))),
    domestic_violence_survivor: v.domesticViolenceSurvivor ?? null,
    when_occurred: v.whenOccurred ?? null,
    currently_fleeing: v.currentlyFleeing ?? null,
    custom_answers: JSON.stringify(customAnswers(v.custom)),
  };
}

/** The CoC answers kept: trimmed, blanks left out (a blank is no answer). */
function customAnswers(c: StagedData['custom']): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(c ?? {})) {
    const kept = typeof v === 'string' ? v.trim() : v;
    if (kept !== null && kept !== '') out[k] = kept;
  }
  return out;
}

/** A household member's facts for the data collection rules (the date of birth is on the household's rows). */
export function memberFactsOf(m: Pick<EnrollmentRow, 'id' | 'relationship_to_hoh' | 'entry_date'>, household: readonly HouseholdMemberRow[]): MemberFacts {
  return { relationshipToHoH: m.relationship_to_hoh, dob: household.find((h) => h.id === m.id)?.dob ?? null, entryDate: m.entry_date };
}

/**
 * The refusals of a member's answers at a stage by the HUD data collection definition (an element not
 * collected for this member, stage or project type; a code outside its HUD list: 422 naming the field),
 * and a disability type answered twice.
 */
export function collectionProblems(
  projectType: number,
  member: MemberFacts,
  stage: StageName,
  answers: { enrollment?: object | undefined; staged?: StagedData | undefined },
  at: Pointers,
): RuleProblem[] {
  const out = answerProblems(HUD_DATA_COLLECTION, { stage, role: memberRole(member), projectType }, { enrollment: answers.enrollment as AnswerBag | undefined, staged: answers.staged as AnswerBag | undefined }, at);
  const types = (answers.staged?.disabilities ?? []).map((r) => r.disabilityType);
  if (new Set(types).size !== types.length) out.push(problem('assessment.duplicate-disability', `${at.staged}/disabilities`, 'Answer each disability type once.'));
  return out;
}
