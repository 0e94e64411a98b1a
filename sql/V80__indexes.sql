-- Automatic and declared indexes (dev.vellum.indexing). Each row is one partial index on
-- documents for one collection (its predicate carries project_id and collection, as every
-- statement the renderer sends does), built with CREATE INDEX CONCURRENTLY off the request path.
create table collection_indexes (
    name             text        primary key,
    project_id       bigint      not null references projects (id) on delete cascade,
    collection       text        not null,
    origin           text        not null check (origin in ('auto', 'declared', 'search')),
    spec             jsonb       not null,
    status           text        not null check (status in ('building', 'ready', 'failed')),
    shapes           jsonb       not null default '[]'::jsonb,
    queries          bigint      not null default 0,
    attempts         integer     not null default 0,
    last_error       text,
    retry_at         timestamptz,
    created_at       timestamptz not null default now(),
    ready_at         timestamptz,
    scans            bigint      not null default 0,
    scans_changed_at timestamptz not null default now()
);
create index collection_indexes_collection on collection_indexes (project_id, collection);

-- Query shapes seen by every instance, summed: what the builder decides from.
create table index_candidates (
    project_id   bigint           not null references projects (id) on delete cascade,
    collection   text             not null,
    spec         jsonb            not null,
    shape        text             not null,
    queries      bigint           not null,
    total_ms     double precision not null,
    last_seen    timestamptz      not null,
    primary key (project_id, collection, spec)
);

-- The full-text index is built per collection on its first search (origin 'search'), so writes
-- to collections nobody searches no longer pay for it.
drop index if exists documents_search;
