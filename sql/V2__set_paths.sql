-- vellum_set_path(doc, path, value): sets value at path, creating missing parent objects.
-- A parent that exists but is not an object raises SQLSTATE 'VPATH' (rendered as 400).
create or replace function vellum_set_path(doc jsonb, path text[], value jsonb)
returns jsonb
language plpgsql immutable strict
as $$
declare
    child jsonb;
begin
    if jsonb_typeof(doc) <> 'object' then
        raise exception using errcode = 'VPATH', message = 'cannot set a field inside a non-object value';
    end if;
    if cardinality(path) = 1 then
        return doc || jsonb_build_object(path[1], value);
    end if;
    child := doc -> path[1];
    if child is null or child = 'null'::jsonb then
        child := '{}'::jsonb;
    end if;
    return doc || jsonb_build_object(path[1], vellum_set_path(child, path[2:], value));
end;
$$;

-- vellum_apply_sets(doc, sets, now_text): applies [{"p": [...], "v": <json>} | {"p": [...], "now": true}]
-- in order; "now" sets the statement's timestamp string, so one batch shares one instant.
create or replace function vellum_apply_sets(doc jsonb, sets jsonb, now_text text)
returns jsonb
language plpgsql immutable
as $$
declare
    s jsonb;
    result jsonb := doc;
begin
    for s in select value from jsonb_array_elements(sets) loop
        result := vellum_set_path(
            result,
            array(select jsonb_array_elements_text(s -> 'p')),
            case when s ? 'now' then to_jsonb(now_text) else s -> 'v' end);
    end loop;
    return result;
end;
$$;
