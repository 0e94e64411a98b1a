package dev.vellum.docstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.sql.JsonParam;
import dev.vellum.sql.Sql;
import org.junit.jupiter.api.Test;

class CollectionAdminSqlTest {

    @Test
    void a_deletion_is_one_delete_of_the_collection_row() {
        Sql sql = CollectionAdminSql.delete(7, "notes");
        assertThat(sql.text()).isEqualTo("delete from collections where project_id = $1 and name = $2 returning storage");
        assertThat(sql.params()).containsExactly(7L, "notes");
    }

    @Test
    void a_patch_merges_and_removes_settings_in_one_update() {
        Sql sql = CollectionAdminSql.update(7, "notes", "{\"a\":1}", new String[] {"b"});
        assertThat(sql.text()).isEqualTo("update collections set settings = (settings || $1::jsonb) - $2::text[],"
                + " updated_at = now() where project_id = $3 and name = $4 returning name, settings, created_at, updated_at");
        assertThat(sql.params()).hasSize(4);
        assertThat(sql.params().get(0)).isEqualTo(new JsonParam("{\"a\":1}"));
    }

    @Test
    void the_cleanup_deletes_one_batch_of_a_storage_by_its_primary_key_prefix() {
        Sql sql = DroppedStorageSql.deleteBatch(7, "notes~2", 500);
        assertThat(sql.text()).isEqualTo("delete from documents where ctid = any(array(select ctid from documents"
                + " where project_id = $1 and collection = $2 limit $3))");
        assertThat(sql.params()).containsExactly(7L, "notes~2", 500);
    }

    @Test
    void a_storage_is_the_name_then_the_name_with_its_generation() {
        assertThat(CollectionStorage.of("notes", 0)).isEqualTo("notes");
        assertThat(CollectionStorage.of("notes", 3)).isEqualTo("notes~3");
        assertThat(CollectionStorage.generation("notes")).isZero();
        assertThat(CollectionStorage.generation("notes~3")).isEqualTo(3);
    }
}
