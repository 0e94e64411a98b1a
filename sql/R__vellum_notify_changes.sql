-- Wakes the change feeds and webhook dispatchers of every instance when a statement changed
-- documents: PostgreSQL delivers the notification at commit (never for a rollback) and folds the
-- identical ones of a transaction into one. The payload is empty: the outbox says what changed.
create or replace function vellum_notify_changes() returns trigger
language plpgsql as $$
begin
    perform pg_notify('vellum_changes', '');
    return null;
end
$$;
