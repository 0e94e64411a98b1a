-- A scratch schema for measuring the outbox trigger: documents as in V1 (without the GIN index,
-- which would dominate), and the changes table and trigger function as in V70.
drop table if exists documents, changes, collections cascade;
create table collections (project_id bigint, name text, settings jsonb not null default '{}', primary key (project_id, name));
insert into collections values (1, 'bench', '{}');
create table documents (
    project_id bigint not null, collection text not null, key text not null, owner text, body jsonb not null,
    version bigint not null default 1, created_at timestamptz not null, modified_at timestamptz not null,
    state text not null default 'live', state_ref text, state_at timestamptz, expires_at timestamptz,
    primary key (project_id, collection, key));
create table changes (
    seq bigint generated always as identity primary key, project_id bigint not null, collection text not null,
    key text not null, owner text, previous_owner text, kind text not null, version bigint not null,
    at timestamptz not null default now(), document jsonb, previous jsonb);
create index changes_collection on changes (project_id, collection, seq);
create index changes_at on changes (at);
