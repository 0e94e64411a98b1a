-- Vellum core schema. Every table carries project_id: it is the distribution column when the
-- data tier moves to a sharded Postgres (Citus).
create extension if not exists btree_gin;

create table projects (
    id          bigint generated always as identity primary key,
    name        text        not null unique,
    jwt_secret  bytea       not null,
    settings    jsonb       not null default '{}'::jsonb,
    created_at  timestamptz not null default now()
);

-- API keys are high-entropy random strings, so a SHA-256 digest is a safe way to store them.
create table api_keys (
    key_hash    bytea       primary key,
    project_id  bigint      not null references projects (id) on delete cascade,
    kind        text        not null check (kind in ('public', 'secret')),
    created_at  timestamptz not null default now()
);
create index api_keys_project on api_keys (project_id);

create table app_users (
    project_id     bigint      not null references projects (id) on delete cascade,
    id             text        not null,
    email          text        not null,
    password_hash  text        not null,
    roles          jsonb       not null default '[]'::jsonb,
    data           jsonb       not null default '{}'::jsonb,
    created_at     timestamptz not null,
    updated_at     timestamptz not null,
    version        bigint      not null default 1,
    token_version  bigint      not null default 1,
    primary key (project_id, id)
);
create unique index app_users_email on app_users (project_id, lower(email));

create table collections (
    project_id  bigint      not null references projects (id) on delete cascade,
    name        text        not null,
    settings    jsonb       not null default '{}'::jsonb,
    created_at  timestamptz not null default now(),
    primary key (project_id, name)
);

create table documents (
    project_id   bigint      not null,
    collection   text        not null,
    key          text        not null,
    owner        text,
    body         jsonb       not null,
    version      bigint      not null default 1,
    created_at   timestamptz not null,
    modified_at  timestamptz not null,
    state        text        not null default 'live' check (state in ('live', 'archived', 'deleted')),
    state_ref    text,
    state_at     timestamptz,
    expires_at   timestamptz,
    primary key (project_id, collection, key),
    foreign key (project_id, collection) references collections (project_id, name) on delete cascade
);

-- One table holds every tenant's collections, so a freshly loaded collection is a small share of
-- it and the default analyze threshold (10% of the table) leaves the planner blind to it: in a
-- benchmark, 100k new documents were planned as 1 row and scanned through the wrong index (10x
-- slower) until ANALYZE. Analyze after every 2% (plus 1000 rows) of changes instead.
alter table documents set (autovacuum_analyze_scale_factor = 0.02, autovacuum_analyze_threshold = 1000);

-- Equality matches render as body @> ...; leading with project and collection (btree_gin) lets
-- the index narrow to one collection instead of scanning every tenant's matches. fastupdate is
-- off: the pending list makes inserts cheaper but flushes in half-second stalls, and we prefer
-- steady write latency.
create index documents_body on documents using gin (project_id, collection, body jsonb_path_ops)
    with (fastupdate = off) where state = 'live';

-- The default sort (_created_at desc, then _key) with a limit reads this index in order.
create index documents_created on documents (project_id, collection, created_at desc, key)
    where state = 'live';

create index documents_owner on documents (project_id, collection, owner, created_at desc)
    where state = 'live';

create index documents_state_ref on documents (project_id, collection, state_ref)
    where state_ref is not null;

create index documents_purge on documents (state_at) where state = 'deleted';

create index documents_expiry on documents (expires_at) where expires_at is not null;
