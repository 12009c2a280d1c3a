import type { Db, Tx } from '../db.ts';

export interface AgencyRow {
  id: string;
  name: string;
  victimServiceProvider: boolean;
  version: number;
}

export interface FunderRow {
  id: string;
  funder: number;
  otherFunder: string | null;
  grantId: string;
  startDate: string;
  endDate: string | null;
}

export interface ProjectRow {
  id: string;
  agencyId: string;
  name: string;
  hmisProjectNumber: string | null;
  projectType: number;
  rrhSubtype: number | null;
  housingType: number | null;
  targetPopulation: number | null;
  operatingStart: string;
  operatingEnd: string | null;
  continuumProject: boolean;
  programModel: string;
  populations: string[];
  receivesReferrals: boolean;
  version: number;
  funders: FunderRow[];
}

export interface CocRow {
  id: string;
  cocCode: string;
  geocode: string;
  address1: string | null;
  address2: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  geographyType: number | null;
}

export interface InventoryRow {
  id: string;
  cocCode: string;
  householdType: number;
  availability: number | null;
  unitInventory: number;
  bedInventory: number;
  chVetBedInventory: number | null;
  youthVetBedInventory: number | null;
  vetBedInventory: number | null;
  chYouthBedInventory: number | null;
  youthBedInventory: number | null;
  chBedInventory: number | null;
  otherBedInventory: number | null;
  esBedType: number | null;
  startDate: string;
  endDate: string | null;
}

export interface HmisParticipationRow {
  id: string;
  participationType: number;
  startDate: string;
  endDate: string | null;
}

export interface CeParticipationRow {
  id: string;
  accessPoint: boolean;
  preventionAssessment: boolean | null;
  crisisAssessment: boolean | null;
  housingAssessment: boolean | null;
  directServices: boolean | null;
  receivesReferrals: boolean;
  startDate: string;
  endDate: string | null;
}

/** A project with every HUD descriptor (2.02–2.09). */
export interface ProjectDetail extends ProjectRow {
  cocs: CocRow[];
  inventory: InventoryRow[];
  hmisParticipation: HmisParticipationRow[];
  ceParticipation: CeParticipationRow[];
}

export async function listAgencies(db: Db): Promise<AgencyRow[]> {
  const rows = await db.selectFrom('agencies').select(['id', 'name', 'victim_service_provider', 'version']).orderBy('name').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, victimServiceProvider: r.victim_service_provider, version: r.version }));
}

export async function listProjects(db: Db | Tx, filter: { agencyId?: string; ids?: string[] } = {}): Promise<ProjectRow[]> {
  let q = db.selectFrom('projects').selectAll().orderBy('name');
  if (filter.agencyId) q = q.where('agency_id', '=', filter.agencyId);
  if (filter.ids) {
    if (filter.ids.length === 0) return [];
    q = q.where('id', 'in', filter.ids);
  }
  const projects = await q.execute();
  if (projects.length === 0) return [];
  const funders = await db
    .selectFrom('project_funders')
    .selectAll()
    .where('project_id', 'in', projects.map((p) => p.id))
    .orderBy('start_date')
    .execute();
  return projects.map((p) => ({
    id: p.id,
    agencyId: p.agency_id,
    name: p.name,
    hmisProjectNumber: p.hmis_project_number,
    projectType: p.project_type,
    rrhSubtype: p.rrh_subtype,
    housingType: p.housing_type,
    targetPopulation: p.target_population,
    operatingStart: p.operating_start,
    operatingEnd: p.operating_end,
    continuumProject: p.continuum_project,
    programModel: p.program_model,
    populations: p.populations,
    receivesReferrals: p.receives_referrals,
    version: p.version,
    funders: funders
      .filter((f) => f.project_id === p.id)
      .map((f) => ({ id: f.id, funder: f.funder, otherFunder: f.other_funder, grantId: f.grant_id, startDate: f.start_date, endDate: f.end_date })),
  }));
}

/** Projects with all their descriptors (the nested lists ordered by start date). */
export async function projectDetails(db: Db | Tx, filter: { agencyId?: string; ids?: string[] } = {}): Promise<ProjectDetail[]> {
  const projects = await listProjects(db, filter);
  if (projects.length === 0) return [];
  const ids = projects.map((p) => p.id);
  // One after the other: a transaction holds one connection.
  const cocs = await db.selectFrom('project_cocs').selectAll().where('project_id', 'in', ids).orderBy('coc_code').orderBy('id').execute();
  const inventory = await db.selectFrom('project_inventory').selectAll().where('project_id', 'in', ids).orderBy('start_date').orderBy('id').execute();
  const hmis = await db.selectFrom('project_hmis_participation').selectAll().where('project_id', 'in', ids).orderBy('start_date').execute();
  const ce = await db.selectFrom('project_ce_participation').selectAll().where('project_id', 'in', ids).orderBy('start_date').execute();
  return projects.map((p) => ({
    ...p,
    cocs: cocs
      .filter((c) => c.project_id === p.id)
      .map((c) => ({ id: c.id, cocCode: c.coc_code, geocode: c.geocode, address1: c.address1, address2: c.address2, city: c.city, state: c.state, zip: c.zip, geographyType: c.geography_type })),
    inventory: inventory
      .filter((i) => i.project_id === p.id)
      .map((i) => ({
        id: i.id,
        cocCode: i.coc_code,
        householdType: i.household_type,
        availability: i.availability,
        unitInventory: i.unit_inventory,
        bedInventory: i.bed_inventory,
        chVetBedInventory: i.ch_vet_bed_inventory,
        youthVetBedInventory: i.youth_vet_bed_inventory,
        vetBedInventory: i.vet_bed_inventory,
        chYouthBedInventory: i.ch_youth_bed_inventory,
        youthBedInventory: i.youth_bed_inventory,
        chBedInventory: i.ch_bed_inventory,
        otherBedInventory: i.other_bed_inventory,
        esBedType: i.es_bed_type,
        startDate: i.start_date,
        endDate: i.end_date,
      })),
    hmisParticipation: hmis
      .filter((h) => h.project_id === p.id)
      .map((h) => ({ id: h.id, participationType: h.participation_type, startDate: h.start_date, endDate: h.end_date })),
    ceParticipation: ce
      .filter((c) => c.project_id === p.id)
      .map((c) => ({
        id: c.id,
        accessPoint: c.access_point,
        preventionAssessment: c.prevention_assessment,
        crisisAssessment: c.crisis_assessment,
        housingAssessment: c.housing_assessment,
        directServices: c.direct_services,
        receivesReferrals: c.receives_referrals,
        startDate: c.start_date,
        endDate: c.end_date,
      })),
  }));
}

export async function getProjectDetail(db: Db | Tx, id: string): Promise<ProjectDetail | undefined> {
  return (await projectDetails(db, { ids: [id] }))[0];
}
