-- Loads the benchmark dataset straight into Vellum's tables (no HTTP): :per documents in each of
-- the collections bench_0 .. bench_9 of the project named 'default'. Run by bench.sh with
-- psql -v per=N. Each body is about 540 bytes of JSON:
--   status   'active' | 'inactive' | 'pending', a third each  (the dense find)
--   address.city  'city_0' .. 'city_999', 0.1 % each          (the selective find)
--   age      18 .. 90, spread evenly                           (the range + sort)
--   visits, score, logins: numbers for counters and mutate_in
-- The secondary indexes are dropped during the load and created again from their own
-- definitions (pg_get_indexdef) afterwards: one index build is much faster than a million
-- index insertions.
\set ON_ERROR_STOP on
-- GIN builds are several times faster with room to sort in (the default is 64 MB)
set maintenance_work_mem = '512MB';
select id as pid from projects where name = 'default' \gset

insert into collections (project_id, name)
select :pid, 'bench_' || c from generate_series(0, 9) c
on conflict do nothing;
insert into collections (project_id, name) values (:pid, 'bench_ins'), (:pid, 'bench_tx')
on conflict do nothing;

create temporary table bench_indexes as
select indexrelid::regclass::text as name, pg_get_indexdef(indexrelid) as def
from pg_index where indrelid = 'documents'::regclass and not indisprimary;
select format('drop index %s', name) from bench_indexes \gexec

insert into documents (project_id, collection, key, owner, body, created_at, modified_at)
select :pid, 'bench_' || c, 'k' || i, null,
       jsonb_build_object(
           'name', 'Customer ' || i,
           'email', 'customer' || i || '@example.com',
           'status', (array['active', 'inactive', 'pending'])[i % 3 + 1],
           'age', 18 + (i * 7919) % 73,
           'visits', 0, 'logins', 0, 'score', i % 1000,
           'address', jsonb_build_object('street', (i % 997) || ' Main Street',
                                         'city', 'city_' || ((i * 31) % 1000),
                                         'zip', lpad((i % 100000)::text, 5, '0'),
                                         'country', 'Country ' || (i % 50)),
           'tags', jsonb_build_array('tag' || (i % 10), 'tag' || (i % 7), 'tag' || (i % 3)),
           'note', repeat('lorem ipsum dolor ', 14) || i),
       now() - make_interval(secs => i / 1000.0), now() - make_interval(secs => i / 1000.0)
from generate_series(0, 9) c, generate_series(1, :per) i;

select def from bench_indexes \gexec
vacuum analyze documents;
