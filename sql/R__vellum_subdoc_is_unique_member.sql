-- vellum_subdoc_is_unique_member: repeatable migration (Flyway runs R__ files after every versioned one, and again
-- whenever their content changes), so this file is the live definition. The first definition in
-- V3__mutate_in.sql is history: Flyway checksums applied versioned files, so they never change.
-- `create or replace` cannot change arguments or result columns: a new signature drops the old
-- function first. See sql/README.md.

-- vellum_subdoc_is_unique_member(value): may value sit in an array used as a unique set? Only
-- strings, integers, booleans and null (Couchbase Server: no objects, arrays or floats).
create or replace function vellum_subdoc_is_unique_member(value jsonb)
returns boolean
language sql immutable strict
as $$
    select case jsonb_typeof(value)
        when 'object' then false
        when 'array' then false
        when 'number' then scale(value::numeric) = 0
        else true
    end
$$;
