-- vellum_subdoc_apply_all: repeatable migration (Flyway runs R__ files after every versioned one, and again
-- whenever their content changes), so this file is the live definition. The first definition in
-- V3__mutate_in.sql is history: Flyway checksums applied versioned files, so they never change.
-- `create or replace` cannot change arguments or result columns: a new signature drops the old
-- function first. See sql/README.md.

-- vellum_subdoc_apply_all(doc, specs): the specs applied in order, each seeing the ones before;
-- results has one element per spec.
create or replace function vellum_subdoc_apply_all(doc jsonb, specs jsonb, out body jsonb, out results jsonb)
language plpgsql immutable
as $$
declare
    spec record;
    step record;
begin
    body := doc;
    results := '[]';
    for spec in select e.value, e.ord - 1 as spec_index
                from jsonb_array_elements(specs) with ordinality as e(value, ord) order by e.ord loop
        step := vellum_subdoc_apply(body, spec.value, spec.spec_index::integer);
        body := step.body;
        results := results || jsonb_build_array(step.result);
    end loop;
end;
$$;
