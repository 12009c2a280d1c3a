/**
 * Synthetic data at the size of a large CoC (issue 10), for the benchmark suite and for trying Hearth at
 * scale. PostgreSQL only. Deterministic: the same `--seed` and `--today` give the same rows, byte for byte.
 *
 *   npm run hmis -- seed --scale small|medium|chicago [--seed N] [--today YYYY-MM-DD]
 *
 * One pass generates every table into text files in COPY format (in a temporary directory), then one
 * transaction drops the bulk tables' secondary indexes and foreign keys, loads every file with
 * `COPY … FROM STDIN`, re-creates the indexes and re-adds the foreign keys (which validates every row, so
 * every constraint of the migrations still holds — the unique partial indexes too), runs the follow-up
 * updates of the circular references (openings filled by referrals, enrollments from referrals) and
 * commits; then `ANALYZE`. Triggers stay on (the enrollments is_ce trigger runs for every row).
 *
 * Every user gets the same password (`SEED_PASSWORD`, hashed once) and a current user agreement.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { hashPassword } from '../usecases/auth/passwords.ts';
import { connectPostgres } from '../data/db.ts';
import { rebuildCeListNow } from '../usecases/openings/ce-list-refresh.ts';
import { loadDefaultReferralConfig } from '../domain/referrals/config.ts';

export const SEED_PASSWORD = 'Hearth-bench-2026!';
export const SEED_COC_CODE = 'IL-510';

export interface ScaleProfile {
  clients: number;
  agencies: number;
  projects: number;
  users: number;
  ceProjects: number;
}

/** The chicago profile is the issue's; the others keep its shapes at a tenth and a fortieth. `tiny` is for tests. */
export const PROFILES: Record<'tiny' | 'small' | 'medium' | 'chicago', ScaleProfile> = {
  tiny: { clients: 400, agencies: 4, projects: 24, users: 24, ceProjects: 1 },
  small: { clients: 10_000, agencies: 20, projects: 120, users: 150, ceProjects: 2 },
  medium: { clients: 100_000, agencies: 60, projects: 400, users: 500, ceProjects: 3 },
  chicago: { clients: 400_000, agencies: 150, projects: 1_000, users: 1_200, ceProjects: 5 },
};
export type ScaleName = keyof typeof PROFILES;

export interface SeedOptions {
  scale: ScaleName;
  seed?: number;
  /** The day the data end on ('YYYY-MM-DD'); default: today (UTC). */
  today?: string;
  /** Progress lines; default console.log. */
  log?: (line: string) => void;
}

export interface SeedResult {
  rows: Record<string, number>;
  generateMs: number;
  loadMs: number;
  totalMs: number;
  /** Rows per second of the COPY phase (every table). */
  copyRowsPerSecond: number;
}

// ---------------------------------------------------------------------------------------------------
// Deterministic randomness

/** mulberry32: a tiny 32-bit PRNG, good enough for synthetic data. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  readonly next: () => number;
  private readonly idNext: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
    this.idNext = mulberry32(seed ^ 0x5bd1e995);
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  /** Picks by weight: [[value, weight], …]. */
  weighted<T>(table: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of table) total += w;
    let x = this.next() * total;
    for (const [v, w] of table) {
      x -= w;
      if (x < 0) return v;
    }
    return table[table.length - 1]![0];
  }
  /** 32 hex characters, like newId(). */
  id(): string {
    let s = '';
    for (let i = 0; i < 4; i++) s += ((this.idNext() * 4294967296) >>> 0).toString(16).padStart(8, '0');
    return s;
  }
}

// ---------------------------------------------------------------------------------------------------
// COPY text format files

type Cell = string | number | boolean | null | undefined;
const NEEDS_ESCAPE = /[\\\t\n\r]/;
function enc(v: Cell): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  return NEEDS_ESCAPE.test(v) ? v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : v;
}
const arr = (xs: readonly string[]): string => `{${xs.join(',')}}`;

class TableFile {
  rows = 0;
  private buf: string[] = [];
  private size = 0;
  private readonly fd: number;
  readonly file: string;
  readonly table: string;
  readonly columns: readonly string[];
  constructor(dir: string, table: string, columns: readonly string[]) {
    this.table = table;
    this.columns = columns;
    this.file = path.join(dir, `${table}.copy`);
    this.fd = fs.openSync(this.file, 'w');
  }
  add(...cells: Cell[]): void {
    let line = enc(cells[0]);
    for (let i = 1; i < cells.length; i++) line += '\t' + enc(cells[i]);
    this.buf.push(line);
    this.size += line.length;
    this.rows++;
    if (this.size > 1 << 22) this.flush();
  }
  flush(): void {
    if (this.buf.length === 0) return;
    fs.writeSync(this.fd, this.buf.join('\n') + '\n');
    this.buf = [];
    this.size = 0;
  }
  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }
}

// ---------------------------------------------------------------------------------------------------
// Dates: day numbers (days since 1970-01-01), formatted through a cache.

const DAY_MS = 86_400_000;
const dayOf = (iso: string): number => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
const dateCache = new Map<number, string>();
function ds(day: number): string {
  let s = dateCache.get(day);
  if (s === undefined) {
    s = new Date(day * DAY_MS).toISOString().slice(0, 10);
    dateCache.set(day, s);
  }
  return s;
}
/** A timestamp on `day` during Chicago office hours (15:00–23:00 UTC), `minute` minutes in. */
const ts = (day: number, minute: number): string => new Date(day * DAY_MS + (15 * 60 + Math.min(minute, 479)) * 60_000).toISOString();

// ---------------------------------------------------------------------------------------------------
// Shapes

const FIRST = ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen', 'Christopher', 'Lisa', 'Daniel', 'Nancy', 'Matthew', 'Betty', 'Anthony', 'Sandra', 'Mark', 'Margaret', 'Donald', 'Ashley', 'Steven', 'Kimberly', 'Andrew', 'Emily', 'Paul', 'Donna', 'Joshua', 'Michelle', 'Kenneth', 'Carol', 'Kevin', 'Amanda', 'Brian', 'Melissa', 'Timothy', 'Deborah', 'Ronald', 'Stephanie', 'Jason', 'Dorothy', 'George', 'Rebecca', 'Edward', 'Sharon', 'Jeffrey', 'Laura', 'Ryan', 'Cynthia', 'Jacob', 'Amy', 'Nicholas', 'Kathleen', 'Gary', 'Angela', 'Eric', 'Shirley', 'Jonathan', 'Brenda', 'Stephen', 'Emma', 'Larry', 'Anna', 'Justin', 'Pamela', 'Scott', 'Nicole', 'Brandon', 'Samantha', 'Benjamin', 'Katherine', 'Samuel', 'Christine', 'Gregory', 'Helen', 'Alexander', 'Debra', 'Patrick', 'Rachel', 'Frank', 'Carolyn', 'Raymond', 'Janet', 'Jack', 'Maria', 'Dennis', 'Olivia', 'Jerry', 'Heather', 'Tyler', 'Diane', 'Aaron', 'Julie', 'Jose', 'Joyce', 'Adam', 'Victoria', 'Nathan', 'Ruth', 'Henry', 'Virginia', 'Zachary', 'Lauren', 'Douglas', 'Kelly', 'Peter', 'Christina', 'Kyle', 'Joan', 'Noah', 'Evelyn', 'Ethan', 'Judith', 'Jeremy', 'Andrea', 'Christian', 'Hannah', 'Walter', 'Megan', 'Keith', 'Cheryl', 'Austin', 'Jacqueline', 'Roger', 'Martha', 'Terry', 'Madison', 'Sean', 'Teresa', 'Gerald', 'Gloria', 'Carl', 'Sara', 'Dylan', 'Janice', 'Harold', 'Ann', 'Jordan', 'Kathryn', 'Jesse', 'Abigail', 'Bryan', 'Sophia', 'Lawrence', 'Frances', 'Arthur', 'Jean', 'Gabriel', 'Alice', 'Bruce', 'Judy', 'Logan', 'Isabella', 'Billy', 'Julia', 'Joe', 'Grace', 'Alan', 'Amber', 'Juan', 'Denise', 'Elijah', 'Danielle', 'Willie', 'Marilyn', 'Albert', 'Beverly', 'Wayne', 'Charlotte', 'Randy', 'Natalie', 'Mason', 'Theresa', 'Vincent', 'Diana', 'Liam', 'Brittany', 'Roy', 'Doris', 'Bobby', 'Kayla', 'Caleb', 'Alexis', 'Bradley', 'Lori', 'Russell', 'Marie', 'Lucas', 'Tamika', 'DeShawn', 'Latoya', 'Jamal', 'Keisha', 'Andre', 'Ebony'];
const LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts', 'Gomez', 'Phillips', 'Evans', 'Turner', 'Diaz', 'Parker', 'Cruz', 'Edwards', 'Collins', 'Reyes', 'Stewart', 'Morris', 'Morales', 'Murphy', 'Cook', 'Rogers', 'Gutierrez', 'Ortiz', 'Morgan', 'Cooper', 'Peterson', 'Bailey', 'Reed', 'Kelly', 'Howard', 'Ramos', 'Kim', 'Cox', 'Ward', 'Richardson', 'Watson', 'Brooks', 'Chavez', 'Wood', 'James', 'Bennett', 'Gray', 'Mendoza', 'Ruiz', 'Hughes', 'Price', 'Alvarez', 'Castillo', 'Sanders', 'Patel', 'Myers', 'Long', 'Ross', 'Foster', 'Jimenez', 'Powell', 'Jenkins', 'Perry', 'Russell', 'Sullivan', 'Bell', 'Coleman', 'Butler', 'Henderson', 'Barnes', 'Gonzales', 'Fisher', 'Vasquez', 'Simmons', 'Romero', 'Jordan', 'Patterson', 'Alexander', 'Hamilton', 'Graham', 'Reynolds', 'Griffin', 'Wallace', 'Moreno', 'West', 'Cole', 'Hayes', 'Bryant', 'Herrera', 'Gibson', 'Ellis', 'Tran', 'Medina', 'Aguilar', 'Stevens', 'Murray', 'Ford', 'Castro', 'Marshall', 'Owens', 'Harrison', 'Fernandez', 'McDonald', 'Woods', 'Washington', 'Kennedy', 'Wells', 'Vargas', 'Henry', 'Chen', 'Freeman', 'Webb', 'Tucker', 'Guzman', 'Burns', 'Crawford', 'Olson', 'Simpson', 'Porter', 'Hunter', 'Gordon', 'Mendez', 'Silva', 'Shaw', 'Snyder', 'Mason', 'Dixon', 'Munoz', 'Hunt', 'Hicks', 'Holmes', 'Palmer', 'Wagner', 'Black', 'Robertson', 'Boyd', 'Rose', 'Stone', 'Salazar', 'Fox', 'Warren', 'Mills', 'Meyer', 'Rice', 'Schmidt', 'Garza', 'Daniels', 'Ferguson', 'Nichols', 'Stephens', 'Soto', 'Weaver', 'Ryan', 'Gardner', 'Payne', 'Grant', 'Dunn', 'Kowalski', 'Nowak', 'Okafor', 'Adeyemi'];
const RACE_W: [readonly string[], number][] = [[['BlackAfAmerican'], 62], [['White'], 14], [['HispanicLatinao'], 10], [['BlackAfAmerican', 'HispanicLatinao'], 3], [['White', 'HispanicLatinao'], 4], [['Asian'], 2], [['AmIndAKNative'], 1], [['MidEastNAfrican'], 1], [['NativeHIPacific'], 1]];

/** HUD project types with their share of projects, typical stay (days) and services per month. */
const PROJECT_TYPES: readonly (readonly [number, number])[] = [[1, 25], [2, 10], [3, 20], [4, 8], [6, 10], [12, 7], [13, 15], [9, 3], [10, 2]];
const PROGRAM_MODEL: Record<number, string> = { 1: 'ES', 2: 'TH', 3: 'PSH', 4: 'SO', 6: 'SSO', 12: 'Prevention', 13: 'RRH', 9: 'Other', 10: 'Other', 14: 'CE' };
const STAY_DAYS: Record<number, readonly [number, number]> = { 1: [1, 120], 2: [30, 700], 3: [120, 2500], 4: [1, 240], 6: [1, 200], 12: [30, 180], 13: [60, 540], 9: [120, 1800], 10: [120, 1800] };
const RECEIVING = new Set([2, 3, 9, 10, 13]);
const PH = new Set([3, 9, 10, 13]);
const SERVICE_MEAN: Record<number, number> = { 1: 3, 2: 8, 3: 10, 4: 2, 6: 4, 12: 4, 13: 12, 9: 4, 10: 6, 14: 0 };
const SERVICE_TYPES_BY_PROJECT: Record<number, readonly string[]> = {
  13: ['rental_assistance', 'rental_assistance', 'rental_assistance', 'case_management', 'housing_search', 'security_deposit', 'utility_payment'],
  12: ['rental_assistance', 'utility_payment', 'case_management'],
  3: ['case_management', 'case_management', 'other'],
};
const FINANCIAL = new Set(['rental_assistance', 'security_deposit', 'utility_payment', 'moving_costs']);
const LIVING_SITUATIONS = [101, 116, 118, 215, 204, 206, 302, 314, 410, 435] as const;
const HOUSEHOLD_SIZE: readonly (readonly [number, number])[] = [[1, 830], [2, 70], [3, 50], [4, 30], [5, 15], [6, 5]];
const HOPWA = 13;
const RHY = 22;

// Referral outcomes (codes of config/referral-statuses.chicago.json).
type Outcome = 'enrolled' | 'rematch_client_declined' | 'rematch_client_ineligible' | 'rematch_unable_to_contact' | 'rematch_provider_no_response' | 'closed_opening_filled' | 'cancelled';
const NOT_ENROLLED: readonly (readonly [Outcome, number])[] = [['rematch_client_declined', 25], ['rematch_client_ineligible', 15], ['rematch_unable_to_contact', 18], ['rematch_provider_no_response', 20], ['closed_opening_filled', 10], ['cancelled', 12]];
const REMATCH_NEEDED: Record<string, number> = { rematch_client_declined: 2, rematch_client_ineligible: 2, rematch_unable_to_contact: 2, rematch_provider_no_response: 1 };

interface StatusDef {
  code: string;
  label: string;
}

function loadStatuses(): Map<string, string> {
  const file = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../config/referral-statuses.chicago.json');
  const config = JSON.parse(fs.readFileSync(file, 'utf8')) as { statuses: StatusDef[] };
  return new Map(config.statuses.map((s) => [s.code, s.label]));
}

// ---------------------------------------------------------------------------------------------------
// Generation

interface Project {
  id: string;
  agencyIdx: number;
  type: number;
  receiving: boolean;
  locked: boolean;
}

interface Member {
  id: string;
  rel: number;
  birthDay: number | null;
}

function generate(dir: string, profile: ScaleProfile, seed: number, todayIso: string, passwordHash: string, cocId: string | null): Record<string, TableFile> {
  const rng = new Rng(seed);
  const today = dayOf(todayIso);
  const nowTs = new Date(today * DAY_MS).toISOString();
  const statuses = loadStatuses();
  const label = (code: string) => {
    const l = statuses.get(code);
    if (!l) throw new Error(`unknown referral status ${code} in config/referral-statuses.chicago.json`);
    return l;
  };
  const T = (table: string, ...columns: string[]) => new TableFile(dir, table, columns);
  const auditRng = new Rng(seed ^ 0x0a0d17);
  const t = {
    coc: T('coc', 'id', 'code', 'name', 'demo', 'settings'),
    agencies: T('agencies', 'id', 'name', 'victim_service_provider', 'created_at', 'updated_at'),
    projects: T('projects', 'id', 'agency_id', 'name', 'hmis_project_number', 'project_type', 'rrh_subtype', 'housing_type', 'operating_start', 'program_model', 'populations', 'receives_referrals', 'created_at', 'updated_at'),
    project_funders: T('project_funders', 'id', 'project_id', 'funder', 'grant_id', 'start_date'),
    project_cocs: T('project_cocs', 'id', 'project_id', 'coc_code', 'geocode', 'city', 'state', 'zip', 'geography_type'),
    project_inventory: T('project_inventory', 'id', 'project_id', 'coc_code', 'household_type', 'availability', 'unit_inventory', 'bed_inventory', 'start_date'),
    project_ce_participation: T('project_ce_participation', 'id', 'project_id', 'access_point', 'prevention_assessment', 'crisis_assessment', 'housing_assessment', 'direct_services', 'receives_referrals', 'start_date'),
    users: T('users', 'id', 'username', 'display_name', 'email', 'password_hash', 'agreement_accepted_at', 'password_changed_at', 'notification_delivery', 'created_at', 'updated_at'),
    memberships: T('memberships', 'id', 'user_id', 'agency_id', 'role', 'created_at'),
    membership_projects: T('membership_projects', 'membership_id', 'project_id'),
    clients: T('clients', 'id', 'first_name', 'last_name', 'name_data_quality', 'ssn', 'ssn_data_quality', 'dob', 'dob_data_quality', 'race', 'race_none', 'sex', 'veteran_status', 'owner_agency_id', 'anonymous', 'lock_reasons', 'created_at', 'updated_at'),
    client_consents: T('client_consents', 'id', 'client_id', 'sharing', 'start_date', 'end_date', 'witness', 'signed_by', 'revoked_at', 'revoke_reason', 'created_at'),
    households: T('households', 'id', 'created_at'),
    household_members: T('household_members', 'id', 'household_id', 'client_id', 'relationship_to_hoh', 'joined_on', 'left_on', 'created_at'),
    client_contacts: T('client_contacts', 'id', 'client_id', 'kind', 'type', 'value', 'ok_to_leave_message', 'preferred', 'last_confirmed_on'),
    enrollments: T('enrollments', 'id', 'client_id', 'project_id', 'household_id', 'relationship_to_hoh', 'entry_date', 'exit_date', 'destination', 'move_in_date', 'enrollment_coc', 'disabling_condition', 'living_situation', 'length_of_stay', 'times_homeless_past_three_years', 'months_homeless_past_three_years', 'created_at', 'updated_at', 'exited_at'),
    ce_assessments: T('ce_assessments', 'id', 'enrollment_id', 'client_id', 'assessment_date', 'assessment_location', 'assessment_type', 'assessment_level', 'prioritization_status', 'score', 'answers', 'created_at', 'updated_at'),
    current_living_situations: T('current_living_situations', 'id', 'enrollment_id', 'client_id', 'information_date', 'current_living_situation', 'location_details', 'created_at', 'updated_at'),
    openings: T('openings', 'id', 'project_id', 'kind', 'bedrooms', 'household_size', 'available_on', 'state', 'closed_at', 'created_at'),
    referrals: T('referrals', 'id', 'client_id', 'household_snapshot', 'project_id', 'opening_id', 'ce_enrollment_id', 'referral_date', 'status_code', 'status_label', 'status_changed_at', 'closed_at', 'enrollment_id', 'flagged_steps', 'source', 'note', 'version', 'created_at', 'created_by', 'updated_at'),
    referral_status_history: T('referral_status_history', 'id', 'referral_id', 'from_code', 'to_code', 'label', 'changed_at', 'changed_by', 'by_system', 'note'),
    contact_attempts: T('contact_attempts', 'id', 'referral_id', 'at', 'method', 'outcome', 'note', 'recorded_at', 'recorded_by'),
    referral_step_misses: T('referral_step_misses', 'referral_id', 'step', 'action', 'due_at', 'acted_at'),
    rematch_requests: T('rematch_requests', 'id', 'opening_id', 'project_id', 'from_referral_id', 'referrals_needed', 'created_at', 'resolved_at'),
    enrollment_assessments: T('enrollment_assessments', 'id', 'enrollment_id', 'client_id', 'data_collection_stage', 'information_date', 'income_from_any_source', 'total_monthly_income', 'income_sources', 'benefits_from_any_source', 'benefits', 'insurance_from_any_source', 'insurance', 'disabilities', 'domestic_violence_survivor', 'when_occurred', 'currently_fleeing', 'created_at', 'updated_at'),
    enrollment_services: T('enrollment_services', 'id', 'enrollment_id', 'client_id', 'date_provided', 'type', 'amount', 'created_at'),
    audit_log: T('audit_log', 'at', 'user_id', 'action', 'entity_type', 'entity_id', 'client_id', 'reason'),
    notifications: T('notifications', 'id', 'user_id', 'kind', 'title', 'body', 'link', 'entity_type', 'entity_id', 'created_at', 'read_at'),
  };

  // CoC (kept when one exists): MFA is not required of anyone in a synthetic CoC.
  if (cocId === null) t.coc.add(rng.id(), SEED_COC_CODE, 'Chicago Continuum of Care (synthetic)', false, JSON.stringify({ security: { mfaRequiredRoles: [] } }));

  const startTs = new Date((today - 4000) * DAY_MS).toISOString();
  // Agencies; agency 0 is the CoC lead agency that runs the CE projects.
  const agencies: string[] = [];
  for (let a = 0; a < profile.agencies; a++) {
    const id = rng.id();
    agencies.push(id);
    t.agencies.add(id, a === 0 ? 'Coordinated Entry Lead Agency' : `${rng.pick(['North', 'South', 'West', 'Lakeside', 'Uptown', 'Pilsen', 'Austin', 'Englewood', 'Loop', 'Hyde Park'])} ${rng.pick(['Family Services', 'Housing Partners', 'Community Shelter', 'Outreach Center', 'Youth Network', 'Recovery Housing', 'Mission', 'Alliance'])} ${a}`, rng.chance(0.03), startTs, startTs);
  }

  // Projects: the CE projects first (agency 0), then the others by HUD type.
  const projects: Project[] = [];
  const startDay = today - 4000;
  for (let p = 0; p < profile.projects; p++) {
    const type = p < profile.ceProjects ? 14 : rng.weighted(PROJECT_TYPES);
    const agencyIdx = p < profile.ceProjects ? 0 : 1 + (p % (profile.agencies - 1));
    const funderRoll = rng.next();
    const locked = type !== 14 && funderRoll < 0.04;
    const project: Project = { id: rng.id(), agencyIdx, type, receiving: RECEIVING.has(type), locked };
    projects.push(project);
    t.projects.add(project.id, agencies[agencyIdx], `${PROGRAM_MODEL[type]} ${p}`, `P${String(p).padStart(5, '0')}`, type, type === 13 ? 2 : null, PH.has(type) || type === 2 ? 1 : null, ds(startDay + rng.int(0, 365)), PROGRAM_MODEL[type], arr(type === 14 ? [] : rng.chance(0.2) ? ['families'] : []), project.receiving, startTs, startTs);
    t.project_funders.add(rng.id(), project.id, locked ? (funderRoll < 0.02 ? HOPWA : RHY) : type === 14 ? 1 : rng.pick([2, 3, 5, 33, 34, 35, 46]), `G-${p}`, ds(startDay));
    t.project_cocs.add(rng.id(), project.id, SEED_COC_CODE, '171890', 'Chicago', 'IL', String(60601 + (p % 60)), 1);
    if (type !== 14 && type !== 4 && type !== 6 && type !== 12) {
      const units = rng.int(5, 120);
      t.project_inventory.add(rng.id(), project.id, SEED_COC_CODE, rng.pick([1, 3, 4]), type === 1 ? 1 : null, units, units + rng.int(0, units), ds(startDay));
    }
    if (type === 14) t.project_ce_participation.add(rng.id(), project.id, true, false, true, true, false, true, ds(startDay));
  }
  const ceProjects = projects.filter((p) => p.type === 14);
  const receiving = projects.filter((p) => p.receiving);
  const byType = new Map<number, Project[]>();
  for (const p of projects) byType.set(p.type, [...(byType.get(p.type) ?? []), p]);
  const nonPhTypes = PROJECT_TYPES.filter(([ty]) => !PH.has(ty));
  const anyTypes = PROJECT_TYPES;
  const projectOfType = (type: number) => rng.pick(byType.get(type) ?? projects.filter((p) => p.type !== 14));

  // Users with one membership each: administrators, the matching team, housing resource specialists
  // (covering the CE projects), one agency administrator per agency, case managers on 1–4 projects.
  const matchers: string[] = [];
  const projectsOfAgency = new Map<number, Project[]>();
  for (const p of projects) projectsOfAgency.set(p.agencyIdx, [...(projectsOfAgency.get(p.agencyIdx) ?? []), p]);
  const nAdmins = 3;
  const nMatchers = Math.max(3, Math.round(profile.users * 0.015));
  const nHrs = Math.max(2, Math.round(profile.users * 0.05));
  const userIds: string[] = [];
  for (let u = 0; u < profile.users; u++) {
    const id = rng.id();
    userIds.push(id);
    let role: string;
    let agencyIdx: number;
    let username: string;
    let covered: Project[] = [];
    if (u < nAdmins) [role, agencyIdx, username] = ['hmis_admin', 0, `admin${u + 1}`];
    else if (u < nAdmins + nMatchers) [role, agencyIdx, username] = ['ces_matcher', 0, `matcher${u - nAdmins + 1}`];
    else if (u < nAdmins + nMatchers + nHrs) {
      [role, agencyIdx, username] = ['housing_resource_specialist', 0, `hrs${u - nAdmins - nMatchers + 1}`];
      covered = ceProjects;
    } else if (u < nAdmins + nMatchers + nHrs + profile.agencies - 1) {
      agencyIdx = u - nAdmins - nMatchers - nHrs + 1;
      [role, username] = ['agency_admin', `agencyadmin${agencyIdx}`];
    } else {
      agencyIdx = 1 + (u % (profile.agencies - 1));
      role = 'case_manager';
      username = `cm${u}`;
      const own = projectsOfAgency.get(agencyIdx) ?? [];
      const k = Math.min(own.length, rng.int(1, 4));
      const start = rng.int(0, Math.max(0, own.length - 1));
      covered = Array.from({ length: k }, (_, i) => own[(start + i) % own.length]!);
    }
    if (role === 'ces_matcher') matchers.push(id);
    t.users.add(id, username, `${rng.pick(FIRST)} ${rng.pick(LAST)}`, `${username}@example.org`, passwordHash, nowTs, nowTs, rng.pick(['immediate', 'immediate', 'daily_digest', 'in_app_only']), startTs, startTs);
    const membershipId = rng.id();
    t.memberships.add(membershipId, id, agencies[agencyIdx], role, startTs);
    for (const p of new Set(covered)) t.membership_projects.add(membershipId, p.id);
    for (let n = rng.int(0, 20); n > 0; n--) {
      const day = today - rng.int(0, 60);
      t.notifications.add(rng.id(), id, 'referral.status', `Referral R-${rng.int(1000, 99999)} changed status`, 'A referral you follow changed status.', '/referrals', 'referral', rng.id(), ts(day, rng.int(0, 479)), rng.chance(0.7) ? ts(day, 479) : null);
    }
  }

  // Households. Group L: on the CE list; R: referred (a chain of referrals); C: other CE; others: no CE.
  const pListed = 0.067;
  const pReferred = 0.28;
  const pOtherCe = 0.2;
  let clientsMade = 0;
  const sharingTable: readonly (readonly [string, number])[] = [['full', 80], ['limited', 15], ['none', 5]];

  const enroll = (member: Member, hhStay: string, project: Project, entry: number, exit: number | null, moveIn: number | null, head: boolean, createdDay: number): string => {
    const id = rng.id();
    t.enrollments.add(
      id,
      member.id,
      project.id,
      hhStay,
      member.rel,
      ds(entry),
      exit === null ? null : ds(exit),
      exit === null ? null : PH.has(project.type) ? 435 : rng.pick([101, 116, 215, 302, 410, 435, 30, 17]),
      moveIn === null ? null : ds(moveIn),
      head ? SEED_COC_CODE : null,
      rng.weighted([[0, 50], [1, 40], [99, 10]]),
      head || member.rel === 3 ? rng.pick(LIVING_SITUATIONS) : null,
      head ? rng.pick([2, 3, 4, 5, 10, 11]) : null,
      head ? rng.pick([1, 2, 3, 4]) : null,
      head ? rng.pick([101, 102, 105, 108, 112, 113]) : null,
      ts(createdDay, rng.int(0, 479)),
      ts(exit ?? createdDay, 300),
      exit === null ? null : ts(exit, 400),
    );
    return id;
  };

  /** Entry/exit assessments (HoH), services and living situations of one head's enrollment. */
  const enrollmentDetails = (enrollmentId: string, clientId: string, project: Project, entry: number, exit: number | null) => {
    const assess = (stage: number, day: number) => {
      const income = rng.chance(0.45);
      const benefits = rng.chance(0.6);
      t.enrollment_assessments.add(
        rng.id(), enrollmentId, clientId, stage, ds(day),
        income ? 1 : rng.pick([0, 0, 99]), income ? rng.int(200, 2400) : null, income ? JSON.stringify(rng.chance(0.5) ? { Earned: rng.int(200, 2000) } : { SSI: 914 }) : '{}',
        benefits ? 1 : 0, arr(benefits ? ['SNAP'] : []), 1, arr([rng.pick(['Medicaid', 'Medicaid', 'Medicare', 'VHAServices'])]),
        rng.chance(0.4) ? JSON.stringify([{ disabilityType: rng.pick([5, 6, 7, 8, 9, 10]), disabilityResponse: 1, indefiniteAndImpairs: 1 }]) : '[]',
        rng.pick([0, 0, 1, 99]), null, null, ts(day, 200), ts(day, 200),
      );
    };
    if (project.type !== 14) {
      assess(1, entry);
      if (exit !== null) assess(3, exit);
      else if (today - entry > 365) assess(5, entry + 365);
    }
    const mean = SERVICE_MEAN[project.type] ?? 2;
    const n = mean === 0 ? 0 : Math.min(rng.int(0, 2 * mean), 60);
    if (n > 0) {
      const last = exit ?? today;
      const types = SERVICE_TYPES_BY_PROJECT[project.type] ?? ['case_management', 'housing_search', 'other'];
      for (let i = 0; i < n; i++) {
        const day = entry + Math.floor(((last - entry) * i) / n);
        const type = rng.pick(types);
        t.enrollment_services.add(rng.id(), enrollmentId, clientId, ds(day), type, FINANCIAL.has(type) ? rng.int(100, 1800) : null, ts(day, 240));
      }
    }
    if ((project.type === 4 || project.type === 14) && rng.chance(0.7)) {
      const last = exit ?? today;
      for (let i = rng.int(1, 3); i > 0; i--) {
        const day = rng.int(entry, last);
        t.current_living_situations.add(rng.id(), enrollmentId, clientId, ds(day), rng.pick([101, 116, 118]), rng.chance(0.3) ? 'Lower Wacker Drive' : null, ts(day, 100), ts(day, 100));
      }
    }
  };

  while (clientsMade < profile.clients) {
    const size = Math.min(rng.weighted(HOUSEHOLD_SIZE), profile.clients - clientsMade);
    const hhStart = today - rng.int(20, 2000);
    const ownerAgency = 1 + rng.int(0, profile.agencies - 2);
    const roll = rng.next();
    const group = roll < pListed ? 'L' : roll < pListed + pReferred ? 'R' : roll < pListed + pReferred + pOtherCe ? 'C' : 'N';

    // Members and their client records.
    const members: Member[] = [];
    const lockedHousehold = rng.chance(0.015);
    let headLast = '';
    for (let m = 0; m < size; m++) {
      const rel = m === 0 ? 1 : m === 1 && rng.chance(0.4) ? 3 : 2;
      const adult = rel !== 2;
      const anonymous = rng.chance(0.005);
      const birthDay = anonymous || rng.chance(0.03) ? null : adult ? today - rng.int(18 * 365 + 5, 75 * 365) : today - rng.int(30, 17 * 365);
      const member: Member = { id: rng.id(), rel, birthDay };
      members.push(member);
      const first = anonymous ? null : rng.pick(FIRST);
      if (m === 0) headLast = rng.pick(LAST);
      const lastName = anonymous ? null : m > 0 && rng.chance(0.7) ? headLast : rng.pick(LAST);
      const ssn = anonymous || rng.chance(0.12) ? null : rng.chance(0.05) ? `xxxxx${String(rng.int(1000, 9999))}` : `${rng.int(100, 899)}${String(rng.int(1, 99)).padStart(2, '0')}${String(rng.int(1, 9999)).padStart(4, '0')}`;
      const race = rng.chance(0.04) ? [] : rng.weighted(RACE_W);
      const created = ts(hhStart, rng.int(0, 479));
      t.clients.add(
        member.id, first, lastName, anonymous ? 99 : 1,
        ssn, ssn === null ? 99 : ssn.startsWith('x') ? 2 : 1, birthDay === null ? null : ds(birthDay), birthDay === null ? 99 : 1,
        arr(race), race.length === 0 ? 99 : null, rng.pick([0, 1]), adult ? (rng.chance(0.08) ? 1 : 0) : 99,
        agencies[ownerAgency], anonymous, arr(lockedHousehold ? ['fleeing_dv'] : []), created, created,
      );
      if (rng.chance(0.75)) {
        const start = hhStart + rng.int(0, 30);
        const revoked = rng.chance(0.03);
        t.client_consents.add(rng.id(), member.id, rng.weighted(sharingTable), ds(start), ds(start + rng.int(365, 3 * 365)), rng.chance(0.5) ? 'Intake staff' : null, adult ? 'self' : 'guardian', revoked ? ts(start + 30, 60) : null, revoked ? 'Client asked' : null, ts(start, 60));
      }
      if (adult && rng.chance(0.6)) t.client_contacts.add(rng.id(), member.id, 'phone', 'mobile', `312555${String(rng.int(0, 9999)).padStart(4, '0')}`, rng.chance(0.5), true, ds(today - rng.int(0, 400)));
      // The read and change audit of the last year (issue 20: the access audit's bench), from a random
      // stream of its own so that the other tables stay as they were.
      for (let k = auditRng.int(0, 6); k > 0; k--) {
        const day = today - auditRng.int(0, 364);
        const reader = userIds[auditRng.int(0, userIds.length - 1)]!;
        const read = auditRng.chance(0.85);
        t.audit_log.add(ts(day, auditRng.int(0, 479)), reader, read ? 'client.read' : 'client.update', 'client', member.id, member.id, read ? auditRng.pick(['owning agency', 'full consent', 'administrator', 'visibility group: matching team']) : null);
      }
      clientsMade++;
    }
    const householdId = rng.id();
    t.households.add(householdId, ts(hhStart, 0));
    for (const m of members) t.household_members.add(rng.id(), householdId, m.id, m.rel, ds(hhStart), null, ts(hhStart, 1));
    const head = members[0]!;

    /** One stay of the whole household: an enrollment per member (HUD HouseholdID shared), details for the head. */
    const stay = (project: Project, entry: number, exit: number | null, moveIn: number | null): string => {
      const hudHousehold = rng.id();
      let headEnrollment = '';
      for (const m of members) {
        const id = enroll(m, hudHousehold, project, entry, exit, moveIn, m === head, entry);
        if (m === head) headEnrollment = id;
      }
      enrollmentDetails(headEnrollment, head.id, project, entry, exit);
      return headEnrollment;
    };

    // Non-CE stays, one after another from the household's first contact.
    const k = rng.weighted([[1, 20], [2, 30], [3, 25], [4, 15], [5, 10]]);
    let cursor = hhStart;
    for (let i = 0; i < k && cursor < today; i++) {
      const type = rng.weighted(group === 'L' || group === 'R' ? nonPhTypes : anyTypes);
      const project = projectOfType(type);
      const [lo, hi] = STAY_DAYS[type] ?? [1, 90];
      const exitDay = cursor + rng.int(lo, hi);
      const exit = exitDay >= today ? null : exitDay;
      const moveInDay = PH.has(type) ? cursor + rng.int(0, 60) : null;
      const moveIn = moveInDay === null || moveInDay > today || (exit !== null && moveInDay > exit) ? null : moveInDay;
      stay(project, cursor, exit, moveIn);
      if (exit === null) break;
      cursor = exit + rng.int(0, 120);
    }

    if (group === 'N') continue;
    const ceProject = rng.pick(ceProjects);
    const ceEntry = group === 'R' ? today - rng.int(60, 1500) : Math.min(hhStart + rng.int(0, 300), today - 1);
    const ceHousehold = rng.id();
    /** The CE enrollments (every member) with the head's assessments; returns the head's. */
    const ceStay = (exit: number | null, listed: boolean, assessments: number): string => {
      let headEnrollment = '';
      for (const m of members) {
        const id = enroll(m, ceHousehold, ceProject, ceEntry, exit, null, m === head, ceEntry);
        if (m === head) headEnrollment = id;
      }
      const last = exit ?? today;
      for (let i = 0; i < assessments; i++) {
        const day = i === 0 ? ceEntry : rng.int(ceEntry, last);
        const lastOne = i === assessments - 1;
        const status = lastOne ? (listed ? 1 : 2) : rng.pick([1, 2]);
        t.ce_assessments.add(rng.id(), headEnrollment, head.id, ds(day), `Access point ${rng.int(1, 40)}`, rng.pick([1, 2, 3]), rng.pick([1, 2]), status, (rng.int(0, 2000) / 100).toFixed(2), JSON.stringify([{ question: 'Where did you sleep last night?', answer: rng.pick(['Street', 'Shelter', 'Car', 'With friends']) }, { question: 'Times homeless in the past three years', answer: String(rng.int(1, 4)) }]), ts(day, 120 + i), ts(day, 120 + i));
      }
      enrollmentDetails(headEnrollment, head.id, ceProject, ceEntry, exit);
      return headEnrollment;
    };

    if (group === 'L') {
      ceStay(null, true, rng.int(1, 2));
      continue;
    }
    if (group === 'C') {
      const exitDay = ceEntry + rng.int(30, 400);
      ceStay(exitDay >= today ? null : exitDay, false, 1);
      continue;
    }

    // Group R: a chain of 1–3 referrals; the last may be open, enrolled or not.
    const chain = rng.weighted([[1, 65], [2, 25], [3, 10]]);
    const finalOpen = rng.chance(0.07);
    interface Planned { date: number; outcome: Outcome | 'open'; end: number }
    const planned: Planned[] = [];
    let day = ceEntry + rng.int(7, 40);
    for (let i = 0; i < chain; i++) {
      const last = i === chain - 1;
      if (last && finalOpen) {
        const date = Math.min(today, Math.max(day, today - rng.int(0, 27)));
        planned.push({ date, outcome: 'open', end: today });
        break;
      }
      if (day >= today - 2) break;
      const outcome: Outcome = last && rng.chance(0.62) ? 'enrolled' : rng.weighted(NOT_ENROLLED);
      const length = outcome === 'rematch_provider_no_response' ? rng.int(3, 5) : outcome === 'cancelled' ? rng.int(1, 10) : outcome === 'enrolled' ? rng.int(10, 60) : rng.int(5, 40);
      const end = Math.min(day + length, today - 1);
      planned.push({ date: day, outcome, end });
      day = end + rng.int(1, 30);
    }
    if (planned.length === 0) {
      ceStay(null, true, 1);
      continue;
    }
    const final = planned[planned.length - 1]!;
    const ceExit = final.outcome === 'open' ? null : final.end;
    const ceEnrollment = ceStay(ceExit, final.outcome === 'open', rng.int(1, 2));
    const snapshot = JSON.stringify(members.map((m) => ({ clientId: m.id, relationshipToHoH: m.rel })));

    for (const plan of planned) {
      const project = rng.pick(receiving);
      const referralId = rng.id();
      const matcher = rng.pick(matchers);
      const provider = userIds[nAdmins + nMatchers + nHrs + rng.int(0, Math.max(0, profile.users - nAdmins - nMatchers - nHrs - 1))]!;
      // The history, oldest first: [to, dayOffset, bySystem, note]
      const steps: [string, number, boolean, string | null][] = [['matched', 0, false, null]];
      const open = plan.outcome === 'open';
      const span = Math.max(1, plan.end - plan.date);
      const age = today - plan.date;
      let flagged: string[] = [];
      if (open) {
        if (age >= 1) steps.push(['attempting_contact', 1, false, null]);
        if (age >= 4 && rng.chance(0.6)) steps.push(['engaged', rng.int(2, Math.min(age, 10)), false, null]);
        if (age > 15 && steps.at(-1)![0] === 'attempting_contact') flagged = ['engagement'];
      } else if (plan.outcome === 'rematch_provider_no_response') {
        steps.push([plan.outcome, span, true, 'The "first response" step was due.']);
      } else if (plan.outcome === 'cancelled') {
        steps.push([plan.outcome, span, false, 'Household already housed elsewhere.']);
      } else {
        steps.push(['attempting_contact', 1, false, null]);
        if (plan.outcome !== 'rematch_unable_to_contact' && plan.outcome !== 'closed_opening_filled') {
          steps.push(['engaged', Math.min(span - 1, rng.int(2, 6)), false, null]);
          for (let toggles = rng.weighted([[0, 40], [1, 30], [2, 30]]) * 2; toggles > 0; toggles--) steps.push([toggles % 2 === 0 ? 'attempting_contact' : 'engaged', Math.min(span - 1, steps.at(-1)![1] + 1), false, null]);
        }
        steps.push([plan.outcome, span, false, plan.outcome === 'rematch_client_ineligible' ? 'Income above the program limit.' : null]);
      }
      const lastStep = steps[steps.length - 1]!;
      const statusCode = lastStep[0];
      const changedAt = ts(plan.date + lastStep[1], 60 + steps.length - 1);
      const closedAt = open ? null : changedAt;
      let enrollmentId: string | null = null;
      if (plan.outcome === 'enrolled') {
        const entry = plan.date + span;
        const [lo, hi] = STAY_DAYS[project.type] ?? [60, 700];
        const exitDay = entry + rng.int(lo, hi);
        const moveInDay = PH.has(project.type) ? entry + rng.int(0, 45) : null;
        const exit = exitDay >= today ? null : exitDay;
        enrollmentId = stay(project, entry, exit, moveInDay === null || moveInDay > today || (exit !== null && moveInDay > exit) ? null : moveInDay);
        enrollmentReferral.push([enrollmentId, referralId]);
      }
      let openingId: string | null = null;
      if (rng.chance(0.6)) {
        openingId = rng.id();
        t.openings.add(openingId, project.id, rng.chance(0.8) ? 'unit' : 'subsidy', rng.int(0, 3), Math.max(1, members.length), ds(plan.date), open ? 'open' : 'closed', open ? null : closedAt, ts(plan.date - 1, 30));
        if (plan.outcome === 'enrolled') openingsFilled.push(openingId);
      }
      t.referrals.add(
        referralId, head.id, snapshot, project.id, openingId, ceEnrollment, ds(plan.date), statusCode, label(statusCode), changedAt, closedAt, enrollmentId, arr(flagged),
        planned.indexOf(plan) > 0 ? 'rematch' : 'match', null, steps.length, ts(plan.date, 60), matcher, changedAt,
      );
      let from: string | null = null;
      steps.forEach(([to, offset, bySystem, note], i) => {
        t.referral_status_history.add(rng.id(), referralId, from, to, label(to), ts(plan.date + offset, 60 + i), to === 'matched' ? matcher : bySystem ? null : provider, bySystem, note);
        from = to;
      });
      if (steps.some((s) => s[0] === 'attempting_contact')) {
        const attempts = plan.outcome === 'rematch_unable_to_contact' ? rng.int(3, 5) : rng.int(1, 3);
        for (let i = 0; i < attempts; i++) {
          const at = ts(plan.date + 1 + Math.floor((Math.max(0, span - 1) * i) / attempts), 120 + i);
          t.contact_attempts.add(rng.id(), referralId, at, rng.pick(['phone', 'phone', 'text', 'email', 'in_person', 'via_contact']), plan.outcome === 'rematch_unable_to_contact' || i < attempts - 1 ? rng.pick(['no_answer', 'left_message', 'wrong_number']) : 'reached', null, at, provider);
        }
      }
      if (plan.outcome === 'rematch_provider_no_response') t.referral_step_misses.add(referralId, 'first response', 'setStatus', ts(plan.date + span - 1, 479), changedAt);
      for (const step of flagged) t.referral_step_misses.add(referralId, step, 'flag', ts(plan.date + 15, 479), ts(plan.date + 16, 0));
      const needed = REMATCH_NEEDED[plan.outcome];
      if (needed) t.rematch_requests.add(rng.id(), openingId, project.id, referralId, needed, changedAt, planned.indexOf(plan) < planned.length - 1 || rng.chance(0.9) ? ts(plan.end + 1, 0) : null);
    }
  }
  for (const f of Object.values(t)) f.close();
  return t;
}

// Filled by generate(): follow-up updates after the load (the circular references).
let openingsFilled: string[] = [];
let enrollmentReferral: [string, string][] = [];

/** The load order (foreign keys). */
const ORDER = [
  'coc', 'agencies', 'projects', 'project_funders', 'project_cocs', 'project_inventory', 'project_ce_participation',
  'users', 'memberships', 'membership_projects', 'notifications',
  'clients', 'audit_log', 'client_consents', 'households', 'household_members', 'client_contacts',
  'enrollments', 'ce_assessments', 'current_living_situations', 'enrollment_assessments', 'enrollment_services',
  'openings', 'referrals', 'referral_status_history', 'contact_attempts', 'referral_step_misses', 'rematch_requests',
] as const;

/** Tables whose secondary indexes and foreign keys are dropped for the load and re-created after. */
const BULK = ['clients', 'client_consents', 'household_members', 'client_contacts', 'enrollments', 'ce_assessments', 'current_living_situations', 'enrollment_assessments', 'enrollment_services', 'referrals', 'referral_status_history', 'contact_attempts', 'notifications', 'households'];

/** Loads a synthetic CoC into the (migrated, empty) PostgreSQL database at `url`, connecting as its owner. */
export async function seedDatabase(url: string, options: SeedOptions): Promise<SeedResult> {
  const log = options.log ?? ((l: string) => console.log(l));
  const profile = PROFILES[options.scale];
  if (!profile) throw new Error(`unknown scale "${String(options.scale)}": choose ${Object.keys(PROFILES).join(', ')}`);
  const seed = options.seed ?? 1;
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const t0 = performance.now();
  const client = new pg.Client({ connectionString: url, application_name: 'hearth-seed' });
  await client.connect();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-seed-'));
  try {
    const { rows: existing } = await client.query<{ n: string }>('select count(*) as n from clients');
    if (Number(existing[0]!.n) > 0) throw new Error('The database already holds clients: seed an empty database (e.g. a new one made with createdb).');
    const { rows: coc } = await client.query<{ id: string }>('select id from coc limit 1');
    const { rows: users } = await client.query<{ n: string }>('select count(*) as n from users');
    if (Number(users[0]!.n) > 0) throw new Error('The database already holds users: seed an empty database.');

    log(`seed: scale ${options.scale} (${profile.clients} clients), seed ${seed}, today ${today}`);
    const passwordHash = await hashPassword(SEED_PASSWORD);
    openingsFilled = [];
    enrollmentReferral = [];
    const files = generate(dir, profile, seed, today, passwordHash, coc[0]?.id ?? null);
    const t1 = performance.now();
    const rows: Record<string, number> = {};
    for (const name of ORDER) rows[name] = files[name]!.rows;
    log(`seed: generated ${Object.values(rows).reduce((a, b) => a + b, 0)} rows in ${((t1 - t0) / 1000).toFixed(1)} s`);

    await client.query('begin');
    await client.query('set local synchronous_commit = off');
    await client.query(`set local maintenance_work_mem = '512MB'`);
    // Secondary indexes (not those behind a primary key or unique constraint) and foreign keys of the bulk tables.
    const { rows: indexes } = await client.query<{ name: string; def: string }>(
      `select i.indexname as name, i.indexdef as def from pg_indexes i
        where i.schemaname = 'public' and i.tablename = any($1)
          and not exists (select 1 from pg_constraint k where k.conname = i.indexname)`,
      [BULK],
    );
    const { rows: fks } = await client.query<{ table: string; name: string; def: string }>(
      `select c.conrelid::regclass::text as table, c.conname as name, pg_get_constraintdef(c.oid) as def from pg_constraint c
        where c.contype = 'f' and (c.conrelid::regclass::text = any($1) or c.confrelid::regclass::text = any($1))`,
      [BULK],
    );
    for (const fk of fks) await client.query(`alter table ${fk.table} drop constraint ${fk.name}`);
    for (const ix of indexes) await client.query(`drop index ${ix.name}`);

    let copied = 0;
    const tc = performance.now();
    for (const name of ORDER) {
      const f = files[name]!;
      if (f.rows === 0) continue;
      const s = performance.now();
      const stream = client.query(copyFrom(`copy ${name} (${f.columns.join(', ')}) from stdin`));
      await pipeline(fs.createReadStream(f.file, { highWaterMark: 1 << 20 }), stream);
      copied += f.rows;
      if (f.rows > 50_000) log(`seed: copy ${name}: ${f.rows} rows in ${((performance.now() - s) / 1000).toFixed(1)} s`);
    }
    const copyMs = performance.now() - tc;
    let s = performance.now();
    for (const ix of indexes) await client.query(ix.def);
    log(`seed: ${indexes.length} indexes re-created in ${((performance.now() - s) / 1000).toFixed(1)} s`);
    s = performance.now();
    for (const fk of fks) await client.query(`alter table ${fk.table} add constraint ${fk.name} ${fk.def}`);
    log(`seed: ${fks.length} foreign keys re-added (validated) in ${((performance.now() - s) / 1000).toFixed(1)} s`);
    // Circular references: openings filled by their enrolled referral, enrollments made from referrals.
    await client.query(
      `update openings o set state = 'filled', filled_by_referral_id = r.id, closed_at = null
         from referrals r where r.opening_id = o.id and r.status_code = 'enrolled' and o.id = any($1)`,
      [openingsFilled],
    );
    await client.query(
      `update enrollments e set referral_id = x.referral_id
         from unnest($1::text[], $2::text[]) as x(enrollment_id, referral_id) where e.id = x.enrollment_id`,
      [enrollmentReferral.map((x) => x[0]), enrollmentReferral.map((x) => x[1])],
    );
    await client.query('commit');
    s = performance.now();
    await client.query('analyze');
    log(`seed: analyze in ${((performance.now() - s) / 1000).toFixed(1)} s`);
    // The load marked every client stale for the CE list (migration 0013's triggers): build it now, not on the first read.
    s = performance.now();
    const database = connectPostgres({ url, max: 1, applicationName: 'hearth-seed' });
    try {
      const list = await rebuildCeListNow(database.db, today, today, loadDefaultReferralConfig().timeZone);
      log(`seed: CE list of ${list.households} households built in ${((performance.now() - s) / 1000).toFixed(1)} s`);
    } finally {
      await database.close();
    }
    const t2 = performance.now();
    const result: SeedResult = { rows, generateMs: t1 - t0, loadMs: t2 - t1, totalMs: t2 - t0, copyRowsPerSecond: copied / (copyMs / 1000) };
    log(`seed: loaded ${copied} rows (COPY ${Math.round(result.copyRowsPerSecond)} rows/s) in ${((t2 - t0) / 1000).toFixed(1)} s`);
    return result;
  } catch (e) {
    await client.query('rollback').catch(() => {});
    throw e;
  } finally {
    await client.end();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
