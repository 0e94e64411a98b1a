-- The transactional outbox (issue 16): every change of a document appends one row here in the
-- same transaction (trigger documents_changes, function vellum_record_change), read by the change
-- feed and the webhook dispatcher in seq order up to a horizon every earlier seq has committed
-- below (see changes/ChangeHorizon). No foreign key: a dropped collection's changes stay for the
-- retention like any others.
create table changes (
    seq             bigint      generated always as identity primary key,
    project_id      bigint      not null,
    collection      text        not null,
    key             text        not null,
    owner           text,
    previous_owner  text,
    kind            text        not null check (kind in ('created', 'updated', 'deleted', 'archived', 'restored', 'expired')),
    version         bigint      not null,
    at              timestamptz not null default now(),
    document        jsonb,
    previous        jsonb
);
create index changes_collection on changes (project_id, collection, seq);
create index changes_at on changes (at);

-- The highest seq the retention purge removed: a feed resuming below it has missed changes.
create table changes_purged (
    id   int    primary key check (id = 1),
    seq  bigint not null
);
insert into changes_purged (id, seq) values (1, 0);

-- Signing secrets of collections with a webhook (never in collections.settings, which clients read
-- back): the current one and, during a rotation's grace period, the one before.
create table webhook_secrets (
    project_id      bigint      not null,
    collection      text        not null,
    secret          text        not null,
    previous_secret text,
    previous_until  timestamptz,
    primary key (project_id, collection),
    foreign key (project_id, collection) references collections (project_id, name) on delete cascade
);

-- One row per change and webhook: the exact body that is signed, and the delivery's state.
create table webhook_deliveries (
    id              bigint      generated always as identity primary key,
    project_id      bigint      not null,
    collection      text        not null,
    key             text        not null,
    seq             bigint      not null,
    url             text        not null,
    payload         text        not null,
    status          text        not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
    attempts        int         not null default 0,
    attempt_log     jsonb       not null default '[]'::jsonb,
    created_at      timestamptz not null default now(),
    retry_from      timestamptz not null default now(),
    next_attempt_at timestamptz not null default now(),
    leased_until    timestamptz,
    finished_at     timestamptz
);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';
create index webhook_deliveries_key on webhook_deliveries (project_id, collection, key, id) where status = 'pending';
create index webhook_deliveries_list on webhook_deliveries (project_id, collection, status, id);
create index webhook_deliveries_finished on webhook_deliveries (finished_at) where finished_at is not null;

-- How far the webhook fan-out has read the outbox; one row, locked by the instance that advances it.
create table webhook_cursor (
    name  text   primary key,
    seq   bigint not null
);
insert into webhook_cursor (name, seq) values ('deliveries', 0);

-- The definition current when this migration was written; R__vellum_record_change.sql is the live one.
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
        insert into changes (project_id, collection, key, owner, previous_owner, kind, version, document, previous)
        values (new.project_id, new.collection, new.key, new.owner, null, 'created', new.version, new.body, null);
        return null;
    end if;
    was_visible := old.state = 'live' and (old.expires_at is null or old.expires_at > now());
    if tg_op = 'DELETE' then
        if old.state <> 'live' then
            return null;
        end if;
        kind := case when was_visible then 'deleted' else 'expired' end;
        insert into changes (project_id, collection, key, owner, previous_owner, kind, version, document, previous)
        values (old.project_id, old.collection, old.key, old.owner, old.owner, kind, old.version, null, old.body);
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
    insert into changes (project_id, collection, key, owner, previous_owner, kind, version, document, previous)
    values (new.project_id, new.collection, new.key, new.owner, case when was_visible then old.owner end, kind, new.version,
            case when new.state = 'live' then new.body end, case when was_visible then old.body end);
    return null;
end
$$;

create trigger documents_changes after insert or update or delete on documents
    for each row execute function vellum_record_change();

-- The definition current when this migration was written; R__vellum_notify_changes.sql is the live one.
create or replace function vellum_notify_changes() returns trigger
language plpgsql as $$
begin
    perform pg_notify('vellum_changes', '');
    return null;
end
$$;

create trigger documents_changes_notify after insert or update or delete on documents
    for each statement execute function vellum_notify_changes();
