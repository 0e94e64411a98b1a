package dev.vellum.documents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.auth.Caller;
import dev.vellum.datastore.Scope;
import dev.vellum.query.Condition;
import dev.vellum.query.SortKey;
import dev.vellum.query.SystemField;
import dev.vellum.sql.Sql;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pins the documents API's own statements: text and parameters, no database. */
class DocumentsSqlTest {

    private static final Scope USER = Scope.of(new Caller(7, Caller.KeyKind.PUBLIC, "u1"), "posts");
    private static final String LIVE = "project_id = $1 and collection = $2 and state = 'live'"
            + " and (expires_at is null or expires_at > now()) and owner = $3";
    private static final List<SortKey> OLDEST_FIRST = List.of(new SortKey(SystemField.CREATED_AT, false));

    @Test
    void select_projects_the_body_in_sql_from_one_text_array_parameter() {
        Sql sql = DocumentsSql.query(USER, Condition.always(), OLDEST_FIRST, 10, 20,
                Selection.of(List.of("title", "author.name", "created_at")));
        assertThat(sql.text()).isEqualTo("select key, owner, vellum_select(body, $1::text[]) as body, version, created_at,"
                + " modified_at, count(*) over () as total from documents where project_id = $2 and collection = $3"
                + " and state = 'live' and (expires_at is null or expires_at > now()) and owner = $4 and (true)"
                + " order by created_at asc, key asc limit $5 offset $6");
        assertThat((String[]) sql.params().get(0)).containsExactly("title", "author.name");
        assertThat(sql.params().subList(1, 6)).containsExactly(7L, "posts", "u1", 10L, 20L);
    }

    @Test
    void a_page_without_select_reads_the_whole_body() {
        Sql sql = DocumentsSql.query(USER, Condition.always(), OLDEST_FIRST, 10, 0, Selection.ALL);
        assertThat(sql.text()).startsWith("select key, owner, body, version,");
    }

    @Test
    void find_one_reads_one_row_without_counting() {
        Sql sql = DocumentsSql.findOne(USER, Condition.always(), OLDEST_FIRST);
        assertThat(sql.text()).isEqualTo("select key, owner, body, version, created_at, modified_at from documents where "
                + LIVE + " and (true) order by created_at asc, key asc limit $4 offset $5");
    }

    @Test
    void a_guarded_replace_checks_the_version_in_the_same_statement() {
        Sql sql = DocumentsSql.replace(USER, "k1", "{\"a\":1}", "[]", 3L);
        assertThat(sql.text()).isEqualTo("update documents set body = vellum_apply_sets($1::jsonb, $2::jsonb, "
                + "to_char(date_trunc('milliseconds', now()) at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')),"
                + " version = version + 1, modified_at = date_trunc('milliseconds', now()) where project_id = $3"
                + " and collection = $4 and state = 'live' and (expires_at is null or expires_at > now()) and owner = $5"
                + " and key = $6 and version = $7 returning key, owner, body, version, created_at, modified_at");
        assertThat(sql.params().subList(2, 7)).containsExactly(7L, "posts", "u1", "k1", 3L);
    }

    @Test
    void delete_leaves_a_tombstone_without_a_restore_ref() {
        Sql sql = DocumentsSql.delete(USER, "k1", null);
        assertThat(sql.text()).startsWith("update documents set state = 'deleted', state_ref = null, state_at = "
                + "date_trunc('milliseconds', now()), version = version + 1");
        assertThat(sql.text()).endsWith(" and key = $4");
    }
}
