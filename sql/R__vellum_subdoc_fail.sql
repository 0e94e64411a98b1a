-- vellum_subdoc_fail: repeatable migration (Flyway runs R__ files after every versioned one, and again
-- whenever their content changes), so this file is the live definition. The first definition in
-- V3__mutate_in.sql is history: Flyway checksums applied versioned files, so they never change.
-- `create or replace` cannot change arguments or result columns: a new signature drops the old
-- function first. See sql/README.md.

-- vellum_subdoc_fail(code, spec_index): raises the sub-document error; never returns.
create or replace function vellum_subdoc_fail(code text, spec_index integer)
returns void
language plpgsql volatile
as $$
begin
    raise exception using errcode = 'VSD01', message = code, detail = coalesce(spec_index::text, '');
end;
$$;
