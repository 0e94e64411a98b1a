-- The PostgreSQL side of POST /v1/transactions with one insert, as Vellum sends it: the fence's
-- statement (both locks and the record check, vellum_fence_enter), the insert, the fence record,
-- in one transaction (Vellum adds its Redis commands). The collection is known, as in Vellum's
-- run, so nothing ensures it.
\set r random(1, 9000000000000000000)
begin read write;
select vellum_fence_enter(hashtextextended('bench-' || :client_id::text || '-' || :r::text, 0), null);
insert into documents (project_id, collection, key, owner, body, created_at, modified_at) select :pid::bigint, 'bench_tx', k.key, null::text, case when jsonb_array_length(d.doc -> 's') = 0 then d.doc -> 'b' else vellum_apply_sets(d.doc -> 'b', d.doc -> 's', to_char(date_trunc('milliseconds', now()) at time zone 'UTC', 'YYYY-MM-DD"T"HH24":"MI":"SS.MS"Z"')) end, date_trunc('milliseconds', now()), date_trunc('milliseconds', now()) from unnest(array['t' || :client_id::text || '_' || :r::text]) with ordinality as k(key, ord) join jsonb_array_elements('[{"b": {"order": 1, "amount": -25, "status": "paid"}, "s": []}]'::jsonb) with ordinality as d(doc, ord) on d.ord = k.ord returning key, owner, body, version, created_at, modified_at;
insert into fence_records (project_id, scope, kind, key, lock_id, fingerprint, status, headers, body, created_at, expires_at) values (:pid, 'key' || ':' || 'secret', 'transaction', 'bench-' || :client_id::text || '-' || :r::text, hashtextextended('bench-' || :client_id::text || '-' || :r::text, 0), '\x3462'::bytea, 200, '{}', '\x7b7d'::bytea, clock_timestamp(), clock_timestamp() + 86400000 * interval '1 millisecond') on conflict (project_id, scope, kind, key) do update set lock_id = excluded.lock_id, fingerprint = excluded.fingerprint, status = excluded.status, headers = excluded.headers, body = excluded.body, created_at = excluded.created_at, expires_at = excluded.expires_at where fence_records.expires_at <= clock_timestamp();
commit;
