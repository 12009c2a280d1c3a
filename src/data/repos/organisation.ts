import type { Db } from '../db.ts';

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

export async function listAgencies(db: Db): Promise<AgencyRow[]> {
  const rows = await db.selectFrom('agencies').select(['id', 'name', 'victim_service_provider', 'version']).orderBy('name').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, victimServiceProvider: r.victim_service_provider, version: r.version }));
}

export async function listProjects(db: Db, filter: { agencyId?: string; ids?: string[] } = {}): Promise<ProjectRow[]> {
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
