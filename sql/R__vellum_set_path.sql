-- vellum_set_path: repeatable migration (Flyway runs R__ files after every versioned one, and again
-- whenever their content changes), so this file is the live definition. The first definition in
-- V2__set_paths.sql is history: Flyway checksums applied versioned files, so they never change.
-- `create or replace` cannot change arguments or result columns: a new signature drops the old
-- function first. See sql/README.md.

-- vellum_set_path(doc, path, value): sets value at path, creating missing parent objects.
-- A parent that exists but is not an object raises SQLSTATE 'VPATH' (rendered as 400).
create or replace function vellum_set_path(doc jsonb, path text[], value jsonb)
returns jsonb
language plpgsql immutable strict
as $$
declare
    child jsonb;
begin
    if jsonb_typeof(doc) <> 'object' then
        raise exception using errcode = 'VPATH', message = 'cannot set a field inside a non-object value';
    end if;
    if cardinality(path) = 1 then
        return doc || jsonb_build_object(path[1], value);
    end if;
    child := doc -> path[1];
    if child is null or child = 'null'::jsonb then
        child := '{}'::jsonb;
    end if;
    return doc || jsonb_build_object(path[1], vellum_set_path(child, path[2:], value));
end;
$$;
