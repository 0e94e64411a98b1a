-- vellum_mutate_in: repeatable migration (Flyway runs R__ files after every versioned one, and again
-- whenever their content changes), so this file is the live definition. The first definition in
-- V3__mutate_in.sql is history: Flyway checksums applied versioned files, so they never change.
-- `create or replace` cannot change arguments or result columns: a new signature drops the old
-- function first. See sql/README.md.

-- Sub-document mutation (mutate_in): the contract is docs/subdoc-wire-format.md.
-- Paths are jsonb arrays of strings (object keys) and integers (array indexes, -1 = last element);
-- [] is the document root. Errors: SQLSTATE 'VSD01', message = the error code, detail = the
-- 0-based index of the failing spec ('' for document-level errors). No dynamic SQL anywhere.

-- vellum_mutate_in(...): one mutate_in on one document, atomically (see the contract).
-- p_collection is the collection's storage (sql/V90); the caller has made sure the collection exists.
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
    if p_semantics <> 'replace' then
        -- Couchbase's mkdoc and add imply create_parents for every spec (array_insert ignores it)
        p_specs := (select jsonb_agg(e.value || '{"create_parents": true}' order by e.ord)
                    from jsonb_array_elements(p_specs) with ordinality as e(value, ord));
    end if;
    loop
        select d.owner, d.body, d.version, d.state, d.state_ref,
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
        if v_found and (v_row.live or (p_owner is not null and v_row.state <> 'live' and v_row.state_ref is not null
                                        and v_row.owner is distinct from p_owner)) then
            -- another user's live document blocks the key, and so does one its owner can still
            -- restore (archived, or deleted under a ref): a user's create never takes it over
            perform vellum_subdoc_fail('DOCUMENT_EXISTS', null);
        end if;
        v_applied := vellum_subdoc_apply_all(vellum_subdoc_new_root(p_specs), p_specs);

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
