package dev.vellum.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.sql.JsonParam;
import dev.vellum.sql.Sql;
import org.junit.jupiter.api.Test;

/** The statements on one user row, on exact SQL text and parameters, without a database. */
class AppUserSqlTest {

    private static final String COLUMNS = "project_id, id, email, roles, data, created_at, updated_at, version, token_version";
    private static final String NOW = "date_trunc('milliseconds', now())";

    @Test
    void insert_binds_every_value_and_returns_the_user() {
        Sql sql = AppUserSql.insert(7L, "u1", "a@example.com", "$2a$hash", "[\"admin\"]", "{\"a\":1}");
        assertThat(sql.text()).isEqualTo("insert into app_users (project_id, id, email, password_hash, roles, data,"
                + " created_at, updated_at) values ($1, $2, $3, $4, $5::jsonb, $6::jsonb, " + NOW + ", " + NOW + ")"
                + " returning " + COLUMNS);
        assertThat(sql.params()).containsExactly(7L, "u1", "a@example.com", "$2a$hash",
                new JsonParam("[\"admin\"]"), new JsonParam("{\"a\":1}"));
    }

    @Test
    void by_email_compares_case_insensitively_and_returns_the_hash() {
        Sql sql = AppUserSql.byEmail(7L, "A@example.com");
        assertThat(sql.text()).isEqualTo("select " + COLUMNS + ", password_hash from app_users"
                + " where project_id = $1 and lower(email) = lower($2)");
        assertThat(sql.params()).containsExactly(7L, "A@example.com");
    }

    @Test
    void by_id_and_by_ids_never_select_the_hash() {
        Sql one = AppUserSql.byId(7L, "u1");
        assertThat(one.text()).isEqualTo("select " + COLUMNS + " from app_users where project_id = $1 and id = $2");
        assertThat(one.params()).containsExactly(7L, "u1");
        Sql many = AppUserSql.byIds(7L, new String[] {"u1", "u2"});
        assertThat(many.text()).isEqualTo("select " + COLUMNS + " from app_users where project_id = $1 and id = any($2::text[])");
        assertThat(many.params()).containsExactly(7L, new String[] {"u1", "u2"});
    }

    @Test
    void update_sets_only_what_changes_and_a_new_password_moves_the_token_version() {
        Sql sql = AppUserSql.update(7L, "u1", null, "$2a$hash", null, "{\"a\":1}");
        assertThat(sql.text()).isEqualTo("update app_users set version = version + 1,"
                + " updated_at = " + NOW + ", password_hash = $1, token_version = token_version + 1,"
                + " data = data || $2::jsonb where project_id = $3 and id = $4 returning " + COLUMNS);
        assertThat(sql.params()).containsExactly("$2a$hash", new JsonParam("{\"a\":1}"), 7L, "u1");
        Sql other = AppUserSql.update(7L, "u1", "x@example.com", null, "[\"a\"]", null);
        assertThat(other.text()).isEqualTo("update app_users set version = version + 1, updated_at = " + NOW
                + ", email = $1, roles = $2::jsonb where project_id = $3 and id = $4 returning " + COLUMNS);
        assertThat(other.params()).containsExactly("x@example.com", new JsonParam("[\"a\"]"), 7L, "u1");
    }

    @Test
    void update_own_is_guarded_by_the_token_version_and_never_sets_roles() {
        Sql sql = AppUserSql.updateOwn(7L, "u1", 3L, "x@example.com", "$2a$hash", "{}");
        assertThat(sql.text()).isEqualTo("update app_users set version = version + 1, updated_at = " + NOW
                + ", email = $1, password_hash = $2, token_version = token_version + 1, data = data || $3::jsonb"
                + " where project_id = $4 and id = $5 and token_version = $6 returning " + COLUMNS);
        assertThat(sql.params()).containsExactly("x@example.com", "$2a$hash", new JsonParam("{}"), 7L, "u1", 3L);
        Sql dataOnly = AppUserSql.updateOwn(7L, "u1", 3L, null, null, "{\"a\":1}");
        assertThat(dataOnly.text()).isEqualTo("update app_users set version = version + 1, updated_at = " + NOW
                + ", data = data || $1::jsonb where project_id = $2 and id = $3 and token_version = $4 returning " + COLUMNS);
        assertThat(dataOnly.params()).containsExactly(new JsonParam("{\"a\":1}"), 7L, "u1", 3L);
    }

    @Test
    void delete_and_delete_own() {
        Sql any = AppUserSql.delete(7L, "u1");
        assertThat(any.text()).isEqualTo("delete from app_users where project_id = $1 and id = $2");
        assertThat(any.params()).containsExactly(7L, "u1");
        Sql own = AppUserSql.deleteOwn(7L, "u1", 3L);
        assertThat(own.text()).isEqualTo("delete from app_users where project_id = $1 and id = $2 and token_version = $3");
        assertThat(own.params()).containsExactly(7L, "u1", 3L);
    }
}
