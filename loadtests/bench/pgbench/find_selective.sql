-- DocumentReadSql.page for {"address.city": "city_<n>"}, limit 20 (21 rows: the 21st says has_next)
\set c random(0, 9)
\set city random(0, 999)
\set lim 21
\set off 0
select key, owner, body, version, created_at, modified_at from documents where project_id = :pid and collection = 'bench_' || :c and state = 'live' and (expires_at is null or expires_at > now()) and (body @? ('lax $."address"."city" ? (@ == "city_' || :city || '" && @.type() != "array")')::jsonpath) order by created_at desc, key asc limit :lim offset :off;
