-- vellum_apply_sets: repeatable migration (Flyway runs R__ files after every versioned one, and again
-- whenever their content changes), so this file is the live definition. The first definition in
-- V2__set_paths.sql is history: Flyway checksums applied versioned files, so they never change.
-- `create or replace` cannot change arguments or result columns: a new signature drops the old
-- function first. See sql/README.md.

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
