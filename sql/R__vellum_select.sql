-- vellum_select: repeatable migration (Flyway runs R__ files after every versioned one, and again
-- whenever their content changes), so this file is the live definition. The first definition in
-- V4__select.sql is history: Flyway checksums applied versioned files, so they never change.
-- `create or replace` cannot change arguments or result columns: a new signature drops the old
-- function first. See sql/README.md.

-- vellum_select(doc, paths): a new object holding only the given fields of doc, for the
-- documents API's select=title,author.name. Each path is a dotted field name from the client,
-- bound as one element of a text[] parameter (never spliced into SQL); the application refuses
-- empty components, so splitting on '.' gives back the segments. Like the Datastore projection,
-- a path walks objects only (no array indexes); missing fields are left out, JSON nulls kept.
create or replace function vellum_select(doc jsonb, paths text[])
returns jsonb
language plpgsql immutable strict
as $$
declare
    dotted text;
    path text[];
    node jsonb;
    i integer;
    result jsonb := '{}'::jsonb;
begin
    if jsonb_typeof(doc) <> 'object' then
        return result;
    end if;
    foreach dotted in array paths loop
        path := string_to_array(dotted, '.');
        node := doc;
        for i in 1 .. cardinality(path) loop
            if jsonb_typeof(node) <> 'object' then
                node := null;
                exit;
            end if;
            node := node -> path[i];
            exit when node is null;
        end loop;
        if node is not null then
            result := vellum_set_path(result, path, node);
        end if;
    end loop;
    return result;
end;
$$;
