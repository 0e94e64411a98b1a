package dev.vellum.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.query.BodyPath;
import dev.vellum.query.Condition;
import dev.vellum.query.Op;
import dev.vellum.sql.JsonParam;
import dev.vellum.sql.Sql;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.StringNode;

/** The relationship statements, on exact SQL text and parameters, without a database. */
class RelationshipSqlTest {

    private static final String COLUMNS = "project_id, id, email, roles, data, created_at, updated_at, version, token_version";
    private static final String USERS = " from (select u.*, u.data || jsonb_build_object('email', u.email) as body"
            + " from app_users u where u.project_id = $1 and ";
    private static final String WRITTEN = ", updated_at = date_trunc('milliseconds', now()), version = version + 1"
            + " where project_id = $4 and id = $5 and ";
    private static final RelationshipSql.Related LISTED = new RelationshipSql.Listed(List.of("u2", "u3"));
    private static final RelationshipSql.Related HOLDING = new RelationshipSql.Holding("followers_ids", "u1");

    @Test
    void listed_ids_reads_the_users_own_field() {
        Sql sql = RelationshipSql.listedIds(7L, "u1", "friends_ids");
        assertThat(sql.text()).isEqualTo("select data -> $1::text as ids from app_users where project_id = $2 and id = $3");
        assertThat(sql.params()).containsExactly("friends_ids", 7L, "u1");
    }

    @Test
    void a_listed_page_keeps_the_list_order_and_filters_on_data_and_email() {
        Condition plan = new Condition.Compare(BodyPath.of("plan"), Op.EQ, StringNode.valueOf("pro"));
        Sql sql = RelationshipSql.page(7L, LISTED, plan, 10, 20);
        assertThat(sql.text()).isEqualTo("select " + COLUMNS + USERS
                + "u.id = any($2::text[])) u where (body @? $3::jsonpath)"
                + " order by array_position($4::text[], id), id limit $5 offset $6");
        assertThat(sql.params()).hasSize(6);
        assertThat(sql.params().get(2).toString()).isEqualTo("lax $.\"plan\" ? (@ == \"pro\" && @.type() != \"array\")");
        assertThat(sql.params().subList(3, 6)).containsExactly(new String[] {"u2", "u3"}, 11L, 20L);
    }

    @Test
    void a_reverse_page_finds_holders_by_containment_in_creation_order() {
        Sql sql = RelationshipSql.page(7L, HOLDING, Condition.always(), 10, 0);
        assertThat(sql.text()).isEqualTo("select " + COLUMNS + USERS
                + "u.data @> $2::jsonb) u where (true) order by created_at, id limit $3 offset $4");
        assertThat(sql.params()).containsExactly(7L, new JsonParam("{\"followers_ids\":[\"u1\"]}"), 11L, 0L);
    }

    @Test
    void count_uses_the_same_rows_as_the_page() {
        Sql listed = RelationshipSql.count(7L, LISTED, Condition.always());
        assertThat(listed.text()).isEqualTo("select count(*) as total" + USERS + "u.id = any($2::text[])) u where (true)");
        assertThat(listed.params()).containsExactly(7L, new String[] {"u2", "u3"});
        Sql holding = RelationshipSql.count(7L, HOLDING, Condition.always());
        assertThat(holding.text()).isEqualTo("select count(*) as total" + USERS + "u.data @> $2::jsonb) u where (true)");
        assertThat(holding.params()).containsExactly(7L, new JsonParam("{\"followers_ids\":[\"u1\"]}"));
    }

    @Test
    void capped_and_planned_counts_use_the_same_rows_as_the_page() {
        Sql capped = RelationshipSql.cappedCount(7L, HOLDING, Condition.always(), 1001);
        assertThat(capped.text()).isEqualTo("select count(*) as total from (select 1" + USERS
                + "u.data @> $2::jsonb) u where (true) limit $3) as capped");
        assertThat(capped.params()).containsExactly(7L, new JsonParam("{\"followers_ids\":[\"u1\"]}"), 1001L);
        Sql planned = RelationshipSql.plannedCount(7L, LISTED, Condition.always());
        assertThat(planned.text()).isEqualTo("explain (format json) select 1" + USERS
                + "u.id = any($2::text[])) u where (true)");
        assertThat(planned.params()).containsExactly(7L, new String[] {"u2", "u3"});
    }

    @Test
    void field_types_reads_the_field_of_both_users() {
        Sql sql = RelationshipSql.fieldTypes(7L, List.of("u1", "u2"), "following_ids");
        assertThat(sql.text()).isEqualTo("select id, jsonb_typeof(data -> $1::text) as own_type"
                + " from app_users where project_id = $2 and id = any($3::text[])");
        assertThat(sql.params()).containsExactly("following_ids", 7L, new String[] {"u1", "u2"});
    }

    @Test
    void add_appends_in_the_update_and_rechecks_the_array_in_its_where() {
        Sql sql = RelationshipSql.add(7L, "u1", "friends_ids", "u2");
        assertThat(sql.text()).isEqualTo("update app_users set data = jsonb_set(data, array[$1::text],"
                + " coalesce(data -> $2::text, '[]'::jsonb) || jsonb_build_array($3::text))" + WRITTEN
                + "coalesce(jsonb_typeof(data -> $6::text), 'array') = 'array'"
                + " and not coalesce(data -> $7::text, '[]'::jsonb) @> jsonb_build_array($8::text)");
        assertThat(sql.params()).containsExactly("friends_ids", "friends_ids", "u2", 7L, "u1", "friends_ids", "friends_ids", "u2");
    }

    @Test
    void remove_drops_the_id_only_where_the_array_holds_it() {
        Sql sql = RelationshipSql.remove(7L, "u1", "friends_ids", "u2");
        assertThat(sql.text()).isEqualTo("update app_users set data = jsonb_set(data, array[$1::text],"
                + " (data -> $2::text) - $3::text)" + WRITTEN
                + "jsonb_typeof(data -> $6::text) = 'array' and (data -> $7::text) @> jsonb_build_array($8::text)");
        assertThat(sql.params()).containsExactly("friends_ids", "friends_ids", "u2", 7L, "u1", "friends_ids", "friends_ids", "u2");
    }
}
