-- vellum_collection_storage: a new collection's storage (sql/V90) follows its name's generation,
-- and the storage is registered in collection_storages, which documents' foreign key points at.
create or replace function vellum_collection_storage() returns trigger
language plpgsql as $$
begin
    if new.storage is null then
        new.storage := vellum_storage(new.name, coalesce((select g.generation from collection_generations g
                                                          where g.project_id = new.project_id and g.name = new.name), 0));
    end if;
    insert into collection_storages (project_id, storage, collection) values (new.project_id, new.storage, new.name)
    on conflict do nothing;
    return new;
end
$$;

drop trigger if exists collections_storage on collections;
create trigger collections_storage before insert on collections
    for each row execute function vellum_collection_storage();
