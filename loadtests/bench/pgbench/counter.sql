-- KeyedSql.mutateIn with one counter spec
\set c random(0, 9)
\set k random(1, :per)
select version, results from vellum_mutate_in(:pid, 'bench_' || :c, 'k' || :k, null::text, null::bigint, 'replace', '[{"op": "counter", "path": ["visits"], "delta": 1, "create_parents": false}]'::jsonb, null::integer, null::text);
