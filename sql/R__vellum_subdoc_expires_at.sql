-- vellum_subdoc_expires_at: repeatable migration (Flyway runs R__ files after every versioned one, and again
-- whenever their content changes), so this file is the live definition. The first definition in
-- V3__mutate_in.sql is history: Flyway checksums applied versioned files, so they never change.
-- `create or replace` cannot change arguments or result columns: a new signature drops the old
-- function first. See sql/README.md.

-- vellum_subdoc_expires_at(current, seconds): the new expires_at: null leaves current, 0 clears
-- it, n > 0 is n seconds from now.
create or replace function vellum_subdoc_expires_at(current timestamptz, seconds integer)
returns timestamptz
language sql stable
as $$
    select case
        when seconds is null then current
        when seconds = 0 then null
        else now() + make_interval(secs => seconds)
    end
$$;
