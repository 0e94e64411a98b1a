-- Sub-document mutation (mutate_in): the contract is docs/subdoc-wire-format.md.
-- Paths are jsonb arrays of strings (object keys) and integers (array indexes, -1 = last element);
-- [] is the document root. Errors: SQLSTATE 'VSD01', message = the error code, detail = the
-- 0-based index of the failing spec ('' for document-level errors). No dynamic SQL anywhere.

-- vellum_subdoc_fail(code, spec_index): raises the sub-document error; never returns.
create or replace function vellum_subdoc_fail(code text, spec_index integer)
returns void
language plpgsql volatile
as $$
begin
    raise exception using errcode = 'VSD01', message = code, detail = coalesce(spec_index::text, '');
end;
$$;

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

-- vellum_subdoc_put(doc, tpath, value): doc with the existing location tpath set to value
-- (tpath = {} replaces the whole document).
create or replace function vellum_subdoc_put(doc jsonb, tpath text[], value jsonb)
returns jsonb
language sql immutable
as $$
    select case when cardinality(tpath) = 0 then value else jsonb_set(doc, tpath, value, false) end
$$;

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

-- vellum_subdoc_depth(value): nesting levels of a JSON value (a scalar or empty container is 1).
-- Stops counting a little past the 32-level limit.
create or replace function vellum_subdoc_depth(value jsonb)
returns integer
language sql immutable strict
as $$
    with recursive t(node, level) as (
        select value, 1
        union all
        select c.child, t.level + 1
        from t cross join lateral (
            select o.value as child from jsonb_each(case when jsonb_typeof(t.node) = 'object' then t.node end) o
            union all
            select a.value from jsonb_array_elements(case when jsonb_typeof(t.node) = 'array' then t.node end) a
        ) c
        where t.level <= 33
    )
    select max(level) from t
$$;

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

-- vellum_subdoc_counter(current, delta, spec_index): current + delta as a signed 64-bit integer.
-- current must be an integer number (PATH_MISMATCH otherwise, 1.5 and 2.0 included) within
-- 64 bits (NUMBER_TOO_BIG); a result outside 64 bits is VALUE_CANT_INSERT. Computed in numeric,
-- so nothing wraps.
create or replace function vellum_subdoc_counter(current jsonb, delta numeric, spec_index integer)
returns numeric
language plpgsql immutable
as $$
declare
    n numeric;
    result numeric;
begin
    if jsonb_typeof(current) <> 'number' or scale(current::numeric) <> 0 then
        perform vellum_subdoc_fail('PATH_MISMATCH', spec_index);
    end if;
    n := current::numeric;
    if n < -9223372036854775808 or n > 9223372036854775807 then
        perform vellum_subdoc_fail('NUMBER_TOO_BIG', spec_index);
    end if;
    result := n + delta;
    if result < -9223372036854775808 or result > 9223372036854775807 then
        perform vellum_subdoc_fail('VALUE_CANT_INSERT', spec_index);
    end if;
    return result;
end;
$$;

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

-- vellum_subdoc_apply_all(doc, specs): the specs applied in order, each seeing the ones before;
-- results has one element per spec.
create or replace function vellum_subdoc_apply_all(doc jsonb, specs jsonb, out body jsonb, out results jsonb)
language plpgsql immutable
as $$
declare
    spec record;
    step record;
begin
    body := doc;
    results := '[]';
    for spec in select e.value, e.ord - 1 as spec_index
                from jsonb_array_elements(specs) with ordinality as e(value, ord) order by e.ord loop
        step := vellum_subdoc_apply(body, spec.value, spec.spec_index::integer);
        body := step.body;
        results := results || jsonb_build_array(step.result);
    end loop;
end;
$$;

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

-- vellum_subdoc_durability(level): this transaction's synchronous_commit for a durability level.
create or replace function vellum_subdoc_durability(level text)
returns void
language plpgsql volatile
as $$
begin
    if level is null then
        return;
    end if;
    perform set_config('synchronous_commit',
        case level
            when 'none' then 'off'
            when 'majority' then 'on'
            when 'majority_and_persist_to_active' then 'on'
            when 'persist_to_majority' then 'remote_apply'
        end, true);
end;
$$;

-- vellum_mutate_in(...): one mutate_in on one document, atomically (see the contract).
create or replace function vellum_mutate_in(
    p_project bigint, p_collection text, p_key text,
    p_owner text,
    p_cas bigint,
    p_semantics text,
    p_specs jsonb,
    p_expiry_seconds integer,
    p_durability text)
returns table (version bigint, results jsonb)
language plpgsql volatile
as $$
#variable_conflict use_column
declare
    v_now timestamptz := date_trunc('milliseconds', now());
    v_row record;
    v_found boolean;
    v_applied record;
begin
    if p_durability is not null and p_durability not in ('none', 'majority', 'majority_and_persist_to_active', 'persist_to_majority') then
        raise exception 'unknown durability: %', p_durability;
    end if;
    if p_semantics not in ('replace', 'upsert', 'insert') then
        raise exception 'unknown store semantics: %', p_semantics;
    end if;
    perform vellum_subdoc_durability(p_durability);
    loop
        select d.owner, d.body, d.version, d.state,
               d.state = 'live' and (d.expires_at is null or d.expires_at > now()) as live
        into v_row
        from documents d
        where d.project_id = p_project and d.collection = p_collection and d.key = p_key
        for update;
        v_found := found;

        if v_found and v_row.live and (p_owner is null or v_row.owner is not distinct from p_owner) then
            -- the caller's document: modify it
            if p_semantics = 'insert' then
                perform vellum_subdoc_fail('DOCUMENT_EXISTS', null);
            end if;
            if p_cas is not null and p_cas <> v_row.version then
                perform vellum_subdoc_fail('CAS_MISMATCH', null);
            end if;
            v_applied := vellum_subdoc_apply_all(v_row.body, p_specs);
            return query
                update documents d
                set body = v_applied.body, version = d.version + 1, modified_at = v_now,
                    expires_at = vellum_subdoc_expires_at(d.expires_at, p_expiry_seconds)
                where d.project_id = p_project and d.collection = p_collection and d.key = p_key
                returning d.version, v_applied.results;
            return;
        end if;

        -- absent for this caller: only a create can succeed
        if p_semantics = 'replace' or p_cas is not null then
            perform vellum_subdoc_fail('DOCUMENT_NOT_FOUND', null);
        end if;
        if v_found and v_row.live then
            -- another user's live document blocks the key
            perform vellum_subdoc_fail('DOCUMENT_EXISTS', null);
        end if;
        v_applied := vellum_subdoc_apply_all('{}', p_specs);
        insert into collections (project_id, name) values (p_project, p_collection) on conflict do nothing;

        if v_found then
            -- a deleted, archived or expired row: the new document takes its place; the version
            -- keeps counting so an old CAS can never match the new document
            return query
                update documents d
                set owner = p_owner, body = v_applied.body, version = d.version + 1,
                    created_at = v_now, modified_at = v_now,
                    state = 'live', state_ref = null, state_at = null,
                    expires_at = vellum_subdoc_expires_at(null, p_expiry_seconds)
                where d.project_id = p_project and d.collection = p_collection and d.key = p_key
                returning d.version, v_applied.results;
            return;
        end if;

        begin
            return query
                insert into documents as d (project_id, collection, key, owner, body, version, created_at, modified_at, expires_at)
                values (p_project, p_collection, p_key, p_owner, v_applied.body, 1, v_now, v_now,
                        vellum_subdoc_expires_at(null, p_expiry_seconds))
                returning d.version, v_applied.results;
            return;
        exception when unique_violation then
            -- a concurrent create won: lock its row and apply the specs to it
            null;
        end;
    end loop;
end;
$$;
