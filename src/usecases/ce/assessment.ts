import type { Tx } from '../../data/db.ts';
import { auditClientRead, findVisibleClient } from '../../data/gateway/clients.ts';
import { todayOf } from '../today.ts';
import { socialServiceContactsDecision, withSocialServiceContacts, type ContactsDecision, type SocialServiceContact } from '../../domain/ce/contacts-visibility.ts';
import { chronicHomelessness, checkPriorLivingSituation, type PriorLivingSituation } from '../../domain/ce/living-situation.ts';
import { NotFoundError, RuleViolation, type FieldProblem } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { writeAudit } from '../audit.ts';
import { requireActor, type RequestContext } from '../context.ts';
import { assertNoProblems, hasPriorInput, loadCeProjectIds, mergePrior, openCeEnrollment, priorLivingSituationColumns, priorLivingSituationOf, requireCeHrs } from './common.ts';

export interface AssessmentAnswer {
  group?: string | null | undefined;
  question: string;
  answer: string | null;
}

export interface CeAssessmentInput extends Partial<PriorLivingSituation> {
  assessmentDate: string;
  assessmentLocation?: string | undefined;
  assessmentType: number;
  assessmentLevel: number;
  prioritizationStatus: number;
  score?: number | null | undefined;
  disablingCondition?: number | undefined;
  answers?: AssessmentAnswer[] | undefined;
  socialServiceContacts: SocialServiceContact[];
}

interface AssessmentRow {
  id: string;
  enrollment_id: string;
  client_id: string;
  assessment_date: string;
  assessment_location: string;
  assessment_type: number;
  assessment_level: number;
  prioritization_status: number;
  score: string | null;
  answers: unknown;
  social_service_contacts: unknown;
  chronic_inputs: unknown;
  version: number;
  created_at: Date;
  created_by: string | null;
  created_by_name: string | null;
}

interface ChronicSnapshot extends PriorLivingSituation {
  disablingCondition: number;
  entryDate: string;
}

const parseJson = <T,>(v: unknown, fallback: T): T => (v === null || v === undefined ? fallback : typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

const cleanContact = (c: SocialServiceContact): SocialServiceContact => ({
  name: c.name.trim(),
  organization: c.organization.trim(),
  role: c.role?.trim() || null,
  phone: c.phone?.trim() || null,
  email: c.email?.trim() || null,
  notes: c.notes?.trim() || null,
});

/** The assessment as presented to this caller: the contacts only when the decision allows them. */
function present(r: AssessmentRow, decision: ContactsDecision) {
  const snapshot = parseJson<ChronicSnapshot | null>(r.chronic_inputs, null);
  const base = {
    id: r.id,
    enrollmentId: r.enrollment_id,
    clientId: r.client_id,
    assessmentDate: r.assessment_date,
    assessmentLocation: r.assessment_location,
    assessmentType: r.assessment_type,
    assessmentLevel: r.assessment_level,
    prioritizationStatus: r.prioritization_status,
    score: r.score === null ? null : Number(r.score),
    answers: parseJson<AssessmentAnswer[]>(r.answers, []).map((a) => ({ group: a.group ?? null, question: a.question, answer: a.answer ?? null })),
    chronicInputs: snapshot,
    chronic: snapshot ? chronicHomelessness(snapshot, snapshot.disablingCondition, snapshot.entryDate) : null,
    assessedBy: r.created_by_name,
    version: r.version,
    createdAt: r.created_at.toISOString(),
  };
  return withSocialServiceContacts(base, parseJson<SocialServiceContact[]>(r.social_service_contacts, []).map(cleanContact), decision);
}

export type CeAssessmentOut = ReturnType<typeof present>;

function selectAssessments(tx: Tx) {
  return tx
    .selectFrom('ce_assessments as a')
    .leftJoin('users as u', 'u.id', 'a.created_by')
    .selectAll('a')
    .select('u.display_name as created_by_name');
}

/**
 * HUD 4.19: an HRS records the CE assessment on the client's open CE enrollment, with the CoC's
 * standardized answers, the score, the chronic-homelessness inputs (kept on the enrollment) and the
 * social-service contacts.
 */
export async function recordCeAssessment(tx: Tx, ctx: RequestContext, clientId: string, input: CeAssessmentInput) {
  const actor = requireActor(ctx);
  const today = await todayOf(tx, ctx);
  const { client } = await findVisibleClient(tx, actor, clientId, today);
  const ceProjects = await loadCeProjectIds(tx);
  requireCeHrs(actor, ceProjects);
  let enrollment = await openCeEnrollment(tx, client.id, true);
  if (!enrollment) {
    throw new RuleViolation('Enroll the client in Coordinated Entry before recording the assessment.', [{ pointer: '/', message: 'Enroll the client in Coordinated Entry first.' }], 'ce.enrollment_required');
  }
  if (enrollment.relationship_to_hoh !== 1) {
    throw new RuleViolation('The CE assessment is recorded for the head of household.', [{ pointer: '/', message: 'Assess the head of household: the CE assessment is recorded for the head.' }], 'ce.assess_head');
  }
  const errors: FieldProblem[] = [];
  if (input.assessmentDate > today) errors.push({ pointer: '/assessmentDate', message: 'The assessment date cannot be in the future.' });
  if (input.assessmentDate < enrollment.entry_date) errors.push({ pointer: '/assessmentDate', message: `The assessment date cannot be before the CE enrollment started (${enrollment.entry_date}).` });
  const prior = checkPriorLivingSituation(mergePrior(priorLivingSituationOf(enrollment), input), enrollment.entry_date);
  errors.push(...prior.errors);
  assertNoProblems(errors);

  const now = ctx.clock.now();
  // The chronic-homelessness inputs belong to the enrollment (HUD 3.917, 3.08): an interim update.
  if (hasPriorInput(input) || (input.disablingCondition !== undefined && input.disablingCondition !== enrollment.disabling_condition)) {
    const before = enrollment;
    enrollment = await tx
      .updateTable('enrollments')
      .set({
        ...priorLivingSituationColumns(prior.value),
        disabling_condition: input.disablingCondition ?? enrollment.disabling_condition,
        version: enrollment.version + 1,
        updated_at: now,
        updated_by: actor.userId,
      })
      .where('id', '=', enrollment.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await writeAudit(tx, ctx, {
      action: 'ce_enrollment.update',
      entityType: 'enrollment',
      entityId: enrollment.id,
      clientId: client.id,
      reason: 'with the CE assessment',
      before: { disablingCondition: before.disabling_condition, ...priorLivingSituationOf(before) },
      after: { disablingCondition: enrollment.disabling_condition, ...priorLivingSituationOf(enrollment) },
    });
  }
  const snapshot: ChronicSnapshot = { ...priorLivingSituationOf(enrollment), disablingCondition: enrollment.disabling_condition, entryDate: enrollment.entry_date };
  let location = input.assessmentLocation?.trim();
  if (!location) location = (await tx.selectFrom('projects').select('name').where('id', '=', enrollment.project_id).executeTakeFirst())?.name ?? 'Coordinated Entry';
  const contacts = input.socialServiceContacts.map(cleanContact);
  const answers = (input.answers ?? []).map((a) => ({ group: a.group?.trim() || null, question: a.question.trim(), answer: a.answer?.trim() ?? null }));
  const id = newId();
  await tx
    .insertInto('ce_assessments')
    .values({
      id,
      enrollment_id: enrollment.id,
      client_id: client.id,
      assessment_date: input.assessmentDate,
      assessment_location: location.slice(0, 250),
      assessment_type: input.assessmentType,
      assessment_level: input.assessmentLevel,
      prioritization_status: input.prioritizationStatus,
      score: input.score ?? null,
      answers: JSON.stringify(answers),
      social_service_contacts: JSON.stringify(contacts),
      chronic_inputs: JSON.stringify(snapshot),
      created_at: now,
      created_by: actor.userId,
      updated_at: now,
      updated_by: actor.userId,
    })
    .execute();
  const row = await selectAssessments(tx).where('a.id', '=', id).executeTakeFirstOrThrow();
  const out = present(row, socialServiceContactsDecision(actor, ceProjects, row.created_by_name));
  // The audit log is read by administrators who may not read the contacts: record how many, not who.
  const { socialServiceContacts: _omitted, ...audited } = out as CeAssessmentOut & { socialServiceContacts?: unknown };
  await writeAudit(tx, ctx, { action: 'ce_assessment.create', entityType: 'ce_assessment', entityId: id, clientId: client.id, after: { ...audited, socialServiceContactCount: contacts.length } });
  return out;
}

/** The latest CE assessment of the client, as this caller may see it. Audited read. */
export async function latestCeAssessment(tx: Tx, ctx: RequestContext, clientId: string) {
  const actor = requireActor(ctx);
  const { client, reason } = await findVisibleClient(tx, actor, clientId, await todayOf(tx, ctx));
  const row = await selectAssessments(tx).where('a.client_id', '=', client.id).orderBy('a.assessment_date', 'desc').orderBy('a.created_at', 'desc').orderBy('a.id', 'desc').executeTakeFirst();
  const decision = socialServiceContactsDecision(actor, await loadCeProjectIds(tx), row?.created_by_name);
  await auditClientRead(tx, ctx, [client.id], reason, { what: 'ce_assessment', socialServiceContactsShown: decision.visible && row !== undefined });
  if (!row) throw new NotFoundError('CE assessment for this client');
  return present(row, decision);
}

/** Every CE assessment of the client, newest first, as this caller may see them. Audited read. */
export async function listCeAssessments(tx: Tx, ctx: RequestContext, clientId: string) {
  const actor = requireActor(ctx);
  const { client, reason } = await findVisibleClient(tx, actor, clientId, await todayOf(tx, ctx));
  const rows = await selectAssessments(tx).where('a.client_id', '=', client.id).orderBy('a.assessment_date', 'desc').orderBy('a.created_at', 'desc').orderBy('a.id', 'desc').execute();
  const ceProjects = await loadCeProjectIds(tx);
  const decision0 = socialServiceContactsDecision(actor, ceProjects);
  await auditClientRead(tx, ctx, [client.id], reason, { what: 'ce_assessments', socialServiceContactsShown: decision0.visible && rows.length > 0 });
  return { items: rows.map((r) => present(r, socialServiceContactsDecision(actor, ceProjects, r.created_by_name))) };
}
