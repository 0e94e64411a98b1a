-- A transaction's fence record carries its key's advisory-lock id (dev.vellum.fence.LockIds of
-- TransactionNames.keyLock), so the statement that takes the lock can also tell whether the key
-- has a live record without naming the key (vellum_fence_enter): that statement holds no client
-- text, only the two lock ids, and goes out as a simple query together with BEGIN and the
-- transaction's first statement. Idempotency-Key records ('request') have none.
alter table fence_records add column lock_id bigint;

-- The key's lock id as Vellum computes it: "vellum-tx-key:" and the lowercase hex SHA-256 of
-- "<project_id>\n<scope>\nkey\n<key>", hashed again with SHA-256 after its length as four
-- big-endian bytes; the first eight bytes as a signed 64-bit number.
-- FenceLockIdIntegrationTest holds it to the Java side.
create function vellum_fence_lock_id(p_project_id bigint, p_scope text, p_key text) returns bigint
language sql immutable strict
as $$
    select ('x' || encode(substring(sha256(int4send(octet_length(name)) || name) from 1 for 8), 'hex'))::bit(64)::bigint
    from (select convert_to('vellum-tx-key:' || encode(sha256(convert_to(
              p_project_id::text || E'\n' || p_scope || E'\nkey\n' || p_key, 'UTF8')), 'hex'), 'UTF8') as name) n
$$;

-- records written before this migration replay the same way as new ones
update fence_records set lock_id = vellum_fence_lock_id(project_id, scope, key) where kind = 'transaction';

create index fence_records_lock_id on fence_records (lock_id) where lock_id is not null;
