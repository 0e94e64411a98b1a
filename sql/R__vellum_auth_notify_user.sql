-- Tells every Vellum instance (channel vellum_auth, sent when the transaction commits) that a
-- user's tokens changed: its token_version moved on (a password change) or the user is gone
-- (deleted, or with its project). Payload 'user:<project_id>:<id>'; each instance drops the
-- cached token version (auth/AuthInvalidations). The triggers that call it are set up here too.
create or replace function vellum_auth_notify_user() returns trigger
language plpgsql as $$
begin
    perform pg_notify('vellum_auth', 'user:' || old.project_id || ':' || old.id);
    return null;
end
$$;

drop trigger if exists app_users_token_version_notify on app_users;
create trigger app_users_token_version_notify after update of token_version on app_users
    for each row when (old.token_version is distinct from new.token_version)
    execute function vellum_auth_notify_user();

drop trigger if exists app_users_delete_notify on app_users;
create trigger app_users_delete_notify after delete on app_users
    for each row execute function vellum_auth_notify_user();
