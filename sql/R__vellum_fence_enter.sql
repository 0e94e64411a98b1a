-- vellum_fence_enter: repeatable migration, the live definition (see sql/README.md).

-- vellum_fence_enter(key_lock, resource_lock): the first step of a fenced transaction, sent
-- without waiting for its answer right ahead of the transaction's first statement. Takes the
-- transaction-scoped advisory lock on the key and then, when resource_lock is not null, on the
-- resource, never waiting, and fails (aborting the transaction, so the statements sent behind it
-- do nothing) with SQLSTATE VF001 when another transaction holds either, or VF002 when the key
-- has a live record (fence_records.lock_id, V91). The record is looked for by a query of its own
-- after the locks are held: a volatile function gives each query a fresh snapshot, so a record
-- committed by the lock's previous holder is seen.
create or replace function vellum_fence_enter(p_key_lock bigint, p_resource_lock bigint)
returns void
language plpgsql volatile
as $$
begin
    if not pg_try_advisory_xact_lock(p_key_lock)
            or (p_resource_lock is not null and not pg_try_advisory_xact_lock(p_resource_lock)) then
        raise exception 'the transaction''s key or resource is locked by another transaction' using errcode = 'VF001';
    end if;
    if exists (select 1 from fence_records r where r.lock_id = p_key_lock and r.expires_at > clock_timestamp()) then
        raise exception 'the transaction''s key has a live record' using errcode = 'VF002';
    end if;
end;
$$;
