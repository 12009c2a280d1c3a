import { sql, type Kysely } from 'kysely';

/**
 * Client search that does not grow with the number of clients (issue 10). Forward-only.
 *
 * - `client_search_names`: every distinct `clients.search_name` ("first last", lower case), with its own
 *   trigram index. Typo-tolerant matching and scoring run over names, not over clients: at Chicago's
 *   400,000 clients a common "first last" matched ~4,400 client rows through the trigram index on
 *   `clients` (15 ms before any visibility check) but ~450 distinct names here (1.5 ms). The search then
 *   takes the clients of the best names first, through `clients_search_name_idx`, and stops once the page
 *   and the capped count are filled (src/data/repos/client-search.ts).
 *   Kept by statement-level triggers with transition tables, so every writer (use cases, the HUD import,
 *   the seed's COPY, an administrator's SQL) adds new names in one insert per statement. A name nobody
 *   bears any more (after a rename) stays: it only costs one index probe that finds no client.
 * - `clients_list_order_idx`: the list without criteria (by last name, first name, id) is read in index
 *   order and stops after the page, instead of sorting every client the caller may see.
 * - The trigram index on `clients.search_name` goes: nothing searches clients' names through it any more,
 *   and the planner ANDed it with the date-of-birth index for a search by name and date of birth (~4,000
 *   trigram candidates read to keep the few that share the date).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table client_search_names (search_name text primary key);
    insert into client_search_names (search_name)
      select distinct search_name from clients where btrim(search_name) <> '';
    -- fastupdate off: names are added rarely after the first load, and a pending list of a bulk load
    -- (the seed's) is scanned entry by entry by every search until a vacuum (4× slower at 10,000 names).
    create index client_search_names_trgm on client_search_names using gin (search_name gin_trgm_ops) with (fastupdate = off);

    -- The matching names, best first. The planner takes pg_trgm's operators for as cheap as an integer
    -- comparison (cost 1; they cost ~5 µs a row here) and reads every name (45 ms at 8,800 names) rather
    -- than the trigram index (5 ms); the function's own settings leave it only the index.
    create function client_search_names_matching(q text, with_contains boolean, max_names integer, skip integer)
      returns table (search_name text, score real)
      language plpgsql stable
      set enable_seqscan = off set enable_indexscan = off set enable_indexonlyscan = off
    as $$
    declare
      pattern text := '%' || replace(replace(replace(q, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%';
    begin
      if with_contains then
        return query
          select n.search_name, greatest(similarity(n.search_name, q), word_similarity(q, n.search_name))
          from client_search_names n
          where n.search_name % q or n.search_name %> q or n.search_name like pattern
          order by 2 desc, 1 limit max_names offset skip;
      else
        return query
          select n.search_name, greatest(similarity(n.search_name, q), word_similarity(q, n.search_name))
          from client_search_names n
          where n.search_name % q or n.search_name %> q
          order by 2 desc, 1 limit max_names offset skip;
      end if;
    end $$;

    create function client_search_names_add() returns trigger language plpgsql as $$
    begin
      insert into client_search_names (search_name)
        select distinct n.search_name from changed n where btrim(n.search_name) <> ''
        order by 1
        on conflict do nothing;
      return null;
    end $$;
    create trigger clients_search_names_insert after insert on clients referencing new table as changed
      for each statement execute function client_search_names_add();
    create trigger clients_search_names_update after update on clients referencing new table as changed
      for each statement execute function client_search_names_add();

    drop index clients_search_name_trgm;
    create index clients_search_name_idx on clients (search_name);
    create index clients_list_order_idx on clients (lower(last_name), lower(first_name), id);
    analyze client_search_names;
  `.execute(db);
}
