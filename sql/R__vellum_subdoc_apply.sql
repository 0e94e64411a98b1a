-- vellum_subdoc_apply: repeatable migration (Flyway runs R__ files after every versioned one, and again
-- whenever their content changes), so this file is the live definition. The first definition in
-- V3__mutate_in.sql is history: Flyway checksums applied versioned files, so they never change.
-- `create or replace` cannot change arguments or result columns: a new signature drops the old
-- function first. See sql/README.md.

-- vellum_subdoc_apply(doc, spec, spec_index): one spec applied to doc; result is the spec's
-- entry in `results` ({"value": n} for counter, {} otherwise). Raises VALUE_TOO_DEEP when the
-- values it writes would nest below level 32 (root = 1); everything else in the document is
-- unchanged, so checking the written values is checking the document.
create or replace function vellum_subdoc_apply(
    doc jsonb, spec jsonb, spec_index integer,
    out body jsonb, out result jsonb)
language plpgsql immutable
as $$
declare
    op text := spec ->> 'op';
    path jsonb := spec -> 'path';
    vals jsonb := spec -> 'values';
    create_parents boolean := coalesce((spec -> 'create_parents')::boolean, false);
    n integer := jsonb_array_length(spec -> 'path');
    w record;
    parent record;
    arr jsonb;
    item jsonb;
    idx integer;
    counted numeric;
    deepest integer := 0;
begin
    result := '{}';
    w := vellum_subdoc_walk(doc, path, spec_index);
    case op
    when 'upsert' then
        if w.reached = n then
            body := vellum_subdoc_put(doc, w.tpath, vals -> 0);
        else
            body := vellum_subdoc_create(doc, path, w.reached, w.tpath, vals -> 0, create_parents, spec_index);
        end if;
        deepest := n + vellum_subdoc_depth(vals -> 0);
    when 'insert' then
        if jsonb_typeof(path -> (n - 1)) <> 'string' then
            perform vellum_subdoc_fail('PATH_MISMATCH', spec_index);
        end if;
        if w.reached = n then
            perform vellum_subdoc_fail('PATH_EXISTS', spec_index);
        end if;
        body := vellum_subdoc_create(doc, path, w.reached, w.tpath, vals -> 0, create_parents, spec_index);
        deepest := n + vellum_subdoc_depth(vals -> 0);
    when 'replace' then
        if w.reached < n then
            perform vellum_subdoc_fail('PATH_NOT_FOUND', spec_index);
        end if;
        body := vellum_subdoc_put(doc, w.tpath, vals -> 0);
        deepest := n + vellum_subdoc_depth(vals -> 0);
    when 'remove' then
        if w.reached < n then
            perform vellum_subdoc_fail('PATH_NOT_FOUND', spec_index);
        end if;
        body := doc #- w.tpath;
    when 'array_append', 'array_prepend' then
        if w.reached = n then
            if jsonb_typeof(w.node) <> 'array' then
                perform vellum_subdoc_fail('PATH_MISMATCH', spec_index);
            end if;
            body := vellum_subdoc_put(doc, w.tpath,
                case when op = 'array_append' then w.node || vals else vals || w.node end);
        elsif create_parents then
            body := vellum_subdoc_create(doc, path, w.reached, w.tpath, vals, true, spec_index);
        else
            perform vellum_subdoc_fail('PATH_NOT_FOUND', spec_index);
        end if;
        deepest := n + vellum_subdoc_depth(vals);
    when 'array_insert' then
        if jsonb_typeof(path -> (n - 1)) <> 'number' then
            perform vellum_subdoc_fail('PATH_MISMATCH', spec_index);
        end if;
        parent := vellum_subdoc_walk(doc, path - (n - 1), spec_index);
        if parent.reached < n - 1 then
            perform vellum_subdoc_fail('PATH_NOT_FOUND', spec_index);
        end if;
        if jsonb_typeof(parent.node) <> 'array' then
            perform vellum_subdoc_fail('PATH_MISMATCH', spec_index);
        end if;
        idx := (path -> (n - 1))::integer;
        if idx = -1 then
            -- Java refuses -1 here; like Couchbase, treat it as the end of the array
            idx := jsonb_array_length(parent.node);
        end if;
        if idx < 0 or idx > jsonb_array_length(parent.node) then
            perform vellum_subdoc_fail('PATH_NOT_FOUND', spec_index);
        end if;
        body := doc;
        for item in select e.value from jsonb_array_elements(vals) with ordinality as e(value, ord) order by e.ord loop
            body := jsonb_insert(body, parent.tpath || idx::text, item);
            idx := idx + 1;
        end loop;
        deepest := n - 1 + vellum_subdoc_depth(vals);
    when 'array_addunique' then
        if w.reached = n then
            if jsonb_typeof(w.node) <> 'array' then
                perform vellum_subdoc_fail('PATH_MISMATCH', spec_index);
            end if;
            if exists (select 1 from jsonb_array_elements(w.node) e where not vellum_subdoc_is_unique_member(e.value)) then
                perform vellum_subdoc_fail('PATH_MISMATCH', spec_index);
            end if;
            arr := w.node;
        elsif create_parents then
            arr := '[]';
        else
            perform vellum_subdoc_fail('PATH_NOT_FOUND', spec_index);
        end if;
        for item in select e.value from jsonb_array_elements(vals) with ordinality as e(value, ord) order by e.ord loop
            if not vellum_subdoc_is_unique_member(item) then
                perform vellum_subdoc_fail('VALUE_CANT_INSERT', spec_index);
            end if;
            if exists (select 1 from jsonb_array_elements(arr) e where e.value = item) then
                perform vellum_subdoc_fail('PATH_EXISTS', spec_index);
            end if;
            arr := arr || jsonb_build_array(item);
        end loop;
        if w.reached = n then
            body := vellum_subdoc_put(doc, w.tpath, arr);
        else
            body := vellum_subdoc_create(doc, path, w.reached, w.tpath, arr, true, spec_index);
        end if;
        deepest := n + vellum_subdoc_depth(vals);
    when 'counter' then
        if w.reached = n then
            counted := vellum_subdoc_counter(w.node, (spec ->> 'delta')::numeric, spec_index);
            body := vellum_subdoc_put(doc, w.tpath, to_jsonb(counted));
        else
            counted := vellum_subdoc_counter('0', (spec ->> 'delta')::numeric, spec_index);
            body := vellum_subdoc_create(doc, path, w.reached, w.tpath, to_jsonb(counted), create_parents, spec_index);
        end if;
        result := jsonb_build_object('value', counted);
    else
        raise exception 'unknown sub-document op: %', op;
    end case;
    if deepest > 32 then
        perform vellum_subdoc_fail('VALUE_TOO_DEEP', spec_index);
    end if;
end;
$$;
