-- vellum_fence_begin: repeatable migration, the live definition (see sql/README.md).

-- vellum_fence_begin(project_id, scope, kind, key, key_lock, resource_lock): the first step of a
-- fenced transaction in one statement. Takes the transaction-scoped advisory lock on the key and
-- then, when resource_lock is not null, on the resource, never waiting; answers one row: locked
-- is false when another transaction holds either lock (nothing else is read). Otherwise the
-- key's live record, if any (its columns null when there is none). The record is read by a query
-- of its own after the locks are held: a volatile function gives each query a fresh snapshot, so
-- a record committed by the lock's previous holder is seen.
create or replace function vellum_fence_begin(p_project_id bigint, p_scope text, p_kind text, p_key text,
                                              p_key_lock bigint, p_resource_lock bigint)
returns table (locked boolean, fingerprint bytea, status integer, headers jsonb, body bytea, millis_left bigint)
language plpgsql volatile
as $$
begin
    if not pg_try_advisory_xact_lock(p_key_lock)
            or (p_resource_lock is not null and not pg_try_advisory_xact_lock(p_resource_lock)) then
        return query select false, null::bytea, null::integer, null::jsonb, null::bytea, null::bigint;
        return;
    end if;
    return query
        select true, r.fingerprint, r.status, r.headers, r.body,
               greatest(1, (extract(epoch from r.expires_at - clock_timestamp()) * 1000)::bigint)
        from fence_records r
        where r.project_id = p_project_id and r.scope = p_scope and r.kind = p_kind and r.key = p_key
          and r.expires_at > clock_timestamp();
    if not found then
        return query select true, null::bytea, null::integer, null::jsonb, null::bytea, null::bigint;
    end if;
end;
$$;
