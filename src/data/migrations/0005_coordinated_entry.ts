import { sql, type Kysely } from 'kysely';

/**
 * Coordinated Entry (issue 4): the general enrollments table (every project; the enrollment issue
 * builds on it), the CE assessment (HUD 4.19) with the CoC's standardized answers and the HRS-only
 * social-service contacts, current living situation contacts (HUD 4.12), client notes with per-user
 * read marks, and client documents (the bytes live on disk, named by id). Forward-only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- One client's stay in one project (HUD Enrollment.csv + Exit.csv's destination).
    create table enrollments (
      id text primary key check (length(id) <= 32),
      client_id text not null references clients (id),
      project_id text not null references projects (id),
      -- Set by the trigger below from the project's HUD type (14 = coordinated entry).
      is_ce boolean not null default false,
      -- HUD HouseholdID: shared by the household for this stay, never reused (not the households table).
      household_id text not null check (length(household_id) <= 32),
      relationship_to_hoh integer not null check (relationship_to_hoh in (1, 2, 3, 4, 5, 99)),
      entry_date date not null,
      exit_date date,
      destination integer,
      destination_subsidy_type integer,
      move_in_date date,
      -- Head of household only (HUD 3.16).
      enrollment_coc text check (enrollment_coc ~ '^[A-Z]{2}-[0-9]{3}$'),
      disabling_condition integer not null default 99 check (disabling_condition in (0, 1, 8, 9, 99)),
      -- HUD 3.917 prior living situation (head and adults).
      living_situation integer,
      rental_subsidy_type integer,
      length_of_stay integer check (length_of_stay in (2, 3, 4, 5, 8, 9, 10, 11, 99)),
      los_under_threshold integer check (los_under_threshold in (0, 1, 99)),
      previous_street_essh integer check (previous_street_essh in (0, 1, 99)),
      date_to_street_essh date,
      times_homeless_past_three_years integer check (times_homeless_past_three_years in (1, 2, 3, 4, 8, 9, 99)),
      months_homeless_past_three_years integer check (months_homeless_past_three_years in (8, 9, 99) or months_homeless_past_three_years between 101 and 113),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      created_by text references users (id),
      updated_at timestamptz not null default now(),
      updated_by text references users (id),
      check (exit_date is null or exit_date >= entry_date),
      check (move_in_date is null or (move_in_date >= entry_date and (exit_date is null or move_in_date <= exit_date))),
      check (destination is null or exit_date is not null),
      check (date_to_street_essh is null or date_to_street_essh <= entry_date)
    );
    create index enrollments_client_idx on enrollments (client_id, entry_date desc);
    create index enrollments_project_idx on enrollments (project_id) where exit_date is null;
    create index enrollments_household_idx on enrollments (household_id);
    -- One open CE enrollment per client: later changes are updates, not new enrollments.
    create unique index enrollments_one_open_ce on enrollments (client_id) where is_ce and exit_date is null;

    create function enrollments_set_is_ce() returns trigger language plpgsql as $$
    begin
      new.is_ce := coalesce((select p.project_type = 14 from projects p where p.id = new.project_id), false);
      return new;
    end;
    $$;
    create trigger enrollments_is_ce before insert or update of project_id, is_ce on enrollments
      for each row execute function enrollments_set_is_ce();

    -- HUD 4.19 CE assessment (Assessment.csv), with the CoC's standardized answers
    -- (AssessmentQuestions.csv) and the vulnerability score (AssessmentResults.csv).
    create table ce_assessments (
      id text primary key check (length(id) <= 32),
      enrollment_id text not null references enrollments (id),
      client_id text not null references clients (id),
      assessment_date date not null,
      assessment_location text not null check (length(assessment_location) between 1 and 250),
      assessment_type integer not null check (assessment_type in (1, 2, 3)),
      assessment_level integer not null check (assessment_level in (1, 2)),
      prioritization_status integer not null check (prioritization_status in (1, 2)),
      score numeric(8, 2),
      -- [{group?, question, answer}] in the order asked.
      answers jsonb not null default '[]' check (jsonb_typeof(answers) = 'array'),
      -- [{name, organization, role, phone, email, notes}]: readable only by the CE project's HRS.
      social_service_contacts jsonb not null default '[]' check (jsonb_typeof(social_service_contacts) = 'array'),
      -- The 3.917 and disabling-condition answers as given with this assessment (the enrollment holds the current ones).
      chronic_inputs jsonb,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      created_by text references users (id),
      updated_at timestamptz not null default now(),
      updated_by text references users (id)
    );
    create index ce_assessments_client_idx on ce_assessments (client_id, assessment_date desc, created_at desc);
    create index ce_assessments_enrollment_idx on ce_assessments (enrollment_id);

    -- HUD 4.12 current living situation (CurrentLivingSituation.csv).
    create table current_living_situations (
      id text primary key check (length(id) <= 32),
      enrollment_id text not null references enrollments (id),
      client_id text not null references clients (id),
      information_date date not null,
      current_living_situation integer not null,
      cls_subsidy_type integer,
      verified_by text check (length(verified_by) <= 200),
      leave_situation_14_days integer check (leave_situation_14_days in (0, 1, 8, 9, 99)),
      subsequent_residence integer check (subsequent_residence in (0, 1, 8, 9, 99)),
      resources_to_obtain integer check (resources_to_obtain in (0, 1, 8, 9, 99)),
      lease_own_60_day integer check (lease_own_60_day in (0, 1, 8, 9, 99)),
      moved_two_or_more integer check (moved_two_or_more in (0, 1, 8, 9, 99)),
      location_details text check (length(location_details) <= 250),
      created_at timestamptz not null default now(),
      created_by text references users (id),
      updated_at timestamptz not null default now()
    );
    create index current_living_situations_client_idx on current_living_situations (client_id, information_date desc);
    create index current_living_situations_enrollment_idx on current_living_situations (enrollment_id);

    -- Short notes, visible to every agency that can see the client.
    create table client_notes (
      id text primary key check (length(id) <= 32),
      client_id text not null references clients (id),
      author_id text not null references users (id),
      agency_id text references agencies (id),
      body text not null check (length(body) between 1 and 4000),
      created_at timestamptz not null default now()
    );
    create index client_notes_client_idx on client_notes (client_id, created_at desc);

    -- Per-user read marks: a note without a row here is unread for that user.
    create table client_note_reads (
      user_id text not null references users (id),
      note_id text not null references client_notes (id),
      read_at timestamptz not null default now(),
      primary key (user_id, note_id)
    );

    -- Documents: the bytes are on disk under <dataDir>/documents/<storage_key> (named by id), checked
    -- against sha256 on every download.
    create table client_documents (
      id text primary key check (length(id) <= 32),
      client_id text not null references clients (id),
      agency_id text references agencies (id),
      document_type text not null check (document_type in ('id', 'homeless_verification', 'disability_verification', 'income_verification', 'other')),
      filename text not null check (length(filename) between 1 and 255),
      content_type text not null,
      size_bytes integer not null check (size_bytes > 0),
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      storage_key text not null unique,
      uploaded_at timestamptz not null default now(),
      uploaded_by text references users (id)
    );
    create index client_documents_client_idx on client_documents (client_id, uploaded_at desc);
  `.execute(db);
}
