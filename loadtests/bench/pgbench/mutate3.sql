-- KeyedSql.mutateIn with three specs: two counters and a nested upsert
\set c random(0, 9)
\set k random(1, :per)
\set zip random(0, 99999)
select version, results from vellum_mutate_in(:pid, 'bench_' || :c, 'k' || :k, null::text, null::bigint, 'replace', ('[{"op": "counter", "path": ["visits"], "delta": 1, "create_parents": false}, {"op": "counter", "path": ["logins"], "delta": 1, "create_parents": false}, {"op": "upsert", "path": ["address", "zip"], "values": ["' || lpad(:zip::text, 5, '0') || '"], "create_parents": false}]')::jsonb, null::integer, null::text);
