package dev.vellum.users;

import dev.vellum.sql.JsonParam;
import dev.vellum.sql.Sql;
import dev.vellum.sql.SqlBuilder;
import dev.vellum.sql.SqlTime;

/**
 * The statements on one {@code app_users} row by id or email: insert, read, change, delete. A
 * signed-in user's own changes carry its token's {@code token_version}, so a token revoked
 * between the caller filter and the write changes nothing.
 */
final class AppUserSql {

    static final String COLUMNS = "project_id, id, email, roles, data, created_at, updated_at, version, token_version";
    static final String RETURNING = " returning " + COLUMNS;
    /** Timestamps keep milliseconds, like documents', so they render as ISO-8601 with milliseconds unchanged. */
    static final String NOW = SqlTime.NOW;

    private AppUserSql() {
    }

    /** A new user; {@code roles} and {@code data} are JSON text, bound as jsonb. */
    static Sql insert(long projectId, String id, String email, String passwordHash, String roles, String data) {
        return new SqlBuilder()
                .sql("insert into app_users (project_id, id, email, password_hash, roles, data, created_at, updated_at) values (")
                .param(projectId).sql(", ").param(id).sql(", ").param(email).sql(", ").param(passwordHash).sql(", ")
                .param(new JsonParam(roles), "jsonb").sql(", ").param(new JsonParam(data), "jsonb")
                .sql(", " + NOW + ", " + NOW + ")" + RETURNING)
                .build();
    }

    /** The user with this email, compared case-insensitively (the unique index is on {@code lower(email)}), with its hash. */
    static Sql byEmail(long projectId, String email) {
        return new SqlBuilder().sql("select " + COLUMNS + ", password_hash from app_users where project_id = ")
                .param(projectId).sql(" and lower(email) = lower(").param(email).sql(")").build();
    }

    static Sql byId(long projectId, String id) {
        return new SqlBuilder().sql("select " + COLUMNS + " from app_users where project_id = ").param(projectId)
                .sql(" and id = ").param(id).build();
    }

    /** The users with these ids in one statement; absent ids match no row. */
    static Sql byIds(long projectId, String[] ids) {
        return new SqlBuilder().sql("select " + COLUMNS + " from app_users where project_id = ").param(projectId)
                .sql(" and id = any(").param(ids, "text[]").sql(")").build();
    }

    /**
     * Changes only what is given (null keeps it): {@code data} is merged at the top level
     * ({@code ||}), a new password hash moves {@code token_version} on so tokens issued before stop working.
     */
    static Sql update(long projectId, String id, String email, String passwordHash, String roles, String dataMerge) {
        return changes(email, passwordHash, roles, dataMerge).sql(" where project_id = ").param(projectId)
                .sql(" and id = ").param(id).sql(RETURNING).build();
    }

    /** {@link #update} of the caller's own row, only while its token version is {@code tokenVersion}; roles never change. */
    static Sql updateOwn(long projectId, String id, long tokenVersion, String email, String passwordHash, String dataMerge) {
        return changes(email, passwordHash, null, dataMerge).sql(" where project_id = ").param(projectId)
                .sql(" and id = ").param(id).sql(" and token_version = ").param(tokenVersion).sql(RETURNING).build();
    }

    static Sql delete(long projectId, String id) {
        return deleting(projectId, id).build();
    }

    /** {@link #delete} of the caller's own row, only while its token version is {@code tokenVersion}. */
    static Sql deleteOwn(long projectId, String id, long tokenVersion) {
        return deleting(projectId, id).sql(" and token_version = ").param(tokenVersion).build();
    }

    private static SqlBuilder deleting(long projectId, String id) {
        return new SqlBuilder().sql("delete from app_users where project_id = ").param(projectId).sql(" and id = ").param(id);
    }

    private static SqlBuilder changes(String email, String passwordHash, String roles, String dataMerge) {
        SqlBuilder sql = new SqlBuilder().sql("update app_users set version = version + 1, updated_at = " + NOW);
        if (email != null) {
            sql.sql(", email = ").param(email);
        }
        if (passwordHash != null) {
            sql.sql(", password_hash = ").param(passwordHash).sql(", token_version = token_version + 1");
        }
        if (roles != null) {
            sql.sql(", roles = ").param(new JsonParam(roles), "jsonb");
        }
        if (dataMerge != null) {
            sql.sql(", data = data || ").param(new JsonParam(dataMerge), "jsonb");
        }
        return sql;
    }
}
