import type { Tx } from '../../data/db.ts';
import { getProjectDetail, type ProjectDetail } from '../../data/repos/organisation.ts';
import { can } from '../../domain/access.ts';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolation, StaleVersionError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import {
  receivesReferralsFrom,
  validateProject,
  type CeParticipationInput,
  type CocInput,
  type FunderInput,
  type HmisParticipationInput,
  type InventoryInput,
  type ProjectDraft,
} from '../../domain/projects.ts';
import { writeAudit } from '../audit.ts';
import { requireActor, type RequestContext } from '../context.ts';
import { todayOf } from '../today.ts';

/**
 * Projects and their HUD descriptors. The nested lists (funders, CoC codes, inventory, HMIS and CE
 * participation) are edited with the project: a list present in the request replaces the stored
 * one, in the same transaction; a list left out stays as it is.
 */
export interface ProjectInput {
  agencyId: string;
  name: string;
  hmisProjectNumber?: string | null | undefined;
  projectType: number;
  rrhSubtype?: number | null | undefined;
  housingType?: number | null | undefined;
  targetPopulation?: number | null | undefined;
  operatingStart: string;
  operatingEnd?: string | null | undefined;
  continuumProject?: boolean | undefined;
  programModel: string;
  populations?: string[] | undefined;
  /** Only when the project has no CE participation records; otherwise it follows the current one. */
  receivesReferrals?: boolean | undefined;
  funders?: FunderInput[] | undefined;
  cocs?: CocInput[] | undefined;
  inventory?: InventoryInput[] | undefined;
  hmisParticipation?: HmisParticipationInput[] | undefined;
  ceParticipation?: CeParticipationInput[] | undefined;
}

export type ProjectChanges = Partial<ProjectInput>;

/** Strips ids, so that before/after in the audit compare what a person edits. */
const auditView = (p: ProjectDetail) => {
  const strip = <T extends { id: string }>(rows: T[]) => rows.map(({ id: _id, ...rest }) => rest);
  return {
    ...p,
    funders: strip(p.funders),
    cocs: strip(p.cocs),
    inventory: strip(p.inventory),
    hmisParticipation: strip(p.hmisParticipation),
    ceParticipation: strip(p.ceParticipation),
  };
};

function check(draft: ProjectDraft, today: string, requested: boolean | undefined): boolean {
  const errors = validateProject(draft);
  const derived = receivesReferralsFrom(draft.ceParticipation, today, requested ?? false);
  if (draft.ceParticipation.length > 0 && requested !== undefined && requested !== derived) {
    errors.push({
      pointer: '/receivesReferrals',
      message: `Follows the CE participation record current today (${derived ? 'receives' : 'does not receive'} referrals): change that record instead.`,
    });
  }
  if (errors.length > 0) throw new RuleViolation('Some project details are not valid. Correct the marked fields.', errors, 'project.invalid');
  return derived;
}

async function assertUnique(tx: Tx, input: { name?: string | undefined; hmisProjectNumber?: string | null | undefined }, exceptId?: string) {
  if (input.hmisProjectNumber) {
    let q = tx.selectFrom('projects').select('id').where('hmis_project_number', '=', input.hmisProjectNumber);
    if (exceptId) q = q.where('id', '!=', exceptId);
    if (await q.executeTakeFirst()) {
      throw new ConflictError(`Project number ${input.hmisProjectNumber} is already used.`, [{ pointer: '/hmisProjectNumber', message: 'Enter another HMIS project number: this one is used by another project.' }]);
    }
  }
}

const n = <T>(v: T | null | undefined): T | null => (v === undefined ? null : v);

async function replaceLists(tx: Tx, ctx: RequestContext, projectId: string, input: ProjectChanges) {
  const now = ctx.clock.now();
  if (input.funders) {
    await tx.deleteFrom('project_funders').where('project_id', '=', projectId).execute();
    for (const f of input.funders) {
      await tx
        .insertInto('project_funders')
        .values({ id: newId(), project_id: projectId, funder: f.funder, other_funder: f.otherFunder?.trim() || null, grant_id: f.grantId.trim(), start_date: f.startDate, end_date: n(f.endDate) })
        .execute();
    }
  }
  if (input.inventory) await tx.deleteFrom('project_inventory').where('project_id', '=', projectId).execute();
  if (input.cocs) {
    await tx.deleteFrom('project_cocs').where('project_id', '=', projectId).execute();
    for (const c of input.cocs) {
      await tx
        .insertInto('project_cocs')
        .values({
          id: newId(),
          project_id: projectId,
          coc_code: c.cocCode,
          geocode: c.geocode,
          address1: c.address1?.trim() || null,
          address2: c.address2?.trim() || null,
          city: c.city?.trim() || null,
          state: c.state || null,
          zip: c.zip || null,
          geography_type: n(c.geographyType),
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
  }
  if (input.inventory) {
    for (const i of input.inventory) {
      await tx
        .insertInto('project_inventory')
        .values({
          id: newId(),
          project_id: projectId,
          coc_code: i.cocCode,
          household_type: i.householdType,
          availability: n(i.availability),
          unit_inventory: i.unitInventory,
          bed_inventory: i.bedInventory,
          ch_vet_bed_inventory: n(i.chVetBedInventory),
          youth_vet_bed_inventory: n(i.youthVetBedInventory),
          vet_bed_inventory: n(i.vetBedInventory),
          ch_youth_bed_inventory: n(i.chYouthBedInventory),
          youth_bed_inventory: n(i.youthBedInventory),
          ch_bed_inventory: n(i.chBedInventory),
          other_bed_inventory: n(i.otherBedInventory),
          es_bed_type: n(i.esBedType),
          start_date: i.startDate,
          end_date: n(i.endDate),
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
  }
  if (input.hmisParticipation) {
    await tx.deleteFrom('project_hmis_participation').where('project_id', '=', projectId).execute();
    for (const h of input.hmisParticipation) {
      await tx
        .insertInto('project_hmis_participation')
        .values({ id: newId(), project_id: projectId, participation_type: h.participationType, start_date: h.startDate, end_date: n(h.endDate), created_at: now, updated_at: now })
        .execute();
    }
  }
  if (input.ceParticipation) {
    await tx.deleteFrom('project_ce_participation').where('project_id', '=', projectId).execute();
    for (const c of input.ceParticipation) {
      await tx
        .insertInto('project_ce_participation')
        .values({
          id: newId(),
          project_id: projectId,
          access_point: c.accessPoint,
          prevention_assessment: n(c.preventionAssessment),
          crisis_assessment: n(c.crisisAssessment),
          housing_assessment: n(c.housingAssessment),
          direct_services: n(c.directServices),
          receives_referrals: c.receivesReferrals,
          start_date: c.startDate,
          end_date: n(c.endDate),
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
  }
}

export async function createProject(tx: Tx, ctx: RequestContext, input: ProjectInput): Promise<ProjectDetail> {
  const actor = requireActor(ctx);
  const agency = await tx.selectFrom('agencies').select('id').where('id', '=', input.agencyId).executeTakeFirst();
  if (!agency) throw new RuleViolation('Choose an existing agency.', [{ pointer: '/agencyId', message: 'Choose an existing agency.' }]);
  if (!can(actor, 'project.create', { agencyId: input.agencyId })) throw new ForbiddenError('You may create projects only for an agency you administer.');
  const draft: ProjectDraft = {
    name: input.name,
    projectType: input.projectType,
    rrhSubtype: n(input.rrhSubtype),
    housingType: n(input.housingType),
    targetPopulation: n(input.targetPopulation),
    operatingStart: input.operatingStart,
    operatingEnd: n(input.operatingEnd),
    programModel: input.programModel,
    populations: input.populations ?? [],
    funders: input.funders ?? [],
    cocs: input.cocs ?? [],
    inventory: input.inventory ?? [],
    hmisParticipation: input.hmisParticipation ?? [],
    ceParticipation: input.ceParticipation ?? [],
  };
  const receivesReferrals = check(draft, await todayOf(tx, ctx), input.receivesReferrals);
  await assertUnique(tx, input);
  const id = newId();
  const now = ctx.clock.now();
  await tx
    .insertInto('projects')
    .values({
      id,
      agency_id: input.agencyId,
      name: input.name.trim(),
      hmis_project_number: input.hmisProjectNumber?.trim() || null,
      project_type: draft.projectType,
      rrh_subtype: draft.rrhSubtype,
      housing_type: draft.housingType,
      target_population: draft.targetPopulation,
      operating_start: draft.operatingStart,
      operating_end: draft.operatingEnd,
      continuum_project: input.continuumProject ?? true,
      program_model: draft.programModel,
      populations: [...new Set(draft.populations)],
      receives_referrals: receivesReferrals,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await replaceLists(tx, ctx, id, { ...input, funders: draft.funders, cocs: draft.cocs, inventory: draft.inventory, hmisParticipation: draft.hmisParticipation, ceParticipation: draft.ceParticipation });
  const project = (await getProjectDetail(tx, id))!;
  await writeAudit(tx, ctx, { action: 'project.create', entityType: 'project', entityId: id, after: auditView(project) });
  return project;
}

export async function getProject(tx: Tx, id: string): Promise<ProjectDetail> {
  const project = await getProjectDetail(tx, id);
  if (!project) throw new NotFoundError('project');
  return project;
}

export async function updateProject(tx: Tx, ctx: RequestContext, id: string, version: number, input: ProjectChanges): Promise<ProjectDetail> {
  const actor = requireActor(ctx);
  const locked = await tx.selectFrom('projects').select(['id', 'version', 'agency_id']).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!locked) throw new NotFoundError('project');
  if (!can(actor, 'project.update', { agencyId: locked.agency_id })) throw new ForbiddenError('Only an HMIS administrator or this agency’s administrator may change this project.');
  if (input.agencyId !== undefined && input.agencyId !== locked.agency_id) {
    if (!can(actor, 'project.update', { agencyId: input.agencyId })) throw new ForbiddenError('You may move projects only to an agency you administer.');
    const agency = await tx.selectFrom('agencies').select('id').where('id', '=', input.agencyId).executeTakeFirst();
    if (!agency) throw new RuleViolation('Choose an existing agency.', [{ pointer: '/agencyId', message: 'Choose an existing agency.' }]);
    const assigned = await tx.selectFrom('membership_projects').select('membership_id').where('project_id', '=', id).executeTakeFirst();
    if (assigned) {
      throw new RuleViolation('Staff of the current agency are assigned to this project: remove those assignments before moving it to another agency.', [
        { pointer: '/agencyId', message: 'Move the staff assigned to this project first, or keep the agency.' },
      ]);
    }
  }
  if (locked.version !== version) throw new StaleVersionError(locked.version);
  const before = (await getProjectDetail(tx, id))!;
  const pick = <K extends keyof ProjectChanges>(k: K, current: NonNullable<ProjectChanges[K]> | null) =>
    (input[k] === undefined ? current : input[k]) as NonNullable<ProjectChanges[K]> | null;
  const draft: ProjectDraft = {
    name: input.name ?? before.name,
    projectType: input.projectType ?? before.projectType,
    rrhSubtype: pick('rrhSubtype', before.rrhSubtype),
    housingType: pick('housingType', before.housingType),
    targetPopulation: pick('targetPopulation', before.targetPopulation),
    operatingStart: input.operatingStart ?? before.operatingStart,
    operatingEnd: pick('operatingEnd', before.operatingEnd),
    programModel: input.programModel ?? before.programModel,
    populations: input.populations ?? before.populations,
    funders: input.funders ?? before.funders,
    cocs: input.cocs ?? before.cocs,
    inventory: input.inventory ?? before.inventory,
    hmisParticipation: input.hmisParticipation ?? before.hmisParticipation,
    ceParticipation: input.ceParticipation ?? before.ceParticipation,
  };
  const hasCe = draft.ceParticipation.length > 0;
  const receivesReferrals = check(draft, await todayOf(tx, ctx), hasCe ? input.receivesReferrals : (input.receivesReferrals ?? before.receivesReferrals));
  await assertUnique(tx, input, id);
  const row = await tx
    .updateTable('projects')
    .set({
      agency_id: input.agencyId ?? locked.agency_id,
      name: draft.name.trim(),
      hmis_project_number: input.hmisProjectNumber === undefined ? before.hmisProjectNumber : input.hmisProjectNumber?.trim() || null,
      project_type: draft.projectType,
      rrh_subtype: draft.rrhSubtype,
      housing_type: draft.housingType,
      target_population: draft.targetPopulation,
      operating_start: draft.operatingStart,
      operating_end: draft.operatingEnd,
      continuum_project: input.continuumProject ?? before.continuumProject,
      program_model: draft.programModel,
      populations: [...new Set(draft.populations)],
      receives_referrals: receivesReferrals,
      version: version + 1,
      updated_at: ctx.clock.now(),
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .returning('id')
    .executeTakeFirst();
  if (!row) throw new StaleVersionError();
  await replaceLists(tx, ctx, id, input);
  const after = (await getProjectDetail(tx, id))!;
  await writeAudit(tx, ctx, { action: 'project.update', entityType: 'project', entityId: id, before: auditView(before), after: auditView(after) });
  return after;
}
