package dev.vellum.projects;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.sql.Sql;
import org.junit.jupiter.api.Test;

/** The statements on the projects table, on exact SQL text and parameters, without a database. */
class ProjectSqlTest {

    @Test
    void each_setting_is_read_under_its_own_key_by_primary_key() {
        Sql limits = ProjectSql.setting(7L, ProjectSetting.RATE_LIMITS);
        assertThat(limits.text()).isEqualTo("select settings -> 'rate_limits' as setting from projects where id = $1");
        assertThat(limits.params()).containsExactly(7L);
        assertThat(ProjectSql.setting(7L, ProjectSetting.PUBLIC_USER_FIELDS).text())
                .isEqualTo("select settings -> 'public_user_fields' as setting from projects where id = $1");
        assertThat(ProjectSql.setting(7L, ProjectSetting.RELATIONSHIP_PAIRS).text())
                .isEqualTo("select settings -> 'relationship_pairs' as setting from projects where id = $1");
    }

    @Test
    void jwt_secret_by_primary_key() {
        Sql sql = ProjectSql.jwtSecret(7L);
        assertThat(sql.text()).isEqualTo("select jwt_secret from projects where id = $1");
        assertThat(sql.params()).containsExactly(7L);
    }

    @Test
    void the_default_project_is_inserted_once_and_found_by_name() {
        byte[] secret = {1, 2, 3};
        Sql insert = ProjectSql.insertDefault(secret);
        assertThat(insert.text()).isEqualTo("insert into projects (name, jwt_secret) values ($1, $2)"
                + " on conflict (name) do nothing returning id");
        assertThat(insert.params()).containsExactly("default", secret);
        Sql id = ProjectSql.defaultId();
        assertThat(id.text()).isEqualTo("select id from projects where name = $1");
        assertThat(id.params()).containsExactly("default");
    }
}
