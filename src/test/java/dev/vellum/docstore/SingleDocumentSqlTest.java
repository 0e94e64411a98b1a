package dev.vellum.docstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.auth.Caller;
import dev.vellum.query.Condition;
import dev.vellum.query.SortKey;
import dev.vellum.query.SystemField;
import dev.vellum.sql.Sql;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pins the documents API's own statements: text and parameters, no database. */
class SingleDocumentSqlTest {

    private static final Scope USER = Scope.of(new Caller(7, Caller.KeyKind.PUBLIC, "u1"), "posts");
    private static final String LIVE = "project_id = $1 and collection = $2 and state = 'live'"
            + " and (expires_at is null or expires_at > now()) and owner = $3";
    private static final List<SortKey> OLDEST_FIRST = List.of(new SortKey(SystemField.CREATED_AT, false));

    @Test
    void select_projects_the_body_in_sql_from_one_text_array_parameter() {
        Sql sql = DocumentReadSql.page(USER, Condition.always(), OLDEST_FIRST, 10, 20,
                new String[] {"title", "author.name"});
        assertThat(sql.text()).isEqualTo("select key, owner, vellum_select(body, $1::text[]) as body, version, created_at,"
                + " modified_at from documents where project_id = $2 and collection = $3"
                + " and state = 'live' and (expires_at is null or expires_at > now()) and owner = $4 and (true)"
                + " order by created_at asc, key asc limit $5 offset $6");
        assertThat((String[]) sql.params().get(0)).containsExactly("title", "author.name");
        assertThat(sql.params().subList(1, 6)).containsExactly(7L, "posts", "u1", 11L, 20L);
    }

    @Test
    void a_page_without_select_reads_the_whole_body() {
        Sql sql = DocumentReadSql.page(USER, Condition.always(), OLDEST_FIRST, 10, 0, null);
        assertThat(sql.text()).startsWith("select key, owner, body, version,");
    }

    @Test
    void find_one_reads_one_row_without_counting() {
        Sql sql = DocumentReadSql.first(USER, Condition.always(), OLDEST_FIRST);
        assertThat(sql.text()).isEqualTo("select key, owner, body, version, created_at, modified_at from documents where "
                + LIVE + " and (true) order by created_at asc, key asc limit $4 offset $5");
    }

    @Test
    void a_guarded_replace_checks_the_version_in_the_same_statement() {
        Sql sql = DocumentWriteSql.replace(USER, "k1", "{\"a\":1}", "[]", 3L);
        assertThat(sql.text()).isEqualTo("update documents set body = vellum_apply_sets($1::jsonb, $2::jsonb, "
                + "to_char(date_trunc('milliseconds', now()) at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')),"
                + " version = version + 1, modified_at = date_trunc('milliseconds', now()) where project_id = $3"
                + " and collection = $4 and state = 'live' and (expires_at is null or expires_at > now()) and owner = $5"
                + " and key = $6 and version = $7 returning key, owner, body, version, created_at, modified_at");
        assertThat(sql.params().subList(2, 7)).containsExactly(7L, "posts", "u1", "k1", 3L);
    }

    @Test
    void delete_leaves_a_tombstone_without_a_restore_ref() {
        Sql sql = DocumentWriteSql.delete(USER, "k1", null);
        assertThat(sql.text()).startsWith("update documents set state = 'deleted', state_ref = null, state_at = "
                + "date_trunc('milliseconds', now()), version = version + 1");
        assertThat(sql.text()).endsWith(" and key = $4");
    }

    @Test
    void merge_applies_the_assignments_to_the_stored_body_under_the_version_guard() {
        Sql sql = DocumentWriteSql.merge(USER, "k1", "[{\"p\":[\"a\"],\"v\":1}]", 3L);
        assertThat(sql.text()).isEqualTo("update documents set body = vellum_apply_sets(body, $1::jsonb, "
                + "to_char(date_trunc('milliseconds', now()) at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')),"
                + " version = version + 1, modified_at = date_trunc('milliseconds', now()) where project_id = $2"
                + " and collection = $3 and state = 'live' and (expires_at is null or expires_at > now()) and owner = $4"
                + " and key = $5 and version = $6 returning key, owner, body, version, created_at, modified_at");
        assertThat(sql.params().subList(1, 6)).containsExactly(7L, "posts", "u1", "k1", 3L);
    }

    @Test
    void an_unguarded_merge_has_no_version_condition() {
        Sql sql = DocumentWriteSql.merge(USER, "k1", "[]", null);
        assertThat(sql.text()).endsWith(" and key = $5 returning key, owner, body, version, created_at, modified_at");
        assertThat(sql.params()).hasSize(5);
    }

    @Test
    void a_stream_with_select_projects_the_body_and_keeps_no_count() {
        Sql sql = DocumentReadSql.stream(USER, Condition.always(), OLDEST_FIRST, 5, 0, new String[] {"title"});
        assertThat(sql.text()).isEqualTo("select key, owner, vellum_select(body, $1::text[]) as body, version, created_at,"
                + " modified_at from documents where project_id = $2 and collection = $3 and state = 'live'"
                + " and (expires_at is null or expires_at > now()) and owner = $4 and (true)"
                + " order by created_at asc, key asc limit $5");
        assertThat(sql.params().subList(1, 5)).containsExactly(7L, "posts", "u1", 5L);
    }

    @Test
    void by_keys_reads_live_documents_with_one_array_parameter() {
        Sql sql = DocumentReadSql.byKeys(USER, new String[] {"a", "b"});
        assertThat(sql.text()).isEqualTo("select key, owner, body, version, created_at, modified_at from documents where "
                + LIVE + " and key = any($4::text[])");
        assertThat((String[]) sql.params().get(3)).containsExactly("a", "b");
    }
}
