import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of the tables; kept in step with the migrations by hand (they are the source of truth). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string | undefined, string>;

export interface CocTable {
  id: string;
  code: string;
  name: string;
  demo: Generated<boolean>;
  settings: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: Generated<Date>;
}

export interface AgencyTable {
  id: string;
  name: string;
  victim_service_provider: Generated<boolean>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProjectTable {
  id: string;
  agency_id: string;
  name: string;
  hmis_project_number: string | null;
  project_type: number;
  rrh_subtype: number | null;
  housing_type: number | null;
  target_population: number | null;
  operating_start: string;
  operating_end: string | null;
  continuum_project: Generated<boolean>;
  program_model: string;
  populations: ColumnType<string[], string[] | undefined, string[]>;
  receives_referrals: Generated<boolean>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProjectFunderTable {
  id: string;
  project_id: string;
  funder: number;
  other_funder: string | null;
  grant_id: Generated<string>;
  start_date: string;
  end_date: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface UserTable {
  id: string;
  username: string;
  display_name: string;
  email: string | null;
  password_hash: string;
  active: Generated<boolean>;
  mfa_secret: string | null;
  mfa_enabled: Generated<boolean>;
  mfa_last_step: number | null;
  agreement_accepted_at: Date | null;
  agreement_version: string | null;
  password_changed_at: Date | null;
  last_login_at: Date | null;
  last_seen_at: Date | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type Role = 'hmis_admin' | 'ces_matcher' | 'housing_resource_specialist' | 'agency_admin' | 'case_manager';

export interface MembershipTable {
  id: string;
  user_id: string;
  agency_id: string;
  role: Role;
  created_at: Timestamp;
}

export interface MembershipProjectTable {
  membership_id: string;
  project_id: string;
}

export interface SessionTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  mfa_verified: Generated<boolean>;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
}

export interface IdempotencyKeyTable {
  scope: string;
  key: string;
  method: string;
  path: string;
  request_hash: string;
  status: number | null;
  response: Json | null;
  created_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  user_id: string | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  client_id: string | null;
  before: Json | null;
  after: Json | null;
  reason: string | null;
  request_id: string | null;
  address: string | null;
  details: Json | null;
}

// ---- clients (0004_clients) ----
export interface DB {
  coc: CocTable;
  agencies: AgencyTable;
  projects: ProjectTable;
  project_funders: ProjectFunderTable;
  users: UserTable;
  memberships: MembershipTable;
  membership_projects: MembershipProjectTable;
  sessions: SessionTable;
  idempotency_keys: IdempotencyKeyTable;
  audit_log: AuditLogTable;
}
