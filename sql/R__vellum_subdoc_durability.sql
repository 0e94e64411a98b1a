-- vellum_subdoc_durability: repeatable migration (Flyway runs R__ files after every versioned one, and again
-- whenever their content changes), so this file is the live definition. The first definition in
-- V3__mutate_in.sql is history: Flyway checksums applied versioned files, so they never change.
-- `create or replace` cannot change arguments or result columns: a new signature drops the old
-- function first. See sql/README.md.

-- vellum_subdoc_durability(level): this transaction's synchronous_commit for a durability level.
create or replace function vellum_subdoc_durability(level text)
returns void
language plpgsql volatile
as $$
begin
    if level is null then
        return;
    end if;
    perform set_config('synchronous_commit',
        case level
            when 'none' then 'off'
            when 'majority' then 'on'
            when 'majority_and_persist_to_active' then 'on'
            when 'persist_to_majority' then 'remote_apply'
        end, true);
end;
$$;
