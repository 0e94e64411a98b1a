package dev.vellum.docstore;

import dev.vellum.sql.JsonParam;
import dev.vellum.sql.Sql;
import dev.vellum.sql.SqlBuilder;

/** Renders the management statements on {@code collections} (issue 15). Pure. */
final class CollectionAdminSql {

    static final String COLUMNS = "name, settings, created_at, updated_at";

    private CollectionAdminSql() {
    }

    static Sql page(long projectId, int limit, int offset) {
        return new SqlBuilder().sql("select ").sql(COLUMNS).sql(" from collections where project_id = ").param(projectId)
                .sql(" order by name limit ").param(limit).sql(" offset ").param(offset).build();
    }

    static Sql count(long projectId) {
        return new SqlBuilder().sql("select count(*) as total from collections where project_id = ").param(projectId).build();
    }

    static Sql one(long projectId, String name) {
        return new SqlBuilder().sql("select ").sql(COLUMNS).sql(" from collections where project_id = ").param(projectId)
                .sql(" and name = ").param(name).build();
    }

    /** Creates the collection (its storage set by sql/R__vellum_collection_storage.sql); no row when the name is taken. */
    static Sql create(long projectId, String name, String settings) {
        return new SqlBuilder().sql("insert into collections (project_id, name, settings) values (").param(projectId)
                .sql(", ").param(name).sql(", ").param(new JsonParam(settings), "jsonb")
                .sql(") on conflict do nothing returning ").sql(COLUMNS).build();
    }

    /** Merges {@code settings} and removes the {@code removed} ones; no row when the collection does not exist. */
    static Sql update(long projectId, String name, String settings, String[] removed) {
        return new SqlBuilder().sql("update collections set settings = (settings || ").param(new JsonParam(settings), "jsonb")
                .sql(") - ").param(removed, "text[]").sql(", updated_at = now() where project_id = ").param(projectId)
                .sql(" and name = ").param(name).sql(" returning ").sql(COLUMNS).build();
    }

    /**
     * Deletes a collection in O(1): its row (and so its settings and webhook secret) goes, and the
     * trigger of sql/R__vellum_collection_deleted.sql marks its storage dropped for the background
     * cleanup, moves the name's generation on and records one {@code collection_deleted} change.
     * Answers the storage it had; no row when there was no such collection.
     */
    static Sql delete(long projectId, String name) {
        return new SqlBuilder().sql("delete from collections where project_id = ").param(projectId)
                .sql(" and name = ").param(name).sql(" returning storage").build();
    }
}
