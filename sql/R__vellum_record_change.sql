-- The outbox trigger: one row in `changes` for every change of a document a reader could notice,
-- written by the statement that changed it, so it commits (or rolls back) with it. Kinds:
-- created (a new row, or a key written again over a tombstone or an expired row), updated,
-- deleted (a tombstone, or a live row deleted outright),
-- archived, restored, expired (a live row whose expiry passed, when the purge removes it).
-- Rows that stay invisible (purging tombstones, archived to deleted) record nothing. Each side
-- (document/previous) carries its owner and system fields, for the feed's read rules and filters.
-- documents.collection is the collection's storage (sql/V90); changes carry the name users see,
-- everything before the first '~' (names cannot hold one).
create or replace function vellum_record_change() returns trigger
language plpgsql as $$
declare
    kind text;
    was_visible boolean;
begin
    if tg_op = 'INSERT' then
        if new.state <> 'live' then
            return null;
        end if;
        insert into changes (project_id, collection, key, owner, previous_owner, kind, version, document, previous,
                             created_at, modified_at)
        values (new.project_id, split_part(new.collection, '~', 1), new.key, new.owner, null, 'created', new.version, new.body, null,
                new.created_at, new.modified_at);
        return null;
    end if;
    was_visible := old.state = 'live' and (old.expires_at is null or old.expires_at > now());
    if tg_op = 'DELETE' then
        -- the cleanup of a deleted collection's storage: one collection_deleted row said it all
        if old.state <> 'live' or current_setting('vellum.dropping_storage', true) = 'on' then
            return null;
        end if;
        kind := case when was_visible then 'deleted' else 'expired' end;
        insert into changes (project_id, collection, key, owner, previous_owner, kind, version, document, previous,
                             previous_version, previous_created_at, previous_modified_at)
        values (old.project_id, split_part(old.collection, '~', 1), old.key, old.owner, old.owner, kind, old.version, null, old.body,
                old.version, old.created_at, old.modified_at);
        return null;
    end if;
    if new.state = 'live' then
        if was_visible then
            kind := 'updated';
        elsif old.state <> 'live' and new.created_at = old.created_at then
            kind := 'restored';
        else
            kind := 'created';
        end if;
    elsif was_visible then
        kind := case new.state when 'archived' then 'archived' else 'deleted' end;
    else
        return null;
    end if;
    insert into changes (project_id, collection, key, owner, previous_owner, kind, version, document, previous,
                         created_at, modified_at, previous_version, previous_created_at, previous_modified_at)
    values (new.project_id, split_part(new.collection, '~', 1), new.key, new.owner, case when was_visible then old.owner end, kind, new.version,
            case when new.state = 'live' then new.body end, case when was_visible then old.body end,
            case when new.state = 'live' then new.created_at end, case when new.state = 'live' then new.modified_at end,
            case when was_visible then old.version end, case when was_visible then old.created_at end,
            case when was_visible then old.modified_at end);
    return null;
end
$$;
