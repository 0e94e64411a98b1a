-- vellum_subdoc_put: repeatable migration (Flyway runs R__ files after every versioned one, and again
-- whenever their content changes), so this file is the live definition. The first definition in
-- V3__mutate_in.sql is history: Flyway checksums applied versioned files, so they never change.
-- `create or replace` cannot change arguments or result columns: a new signature drops the old
-- function first. See sql/README.md.

-- vellum_subdoc_put(doc, tpath, value): doc with the existing location tpath set to value
-- (tpath = {} replaces the whole document).
create or replace function vellum_subdoc_put(doc jsonb, tpath text[], value jsonb)
returns jsonb
language sql immutable
as $$
    select case when cardinality(tpath) = 0 then value else jsonb_set(doc, tpath, value, false) end
$$;
