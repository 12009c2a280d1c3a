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
  /** 0008_enrollment: post-exit follow-ups asked for by the project (ESG RRH always has them). */
  requires_follow_ups: Generated<boolean>;
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

export interface ProjectCocTable {
  id: string;
  project_id: string;
  coc_code: string;
  geocode: string;
  address1: string | null;
  address2: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  geography_type: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ProjectInventoryTable {
  id: string;
  project_id: string;
  coc_code: string;
  household_type: number;
  availability: number | null;
  unit_inventory: number;
  bed_inventory: number;
  ch_vet_bed_inventory: number | null;
  youth_vet_bed_inventory: number | null;
  vet_bed_inventory: number | null;
  ch_youth_bed_inventory: number | null;
  youth_bed_inventory: number | null;
  ch_bed_inventory: number | null;
  other_bed_inventory: number | null;
  es_bed_type: number | null;
  start_date: string;
  end_date: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ProjectHmisParticipationTable {
  id: string;
  project_id: string;
  participation_type: number;
  start_date: string;
  end_date: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ProjectCeParticipationTable {
  id: string;
  project_id: string;
  access_point: boolean;
  prevention_assessment: boolean | null;
  crisis_assessment: boolean | null;
  housing_assessment: boolean | null;
  direct_services: boolean | null;
  receives_referrals: boolean;
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
  notification_delivery: Generated<'immediate' | 'daily_digest' | 'in_app_only'>;
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
export interface ClientTable {
  id: string;
  first_name: string | null;
  middle_name: string | null;
  last_name: string | null;
  suffix: string | null;
  name_data_quality: Generated<number>;
  ssn: string | null;
  ssn_data_quality: Generated<number>;
  dob: string | null;
  dob_data_quality: Generated<number>;
  race: ColumnType<string[], string[] | undefined, string[]>;
  race_none: number | null;
  sex: Generated<number>;
  veteran_status: Generated<number>;
  owner_agency_id: string;
  anonymous: Generated<boolean>;
  lock_reasons: ColumnType<string[], string[] | undefined, string[]>;
  search_name: ColumnType<string, never, never>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  created_by: string | null;
}

export interface ClientConsentTable {
  id: string;
  client_id: string;
  seq: Generated<number>;
  sharing: 'full' | 'limited' | 'none';
  start_date: string;
  end_date: string;
  witness: string | null;
  signed_by: Generated<'self' | 'guardian' | 'authorized_representative'>;
  signer_name: string | null;
  revoked_at: Date | null;
  revoked_by: string | null;
  revoke_reason: string | null;
  created_at: Timestamp;
  created_by: string | null;
}

export interface HouseholdTable {
  id: string;
  version: Generated<number>;
  created_at: Timestamp;
  created_by: string | null;
}

export interface HouseholdMemberTable {
  id: string;
  household_id: string;
  client_id: string;
  relationship_to_hoh: number;
  joined_on: string;
  left_on: string | null;
  created_at: Timestamp;
  created_by: string | null;
  ended_at: Date | null;
  ended_by: string | null;
}

export interface ClientContactTable {
  id: string;
  client_id: string;
  kind: 'phone' | 'email' | 'address';
  type: Generated<string>;
  value: string | null;
  line1: string | null;
  line2: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  ok_to_leave_message: Generated<boolean>;
  preferred: Generated<boolean>;
  last_confirmed_on: string | null;
  notes: string | null;
  created_at: Timestamp;
  created_by: string | null;
  updated_at: Timestamp;
  removed_at: Date | null;
  removed_by: string | null;
}

export interface LoginFailureTable {
  id: Generated<number>;
  at: Date;
  username_key: string;
  address: string | null;
  cleared: Generated<boolean>;
}

export interface PasswordResetTokenTable {
  token_hash: string;
  user_id: string;
  created_by: string | null;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
}

// ---- coordinated entry (0005_coordinated_entry) ----
export interface EnrollmentTable {
  id: string;
  client_id: string;
  project_id: string;
  /** Set by a trigger from the project's type (14). */
  is_ce: ColumnType<boolean, never, never>;
  household_id: string;
  relationship_to_hoh: number;
  entry_date: string;
  exit_date: string | null;
  destination: number | null;
  destination_subsidy_type: number | null;
  move_in_date: string | null;
  enrollment_coc: string | null;
  disabling_condition: Generated<number>;
  living_situation: number | null;
  rental_subsidy_type: number | null;
  length_of_stay: number | null;
  los_under_threshold: number | null;
  previous_street_essh: number | null;
  date_to_street_essh: string | null;
  times_homeless_past_three_years: number | null;
  months_homeless_past_three_years: number | null;
  version: Generated<number>;
  created_at: Timestamp;
  created_by: string | null;
  updated_at: Timestamp;
  updated_by: string | null;
  /** 0008_enrollment */
  other_destination: ColumnType<string | null, string | null | undefined, string | null>;
  exited_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  exited_by: ColumnType<string | null, string | null | undefined, string | null>;
  referral_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface CeAssessmentTable {
  id: string;
  enrollment_id: string;
  client_id: string;
  assessment_date: string;
  assessment_location: string;
  assessment_type: number;
  assessment_level: number;
  prioritization_status: number;
  /** numeric: read as a string. */
  score: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  answers: ColumnType<unknown, string | undefined, string>;
  social_service_contacts: ColumnType<unknown, string | undefined, string>;
  chronic_inputs: ColumnType<unknown, string | null | undefined, string | null>;
  version: Generated<number>;
  created_at: Timestamp;
  created_by: string | null;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface CurrentLivingSituationTable {
  id: string;
  enrollment_id: string;
  client_id: string;
  information_date: string;
  current_living_situation: number;
  cls_subsidy_type: number | null;
  verified_by: string | null;
  leave_situation_14_days: number | null;
  subsequent_residence: number | null;
  resources_to_obtain: number | null;
  lease_own_60_day: number | null;
  moved_two_or_more: number | null;
  location_details: string | null;
  created_at: Timestamp;
  created_by: string | null;
  updated_at: Timestamp;
}

export interface ClientNoteTable {
  id: string;
  client_id: string;
  author_id: string;
  agency_id: string | null;
  body: string;
  created_at: Timestamp;
}

export interface ClientNoteReadTable {
  user_id: string;
  note_id: string;
  read_at: Timestamp;
}

export interface ClientDocumentTable {
  id: string;
  client_id: string;
  agency_id: string | null;
  document_type: string;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  storage_key: string;
  uploaded_at: Timestamp;
  uploaded_by: string | null;
}

export interface JobTable {
  id: Generated<number>;
  kind: string;
  dedupe_key: string | null;
  payload: ColumnType<Record<string, unknown>, string | undefined, string>;
  run_at: Timestamp;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  locked_by: string | null;
  locked_until: Date | null;
  done_at: Date | null;
  failed_at: Date | null;
  last_error: string | null;
  created_at: Generated<Date>;
}

export interface NotificationTable {
  id: string;
  user_id: string;
  kind: string;
  title: string;
  body: Generated<string>;
  link: string | null;
  entity_type: string | null;
  entity_id: string | null;
  created_at: Timestamp;
  read_at: Date | null;
  email_state: ColumnType<'none' | 'queued' | 'digest' | 'sent', 'none' | 'queued' | 'digest' | 'sent' | undefined>;
  emailed_at: Date | null;
}

export interface EmailOutboxTable {
  id: string;
  to_address: string;
  subject: string;
  body_text: string;
  created_at: Timestamp;
  sent_at: Date | null;
  attempts: Generated<number>;
  last_error: string | null;
}

// ---- referrals (0007_referrals) ----
export interface OpeningTable {
  id: string;
  project_id: string;
  kind: Generated<'unit' | 'subsidy'>;
  bedrooms: number | null;
  household_size: number | null;
  population: string | null;
  available_on: string;
  note: string | null;
  state: Generated<'open' | 'filled' | 'closed'>;
  filled_by_referral_id: string | null;
  closed_at: Date | null;
  version: Generated<number>;
  created_at: Timestamp;
  created_by: string | null;
}

export interface ReferralConfigTable {
  id: number;
  config: ColumnType<unknown, string, string>;
  version: Generated<number>;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface HolidayTable {
  day: string;
  name: string;
  kind: 'closed' | 'open';
  updated_at: Timestamp;
  updated_by: string | null;
}

/** One member of a referral's household snapshot. */
export interface ReferralSnapshotMember {
  clientId: string;
  relationshipToHoH: number;
}

export interface ReferralTable {
  id: string;
  number: ColumnType<number, never, never>;
  client_id: string;
  household_snapshot: ColumnType<ReferralSnapshotMember[], string, string>;
  project_id: string;
  opening_id: string | null;
  ce_enrollment_id: string | null;
  referral_date: string;
  status_code: string;
  status_label: string;
  status_changed_at: Timestamp;
  closed_at: Date | null;
  enrollment_id: string | null;
  flagged_steps: ColumnType<string[], string[] | undefined, string[]>;
  outside_timeliness: Generated<boolean>;
  source: Generated<'match' | 'rematch' | 'transfer'>;
  note: string | null;
  version: Generated<number>;
  created_at: Timestamp;
  created_by: string | null;
  updated_at: Timestamp;
}

export interface ReferralStatusHistoryTable {
  id: string;
  seq: ColumnType<number, never, never>;
  referral_id: string;
  from_code: string | null;
  to_code: string;
  label: string;
  changed_at: Timestamp;
  changed_by: string | null;
  by_system: Generated<boolean>;
  correction: Generated<boolean>;
  note: string | null;
}

export interface ContactAttemptTable {
  id: string;
  referral_id: string;
  at: Timestamp;
  method: 'phone' | 'text' | 'email' | 'in_person' | 'via_contact';
  outcome: 'reached' | 'left_message' | 'no_answer' | 'wrong_number' | 'other';
  note: string | null;
  recorded_at: Timestamp;
  recorded_by: string | null;
}

export interface ReferralStepMissTable {
  referral_id: string;
  step: string;
  action: 'setStatus' | 'flag';
  due_at: Timestamp;
  acted_at: Timestamp;
}

export interface RematchRequestTable {
  id: string;
  opening_id: string | null;
  project_id: string;
  from_referral_id: string;
  referrals_needed: number;
  created_at: Timestamp;
  resolved_at: Date | null;
}

export interface ReferralDueSoonNoticeTable {
  referral_id: string;
  step: string;
  notified_at: Timestamp;
}

// ---- enrollment (0008_enrollment) ----
export interface DisabilityJson {
  disabilityType: number;
  disabilityResponse: number;
  indefiniteAndImpairs: number | null;
}

export type CustomAnswerJson = string | number;

export interface EnrollmentAssessmentTable {
  id: string;
  enrollment_id: string;
  client_id: string;
  data_collection_stage: number;
  information_date: string;
  income_from_any_source: number | null;
  /** numeric: read as a string */
  total_monthly_income: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  income_sources: ColumnType<Record<string, number>, string | undefined, string>;
  other_income_source_identify: string | null;
  benefits_from_any_source: number | null;
  benefits: Generated<string[]>;
  insurance_from_any_source: number | null;
  insurance: Generated<string[]>;
  disabilities: ColumnType<DisabilityJson[], string | undefined, string>;
  domestic_violence_survivor: number | null;
  when_occurred: number | null;
  currently_fleeing: number | null;
  /** The CoC's own questions (migration 0019), keyed by the definition's field. */
  custom_answers: ColumnType<Record<string, CustomAnswerJson>, string | undefined, string>;
  version: Generated<number>;
  created_at: Timestamp;
  created_by: string | null;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface EnrollmentServiceTable {
  id: string;
  enrollment_id: string;
  client_id: string;
  date_provided: string;
  type: string;
  record_type: number | null;
  type_provided: number | null;
  amount: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  funder: number | null;
  note: string | null;
  created_at: Timestamp;
  created_by: string | null;
}

export interface FormResponseTable {
  id: string;
  enrollment_id: string;
  client_id: string;
  form_id: string;
  form_version: number;
  purpose: 'entry' | 'reevaluation' | 'exit' | 'update';
  information_date: string;
  answers: ColumnType<Record<string, unknown>, string, string>;
  created_at: Timestamp;
  created_by: string | null;
}

// ---- counts reports (0009_counts_reports) ----
export type CountsDateRange = 'all' | 'thisQuarter' | 'thisMonth' | { from: string; to: string };
export type CountsStatusFilter = 'open' | 'all' | string[];

export interface CountsReportTable {
  id: string;
  user_id: string;
  name: Generated<string>;
  project_id: string;
  date_range: ColumnType<CountsDateRange, string | undefined, string>;
  status_filter: ColumnType<CountsStatusFilter, string | undefined, string>;
  position: Generated<number>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CountsReportSeedTable {
  user_id: string;
  seeded_at: Timestamp;
}

/** Transfers under the CE transfer policy (0010). */
export interface TransferTable {
  id: string;
  number: ColumnType<number, never, never>;
  enrollment_id: string;
  household_id: string;
  head_client_id: string;
  from_project_id: string;
  target_project_id: string;
  kind: 'internal' | 'external';
  approval_required: boolean;
  reason: string;
  decided_on: string;
  member_client_ids: string[];
  household_moves: Generated<boolean>;
  state: 'awaiting_approval' | 'approved' | 'denied' | 'awaiting_completion' | 'completed' | 'acknowledged';
  deny_reason: string | null;
  notification_due_at: Timestamp;
  notified_on_time: boolean;
  ces_referral_due_at: Timestamp | null;
  completed_entry_date: string | null;
  new_household_id: string | null;
  new_enrollment_ids: Generated<string[]>;
  old_exit_destination: number | null;
  old_exit_subsidy_type: number | null;
  new_move_in_date: string | null;
  referral_id: string | null;
  overdue_notified_at: Timestamp | null;
  requested_by: string | null;
  approved_by: string | null;
  approved_at: Timestamp | null;
  denied_by: string | null;
  denied_at: Timestamp | null;
  completed_by: string | null;
  completed_at: Timestamp | null;
  acknowledged_by: string | null;
  acknowledged_at: Timestamp | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TransferEventTable {
  id: string;
  seq: ColumnType<number, never, never>;
  transfer_id: string;
  kind: 'requested' | 'approved' | 'denied' | 'completed' | 'acknowledged' | 'overdue' | 'referral_enrolled';
  at: Timestamp;
  by_user: string | null;
  by_system: Generated<boolean>;
  note: string | null;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
}

// ---- HUD CSV import (0011_hud_import) ----
export interface HudImportKeyTable {
  source_id: string;
  file: string;
  source_record_id: string;
  local_id: string;
  date_updated: Date | null;
  deleted: Generated<boolean>;
}

export interface HudImportRecordTable {
  file: string;
  source_record_id: string;
  enrollment_id: string | null;
  project_id: string | null;
  data: ColumnType<Record<string, string>, string, string>;
  deleted_at: Date | null;
}

export interface HudImportRunTable {
  id: string;
  created_at: Timestamp;
  created_by: string | null;
  file_name: string | null;
  storage_path: string | null;
  version: string | null;
  accepted: boolean;
  report: ColumnType<unknown, string, string>;
  applied_at: Date | null;
  applied_by: string | null;
  result: ColumnType<unknown, string | null | undefined, string | null>;
}

/** One listed household of the CE list (migrations 0013, 0017; maintained by src/usecases/openings/ce-list-refresh.ts). */
export interface CeListEntryTable {
  client_id: string;
  owner_agency_id: string;
  consent_state: string;
  locked: boolean;
  last_contact: string;
  contact_zone: string;
  last_contact_date: string;
  last_activity_at: Date | null;
  chronic: boolean;
  score: ColumnType<string | null, number | string | null, number | string | null>;
  date_to_street_essh: string | null;
  months_homeless_code: number | null;
  assessment_date: string;
  listed_since: string;
  disabling_condition: number | null;
  household_size: number;
  head_dob: string | null;
  youngest_dob: string | null;
  eldest_dob: string | null;
  dobs_known: number;
  eldest_veteran_dob: string | null;
  enrollment_id: string;
  household_id: string;
  consent_until: string | null;
  recheck_on: string | null;
  refreshed_at: Generated<Date>;
}

/** A listed household's members (migration 0017): read for a page's rows only. */
export interface CeListHouseholdTable {
  client_id: string;
  member_ids: string[];
  members: ColumnType<unknown, string, string>;
}

export interface CeListStaleTable {
  client_id: string;
}

/** A run of a report (migration 0018). */
export interface ReportRunTable {
  id: string;
  kind: string;
  user_id: string;
  params: ColumnType<Record<string, unknown>, string, string>;
  status: 'queued' | 'running' | 'done' | 'failed';
  progress: Generated<number>;
  progress_note: string | null;
  result: ColumnType<unknown, string | null | undefined, string | null>;
  source: ColumnType<unknown, string | null | undefined, string | null>;
  error: string | null;
  rerun_of: string | null;
  created_at: Timestamp;
  started_at: Date | null;
  finished_at: Date | null;
}

/** A record counted by a run's cells (migration 0018). */
export interface ReportRunItemTable {
  run_id: string;
  seq: number;
  item_kind: string;
  item_id: string;
  client_id: string | null;
  info: ColumnType<Record<string, unknown>, string | undefined, string>;
  cells: number[];
}

export interface DB {
  report_runs: ReportRunTable;
  report_run_items: ReportRunItemTable;
  ce_list_entries: CeListEntryTable;
  ce_list_households: CeListHouseholdTable;
  ce_list_stale: CeListStaleTable;
  coc: CocTable;
  agencies: AgencyTable;
  projects: ProjectTable;
  project_funders: ProjectFunderTable;
  project_cocs: ProjectCocTable;
  project_inventory: ProjectInventoryTable;
  project_hmis_participation: ProjectHmisParticipationTable;
  project_ce_participation: ProjectCeParticipationTable;
  users: UserTable;
  memberships: MembershipTable;
  membership_projects: MembershipProjectTable;
  sessions: SessionTable;
  idempotency_keys: IdempotencyKeyTable;
  audit_log: AuditLogTable;
  jobs: JobTable;
  notifications: NotificationTable;
  email_outbox: EmailOutboxTable;
  login_failures: LoginFailureTable;
  password_reset_tokens: PasswordResetTokenTable;
  clients: ClientTable;
  client_consents: ClientConsentTable;
  households: HouseholdTable;
  household_members: HouseholdMemberTable;
  client_contacts: ClientContactTable;
  enrollments: EnrollmentTable;
  ce_assessments: CeAssessmentTable;
  current_living_situations: CurrentLivingSituationTable;
  client_notes: ClientNoteTable;
  client_note_reads: ClientNoteReadTable;
  client_documents: ClientDocumentTable;
  openings: OpeningTable;
  referral_config: ReferralConfigTable;
  holidays: HolidayTable;
  referrals: ReferralTable;
  referral_status_history: ReferralStatusHistoryTable;
  contact_attempts: ContactAttemptTable;
  referral_step_misses: ReferralStepMissTable;
  rematch_requests: RematchRequestTable;
  referral_due_soon_notices: ReferralDueSoonNoticeTable;
  counts_reports: CountsReportTable;
  counts_report_seeds: CountsReportSeedTable;
  enrollment_assessments: EnrollmentAssessmentTable;
  enrollment_services: EnrollmentServiceTable;
  form_responses: FormResponseTable;
  transfers: TransferTable;
  transfer_events: TransferEventTable;
  hud_import_keys: HudImportKeyTable;
  hud_import_records: HudImportRecordTable;
  hud_import_runs: HudImportRunTable;
}
