/**
 * Changes to an enrollment during and after the stay: Housing Move-in Date, exit (one member or the
 * household), members joining later, a new head of household, assessments by stage, custom forms
 * (ESG RRH re-evaluation…), and administrator amendments of exited enrollments. Each one checks the
 * pure rules of src/domain/enrollment, changes the rows and writes its audit row.
 */
import fs from 'node:fs';
import type { Tx } from '../../data/db.ts';
import { findVisibleClient } from '../../data/gateway/clients.ts';
import { todayOf } from '../today.ts';
import { householdEnrollments, type EnrollmentRow } from '../../data/repos/enrollments.ts';
import {
  DATA_COLLECTION_STAGE,
  ESG_RRH_FORMS,
  RELATIONSHIP,
  STAGED_ELEMENTS,
  changeHead,
  checkEsgRrhExit,
  checkEsgRrhReevaluation,
  membersStillEnrolled,
  parseIncomeLimits,
  problem,
  throwIfProblems,
  validateExit,
  validateMemberJoin,
  validateMoveIn,
  validateStagedRecord,
  type IncomeLimitsConfig,
  type RuleProblem,
} from '../../domain/enrollment/index.ts';
import { NotFoundError, RuleViolation, StaleVersionError } from '../../domain/errors.ts';
import { formDefinition, getFormDefinition } from '../../domain/forms/catalog.ts';
import { pruneHiddenAnswers, validateAnswers } from '../../domain/forms/engine.ts';
import type { Answers } from '../../domain/forms/types.ts';
import { newId } from '../../domain/ids.ts';
import { stageName } from '../../domain/data-collection/index.ts';
import { writeAudit } from '../audit.ts';
import { requireActor, type RequestContext } from '../context.ts';
import {
  loadVisibleEnrollment,
  priorLivingSituationCodeProblems,
  priorLivingSituationColumns,
  requireEditable,
  requireManage,
  stagedColumns,
  collectionProblems,
  memberFactsOf,
  type MemberStartInput,
  type PriorLivingSituationInput,
  type StagedData,
} from './common.ts';

/** Income limits (30% AMI) per CoC and year: `HEARTH_INCOME_LIMITS` names the CoC's file; the example ships with the product. */
let incomeLimitsCache: IncomeLimitsConfig | null = null;
export function incomeLimits(): IncomeLimitsConfig {
  if (!incomeLimitsCache) {
    const file = process.env.HEARTH_INCOME_LIMITS ?? new URL('../../../config/income-limits.example.json', import.meta.url);
    incomeLimitsCache = parseIncomeLimits(JSON.parse(fs.readFileSync(file, 'utf8')));
  }
  return incomeLimitsCache;
}

/**
 * The limits to use for `cocCode`. The demo CoC (XX-999, `coc.demo`) has no official limits: it borrows
 * the example file's figures so the demo's re-evaluations can be tried; a real CoC must configure its own.
 */
async function incomeLimitsFor(tx: Tx, cocCode: string): Promise<IncomeLimitsConfig> {
  const config = incomeLimits();
  if (config.limits.some((l) => l.cocCode === cocCode)) return config;
  const coc = await tx.selectFrom('coc').select(['code', 'demo']).executeTakeFirst();
  if (!coc?.demo || coc.code !== cocCode) return config;
  return { limits: [...config.limits, ...config.limits.map((l) => ({ ...l, cocCode, source: 'example limits borrowed by the demo CoC' }))] };
}

async function bump(tx: Tx, ctx: RequestContext, e: EnrollmentRow, set: Record<string, unknown>): Promise<EnrollmentRow> {
  const row = await tx
    .updateTable('enrollments')
    .set({ ...set, version: e.version + 1, updated_at: ctx.clock.now(), updated_by: ctx.actor?.userId ?? null })
    .where('id', '=', e.id)
    .where('version', '=', e.version)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new StaleVersionError();
  return row;
}

// ------------------------------------------------------------------------------------------ move-in

/** Records (or, with `correct`, corrects) the Housing Move-in Date on the head of household's enrollment. */
export async function recordMoveIn(tx: Tx, ctx: RequestContext, id: string, input: { moveInDate: string; correct?: boolean | undefined }) {
  const actor = requireActor(ctx);
  const { enrollment: e, project } = await loadVisibleEnrollment(tx, ctx, id, true);
  requireManage(actor, project);
  const amendment = requireEditable(actor, e, 'move-in');
  throwIfProblems(
    validateMoveIn({
      projectType: project.projectType,
      relationshipToHoH: e.relationship_to_hoh,
      entryDate: e.entry_date,
      exitDate: e.exit_date,
      currentMoveInDate: e.move_in_date,
      moveInDate: input.moveInDate,
      mode: input.correct ? 'correct' : 'record',
      today: await todayOf(tx, ctx),
    }),
  );
  const row = await bump(tx, ctx, e, { move_in_date: input.moveInDate });
  await writeAudit(tx, ctx, {
    action: amendment ? 'enrollment.amend.move_in' : input.correct ? 'enrollment.move_in.correct' : 'enrollment.move_in',
    entityType: 'enrollment',
    entityId: e.id,
    clientId: e.client_id,
    before: { moveInDate: e.move_in_date },
    after: { moveInDate: row.move_in_date },
    ...(amendment ? { reason: 'administrator amendment' } : {}),
  });
  return row;
}

// --------------------------------------------------------------------------------------------- exit

export interface ExitInput {
  exitDate: string;
  destination: number;
  destinationSubsidyType?: number | null | undefined;
  otherDestination?: string | null | undefined;
  /** Exiting the head: also exit every member still enrolled (same date and destination). */
  exitHousehold?: boolean | undefined;
  /** Exit assessment (stage 3) of the member exiting. */
  assessment?: StagedData | undefined;
  /** A household exit: the exit assessment of each other member leaving, by their enrollment. */
  memberAssessments?: { enrollmentId: string; assessment: StagedData }[] | undefined;
  forms?: { formId: string; answers: Answers }[] | undefined;
}

export async function exitEnrollment(tx: Tx, ctx: RequestContext, id: string, input: ExitInput) {
  const actor = requireActor(ctx);
  const { enrollment: e, project, esgRrh } = await loadVisibleEnrollment(tx, ctx, id, true);
  requireManage(actor, project);
  const today = await todayOf(tx, ctx);
  const household = await householdEnrollments(tx, e.household_id, true);
  const problems: RuleProblem[] = validateExit({
    entryDate: e.entry_date,
    moveInDate: e.relationship_to_hoh === RELATIONSHIP.head ? e.move_in_date : null,
    currentExitDate: e.exit_date,
    exitDate: input.exitDate,
    destination: input.destination,
    destinationSubsidyType: input.destinationSubsidyType ?? null,
    otherDestination: input.otherDestination ?? null,
    today,
  });
  const others = membersStillEnrolled(
    household.map((m) => ({ clientId: m.client_id, exitDate: m.exit_date, entryDate: m.entry_date, row: m })),
    e.client_id,
  );
  const isHead = e.relationship_to_hoh === RELATIONSHIP.head;
  if (input.exitHousehold && !isHead) problems.push(problem('exit.household-head-only', '/exitHousehold', 'Only exiting the head of household can exit the whole household.'));
  if (isHead && !input.exitHousehold && others.length > 0) {
    problems.push(
      problem(
        'exit.head-leaves',
        '/exitHousehold',
        `${others.length === 1 ? 'Another member is' : `${others.length} other members are`} still enrolled. Exit the whole household, or first make another adult the head of household.`,
      ),
    );
  }
  const exiting = input.exitHousehold && isHead ? [e, ...others.map((o) => o.row)] : [e];
  const exitAnswers = new Map<string, { assessment: StagedData | undefined; pointer: string }>([[e.id, { assessment: input.assessment, pointer: '/assessment' }]]);
  (input.memberAssessments ?? []).forEach((a, i) => {
    if (!exiting.some((m) => m.id === a.enrollmentId && m.id !== e.id)) problems.push(problem('exit.member-assessment', `/memberAssessments/${i}/enrollmentId`, 'Give exit answers only for the other members leaving with this exit.'));
    else exitAnswers.set(a.enrollmentId, { assessment: a.assessment, pointer: `/memberAssessments/${i}/assessment` });
  });
  for (const m of exiting) {
    if (m.id !== e.id && input.exitDate < m.entry_date) problems.push(problem('exit.before-start', '/exitDate', 'A member joined after this exit date: choose a later exit date.'));
    const given = exitAnswers.get(m.id);
    if (given) problems.push(...collectionProblems(project.projectType, memberFactsOf(m, household), 'projectExit', { staged: given.assessment }, { enrollment: '', staged: given.pointer }));
  }
  // Household leaving ESG RRH: the RRH exit summary is required.
  const forms = input.forms ?? [];
  if (esgRrh && isHead) problems.push(...checkEsgRrhExit(forms, formDefinition(ESG_RRH_FORMS.exitSummary)));
  forms.forEach((f, i) => {
    const def = getFormDefinition(f.formId);
    if (!def) problems.push(problem('form.unknown', `/forms/${i}/formId`, 'This form does not exist.'));
    else if (!(esgRrh && isHead && def.id === ESG_RRH_FORMS.exitSummary)) {
      for (const p of validateAnswers(def, f.answers, { pointerPrefix: `/forms/${i}/answers` })) problems.push(problem('form.incomplete', p.pointer, p.message));
    }
  });
  throwIfProblems(problems);

  const now = ctx.clock.now();
  const out: EnrollmentRow[] = [];
  for (const m of exiting) {
    const row = await bump(tx, ctx, m, {
      exit_date: input.exitDate,
      destination: input.destination,
      destination_subsidy_type: input.destinationSubsidyType ?? null,
      other_destination: input.otherDestination?.trim() || null,
      exited_at: now,
      exited_by: actor.userId,
    });
    out.push(row);
    const exists = await tx.selectFrom('enrollment_assessments').select('id').where('enrollment_id', '=', m.id).where('data_collection_stage', '=', 3).executeTakeFirst();
    if (!exists) {
      await tx
        .insertInto('enrollment_assessments')
        .values({ id: newId(), enrollment_id: m.id, client_id: m.client_id, data_collection_stage: 3, information_date: input.exitDate, ...stagedColumns(exitAnswers.get(m.id)?.assessment), created_at: now, created_by: actor.userId, updated_at: now, updated_by: actor.userId })
        .execute();
    }
    await writeAudit(tx, ctx, {
      action: 'enrollment.exit',
      entityType: 'enrollment',
      entityId: m.id,
      clientId: m.client_id,
      after: { exitDate: input.exitDate, destination: input.destination, destinationSubsidyType: input.destinationSubsidyType ?? null, household: exiting.length > 1 },
    });
  }
  for (const f of forms) {
    const def = formDefinition(f.formId);
    await tx
      .insertInto('form_responses')
      .values({ id: newId(), enrollment_id: e.id, client_id: e.client_id, form_id: def.id, form_version: def.version, purpose: 'exit', information_date: input.exitDate, answers: JSON.stringify(pruneHiddenAnswers(def, f.answers)), created_at: now, created_by: actor.userId })
      .execute();
  }
  return out[0]!;
}

// ------------------------------------------------------------------------------------------ members

/** A member joins an existing household stay with their own project start. */
export async function addMember(tx: Tx, ctx: RequestContext, id: string, input: MemberStartInput) {
  const actor = requireActor(ctx);
  const { enrollment: e, project } = await loadVisibleEnrollment(tx, ctx, id, true);
  requireManage(actor, project);
  requireEditable(actor, e, 'edit');
  const today = await todayOf(tx, ctx);
  const { client } = await findVisibleClient(tx, actor, input.clientId, today);
  const household = await householdEnrollments(tx, e.household_id, true);
  const head = household.find((m) => m.relationship_to_hoh === RELATIONSHIP.head) ?? e;
  const entryDate = input.entryDate ?? today;
  const problems = validateMemberJoin(
    { entryDate: head.entry_date, exitDate: head.exit_date },
    { relationshipToHoH: input.relationshipToHoH, entryDate },
    household.filter((m) => !m.exit_date).map((m) => m.client_id),
    input.clientId,
  );
  if (entryDate > today) problems.push(problem('enrollment.future-start', '/entryDate', 'The project start date cannot be in the future.'));
  if (input.enrollmentCoC) problems.push(problem('household.enrollment-coc-head-only', '/enrollmentCoC', 'The Enrollment CoC is recorded for the head of household only.'));
  problems.push(
    ...priorLivingSituationCodeProblems(input.priorLivingSituation, '/priorLivingSituation'),
    ...collectionProblems(
      project.projectType,
      { relationshipToHoH: input.relationshipToHoH, dob: client.dob, entryDate },
      'projectStart',
      { enrollment: { disablingCondition: input.disablingCondition, priorLivingSituation: input.priorLivingSituation }, staged: input.assessment },
      { enrollment: '', staged: '/assessment' },
    ),
  );
  const open = await tx.selectFrom('enrollments').select('id').where('project_id', '=', project.id).where('client_id', '=', input.clientId).where('exit_date', 'is', null).executeTakeFirst();
  if (open && !problems.some((p) => p.rule === 'household.duplicate-member')) problems.push(problem('enrollment.already-enrolled', '/clientId', 'This person is already enrolled in this project.'));
  throwIfProblems(problems);
  const now = ctx.clock.now();
  const row = await tx
    .insertInto('enrollments')
    .values({
      id: newId(),
      client_id: input.clientId,
      project_id: project.id,
      household_id: e.household_id,
      relationship_to_hoh: input.relationshipToHoH,
      entry_date: entryDate,
      exit_date: null,
      destination: null,
      destination_subsidy_type: null,
      move_in_date: null,
      enrollment_coc: null,
      disabling_condition: input.disablingCondition ?? 99,
      ...priorLivingSituationColumns(project.projectType, input.priorLivingSituation),
      created_at: now,
      created_by: actor.userId,
      updated_at: now,
      updated_by: actor.userId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('enrollment_assessments')
    .values({ id: newId(), enrollment_id: row.id, client_id: row.client_id, data_collection_stage: 1, information_date: entryDate, ...stagedColumns(input.assessment), created_at: now, created_by: actor.userId, updated_at: now, updated_by: actor.userId })
    .execute();
  await writeAudit(tx, ctx, { action: 'enrollment.member_join', entityType: 'enrollment', entityId: row.id, clientId: row.client_id, after: { householdId: e.household_id, entryDate, relationshipToHoH: input.relationshipToHoH } });
  return row;
}

/**
 * The head of household leaves (on `leavingDate`) while others stay: `newHeadClientId` becomes head
 * for the whole stay (HUD keeps one head per household), the former head gets their relationship to
 * the new head. The Enrollment CoC and the Housing Move-in Date move to the new head's enrollment.
 */
export async function changeHeadOfHousehold(tx: Tx, ctx: RequestContext, id: string, input: { newHeadClientId: string; formerHeadRelationship: number; leavingDate: string }) {
  const actor = requireActor(ctx);
  const { enrollment: e, project } = await loadVisibleEnrollment(tx, ctx, id, true);
  requireManage(actor, project);
  requireEditable(actor, e, 'edit');
  const household = await householdEnrollments(tx, e.household_id, true);
  const formerHead = household.find((m) => m.relationship_to_hoh === RELATIONSHIP.head);
  const result = changeHead(
    household.map((m) => ({ clientId: m.client_id, relationshipToHoH: m.relationship_to_hoh, entryDate: m.entry_date, exitDate: m.exit_date, dob: m.dob })),
    input.newHeadClientId,
    input.formerHeadRelationship,
    input.leavingDate,
    formerHead?.entry_date,
  );
  if (!result.ok) throwIfProblems(result.problems);
  if (result.ok) {
    for (const c of result.changes) {
      const m = household.find((h) => h.client_id === c.clientId)!;
      const becomesHead = c.relationshipToHoH === RELATIONSHIP.head;
      await bump(tx, ctx, m, {
        relationship_to_hoh: c.relationshipToHoH,
        enrollment_coc: becomesHead ? (formerHead?.enrollment_coc ?? null) : null,
        ...(becomesHead && formerHead?.move_in_date && !m.move_in_date ? { move_in_date: formerHead.move_in_date > m.entry_date ? formerHead.move_in_date : m.entry_date } : {}),
      });
    }
    await writeAudit(tx, ctx, { action: 'enrollment.change_head', entityType: 'household_stay', entityId: e.household_id, clientId: input.newHeadClientId, before: { head: formerHead?.client_id ?? null }, after: { head: input.newHeadClientId, changes: result.changes } });
  }
}

// -------------------------------------------------------------------------------------- assessments

export interface AssessmentInput extends StagedData {
  stage: number;
  informationDate: string;
}

/** Adds an assessment at a data-collection stage (update, annual, exit, post-exit follow-up). */
export async function addAssessment(tx: Tx, ctx: RequestContext, id: string, input: AssessmentInput) {
  const actor = requireActor(ctx);
  const { enrollment: e, project } = await loadVisibleEnrollment(tx, ctx, id, true);
  requireManage(actor, project);
  const followUp = input.stage === DATA_COLLECTION_STAGE.postExit;
  const amendment = requireEditable(actor, e, followUp ? 'post-exit-follow-up' : 'assessment');
  const household = await householdEnrollments(tx, e.household_id);
  const head = household.find((m) => m.relationship_to_hoh === RELATIONSHIP.head) ?? e;
  const existing = await tx.selectFrom('enrollment_assessments').select(['data_collection_stage', 'information_date']).where('enrollment_id', '=', e.id).execute();
  const problems = validateStagedRecord(
    { entryDate: e.entry_date, exitDate: e.exit_date, headEntryDate: head.entry_date },
    existing.map((r) => ({ element: STAGED_ELEMENTS.income, stage: r.data_collection_stage as 1, informationDate: r.information_date })),
    { element: STAGED_ELEMENTS.income, stage: input.stage as 1, informationDate: input.informationDate },
    await todayOf(tx, ctx),
  );
  const named = stageName(input.stage);
  const { stage: _s, informationDate: _d, ...answers } = input;
  if (named) problems.push(...collectionProblems(project.projectType, memberFactsOf(e, household), named, { staged: answers }, { enrollment: '', staged: '' }));
  throwIfProblems(problems);
  const now = ctx.clock.now();
  const { stage, informationDate, ...data } = input;
  const row = await tx
    .insertInto('enrollment_assessments')
    .values({ id: newId(), enrollment_id: e.id, client_id: e.client_id, data_collection_stage: stage, information_date: informationDate, ...stagedColumns(data), created_at: now, created_by: actor.userId, updated_at: now, updated_by: actor.userId })
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeAudit(tx, ctx, {
    action: amendment ? 'enrollment.amend.assessment' : 'enrollment.assessment',
    entityType: 'enrollment',
    entityId: e.id,
    clientId: e.client_id,
    after: { id: row.id, stage, informationDate },
    ...(amendment ? { reason: 'administrator amendment' } : {}),
  });
  return row;
}

/** Corrects a stage record's answers (not its stage or date), with the refusals of recording it; audited with the answers before. */
export async function correctAssessment(tx: Tx, ctx: RequestContext, id: string, assessmentId: string, input: StagedData) {
  const actor = requireActor(ctx);
  const { enrollment: e, project } = await loadVisibleEnrollment(tx, ctx, id, true);
  requireManage(actor, project);
  const current = await tx.selectFrom('enrollment_assessments').selectAll().where('id', '=', assessmentId).where('enrollment_id', '=', e.id).forUpdate().executeTakeFirst();
  if (!current) throw new NotFoundError('assessment');
  const followUp = current.data_collection_stage === DATA_COLLECTION_STAGE.postExit;
  const amendment = requireEditable(actor, e, followUp ? 'post-exit-follow-up' : 'assessment');
  const household = await householdEnrollments(tx, e.household_id);
  const stage = stageName(current.data_collection_stage);
  if (stage) throwIfProblems(collectionProblems(project.projectType, memberFactsOf(e, household), stage, { staged: input }, { enrollment: '', staged: '' }));
  const row = await tx
    .updateTable('enrollment_assessments')
    .set({ ...stagedColumns(input), updated_at: ctx.clock.now(), updated_by: actor.userId })
    .where('id', '=', current.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeAudit(tx, ctx, {
    action: amendment ? 'enrollment.amend.assessment' : 'enrollment.assessment.correct',
    entityType: 'enrollment',
    entityId: e.id,
    clientId: e.client_id,
    before: { id: current.id, stage: current.data_collection_stage, ...pickStaged(current) },
    after: { id: row.id, ...pickStaged(row) },
    ...(amendment ? { reason: 'administrator amendment' } : {}),
  });
  return row;
}

function pickStaged(r: Record<string, unknown>) {
  const keys = Object.keys(stagedColumns(undefined));
  return Object.fromEntries(keys.map((k) => [k, r[k]]));
}

// ------------------------------------------------------------------------------------- custom forms

/** A custom assessment answered for the enrollment (e.g. the ESG RRH re-evaluation, checked against 30% AMI). */
export async function addFormResponse(tx: Tx, ctx: RequestContext, id: string, input: { formId: string; informationDate: string; answers: Answers }) {
  const actor = requireActor(ctx);
  const { enrollment: e, project, esgRrh } = await loadVisibleEnrollment(tx, ctx, id, true);
  requireManage(actor, project);
  requireEditable(actor, e, 'assessment');
  const def = getFormDefinition(input.formId);
  if (!def) throw new RuleViolation('This form does not exist.', [{ pointer: '/formId', message: 'Choose a form that exists: this one does not.' }], 'form.unknown');
  const today = await todayOf(tx, ctx);
  const problems: RuleProblem[] = [];
  if (input.informationDate < e.entry_date || input.informationDate > today) problems.push(problem('form.date', '/informationDate', 'Date the form between the project start and today.'));
  if (def.id === ESG_RRH_FORMS.reevaluation) {
    if (!esgRrh) problems.push(problem('esg-rrh.not-esg', '/formId', 'The re-evaluation is for ESG rapid re-housing enrollments.'));
    const household = await householdEnrollments(tx, e.household_id);
    const head = household.find((m) => m.relationship_to_hoh === RELATIONSHIP.head) ?? e;
    const coc = head.enrollment_coc ?? project.cocCodes[0] ?? '';
    problems.push(...checkEsgRrhReevaluation(input.answers, def, await incomeLimitsFor(tx, coc), coc, Number(input.informationDate.slice(0, 4))));
  } else {
    problems.push(...validateAnswers(def, input.answers).map((p) => problem('form.incomplete', p.pointer, p.message)));
  }
  throwIfProblems(problems);
  const row = await tx
    .insertInto('form_responses')
    .values({
      id: newId(),
      enrollment_id: e.id,
      client_id: e.client_id,
      form_id: def.id,
      form_version: def.version,
      purpose: def.id === ESG_RRH_FORMS.reevaluation ? 'reevaluation' : 'update',
      information_date: input.informationDate,
      answers: JSON.stringify(pruneHiddenAnswers(def, input.answers)),
      created_at: ctx.clock.now(),
      created_by: actor.userId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeAudit(tx, ctx, { action: 'enrollment.form', entityType: 'enrollment', entityId: e.id, clientId: e.client_id, after: { id: row.id, formId: def.id, informationDate: input.informationDate } });
  return row;
}

// ------------------------------------------------------------------------------ edits and amendments

export interface EditInput {
  version: number;
  disablingCondition?: number | undefined;
  enrollmentCoC?: string | null | undefined;
  priorLivingSituation?: PriorLivingSituationInput | undefined;
  /** Administrators only, on an exited enrollment: */
  exitDate?: string | undefined;
  destination?: number | undefined;
  destinationSubsidyType?: number | null | undefined;
  otherDestination?: string | null | undefined;
  /** Why an administrator amends an exited enrollment (audited). */
  reason?: string | undefined;
}

/** Corrects project-start data while open; after the exit only an administrator amends (audited with the reason). */
export async function editEnrollment(tx: Tx, ctx: RequestContext, id: string, input: EditInput) {
  const actor = requireActor(ctx);
  const { enrollment: e, project } = await loadVisibleEnrollment(tx, ctx, id, true);
  requireManage(actor, project);
  const amendment = e.exit_date !== null;
  if (amendment) requireEditable(actor, e, 'amendment');
  if (e.version !== input.version) throw new StaleVersionError(e.version);
  const problems: RuleProblem[] = [];
  if (amendment && !input.reason?.trim()) problems.push(problem('amendment.reason', '/reason', 'Say why the exited enrollment is being amended.'));
  const exitFields = input.exitDate !== undefined || input.destination !== undefined || input.destinationSubsidyType !== undefined || input.otherDestination !== undefined;
  if (exitFields && !amendment) problems.push(problem('exit.not-exited', '/exitDate', 'Record the exit with "Exit" first.'));
  if (exitFields && amendment) {
    problems.push(
      ...validateExit({
        entryDate: e.entry_date,
        moveInDate: e.move_in_date,
        exitDate: input.exitDate ?? e.exit_date!,
        destination: input.destination ?? e.destination,
        destinationSubsidyType: input.destinationSubsidyType !== undefined ? input.destinationSubsidyType : e.destination_subsidy_type,
        otherDestination: input.otherDestination !== undefined ? input.otherDestination : e.other_destination,
        today: await todayOf(tx, ctx),
      }),
    );
  }
  if (input.enrollmentCoC && e.relationship_to_hoh !== RELATIONSHIP.head) problems.push(problem('household.enrollment-coc-head-only', '/enrollmentCoC', 'The Enrollment CoC is recorded for the head of household only.'));
  if (input.disablingCondition !== undefined && ![0, 1, 8, 9, 99].includes(input.disablingCondition)) problems.push(problem('enrollment.code', '/disablingCondition', 'Choose an answer from the list.'));
  problems.push(...priorLivingSituationCodeProblems(input.priorLivingSituation, '/priorLivingSituation'));
  throwIfProblems(problems);
  const set: Record<string, unknown> = {};
  if (input.disablingCondition !== undefined) set.disabling_condition = input.disablingCondition;
  if (input.enrollmentCoC !== undefined) set.enrollment_coc = input.enrollmentCoC;
  if (input.priorLivingSituation !== undefined) Object.assign(set, priorLivingSituationColumns(project.projectType, input.priorLivingSituation));
  if (input.exitDate !== undefined) set.exit_date = input.exitDate;
  if (input.destination !== undefined) set.destination = input.destination;
  if (input.destinationSubsidyType !== undefined) set.destination_subsidy_type = input.destinationSubsidyType;
  if (input.otherDestination !== undefined) set.other_destination = input.otherDestination;
  const row = await bump(tx, ctx, e, set);
  await writeAudit(tx, ctx, {
    action: amendment ? 'enrollment.amend' : 'enrollment.update',
    entityType: 'enrollment',
    entityId: e.id,
    clientId: e.client_id,
    before: Object.fromEntries(Object.keys(set).map((k) => [k, (e as unknown as Record<string, unknown>)[k]])),
    after: set,
    ...(amendment ? { reason: input.reason!.trim() } : {}),
  });
  return row;
}

