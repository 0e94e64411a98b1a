-- One exactly-once fence for Idempotency-Key requests and transactions, replacing
-- request_records (V8) and transaction_records (V7). A record commits in the same Postgres
-- transaction as the writes it answers for, so a key whose record exists has run, and the record
-- holds the answer to replay until expires_at.
--   kind        'request' (an Idempotency-Key header) or 'transaction' (POST /v1/transactions,
--               AsyncDb.transaction): the two kinds of key never meet, as before.
--   scope       the caller: 'key:secret', 'key:public' (visitors) or 'user:<id>'
--   fingerprint what the key was used for: a request's SHA-256 (or PBKDF2) digest; a
--               transaction's operations fingerprint as UTF-8 text (empty for Java callbacks)
--   status, headers, body
--               the answer: a request's status, replayed headers and body bytes; a transaction's
--               result as UTF-8 JSON text (status 200, no headers)
create table fence_records (
    project_id  bigint      not null references projects (id) on delete cascade,
    scope       text        not null,
    kind        text        not null check (kind in ('request', 'transaction')),
    key         text        not null,
    fingerprint bytea       not null,
    status      int         not null,
    headers     jsonb       not null default '{}'::jsonb,
    body        bytea       not null,
    created_at  timestamptz not null default now(),
    expires_at  timestamptz not null,
    primary key (project_id, scope, kind, key)
);

-- The fence's purge job deletes expired records; an expired record is also replaced by a new run.
create index fence_records_expiry on fence_records (expires_at);

-- Live records keep replaying after the upgrade; expired ones would only be purged.
insert into fence_records (project_id, scope, kind, key, fingerprint, status, headers, body, created_at, expires_at)
select project_id, scope, 'request', key, fingerprint, status, headers, body, created_at, expires_at
from request_records
where expires_at > now();

insert into fence_records (project_id, scope, kind, key, fingerprint, status, headers, body, created_at, expires_at)
select project_id, scope, 'transaction', key, convert_to(fingerprint, 'UTF8'), 200, '{}'::jsonb,
       convert_to(result::text, 'UTF8'), created_at, expires_at
from transaction_records
where expires_at > now();

drop table request_records;
drop table transaction_records;
