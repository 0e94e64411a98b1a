insert into documents (project_id, collection, key, body, created_at, modified_at)
select 1, 'bench', 'k' || i, jsonb_build_object('title', 'a document of a typical size', 'n', i,
       'tags', jsonb_build_array('x', 'y', 'z'), 'text', repeat('lorem ipsum ', 30)), now(), now()
from generate_series(1, 10000) i;
