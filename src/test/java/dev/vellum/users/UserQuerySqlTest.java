package dev.vellum.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.error.VellumException;
import dev.vellum.query.BodyPath;
import dev.vellum.query.Condition;
import dev.vellum.query.QueryStringParser;
import dev.vellum.query.SortKey;
import dev.vellum.query.SystemField;
import dev.vellum.sql.JsonParam;
import dev.vellum.sql.Sql;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The user statements and filter checks, on exact SQL text and parameters, without a database. */
class UserQuerySqlTest {

    private static final Set<String> RESERVED = Set.of("sort", "order", "limit", "offset");
    private static final String USERS = "(select project_id, id as key, email, roles, data, created_at,"
            + " updated_at as modified_at, version, token_version,"
            + " jsonb_build_object('email', email, 'roles', roles, 'data', data) as body"
            + " from app_users where project_id = $1) as users";

    private static Condition filters(String... pairs) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            params.put(pairs[i], List.of(pairs[i + 1]));
        }
        return UserFilters.check(QueryStringParser.parse(params, RESERVED));
    }

    @Test
    void query_renders_email_roles_and_data_filters_over_the_users_body() {
        Sql sql = UserQuerySql.query(7L, filters("email", "a@example.com", "roles", "admin", "data.plan", "pro"),
                UserFilters.sort("email", true), 10, 20);
        assertThat(sql.text()).isEqualTo("select project_id, key as id, email, roles, data, created_at,"
                + " modified_at as updated_at, version, token_version from " + USERS
                + " where ((body @? $2::jsonpath) and (body @? $3::jsonpath) and (body @? $4::jsonpath))"
                + " order by body #> $5::text[] desc, key asc limit $6 offset $7");
        String eq = "lax $.%s ? (@ == \"%s\" && @.type() != \"array\")";
        assertThat(sql.params()).containsExactly(7L, eq.formatted("\"email\"", "a@example.com"),
                eq.formatted("\"roles\"", "admin"), eq.formatted("\"data\".\"plan\"", "pro"),
                new String[] {"email"}, 11L, 20L);
    }

    @Test
    void capped_and_planned_counts_run_over_the_same_view() {
        Sql capped = UserQuerySql.cappedCount(7L, filters("id", "u1"), 1001);
        assertThat(capped.text()).isEqualTo("select count(*) as total from (select 1 from " + USERS
                + " where (key = $2) limit $3) as capped");
        assertThat(capped.params()).containsExactly(7L, "u1", 1001L);
        Sql planned = UserQuerySql.plannedCount(7L, filters("id", "u1"));
        assertThat(planned.text()).isEqualTo("explain (format json) select 1 from " + USERS + " where (key = $2)");
        assertThat(planned.params()).containsExactly(7L, "u1");
    }

    @Test
    void count_and_find_one_use_the_same_view_and_id_means_the_key_column() {
        Sql count = UserQuerySql.count(7L, filters("id", "u1"));
        assertThat(count.text()).isEqualTo("select count(*) as total from " + USERS + " where (key = $2)");
        assertThat(count.params()).containsExactly(7L, "u1");
        Sql one = UserQuerySql.findOne(7L, Condition.always(), UserFilters.sort(null, false));
        assertThat(one.text()).endsWith(" where (true) order by created_at asc, key asc limit $2 offset $3");
    }

    @Test
    void role_is_an_alias_of_roles() {
        assertThat(UserFilters.check(QueryStringParser.parse(Map.of("role", List.of("admin")), RESERVED)))
                .isEqualTo(new Condition.All(List.of(new Condition.Compare(BodyPath.of("roles"), dev.vellum.query.Op.EQ,
                        tools.jackson.databind.node.StringNode.valueOf("admin")))));
    }

    @Test
    void filters_on_fields_users_do_not_have_are_refused() {
        for (String key : List.of("password_hash", "name", "data", "email.x", "_userkey", "[or]password")) {
            assertThatThrownBy(() -> filters(key, "x")).as(key).isInstanceOfSatisfying(VellumException.class,
                    e -> assertThat(e.code().name()).isEqualTo("VALIDATION_ERROR"));
        }
    }

    @Test
    void sorts_are_created_at_updated_at_email_or_id() {
        assertThat(UserFilters.sort("updated_at", false)).containsExactly(new SortKey(SystemField.MODIFIED_AT, false));
        assertThat(UserFilters.sort(null, true)).containsExactly(new SortKey(SystemField.CREATED_AT, true));
        assertThatThrownBy(() -> UserFilters.sort("password_hash", false)).isInstanceOf(VellumException.class);
    }
}
