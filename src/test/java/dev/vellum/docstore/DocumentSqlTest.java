package dev.vellum.docstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.query.Condition;
import dev.vellum.query.MatchParser;
import dev.vellum.query.SortParser;
import dev.vellum.sql.JsonParam;
import dev.vellum.sql.NullParam;
import dev.vellum.sql.Sql;
import dev.vellum.sql.SqlTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Pins the exact statements the Datastore runs, scope first, client data only as parameters. */
class DocumentSqlTest {

    private static final String LIVE = "project_id = $1 and collection = $2 and state = 'live' "
            + "and (expires_at is null or expires_at > now())";
    private static final Scope SERVICE = new Scope(7L, "notes", null);
    private static final Scope USER = new Scope(7L, "notes", "u1");

    private static Condition match(String json) {
        return MatchParser.parse(JsonMapper.builder().build().readTree(json));
    }

    private static final String STATUS_A = "lax $.\"status\" ? (@ == \"a\" && @.type() != \"array\")";

    @Test
    void find_scopes_to_live_documents_of_the_user_then_matches_sorts_and_pages_one_row_past_the_limit() {
        Sql sql = DocumentReadSql.page(USER, match("{\"status\": \"a\"}"), SortParser.DEFAULT, 100, 20, null);
        assertThat(sql.text()).isEqualTo("select key, owner, body, version, created_at, modified_at "
                + "from documents where " + LIVE + " and owner = $3 and (body @? $4::jsonpath) "
                + "order by created_at desc, key asc limit $5 offset $6");
        assertThat(sql.params()).containsExactly(7L, "notes", "u1", STATUS_A, 101L, 20L);
    }

    @Test
    void capped_count_reads_at_most_the_cap_of_the_matches() {
        Sql sql = DocumentReadSql.cappedCount(USER, match("{\"status\": \"a\"}"), 1001);
        assertThat(sql.text()).isEqualTo("select count(*) as total from (select 1 from documents where " + LIVE
                + " and owner = $3 and (body @? $4::jsonpath) limit $5) as capped");
        assertThat(sql.params()).containsExactly(7L, "notes", "u1", STATUS_A, 1001L);
    }

    @Test
    void planned_count_explains_the_matching_rows_without_reading_them() {
        Sql sql = DocumentReadSql.plannedCount(SERVICE, match("{\"status\": \"a\"}"));
        assertThat(sql.text()).isEqualTo("explain (format json) select 1 from documents where " + LIVE
                + " and (body @? $3::jsonpath)");
        assertThat(sql.params()).containsExactly(7L, "notes", STATUS_A);
    }

    @Test
    void stream_is_find_without_the_window_count_or_a_default_limit() {
        Sql sql = DocumentReadSql.stream(USER, match("{\"status\": \"a\"}"), SortParser.DEFAULT, null, 0, null);
        assertThat(sql.text()).isEqualTo("select key, owner, body, version, created_at, modified_at "
                + "from documents where " + LIVE + " and owner = $3 and (body @? $4::jsonpath) "
                + "order by created_at desc, key asc");
        assertThat(sql.params()).containsExactly(7L, "notes", "u1", STATUS_A);
    }

    @Test
    void stream_keeps_an_explicit_limit_and_offset() {
        Sql sql = DocumentReadSql.stream(SERVICE, match("{}"), SortParser.parse("n desc"), 50, 10, null);
        assertThat(sql.text()).isEqualTo("select key, owner, body, version, created_at, modified_at from documents where "
                + LIVE + " and (true) order by body #> $3::text[] desc, key asc limit $4 offset $5");
        assertThat((String[]) sql.params().get(2)).containsExactly("n");
        assertThat(sql.params().subList(3, 5)).containsExactly(50L, 10L);
        Sql offsetOnly = DocumentReadSql.stream(SERVICE, match("{}"), SortParser.DEFAULT, null, 10, null);
        assertThat(offsetOnly.text()).endsWith("order by created_at desc, key asc offset $3");
        assertThat(offsetOnly.params()).containsExactly(7L, "notes", 10L);
    }

    @Test
    void count_without_conditions_is_true() {
        Sql sql = DocumentReadSql.count(SERVICE, match("{}"));
        assertThat(sql.text()).isEqualTo("select count(*) as total from documents where " + LIVE + " and (true)");
        assertThat(sql.params()).containsExactly(7L, "notes");
    }

    @Test
    void insert_pairs_generated_keys_with_documents_by_position_in_one_statement() {
        Sql sql = DocumentWriteSql.insert(SERVICE, new String[] {"k1", "k2"}, "[{\"b\":{},\"s\":[]},{\"b\":{},\"s\":[]}]");
        assertThat(sql.text()).isEqualTo("insert into documents (project_id, collection, key, owner, body, created_at, modified_at) "
                + "select $1, $2, k.key, $3::text, case when jsonb_array_length(d.doc -> 's') = 0 then d.doc -> 'b' "
                + "else vellum_apply_sets(d.doc -> 'b', d.doc -> 's', " + SqlTime.NOW_TEXT + ") end, "
                + SqlTime.NOW + ", " + SqlTime.NOW + " from unnest($4::text[]) with ordinality as k(key, ord) "
                + "join jsonb_array_elements($5::jsonb) with ordinality as d(doc, ord) on d.ord = k.ord" + DocumentWriteSql.RETURNING);
        assertThat(sql.params().get(2)).isEqualTo(new NullParam(String.class));
        assertThat((String[]) sql.params().get(3)).containsExactly("k1", "k2");
    }

    @Test
    void one_document_is_a_plain_insert_of_values_with_the_body_as_one_parameter() {
        Sql sql = DocumentWriteSql.insertOne(USER, "k1", "{\"a\":1}", null);
        assertThat(sql.text()).isEqualTo("insert into documents (project_id, collection, key, owner, body, created_at, modified_at) "
                + "values ($1, $2, $3, $4::text, $5::jsonb, " + SqlTime.NOW + ", " + SqlTime.NOW + ")" + DocumentWriteSql.RETURNING);
        assertThat(sql.params()).containsExactly(7L, "notes", "k1", "u1", new JsonParam("{\"a\":1}"));
    }

    @Test
    void one_document_with_server_timestamps_fills_them_in_within_the_insert() {
        Sql sql = DocumentWriteSql.insertOne(SERVICE, "k1", "{}", "[{\"p\":[\"at\"],\"now\":true}]");
        assertThat(sql.text()).isEqualTo("insert into documents (project_id, collection, key, owner, body, created_at, modified_at) "
                + "values ($1, $2, $3, $4::text, vellum_apply_sets($5::jsonb, $6::jsonb, " + SqlTime.NOW_TEXT + "), "
                + SqlTime.NOW + ", " + SqlTime.NOW + ")" + DocumentWriteSql.RETURNING);
        assertThat(sql.params()).containsExactly(7L, "notes", "k1", new NullParam(String.class), new JsonParam("{}"),
                new JsonParam("[{\"p\":[\"at\"],\"now\":true}]"));
    }

    @Test
    void a_rest_document_is_rendered_as_json_text_in_sql_with_the_system_fields_first() {
        Sql sql = DocumentReadSql.restDocument(USER, "k1");
        String stamp = "at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";
        assertThat(sql.text()).isEqualTo("select '{\"id\":' || to_json(key)::text || ',\"created_at\":\"' || "
                + "to_char(created_at " + stamp + " || '\",\"updated_at\":\"' || to_char(modified_at " + stamp
                + " || '\",\"_version\":' || version || ',\"_userkey\":' || coalesce(to_json(owner)::text, 'null')"
                + " || case when jsonb_typeof(body) = 'array' then ',\"_value\":' || body::text || '}'"
                + " when shown = '{}'::jsonb then '}' else ',' || substr(shown::text, 2) end as doc, version"
                + " from documents cross join lateral (select body - '{id,created_at,updated_at,_version,_userkey}'::text[]"
                + " as shown) as b where " + LIVE + " and owner = $3 and key = $4");
        assertThat(sql.params()).containsExactly(7L, "notes", "u1", "k1");
    }

    @Test
    void user_inserts_are_owned_by_the_user() {
        Sql sql = DocumentWriteSql.insert(USER, new String[] {"k1"}, "[]");
        assertThat(sql.params().get(2)).isEqualTo("u1");
    }

    @Test
    void update_by_keys_joins_the_batch_in_one_statement() {
        Sql sql = DocumentWriteSql.updateByKeys(USER, "[{\"k\":\"x\",\"s\":[]}]");
        assertThat(sql.text()).isEqualTo("update documents set body = vellum_apply_sets(body, u.item -> 's', "
                + SqlTime.NOW_TEXT + "), version = version + 1, modified_at = " + SqlTime.NOW
                + " from jsonb_array_elements($1::jsonb) as u(item) where project_id = $2 and collection = $3 and state = 'live' "
                + "and (expires_at is null or expires_at > now()) and owner = $4 and key = u.item ->> 'k'" + DocumentWriteSql.RETURNING);
        assertThat(sql.params()).containsExactly(new JsonParam("[{\"k\":\"x\",\"s\":[]}]"), 7L, "notes", "u1");
    }

    @Test
    void hide_marks_matches_with_the_state_and_ref_as_parameters() {
        Sql sql = DocumentWriteSql.hide(SERVICE, match("{\"n:$gt\": 1}"), HiddenState.ARCHIVED, "arch_1");
        assertThat(sql.text()).startsWith("update documents set state = $1, state_ref = $2, state_at = " + SqlTime.NOW);
        assertThat(sql.text()).endsWith("where project_id = $3 and collection = $4 and state = 'live' "
                + "and (expires_at is null or expires_at > now()) and (jsonb_typeof(body #> $5::text[]) = 'number' "
                + "and body #> $6::text[] > $7::jsonb)");
        assertThat(sql.params().subList(0, 4)).containsExactly("archived", "arch_1", 7L, "notes");
    }

    @Test
    void restore_brings_back_only_the_refs_batch_within_the_owner_scope() {
        Sql sql = DocumentWriteSql.restore(USER, "del_1");
        assertThat(sql.text()).isEqualTo("update documents set state = 'live', state_ref = null, state_at = null, "
                + "version = version + 1, modified_at = " + SqlTime.NOW + " where project_id = $1 and collection = $2 "
                + "and state <> 'live' and state_ref = $3 and owner = $4");
        assertThat(sql.params()).containsExactly(7L, "notes", "del_1", "u1");
    }

    @Test
    void hostile_names_and_values_only_ever_travel_as_parameters() {
        String hostile = "x'); drop table documents; --";
        Scope scope = new Scope(1L, hostile, hostile);
        List<Sql> statements = List.of(
                DocumentReadSql.page(scope, match("{\"" + hostile.replace("\"", "") + "\": \"" + hostile + "\"}"),
                        SortParser.parse("a desc"), 1, 0, null),
                DocumentWriteSql.insert(scope, new String[] {hostile}, "[]"),
                DocumentWriteSql.updateByKeys(scope, hostile),
                DocumentWriteSql.hide(scope, match("{}"), HiddenState.DELETED, hostile),
                DocumentWriteSql.restore(scope, hostile),
                DocumentReadSql.byKeys(scope, new String[] {hostile}),
                DocumentWriteSql.upsertLock(hostile));
        for (Sql sql : statements) {
            assertThat(sql.text()).doesNotContain("drop table").doesNotContain(hostile);
        }
    }
}
