-- The statement behind the NDJSON export of one collection, its rows through COPY to psql
copy (select key, owner, body, version, created_at, modified_at from documents where project_id = :pid and collection = 'bench_1' and state = 'live' and (expires_at is null or expires_at > now()) and (true) order by created_at desc, key asc) to stdout;
