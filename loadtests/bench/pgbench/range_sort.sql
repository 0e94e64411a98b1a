-- DocumentReadSql.page for {"age:$gte": X} sorted by "age asc", limit 20 (the paths are literals here, parameters in Vellum)
\set c random(0, 9)
\set age random(18, 85)
\set lim 21
\set off 0
select key, owner, body, version, created_at, modified_at from documents where project_id = :pid and collection = 'bench_' || :c and state = 'live' and (expires_at is null or expires_at > now()) and (coalesce(jsonb_typeof(body #> '{age}'::text[]), '') = 'number' and body #> '{age}'::text[] >= to_jsonb(:age::int)) order by body #> '{age}'::text[] asc, key asc limit :lim offset :off;
