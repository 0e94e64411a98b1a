-- Tells every Vellum instance (channel vellum_auth, sent when the transaction commits) that an
-- API key was added, changed or deleted. Payload 'key:<hex of its SHA-256 digest>'; each instance
-- drops what it cached for that key, known or unknown (auth/AuthInvalidations). The trigger that
-- calls it is set up here too.
create or replace function vellum_auth_notify_key() returns trigger
language plpgsql as $$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        perform pg_notify('vellum_auth', 'key:' || encode(old.key_hash, 'hex'));
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        perform pg_notify('vellum_auth', 'key:' || encode(new.key_hash, 'hex'));
    end if;
    return null;
end
$$;

drop trigger if exists api_keys_notify on api_keys;
create trigger api_keys_notify after insert or update or delete on api_keys
    for each row execute function vellum_auth_notify_key();
