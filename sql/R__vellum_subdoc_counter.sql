-- vellum_subdoc_counter: repeatable migration (Flyway runs R__ files after every versioned one, and again
-- whenever their content changes), so this file is the live definition. The first definition in
-- V3__mutate_in.sql is history: Flyway checksums applied versioned files, so they never change.
-- `create or replace` cannot change arguments or result columns: a new signature drops the old
-- function first. See sql/README.md.

-- vellum_subdoc_counter(current, delta, spec_index): current + delta as a signed 64-bit integer.
-- current must be an integer number (PATH_MISMATCH otherwise, 1.5 and 2.0 included) within
-- 64 bits (NUMBER_TOO_BIG); a result outside 64 bits is VALUE_CANT_INSERT. Computed in numeric,
-- so nothing wraps.
create or replace function vellum_subdoc_counter(current jsonb, delta numeric, spec_index integer)
returns numeric
language plpgsql immutable
as $$
declare
    n numeric;
    result numeric;
begin
    if jsonb_typeof(current) <> 'number' or scale(current::numeric) <> 0 then
        perform vellum_subdoc_fail('PATH_MISMATCH', spec_index);
    end if;
    n := current::numeric;
    if n < -9223372036854775808 or n > 9223372036854775807 then
        perform vellum_subdoc_fail('NUMBER_TOO_BIG', spec_index);
    end if;
    result := n + delta;
    if result < -9223372036854775808 or result > 9223372036854775807 then
        perform vellum_subdoc_fail('VALUE_CANT_INSERT', spec_index);
    end if;
    return result;
end;
$$;
