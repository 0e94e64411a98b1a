-- Every instance keeps the parsed access rules of the collections that have them
-- (dev.vellum.access.CollectionAccess). Whoever changes a collection's access setting, through
-- the API or plain SQL, tells every instance at commit: the payload is '<project_id>:<name>'.
create function vellum_access_changed() returns trigger language plpgsql as $$
declare
    v_row collections;
begin
    if tg_op = 'DELETE' then
        v_row := old;
    else
        v_row := new;
    end if;
    if tg_op = 'UPDATE' and (old.settings -> 'access') is not distinct from (new.settings -> 'access') then
        return null;
    end if;
    if tg_op <> 'UPDATE' and (v_row.settings -> 'access') is null then
        return null;
    end if;
    perform pg_notify('vellum_access', v_row.project_id || ':' || v_row.name);
    return null;
end
$$;

create trigger collections_access_changed
    after insert or update or delete on collections
    for each row execute function vellum_access_changed();
