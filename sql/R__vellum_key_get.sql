-- vellum_key_get: repeatable migration (see R__vellum_set_path.sql for how R__ files work).
-- The read of one document by key (KV get, lookup_in) for a caller whose access rules add nothing
-- but the owner. Its plan never depends on the values (the primary key finds the row), but the
-- sessions plan every statement with its values (plan_cache_mode = force_custom_plan, for the
-- finds: see README, "How it is stored"), and planning it cost 80-160 us against 30-50 us to run
-- it. The function's own setting holds for its statement alone, in or out of a transaction, so
-- PL/pgSQL plans it once per session and reuses the plan.
-- owner_id null: any owner (a secret key); otherwise only that user's document.
create or replace function vellum_key_get(project bigint, coll text, doc_key text, owner_id text)
returns table (body jsonb, version bigint)
language plpgsql stable
set plan_cache_mode = force_generic_plan
as $$
begin
    return query
        select d.body, d.version from documents as d
        where d.project_id = project and d.collection = coll and d.key = doc_key
          and d.state = 'live' and (d.expires_at is null or d.expires_at > now())
          and (owner_id is null or d.owner = owner_id);
end;
$$;
