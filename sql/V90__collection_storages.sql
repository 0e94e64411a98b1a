-- Collections as first-class objects (issue 15): an updated_at, and deletion in O(1).
--
-- A collection's documents live under its *storage*, the value of documents.collection: the
-- collection's name until the name is deleted once, then name~<generation> (a '~' the naming
-- rules forbid, so a storage never equals another collection's name). Deleting a collection is
-- one short transaction: its row goes, its storage is marked dropped, the name's generation goes
-- up (so the name, created again at once, writes under a fresh storage and never meets the old
-- keys) and one change row records it. The dropped storage's documents stay until a background
-- job (dev.vellum.docstore.DroppedStorageCleanup) removes them in small batches; no statement
-- reads them meanwhile, since every instance resolves a name to its current storage in memory
-- (dev.vellum.docstore.CollectionCatalog) and binds that storage as a plain parameter.
--
-- documents' foreign key moves from collections to collection_storages, which holds every storage
-- that may still have rows, live or dropped: a collection row can go while its documents outlive
-- it, and a write into a storage whose cleanup finished fails on the key instead of leaving rows
-- nobody can read. It cascades only so that deleting a project still removes everything.
alter table collections add column updated_at timestamptz;
update collections set updated_at = created_at;
alter table collections alter column updated_at set not null, alter column updated_at set default now();

alter table collections add column storage text;
update collections set storage = name;
alter table collections alter column storage set not null;
create unique index collections_storage on collections (project_id, storage);

create table collection_storages (
    project_id  bigint      not null references projects (id) on delete cascade,
    storage     text        not null,
    collection  text        not null,
    dropped_at  timestamptz,
    primary key (project_id, storage)
);
create index collection_storages_dropped on collection_storages (dropped_at) where dropped_at is not null;
insert into collection_storages (project_id, storage, collection) select project_id, name, name from collections;

-- How often each name was deleted; a name never deleted has no row (generation 0).
-- No foreign key: deleting a project deletes its collections, whose trigger writes here.
create table collection_generations (
    project_id  bigint not null,
    name        text   not null,
    generation  bigint not null,
    primary key (project_id, name)
);

alter table documents drop constraint documents_project_id_collection_fkey;
alter table documents add constraint documents_storage foreign key (project_id, collection)
    references collection_storages (project_id, storage) on delete cascade;

-- The storage of generation g of a name (dev.vellum.docstore.CollectionStorage says the same).
create function vellum_storage(p_name text, p_generation bigint) returns text
language sql immutable as $$
    select case when p_generation = 0 then p_name else p_name || '~' || p_generation end
$$;

-- Every instance keeps the generations in memory: a deletion (through the API or SQL) tells them
-- at commit. The payload is '<project_id>:<generation>:<name>'.
create function vellum_generation_changed() returns trigger language plpgsql as $$
begin
    perform pg_notify('vellum_collections', new.project_id || ':' || new.generation || ':' || new.name);
    return null;
end
$$;

create trigger collection_generations_changed
    after insert or update on collection_generations
    for each row execute function vellum_generation_changed();

-- A new collection's storage and a deleted one's bookkeeping are triggers
-- (R__vellum_collection_storage.sql, R__vellum_collection_deleted.sql), so a collection inserted
-- or deleted with plain SQL behaves as one created or deleted through the API.

-- One change row records a collection's deletion (not one per document: that would make the
-- deletion O(n)); its key is empty.
alter table changes drop constraint changes_kind_check;
alter table changes add constraint changes_kind_check
    check (kind in ('created', 'updated', 'deleted', 'archived', 'restored', 'expired', 'collection_deleted'));
