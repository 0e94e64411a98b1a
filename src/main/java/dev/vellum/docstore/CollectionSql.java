package dev.vellum.docstore;

import dev.vellum.sql.Sql;
import dev.vellum.sql.SqlBuilder;
import java.util.Set;

/** Renders the collection catalog's statements: existence, create-if-missing, generations, the references setting. Pure. */
final class CollectionSql {

    private CollectionSql() {
    }

    /**
     * {@code found}, its {@code storage}, and {@code settled}: created_at (which defaults to now(),
     * its creating transaction's start) is earlier than this transaction's start, so another
     * transaction created the row, and as we see it, committed it: no rollback of ours can take it
     * away. A row this transaction inserted has created_at = now(). Only settled collections may be
     * remembered.
     */
    static Sql exists(long projectId, String collection) {
        return new SqlBuilder().sql("select count(*) > 0 as found, coalesce(bool_and(created_at < now()), false) as settled,")
                .sql(" min(storage) as storage from collections where project_id = ").param(projectId)
                .sql(" and name = ").param(collection)
                .build();
    }

    /**
     * Creates the collection when missing (its storage set by the trigger of
     * sql/R__vellum_collection_storage.sql) and answers its {@code storage} and {@code settled}
     * (see above) as of before the insert.
     */
    static Sql ensure(long projectId, String collection) {
        return new SqlBuilder().sql("with created as (insert into collections (project_id, name) values (").param(projectId)
                .sql(", ").param(collection).sql(") on conflict do nothing returning storage)")
                .sql(" select coalesce((select storage from created), (select storage from collections where project_id = ")
                .param(projectId).sql(" and name = ").param(collection).sql(")) as storage,")
                .sql(" exists (select 1 from collections where project_id = ").param(projectId)
                .sql(" and name = ").param(collection).sql(" and created_at < now()) as settled").build();
    }

    /** Every name that was deleted at least once, with how often. */
    static Sql generations() {
        return new SqlBuilder().sql("select project_id, name, generation from collection_generations").build();
    }

    /** The candidates, the source and every collection the source's references setting names. */
    static Sql references(long projectId, String source, Set<String> names) {
        return new SqlBuilder()
                .sql("select name, case when name = ").param(source)
                .sql(" and jsonb_typeof(settings -> 'references') = 'object' then settings -> 'references' end as refs")
                .sql(" from collections where project_id = ").param(projectId)
                .sql(" and (name = any(").param(names.toArray(String[]::new), "text[]").sql(") or name = ").param(source)
                .sql(" or name in (select r.value from collections s, jsonb_each_text(case when jsonb_typeof(s.settings ->")
                .sql(" 'references') = 'object' then s.settings -> 'references' else '{}'::jsonb end) r where s.project_id = ")
                .param(projectId).sql(" and s.name = ").param(source).sql("))")
                .build();
    }
}
