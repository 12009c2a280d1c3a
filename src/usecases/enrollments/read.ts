/**
 * Reading enrollments: one enrollment with its household, assessments by stage, services, forms,
 * data-quality problems, annual window, follow-ups and what the caller may do; a client's list.
 * Every read of client data is audited with its reason.
 */
import type { Tx } from '../../data/db.ts';
import { auditClientRead, filterVisibleClientIds, findVisibleClient } from '../../data/gateway/clients.ts';
import { todayOf } from '../today.ts';
import { assessmentsOf, clientEnrollments, formResponsesOf, householdEnrollments, servicesOf, type AssessmentRow, type EnrollmentRow, type HouseholdMemberRow } from '../../data/repos/enrollments.ts';
import { HUD_DATA_COLLECTION, collectedDataQuality, memberRole, stageName } from '../../domain/data-collection/index.ts';
import { isAdmin } from '../../domain/access.ts';
import { displayName } from '../../domain/clients/records.ts';
import {
  DATA_COLLECTION_STAGE,
  ESG_RRH_FORMS,
  RELATIONSHIP,
  annualStatus,
  effectiveMoveInDate,
  followUpSchedule,
  followUpsRequired,
  householdDataQuality,
  isEsgRrh,
  projectStartConsistency,
  missedAnnualWindows,
  projectTypeTakesMoveIn,
  proposeNewHeadCandidates,
  reevaluationDue,
  type DataQualityIssue,
} from '../../domain/enrollment/index.ts';
import { requireActor, type RequestContext } from '../context.ts';
import { canManage, loadVisibleEnrollment, priorLivingSituationOf } from './common.ts';
import { presentService } from './services.ts';

export function presentAssessment(a: AssessmentRow) {
  return {
    id: a.id,
    enrollmentId: a.enrollment_id,
    clientId: a.client_id,
    stage: a.data_collection_stage,
    informationDate: a.information_date,
    incomeFromAnySource: a.income_from_any_source,
    totalMonthlyIncome: a.total_monthly_income === null ? null : Number(a.total_monthly_income),
    incomeSources: a.income_sources,
    otherIncomeSourceIdentify: a.other_income_source_identify,
    benefitsFromAnySource: a.benefits_from_any_source,
    benefits: a.benefits,
    insuranceFromAnySource: a.insurance_from_any_source,
    insurance: a.insurance,
    disabilities: a.disabilities,
    domesticViolenceSurvivor: a.domestic_violence_survivor,
    whenOccurred: a.when_occurred,
    currentlyFleeing: a.currently_fleeing,
    custom: a.custom_answers,
    createdAt: a.created_at.toISOString(),
  };
}

export function presentEnrollmentRow(e: EnrollmentRow) {
  return {
    id: e.id,
    clientId: e.client_id,
    projectId: e.project_id,
    householdId: e.household_id,
    relationshipToHoH: e.relationship_to_hoh,
    entryDate: e.entry_date,
    exitDate: e.exit_date,
    destination: e.destination,
    destinationSubsidyType: e.destination_subsidy_type,
    otherDestination: e.other_destination,
    moveInDate: e.move_in_date,
    enrollmentCoC: e.enrollment_coc,
    disablingCondition: e.disabling_condition,
    priorLivingSituation: priorLivingSituationOf(e),
    referralId: e.referral_id,
    version: e.version,
  };
}

/** Stages whose records HUD's data quality reads in full (updates record only what changed). */
const CHECKED_STAGES = new Set<number>([DATA_COLLECTION_STAGE.projectStart, DATA_COLLECTION_STAGE.projectExit, DATA_COLLECTION_STAGE.annual]);

/**
 * One member's data-quality findings by the HUD data collection definition: what is asked of this
 * member (head, adult, child) and missing or 8/9/99 at project start, exit and each annual assessment,
 * with where to answer it (the member's enrollment, the stage, the record, the question).
 */
function memberDataQuality(m: HouseholdMemberRow, mine: AssessmentRow[], projectType: number, prefix: string): DataQualityIssue[] {
  const role = memberRole({ relationshipToHoH: m.relationship_to_hoh, dob: m.dob, entryDate: m.entry_date });
  const enrollment = { disablingCondition: m.disabling_condition, priorLivingSituation: priorLivingSituationOf(m) };
  const start = mine.find((a) => a.data_collection_stage === DATA_COLLECTION_STAGE.projectStart);
  const records: { stage: number; row: AssessmentRow | undefined }[] = [
    { stage: DATA_COLLECTION_STAGE.projectStart, row: start },
    ...mine.filter((a) => a !== start && CHECKED_STAGES.has(a.data_collection_stage)).map((row) => ({ stage: row.data_collection_stage, row })),
  ];
  const out: DataQualityIssue[] = [];
  for (const { stage, row } of records) {
    const name = stageName(stage)!;
    const issues = collectedDataQuality(HUD_DATA_COLLECTION, { stage: name, role, projectType }, { enrollment, staged: row ? presentAssessment(row) : {} }, m.entry_date);
    for (const i of issues) out.push({ ...i, pointer: `${prefix}/stages/${stage}/${i.field}`, enrollmentId: m.id, stage, assessmentId: row?.id ?? null });
  }
  for (const i of projectStartConsistency({ relationshipToHoH: m.relationship_to_hoh, disablingCondition: m.disabling_condition, disabilities: start?.disabilities ?? [] }, prefix)) {
    out.push({ ...i, enrollmentId: m.id, stage: DATA_COLLECTION_STAGE.projectStart, assessmentId: start?.id ?? null, field: i.element === '3.08' ? 'disablingCondition' : 'relationshipToHoH' });
  }
  return out;
}

export async function getEnrollment(tx: Tx, ctx: RequestContext, id: string) {
  const actor = requireActor(ctx);
  const today = await todayOf(tx, ctx);
  const { enrollment: e, project, reason, esgRrh } = await loadVisibleEnrollment(tx, ctx, id);
  const household = await householdEnrollments(tx, e.household_id);
  const visible = new Set(await filterVisibleClientIds(tx, actor, household.map((m) => m.client_id), today));
  const head = household.find((m) => m.relationship_to_hoh === RELATIONSHIP.head);
  const ids = household.map((m) => m.id);
  const [assessments, services, forms] = await Promise.all([assessmentsOf(tx, ids), servicesOf(tx, ids), formResponsesOf(tx, ids)]);
  const manage = canManage(actor, project);
  const admin = isAdmin(actor);
  const needsFollowUps = followUpsRequired({ requiresFollowUps: project.requiresFollowUps, isEsgRrh: esgRrh });

  const members = household.map((m, i) => {
    const mine = assessments.filter((a) => a.enrollment_id === m.id);
    const stay = { entryDate: m.entry_date, exitDate: m.exit_date, headEntryDate: head?.entry_date ?? m.entry_date };
    const staged = mine.map((a) => ({ stage: a.data_collection_stage, informationDate: a.information_date }));
    const prefix = `/members/${i}`;
    const dq: DataQualityIssue[] = visible.has(m.client_id)
      ? [
          ...memberDataQuality(m, mine, project.projectType, prefix),
          ...missedAnnualWindows(stay, staged, today).map((w) => ({ kind: 'missing' as const, element: '5.03', pointer: `${prefix}/annual`, message: `No annual assessment for the ${w.anniversary} anniversary (window ${w.opens} – ${w.closes}).` })),
        ]
      : [];
    if (m.exit_date && !mine.some((a) => a.data_collection_stage === DATA_COLLECTION_STAGE.projectExit))
      dq.push({ kind: 'missing', element: '5.03', pointer: `${prefix}/exitAssessment`, message: 'The exit assessment is missing.' });
    return {
      enrollmentId: m.id,
      clientId: m.client_id,
      displayName: visible.has(m.client_id) ? displayName({ id: m.client_id, anonymous: m.anonymous, firstName: m.first_name, middleName: m.middle_name, lastName: m.last_name, suffix: m.suffix }) : 'Household member (not visible to you)',
      visible: visible.has(m.client_id),
      relationshipToHoH: m.relationship_to_hoh,
      /** Who HUD asks what (head, adult or child at project start), for the member's screens. */
      role: memberRole({ relationshipToHoH: m.relationship_to_hoh, dob: m.dob, entryDate: m.entry_date }),
      entryDate: m.entry_date,
      exitDate: m.exit_date,
      destination: m.destination,
      moveInDate: m.move_in_date,
      effectiveMoveInDate: head ? effectiveMoveInDate({ relationshipToHoH: m.relationship_to_hoh, entryDate: m.entry_date, exitDate: m.exit_date }, { moveInDate: head.move_in_date }) : null,
      annual: annualStatus(stay, staged, today),
      followUps: needsFollowUps && m.exit_date ? followUpSchedule(m.exit_date, mine.filter((a) => a.data_collection_stage === DATA_COLLECTION_STAGE.postExit).map((a) => ({ informationDate: a.information_date })), today) : [],
      dataQuality: dq,
    };
  });
  const dataQuality = [
    ...householdDataQuality(household.map((m) => ({ clientId: m.client_id, relationshipToHoH: m.relationship_to_hoh }))),
    ...members.flatMap((m) => m.dataQuality),
  ].filter((d, i, all) => all.findIndex((x) => x.pointer === d.pointer && x.message === d.message) === i);

  const self = members.find((m) => m.enrollmentId === e.id)!;
  const reevaluations = forms.filter((f) => f.form_id === ESG_RRH_FORMS.reevaluation).map((f) => f.information_date);
  const isHead = e.relationship_to_hoh === RELATIONSHIP.head;
  const open = e.exit_date === null;
  const headCandidates = isHead && open ? proposeNewHeadCandidates(household.map((m) => ({ clientId: m.client_id, relationshipToHoH: m.relationship_to_hoh, entryDate: m.entry_date, exitDate: m.exit_date, dob: m.dob })), today, e.entry_date) : [];

  await auditClientRead(tx, ctx, [e.client_id], reason, { enrollmentId: e.id });
  return {
    ...presentEnrollmentRow(e),
    projectName: project.name,
    projectType: project.projectType,
    agencyId: project.agencyId,
    isEsgRrh: esgRrh,
    displayName: self.displayName,
    effectiveMoveInDate: self.effectiveMoveInDate,
    members,
    assessments: assessments.filter((a) => visible.has(a.client_id)).map(presentAssessment),
    services: services.filter((s) => visible.has(s.client_id)).map(presentService),
    forms: forms
      .filter((f) => visible.has(f.client_id))
      .map((f) => ({ id: f.id, enrollmentId: f.enrollment_id, formId: f.form_id, formVersion: f.form_version, purpose: f.purpose, informationDate: f.information_date, answers: f.answers, createdAt: f.created_at.toISOString() })),
    dataQuality,
    annual: self.annual,
    followUps: self.followUps,
    followUpsRequired: needsFollowUps,
    reevaluation: esgRrh && open ? reevaluationDue(e.entry_date, reevaluations, today) : null,
    headCandidates,
    capabilities: {
      canEdit: manage && (open || admin),
      canAmend: manage && admin && !open,
      canRecordMoveIn: manage && (open || admin) && isHead && projectTypeTakesMoveIn(project.projectType) && e.move_in_date === null,
      canCorrectMoveIn: manage && (open || admin) && isHead && e.move_in_date !== null,
      canExit: manage && open,
      canAddMember: manage && open && isHead,
      canChangeHead: manage && open && isHead && headCandidates.length > 0,
      canAddAssessment: manage && (open || admin),
      canAddFollowUp: manage && !open && needsFollowUps,
      canAddService: manage && (open || admin),
      canReevaluate: manage && open && esgRrh && isHead,
    },
  };
}

export type EnrollmentDetail = Awaited<ReturnType<typeof getEnrollment>>;

/** A client's enrollments (every project), newest first. */
export async function listClientEnrollments(tx: Tx, ctx: RequestContext, clientId: string) {
  const actor = requireActor(ctx);
  const today = await todayOf(tx, ctx);
  const { client, reason } = await findVisibleClient(tx, actor, clientId, today);
  const rows = (await clientEnrollments(tx, client.id)).filter((r) => !r.is_ce);
  await auditClientRead(tx, ctx, [client.id], reason, { list: 'enrollments' });
  const funders = rows.length ? await tx.selectFrom('project_funders').select(['project_id', 'funder', 'start_date', 'end_date']).where('project_id', 'in', rows.map((r) => r.project_id)).execute() : [];
  return rows.map((r) => ({
    ...presentEnrollmentRow(r),
    projectName: r.project_name,
    projectType: r.project_type,
    isEsgRrh: isEsgRrh({ funders: funders.filter((f) => f.project_id === r.project_id).map((f) => ({ funder: f.funder, startDate: f.start_date, endDate: f.end_date })) }, r.entry_date),
    status: r.exit_date ? ('exited' as const) : projectTypeTakesMoveIn(r.project_type) && !r.move_in_date ? ('not_yet_housed' as const) : ('active' as const),
    capabilities: { canManage: canManage(actor, { id: r.project_id, agencyId: r.agency_id }) },
  }));
}
