-- vellum_subdoc_new_root: repeatable migration (Flyway runs R__ files after every versioned one, and again
-- whenever their content changes), so this file is the live definition. It was added after the
-- release of V1..V8 and has no copy in a V-file.
-- `create or replace` cannot change arguments or result columns: a new signature drops the old
-- function first. See sql/README.md.

-- vellum_subdoc_new_root(specs): the empty document a create starts from, as Couchbase's mkdoc
-- picks it (subjson's get_root_type) from the first spec: an array when its path starts with an
-- index, or is the root and the op adds array elements; an object otherwise.
create or replace function vellum_subdoc_new_root(specs jsonb)
returns jsonb
language sql immutable strict
as $$
    select case
        when jsonb_typeof(specs -> 0 -> 'path' -> 0) = 'number' then '[]'::jsonb
        when jsonb_array_length(specs -> 0 -> 'path') = 0
             and specs -> 0 ->> 'op' in ('array_append', 'array_prepend', 'array_addunique') then '[]'::jsonb
        else '{}'::jsonb
    end
$$;
