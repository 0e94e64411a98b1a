package dev.vellum.docstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.query.MatchParser;
import dev.vellum.sql.JsonParam;
import dev.vellum.sql.Sql;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Pins the core's statements that had no exact-text test: update by match, the upsert lock, the purge, the catalog. */
class DocumentPurgeSqlTest {

    private static final Scope SERVICE = new Scope(7L, "notes", null);

    @Test
    void update_by_match_sets_fields_on_every_live_match() {
        Sql sql = DocumentWriteSql.updateByMatch(SERVICE, MatchParser.parse(JsonMapper.builder().build().readTree("{}")), "[]");
        assertThat(sql.text()).isEqualTo("update documents set body = vellum_apply_sets(body, $1::jsonb, "
                + "to_char(date_trunc('milliseconds', now()) at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')),"
                + " version = version + 1, modified_at = date_trunc('milliseconds', now()) where project_id = $2"
                + " and collection = $3 and state = 'live' and (expires_at is null or expires_at > now()) and (true)"
                + " returning key, owner, body, version, created_at, modified_at");
        assertThat(sql.params()).containsExactly(new JsonParam("[]"), 7L, "notes");
    }

    @Test
    void upserts_with_one_fingerprint_share_a_transaction_lock() {
        Sql sql = DocumentWriteSql.upsertLock("7/notes/null/abc");
        assertThat(sql.text()).isEqualTo("select pg_advisory_xact_lock(hashtextextended($1, 0))");
        assertThat(sql.params()).containsExactly("7/notes/null/abc");
    }

    @Test
    void the_purge_removes_expired_rows_and_deleted_rows_past_the_retention() {
        assertThat(DocumentWriteSql.purgeExpired().text()).isEqualTo("delete from documents where expires_at < now()"
                + " and (project_id, collection) not in (select project_id, storage from collection_storages"
                + " where dropped_at is not null)");
        Sql deleted = DocumentWriteSql.purgeDeleted(86_400);
        assertThat(deleted.text()).isEqualTo("delete from documents where state = 'deleted' and state_at < now()"
                + " - make_interval(secs => $1)");
        assertThat(deleted.params()).containsExactly(86_400.0);
    }

    @Test
    void the_catalog_checks_and_creates_collections_telling_whether_another_transaction_committed_them() {
        Sql exists = CollectionSql.exists(7, "notes");
        assertThat(exists.text()).isEqualTo("select count(*) > 0 as found, coalesce(bool_and(created_at < now()), false)"
                + " as settled, min(storage) as storage from collections where project_id = $1 and name = $2");
        assertThat(exists.params()).containsExactly(7L, "notes");
        Sql ensure = CollectionSql.ensure(7, "notes");
        assertThat(ensure.text()).isEqualTo("with created as (insert into collections (project_id, name) values ($1, $2)"
                + " on conflict do nothing returning storage) select coalesce((select storage from created), (select storage"
                + " from collections where project_id = $3 and name = $4)) as storage, exists (select 1 from collections"
                + " where project_id = $5 and name = $6 and created_at < now()) as settled");
        assertThat(ensure.params()).containsExactly(7L, "notes", 7L, "notes", 7L, "notes");
    }
}
