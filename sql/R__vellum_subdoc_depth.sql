-- vellum_subdoc_depth: repeatable migration (Flyway runs R__ files after every versioned one, and again
-- whenever their content changes), so this file is the live definition. The first definition in
-- V3__mutate_in.sql is history: Flyway checksums applied versioned files, so they never change.
-- `create or replace` cannot change arguments or result columns: a new signature drops the old
-- function first. See sql/README.md.

-- vellum_subdoc_depth(value): nesting levels of a JSON value (a scalar or empty container is 1).
-- Stops counting a little past the 32-level limit.
create or replace function vellum_subdoc_depth(value jsonb)
returns integer
language sql immutable strict
as $$
    with recursive t(node, level) as (
        select value, 1
        union all
        select c.child, t.level + 1
        from t cross join lateral (
            select o.value as child from jsonb_each(case when jsonb_typeof(t.node) = 'object' then t.node end) o
            union all
            select a.value from jsonb_array_elements(case when jsonb_typeof(t.node) = 'array' then t.node end) a
        ) c
        where t.level <= 33
    )
    select max(level) from t
$$;
