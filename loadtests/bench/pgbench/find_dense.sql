-- DocumentReadSql.page for {"status": <one of three>}, limit 20 (21 rows: the 21st says has_next)
\set c random(0, 9)
\set s random(1, 3)
\set lim 21
\set off 0
select key, owner, body, version, created_at, modified_at from documents where project_id = :pid and collection = 'bench_' || :c and state = 'live' and (expires_at is null or expires_at > now()) and (body @? ('lax $."status" ? (@ == "' || (array['active', 'inactive', 'pending'])[:s] || '" && @.type() != "array")')::jsonpath) order by created_at desc, key asc limit :lim offset :off;
