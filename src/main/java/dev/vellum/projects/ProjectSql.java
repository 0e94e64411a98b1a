package dev.vellum.projects;

import dev.vellum.sql.Sql;
import dev.vellum.sql.SqlBuilder;

/** The statements on the {@code projects} table: a settings entry, the JWT secret, the default project. */
public final class ProjectSql {

    /** The project every fresh database starts with (see the README's first start). */
    static final String DEFAULT_NAME = "default";

    private ProjectSql() {
    }

    /** One entry of the project's settings as column {@code setting}: SQL NULL when absent, no row for an unknown project. */
    public static Sql setting(long projectId, ProjectSetting setting) {
        // The key is one of our constants, so it goes in as a literal like any other identifier.
        return new SqlBuilder().sql("select settings -> '" + setting.key() + "' as setting from projects where id = ")
                .param(projectId).build();
    }

    public static Sql jwtSecret(long projectId) {
        return new SqlBuilder().sql("select jwt_secret from projects where id = ").param(projectId).build();
    }

    /** Creates the default project unless it exists: its id comes back only when it was created now. */
    public static Sql insertDefault(byte[] jwtSecret) {
        return new SqlBuilder().sql("insert into projects (name, jwt_secret) values (").param(DEFAULT_NAME).sql(", ")
                .param(jwtSecret).sql(") on conflict (name) do nothing returning id").build();
    }

    public static Sql defaultId() {
        return new SqlBuilder().sql("select id from projects where name = ").param(DEFAULT_NAME).build();
    }
}
