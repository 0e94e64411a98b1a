-- vellum_subdoc_create: repeatable migration (Flyway runs R__ files after every versioned one, and again
-- whenever their content changes), so this file is the live definition. The first definition in
-- V3__mutate_in.sql is history: Flyway checksums applied versioned files, so they never change.
-- `create or replace` cannot change arguments or result columns: a new signature drops the old
-- function first. See sql/README.md.

-- vellum_subdoc_create(doc, path, reached, tpath, value, create_parents, spec_index): doc with value
-- placed at the missing path whose first `reached` components exist (tpath, from vellum_subdoc_walk).
-- A missing immediate parent needs create_parents; created parents are objects, so every missing
-- component must be a key (a missing array element is PATH_NOT_FOUND).
create or replace function vellum_subdoc_create(
    doc jsonb, path jsonb, reached integer, tpath text[], value jsonb, create_parents boolean, spec_index integer)
returns jsonb
language plpgsql immutable
as $$
declare
    n integer := jsonb_array_length(path);
    nested jsonb := value;
begin
    if reached < n - 1 and not create_parents then
        perform vellum_subdoc_fail('PATH_NOT_FOUND', spec_index);
    end if;
    for i in reverse n - 1 .. reached loop
        if jsonb_typeof(path -> i) <> 'string' then
            perform vellum_subdoc_fail('PATH_NOT_FOUND', spec_index);
        end if;
        if i > reached then
            nested := jsonb_build_object(path ->> i, nested);
        end if;
    end loop;
    return jsonb_set(doc, tpath || (path ->> reached), nested, true);
end;
$$;
