insert into documents (project_id, collection, key, body, created_at, modified_at)
values (1, 'bench', md5(random()::text || clock_timestamp()::text),
        jsonb_build_object('title', 'a document of a typical size', 'n', :client_id, 'tags', jsonb_build_array('x', 'y', 'z'),
                           'text', repeat('lorem ipsum ', 30)), now(), now());
