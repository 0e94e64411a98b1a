\set k random(1, 10000)
update documents set body = jsonb_set(body, '{n}', to_jsonb(:k)), version = version + 1, modified_at = now()
where project_id = 1 and collection = 'bench' and key = 'k' || :k;
