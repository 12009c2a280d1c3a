import type { Clock } from '../clock.ts';
import type { Database, Tx } from '../data/db.ts';
import type { Role } from '../domain/access.ts';
import { newId } from '../domain/ids.ts';
import { hashPassword } from '../usecases/auth/passwords.ts';
import { loadOrganisationDetails } from './organisation-details.ts';
import { loadDemoClients } from './clients.ts';
import { loadDemoCoordinatedEntry } from './coordinated-entry.ts';
import { loadDemoMatching } from './matching.ts';
import { loadDemoReferrals } from './referrals.ts';
import { loadDemoEnrollments } from './enrollments.ts';
import { loadDemoTransfers } from './transfers.ts';

export const DEMO_PASSWORD = 'hearth-demo-2026';
export const CE_PROJECT_NUMBER = '1474';

export interface DemoUser {
  username: string;
  displayName: string;
  description: string;
  memberships: { agency: string; role: Role; projects?: string[] }[];
}

/** Agencies and projects by a short key, so the users below can name them. */
const AGENCIES = [
  { key: 'northside', name: 'Northside Housing Partners', victimServiceProvider: false },
  { key: 'lakeshore', name: 'Lakeshore Family Services', victimServiceProvider: false },
  { key: 'lead', name: 'Windy City CoC Lead Agency', victimServiceProvider: false },
] as const;

const PROJECTS = [
  { key: 'northside-psh', agency: 'northside', name: 'Northside Permanent Supportive Housing', number: '2101', type: 3, model: 'PSH', populations: ['singles'], referrals: true, funders: [{ funder: 2, grantId: 'IL0101L5T012301' }] },
  { key: 'northside-rrh', agency: 'northside', name: 'Northside Rapid Re-Housing (ESG)', number: '2102', type: 13, rrhSubtype: 2, model: 'RRH', populations: ['singles', 'families'], referrals: true, funders: [{ funder: 10, grantId: 'E-25-MC-17-0001' }] },
  { key: 'northside-es', agency: 'northside', name: 'Northside Emergency Shelter', number: '2103', type: 0, model: 'ES', populations: ['singles'], referrals: false, funders: [{ funder: 8, grantId: 'E-25-MC-17-0002' }] },
  { key: 'lakeshore-psh', agency: 'lakeshore', name: 'Lakeshore Family PSH', number: '3101', type: 3, model: 'PSH', populations: ['families'], referrals: true, funders: [{ funder: 2, grantId: 'IL0202L5T012302' }] },
  { key: 'lakeshore-sh', agency: 'lakeshore', name: 'Lakeshore Safe Haven', number: '3102', type: 8, model: 'Safe Haven', populations: ['singles'], referrals: true, funders: [{ funder: 2, grantId: 'IL0203L5T012303' }] },
  { key: 'ce', agency: 'lead', name: 'Coordinated Entry System', number: CE_PROJECT_NUMBER, type: 14, model: 'CE', populations: ['singles', 'families', 'youth', 'veterans'], referrals: false, funders: [{ funder: 2, grantId: 'IL0500L5T012300' }] },
] as const;

export const DEMO_USERS: DemoUser[] = [
  { username: 'admin', displayName: 'Alex Admin', description: 'HMIS administrator', memberships: [{ agency: 'lead', role: 'hmis_admin' }] },
  { username: 'matcher', displayName: 'Morgan Matcher', description: 'CES matching team', memberships: [{ agency: 'lead', role: 'ces_matcher' }] },
  { username: 'hrs', displayName: 'Harper Specialist', description: 'Housing Resource Specialist (CE project 1474)', memberships: [{ agency: 'lead', role: 'housing_resource_specialist', projects: ['ce'] }] },
  { username: 'provider', displayName: 'Pat Provider', description: 'Case manager, Northside Housing Partners (PSH, RRH)', memberships: [{ agency: 'northside', role: 'case_manager', projects: ['northside-psh', 'northside-rrh'] }] },
  { username: 'agencyadmin', displayName: 'Avery Agency', description: 'Agency administrator, Northside Housing Partners', memberships: [{ agency: 'northside', role: 'agency_admin' }] },
  { username: 'provider2', displayName: 'Quinn Provider', description: 'Case manager, Lakeshore Family Services (PSH)', memberships: [{ agency: 'lakeshore', role: 'case_manager', projects: ['lakeshore-psh'] }] },
];

export interface DemoIds {
  agencies: Record<string, string>;
  projects: Record<string, string>;
  users: Record<string, string>;
  /** Demo clients by key (src/demo/clients.ts). */
  clients?: Record<string, string>;
}

/** Loads the demo CoC into an empty database; returns false when the database already holds a CoC. */
export async function loadDemoIfEmpty(database: Database, clock: Clock, options: DemoOptions = {}): Promise<boolean> {
  const existing = await database.db.selectFrom('coc').select('id').executeTakeFirst();
  if (existing) return false;
  await loadDemo(database, clock, options);
  return true;
}

/** `dataDir`: where the running server keeps documents (the demo's sample documents go there; none without it). */
export interface DemoOptions {
  dataDir?: string;
}

export async function loadDemo(database: Database, clock: Clock, options: DemoOptions = {}): Promise<DemoIds> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return database.transaction(async (tx) => {
    const now = clock.now();
    const ids: DemoIds = { agencies: {}, projects: {}, users: {} };
    await tx.insertInto('coc').values({ id: newId(), code: 'XX-999', name: 'Windy City Continuum of Care (demo)', demo: true, settings: '{}' }).execute();
    for (const a of AGENCIES) {
      ids.agencies[a.key] = newId();
      await tx.insertInto('agencies').values({ id: ids.agencies[a.key]!, name: a.name, victim_service_provider: a.victimServiceProvider, created_at: now, updated_at: now }).execute();
    }
    for (const p of PROJECTS) {
      const id = newId();
      ids.projects[p.key] = id;
      await tx
        .insertInto('projects')
        .values({
          id,
          agency_id: ids.agencies[p.agency]!,
          name: p.name,
          hmis_project_number: p.number,
          project_type: p.type,
          rrh_subtype: 'rrhSubtype' in p ? p.rrhSubtype : null,
          housing_type: p.type === 14 ? null : 1,
          target_population: 4,
          operating_start: '2020-01-01',
          continuum_project: true,
          program_model: p.model,
          populations: [...p.populations],
          receives_referrals: p.referrals,
          created_at: now,
          updated_at: now,
        })
        .execute();
      for (const f of p.funders) {
        await tx.insertInto('project_funders').values({ id: newId(), project_id: id, funder: f.funder, grant_id: f.grantId, start_date: '2025-07-01' }).execute();
      }
    }
    await loadOrganisationDetails(tx, ids, now);
    for (const u of DEMO_USERS) {
      const id = newId();
      ids.users[u.username] = id;
      await tx
        .insertInto('users')
        .values({ id, username: u.username, display_name: u.displayName, email: `${u.username}@demo.hearth.invalid`, password_hash: passwordHash, agreement_accepted_at: now, password_changed_at: now, created_at: now, updated_at: now })
        .execute();
      await addMemberships(tx, id, u, ids, now);
    }
    ids.clients = await loadDemoClients(tx, ids, now);
    await loadDemoCoordinatedEntry(tx, ids, now, options.dataDir);
    await loadDemoReferrals(tx, ids, now);
    await loadDemoEnrollments(tx, ids, now);
    await loadDemoMatching(tx, ids, now);
    await loadDemoTransfers(tx, ids, now);
    return ids;
  });
}

async function addMemberships(tx: Tx, userId: string, u: DemoUser, ids: DemoIds, now: Date) {
  for (const m of u.memberships) {
    const membershipId = newId();
    await tx.insertInto('memberships').values({ id: membershipId, user_id: userId, agency_id: ids.agencies[m.agency]!, role: m.role, created_at: now }).execute();
    for (const p of m.projects ?? []) {
      await tx.insertInto('membership_projects').values({ membership_id: membershipId, project_id: ids.projects[p]! }).execute();
    }
  }
}
