package dev.vellum.docstore;

import dev.vellum.sql.Sql;
import dev.vellum.sql.SqlBuilder;

/** Renders the background cleanup of deleted collections' storages (sql/V90). Pure. */
final class DroppedStorageSql {

    private DroppedStorageSql() {
    }

    static Sql dropped(int limit) {
        return new SqlBuilder().sql("select project_id, storage from collection_storages where dropped_at is not null")
                .sql(" order by dropped_at limit ").param(limit).build();
    }

    /** Read by the outbox trigger (sql/R__vellum_record_change.sql): these deletions record no change each. */
    static Sql quiet() {
        return new SqlBuilder().sql("select set_config('vellum.dropping_storage', 'on', true) as quiet").build();
    }

    static Sql deleteBatch(long projectId, String storage, int limit) {
        return new SqlBuilder().sql("delete from documents where ctid = any(array(select ctid from documents where project_id = ")
                .param(projectId).sql(" and collection = ").param(storage).sql(" limit ").param(limit).sql("))").build();
    }

    /** Forgets a dropped storage once it holds no row. */
    static Sql forget(long projectId, String storage) {
        return new SqlBuilder().sql("delete from collection_storages s where s.project_id = ").param(projectId)
                .sql(" and s.storage = ").param(storage).sql(" and s.dropped_at is not null")
                .sql(" and not exists (select 1 from documents d where d.project_id = s.project_id and d.collection = s.storage)")
                .build();
    }
}
