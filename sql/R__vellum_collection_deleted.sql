-- vellum_collection_deleted: deleting a collection row (the API's DELETE, or plain SQL) is the
-- whole O(1) deletion of sql/V90: its storage is marked dropped (the background cleanup removes
-- the documents), the name's generation goes up (a re-created name gets a fresh storage; the
-- generation's trigger tells every instance at commit), and one 'collection_deleted' change
-- records it, keyed by the name, with the settings it had.
create or replace function vellum_collection_deleted() returns trigger
language plpgsql as $$
begin
    update collection_storages set dropped_at = now()
    where project_id = old.project_id and storage = old.storage;
    insert into collection_generations (project_id, name, generation) values (old.project_id, old.name, 1)
    on conflict (project_id, name) do update set generation = collection_generations.generation + 1;
    insert into changes (project_id, collection, key, owner, previous_owner, kind, version, document, previous)
    values (old.project_id, old.name, '', null, null, 'collection_deleted', 0, null, old.settings);
    perform pg_notify('vellum_changes', '');
    return null;
end
$$;

drop trigger if exists collections_deleted on collections;
create trigger collections_deleted after delete on collections
    for each row execute function vellum_collection_deleted();
