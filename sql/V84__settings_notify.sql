-- Every instance also keeps the compiled schema of the collections that have one
-- (dev.vellum.schema.CollectionSchemas), refreshed by the same notification as the access rules
-- (sql/V60): the trigger now speaks when either setting changes. Same channel and payload,
-- '<project_id>:<name>'; each instance reloads both settings of that collection.
create or replace function vellum_access_changed() returns trigger language plpgsql as $$
declare
    v_row collections;
begin
    if tg_op = 'DELETE' then
        v_row := old;
    else
        v_row := new;
    end if;
    if tg_op = 'UPDATE' and (old.settings -> 'access') is not distinct from (new.settings -> 'access')
            and (old.settings -> 'schema') is not distinct from (new.settings -> 'schema') then
        return null;
    end if;
    if tg_op <> 'UPDATE' and (v_row.settings -> 'access') is null and (v_row.settings -> 'schema') is null then
        return null;
    end if;
    perform pg_notify('vellum_access', v_row.project_id || ':' || v_row.name);
    return null;
end
$$;
