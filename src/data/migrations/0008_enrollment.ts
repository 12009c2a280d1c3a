import { sql, type Kysely } from 'kysely';

/**
 * Enrollment (issue 5): assessments by HUD data-collection stage, services, custom form responses, and
 * the exit details the enrollments table (0005) lacks. Forward-only.
 *
 * `enrollment_assessments` — one row per member, stage and information date, holding every staged
 * element at once so the HUD export reads one row per CSV record:
 *   - IncomeBenefits.csv (4.02 income, 4.03 non-cash benefits, 4.04 health insurance): the "from any
 *     source" answers are columns; the sources are keyed by their CSV column names
 *     (`income_sources` {"Earned": 1200.00, "SSI": 914}, `benefits` ["SNAP"], `insurance` ["Medicaid"]);
 *   - Disabilities.csv (4.05–4.10): `disabilities` [{disabilityType, disabilityResponse, indefiniteAndImpairs}],
 *     one CSV row per entry;
 *   - HealthAndDV.csv (4.11): the three domestic-violence columns.
 * At most one project-start (1) and one project-exit (3) record per enrollment (partial unique indexes).
 * Post-exit follow-ups are stage-6 records.
 *
 * `enrollment_services` — Services.csv when `record_type` is a HUD record type; Hearth's local types
 * (e.g. 'rental_assistance' for ESG RRH payments, one row per payment) otherwise.
 *
 * `form_responses` — custom assessments (config/forms) answered for an enrollment: entry screening,
 * re-evaluation, exit summary.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table enrollments add column other_destination text check (length(other_destination) <= 50);
    alter table enrollments add column exited_at timestamptz;
    alter table enrollments add column exited_by text references users (id);
    -- The referral this enrollment came from (the referral also records the enrollment).
    alter table enrollments add column referral_id text references referrals (id);

    -- Projects other than ESG RRH may ask for post-exit follow-ups too.
    alter table projects add column requires_follow_ups boolean not null default false;

    create table enrollment_assessments (
      id text primary key check (length(id) <= 32),
      enrollment_id text not null references enrollments (id),
      client_id text not null references clients (id),
      data_collection_stage integer not null check (data_collection_stage in (1, 2, 3, 5, 6)),
      information_date date not null,
      -- 4.02
      income_from_any_source integer check (income_from_any_source in (0, 1, 8, 9, 99)),
      total_monthly_income numeric(12, 2) check (total_monthly_income >= 0),
      income_sources jsonb not null default '{}' check (jsonb_typeof(income_sources) = 'object'),
      other_income_source_identify text check (length(other_income_source_identify) <= 50),
      -- 4.03
      benefits_from_any_source integer check (benefits_from_any_source in (0, 1, 8, 9, 99)),
      benefits text[] not null default '{}' check (benefits <@ array['SNAP', 'WIC', 'TANFChildCare', 'TANFTransportation', 'OtherTANF', 'OtherBenefitsSource']::text[]),
      -- 4.04
      insurance_from_any_source integer check (insurance_from_any_source in (0, 1, 8, 9, 99)),
      insurance text[] not null default '{}' check (insurance <@ array['Medicaid', 'Medicare', 'SCHIP', 'VHAServices', 'EmployerProvided', 'COBRA', 'PrivatePay', 'StateHealthIns', 'IndianHealthServices', 'OtherInsurance']::text[]),
      -- 4.05–4.10
      disabilities jsonb not null default '[]' check (jsonb_typeof(disabilities) = 'array'),
      -- 4.11
      domestic_violence_survivor integer check (domestic_violence_survivor in (0, 1, 8, 9, 99)),
      when_occurred integer check (when_occurred in (1, 2, 3, 4, 8, 9, 99)),
      currently_fleeing integer check (currently_fleeing in (0, 1, 8, 9, 99)),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      created_by text references users (id),
      updated_at timestamptz not null default now(),
      updated_by text references users (id)
    );
    create index enrollment_assessments_enrollment_idx on enrollment_assessments (enrollment_id, information_date);
    create unique index enrollment_assessments_one_start on enrollment_assessments (enrollment_id) where data_collection_stage = 1;
    create unique index enrollment_assessments_one_exit on enrollment_assessments (enrollment_id) where data_collection_stage = 3;

    create table enrollment_services (
      id text primary key check (length(id) <= 32),
      enrollment_id text not null references enrollments (id),
      client_id text not null references clients (id),
      date_provided date not null,
      -- Hearth's service type (services catalog in src/usecases/enrollments/services.ts).
      type text not null check (length(type) between 1 and 60),
      -- HUD Services.csv RecordType / TypeProvided when the type maps to one.
      record_type integer,
      type_provided integer,
      amount numeric(12, 2) check (amount >= 0),
      funder integer,
      note text check (length(note) <= 1000),
      created_at timestamptz not null default now(),
      created_by text references users (id)
    );
    create index enrollment_services_enrollment_idx on enrollment_services (enrollment_id, date_provided);

    create table form_responses (
      id text primary key check (length(id) <= 32),
      enrollment_id text not null references enrollments (id),
      client_id text not null references clients (id),
      form_id text not null,
      form_version integer not null,
      -- entry | reevaluation | exit | update
      purpose text not null check (purpose in ('entry', 'reevaluation', 'exit', 'update')),
      information_date date not null,
      answers jsonb not null check (jsonb_typeof(answers) = 'object'),
      created_at timestamptz not null default now(),
      created_by text references users (id)
    );
    create index form_responses_enrollment_idx on form_responses (enrollment_id, information_date);
  `.execute(db);
}
