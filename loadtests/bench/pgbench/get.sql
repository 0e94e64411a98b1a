-- KeyedSql.get, as Vellum sends it for GET /v1/kv/{c}/{key}
\set c random(0, 9)
\set k random(1, :per)
select d.body, d.version from documents as d where d.project_id = :pid and d.collection = 'bench_' || :c and d.key = 'k' || :k and d.state = 'live' and (d.expires_at is null or d.expires_at > now());
