package dev.vellum.users;

import dev.vellum.query.Condition;
import dev.vellum.query.ConditionRenderer;
import dev.vellum.query.SortKey;
import dev.vellum.query.SortRenderer;
import dev.vellum.sql.Sql;
import dev.vellum.sql.SqlBuilder;
import java.util.List;

/**
 * The filtered queries of user management (statements on one row are {@link AppUserSql}).
 * Filters reuse the documents' {@link ConditionRenderer} and {@link SortRenderer} over a
 * subquery that shows one project's {@code app_users} under the column names they expect
 * ({@code key}, {@code modified_at}) with {@code body} = {@code {"email", "roles", "data"}}, so
 * the password hash can never be filtered on or leak.
 * Postgres inlines the subquery, so the project condition still uses the primary key.
 */
final class UserQuerySql {

    private static final String COLUMNS =
            "project_id, key as id, email, roles, data, created_at, modified_at as updated_at, version, token_version";

    private UserQuerySql() {
    }

    /** A page and one row more than {@code limit}, which only says whether a next page exists. */
    static Sql query(long projectId, Condition match, List<SortKey> sort, int limit, int offset) {
        SqlBuilder sql = new SqlBuilder().sql("select " + COLUMNS + " from ");
        return matching(sql, projectId, match, sort, limit + 1, offset);
    }

    /** The first match in {@code sort} order. */
    static Sql findOne(long projectId, Condition match, List<SortKey> sort) {
        return matching(new SqlBuilder().sql("select " + COLUMNS + " from "), projectId, match, sort, 1, 0);
    }

    static Sql count(long projectId, Condition match) {
        return where(new SqlBuilder().sql("select count(*) as total from "), projectId, match).build();
    }

    /** The number of matches, but at most {@code cap}. */
    static Sql cappedCount(long projectId, Condition match, long cap) {
        return where(new SqlBuilder().sql("select count(*) as total from (select 1 from "), projectId, match)
                .sql(" limit ").param(cap).sql(") as capped").build();
    }

    /** The planner's estimate of the number of matches; nothing is read. */
    static Sql plannedCount(long projectId, Condition match) {
        return where(new SqlBuilder().sql("explain (format json) select 1 from "), projectId, match).build();
    }

    private static Sql matching(SqlBuilder sql, long projectId, Condition match, List<SortKey> sort, int limit, int offset) {
        where(sql, projectId, match).sql(" ");
        SortRenderer.render(sort, sql);
        return sql.sql(" limit ").param((long) limit).sql(" offset ").param((long) offset).build();
    }

    /** The project's users, then the match. */
    private static SqlBuilder where(SqlBuilder sql, long projectId, Condition match) {
        users(projectId, sql);
        sql.sql(" where ");
        ConditionRenderer.render(match, sql);
        return sql;
    }

    private static void users(long projectId, SqlBuilder sql) {
        sql.sql("(select project_id, id as key, email, roles, data, created_at, updated_at as modified_at, version,"
                + " token_version, jsonb_build_object('email', email, 'roles', roles, 'data', data) as body"
                + " from app_users where project_id = ").param(projectId).sql(") as users");
    }
}
