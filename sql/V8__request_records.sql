-- Idempotency-Key records: the first answer to a mutating request that carried the key, replayed
-- to retries of the same request by the same caller until expires_at. A successful request's record
-- is inserted in the transaction of the request's own writes, so the two commit or vanish together.
-- scope is the caller: 'key:secret', 'key:public' (visitors) or 'user:<id>'.
create table request_records (
    project_id   bigint      not null references projects (id) on delete cascade,
    scope        text        not null,
    key          text        not null,
    fingerprint  bytea       not null,  -- SHA-256 of method, path, query, If-Match and body
    status       int         not null,
    headers      jsonb       not null default '{}'::jsonb,
    body         bytea       not null,
    created_at   timestamptz not null default now(),
    expires_at   timestamptz not null,
    primary key (project_id, scope, key)
);

-- The purge job deletes expired records; an expired record is also replaced by a new run.
create index request_records_expiry on request_records (expires_at);
