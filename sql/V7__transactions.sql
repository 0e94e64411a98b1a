-- The fence of transaction(): a record per idempotency key, committed in the same Postgres
-- transaction as the operation's writes. Whatever Redis does (a lock that expired, a restart, a
-- flush), a key whose record exists has run, and the record holds its result for the replay.
create table transaction_records (
    project_id  bigint      not null references projects (id) on delete cascade,
    scope       text        not null,  -- the caller: key:secret, key:public or user:<id>
    key         text        not null,  -- the client's idempotency key
    fingerprint text        not null,  -- what the key was used for (empty for Java callbacks)
    result      jsonb       not null,
    created_at  timestamptz not null default now(),
    expires_at  timestamptz not null,
    primary key (project_id, scope, key)
);

create index transaction_records_expiry on transaction_records (expires_at);
