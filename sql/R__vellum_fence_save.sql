-- vellum_fence_save: repeatable migration, the live definition (see sql/README.md).

-- vellum_fence_save(project_id, scope, kind, key, fingerprint, status, headers, body, ttl_millis):
-- writes a fenced transaction's record, replacing an expired one. A live record in the way
-- (impossible under the key's lock) raises, which aborts the transaction: the COMMIT sent right
-- behind this statement then rolls the work back instead of committing it without its record.
create or replace function vellum_fence_save(p_project_id bigint, p_scope text, p_kind text, p_key text,
                                             p_fingerprint bytea, p_status integer, p_headers jsonb, p_body bytea,
                                             p_ttl_millis bigint)
returns void
language plpgsql volatile
as $$
begin
    insert into fence_records as r (project_id, scope, kind, key, fingerprint, status, headers, body,
                                    created_at, expires_at)
    values (p_project_id, p_scope, p_kind, p_key, p_fingerprint, p_status, p_headers, p_body,
            clock_timestamp(), clock_timestamp() + p_ttl_millis * interval '1 millisecond')
    on conflict (project_id, scope, kind, key) do update set fingerprint = excluded.fingerprint,
        status = excluded.status, headers = excluded.headers, body = excluded.body,
        created_at = excluded.created_at, expires_at = excluded.expires_at
    where r.expires_at <= clock_timestamp();
    if not found then
        raise exception using errcode = 'VFS01', message = 'a live fence record was in the way of a new one';
    end if;
end;
$$;
