-- vellum_subdoc_walk: repeatable migration (Flyway runs R__ files after every versioned one, and again
-- whenever their content changes), so this file is the live definition. The first definition in
-- V3__mutate_in.sql is history: Flyway checksums applied versioned files, so they never change.
-- `create or replace` cannot change arguments or result columns: a new signature drops the old
-- function first. See sql/README.md.

-- vellum_subdoc_walk(doc, path, spec_index): follows path from the root as far as it exists.
-- reached = how many leading components exist, tpath = those components as a text[] path for
-- jsonb_set / jsonb_insert / #- (with -1 resolved to the last index), node = the value they
-- reach (doc itself when reached = 0). A component of the wrong kind for the value it is applied
-- to (a key on an array or scalar, an index on an object or scalar) raises PATH_MISMATCH.
create or replace function vellum_subdoc_walk(
    doc jsonb, path jsonb, spec_index integer,
    out reached integer, out tpath text[], out node jsonb)
language plpgsql immutable
as $$
declare
    component jsonb;
    idx integer;
    len integer;
    child jsonb;
begin
    reached := 0;
    tpath := '{}';
    node := doc;
    for component in select e.value from jsonb_array_elements(path) with ordinality as e(value, ord) order by e.ord loop
        if jsonb_typeof(component) = 'string' then
            if jsonb_typeof(node) <> 'object' then
                perform vellum_subdoc_fail('PATH_MISMATCH', spec_index);
            end if;
            child := node -> (component #>> '{}');
            if child is null then
                return;
            end if;
            tpath := tpath || (component #>> '{}');
        else
            if jsonb_typeof(node) <> 'array' then
                perform vellum_subdoc_fail('PATH_MISMATCH', spec_index);
            end if;
            idx := component::integer;
            len := jsonb_array_length(node);
            if idx = -1 then
                idx := len - 1;
            end if;
            if idx < 0 or idx >= len then
                return;
            end if;
            child := node -> idx;
            tpath := tpath || idx::text;
        end if;
        node := child;
        reached := reached + 1;
    end loop;
end;
$$;
