package dev.vellum.users;

import dev.vellum.error.VellumException;
import dev.vellum.query.Condition;
import dev.vellum.query.ConditionRenderer;
import dev.vellum.query.FieldRef;
import dev.vellum.query.SystemField;
import dev.vellum.sql.JsonParam;
import dev.vellum.sql.Sql;
import dev.vellum.sql.SqlBuilder;
import dev.vellum.sql.SqlTime;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The statements behind relationships. Writes are one UPDATE per user whose SET appends to (or
 * removes from) the array it reads, so concurrent writers to one row serialize on the row lock
 * and each sees the others' ids: no lost updates, and the WHERE re-check keeps ids unique.
 * Filters see a user as {@code data} plus {@code email}, through the documents' renderer.
 */
final class RelationshipSql {

    private static final JsonMapper JSON = new JsonMapper();
    private static final String NOW = SqlTime.NOW;

    private RelationshipSql() {
    }

    /** Which users are related: the listed ids, or those whose array holds the user. */
    sealed interface Related {
    }

    /** Ids from the user's own {@code <type>_ids}, answered in list order. */
    record Listed(List<String> ids) implements Related {
    }

    /** Reverse lookup by containment, so the GIN index {@code app_users_data} serves it. */
    record Holding(String field, String userId) implements Related {
    }

    /** The user's {@code data.<field>} (null when the user has none), to tell a listed from a reverse lookup. */
    static Sql listedIds(long projectId, String userId, String field) {
        return new SqlBuilder().sql("select data -> ").param(field, "text").sql(" as ids from app_users where project_id = ")
                .param(projectId).sql(" and id = ").param(userId).build();
    }

    /** One page of related users matching {@code filter}, and one row more that says whether a next page exists. */
    static Sql page(long projectId, Related related, Condition filter, int limit, int offset) {
        SqlBuilder sql = new SqlBuilder().sql("select ").sql(AppUserSql.COLUMNS);
        from(sql, projectId, related, filter);
        sql.sql(" order by ");
        if (related instanceof Listed listed) {
            sql.sql("array_position(").param(listed.ids().toArray(String[]::new), "text[]").sql(", id), id");
        } else {
            sql.sql("created_at, id");
        }
        return sql.sql(" limit ").param(limit + 1L).sql(" offset ").param((long) offset).build();
    }

    /** The number of matches. */
    static Sql count(long projectId, Related related, Condition filter) {
        SqlBuilder sql = new SqlBuilder().sql("select count(*) as total");
        from(sql, projectId, related, filter);
        return sql.build();
    }

    /** The number of matches, but at most {@code cap}. */
    static Sql cappedCount(long projectId, Related related, Condition filter, long cap) {
        SqlBuilder sql = new SqlBuilder().sql("select count(*) as total from (select 1");
        from(sql, projectId, related, filter);
        return sql.sql(" limit ").param(cap).sql(") as capped").build();
    }

    /** The planner's estimate of the number of matches; nothing is read. */
    static Sql plannedCount(long projectId, Related related, Condition filter) {
        SqlBuilder sql = new SqlBuilder().sql("explain (format json) select 1");
        from(sql, projectId, related, filter);
        return sql.build();
    }

    private static void from(SqlBuilder sql, long projectId, Related related, Condition filter) {
        sql.sql(" from (select u.*, u.data || jsonb_build_object('email', u.email) as body from app_users u")
                .sql(" where u.project_id = ").param(projectId).sql(" and ");
        if (related instanceof Listed listed) {
            sql.sql("u.id = any(").param(listed.ids().toArray(String[]::new), "text[]").sql(")");
        } else if (related instanceof Holding holding) {
            sql.sql("u.data @> ").param(new JsonParam(holding(holding.field(), holding.userId())), "jsonb");
        }
        sql.sql(") u where ");
        ConditionRenderer.render(filter, sql);
    }

    /** The type of each named user's data fields, to tell "unknown user" and "not an array" from "already there". */
    static Sql fieldTypes(long projectId, List<String> ids, String field) {
        return new SqlBuilder().sql("select id, jsonb_typeof(data -> ").param(field, "text")
                .sql(") as own_type from app_users where project_id = ").param(projectId)
                .sql(" and id = any(").param(ids.toArray(String[]::new), "text[]").sql(")").build();
    }

    /** Appends {@code relatedId} to {@code field} unless it is there already; an absent field starts as []. */
    static Sql add(long projectId, String userId, String field, String relatedId) {
        SqlBuilder sql = new SqlBuilder().sql("update app_users set data = jsonb_set(data, array[").param(field, "text")
                .sql("], coalesce(data -> ").param(field, "text").sql(", '[]'::jsonb) || jsonb_build_array(")
                .param(relatedId, "text").sql("))");
        written(sql, projectId, userId).sql(" and coalesce(jsonb_typeof(data -> ").param(field, "text")
                .sql("), 'array') = 'array' and not coalesce(data -> ").param(field, "text")
                .sql(", '[]'::jsonb) @> jsonb_build_array(").param(relatedId, "text").sql(")");
        return sql.build();
    }

    /** Removes every occurrence of {@code relatedId} from {@code field} (jsonb {@code -} on an array drops matching strings). */
    static Sql remove(long projectId, String userId, String field, String relatedId) {
        SqlBuilder sql = new SqlBuilder().sql("update app_users set data = jsonb_set(data, array[").param(field, "text")
                .sql("], (data -> ").param(field, "text").sql(") - ").param(relatedId, "text").sql(")");
        written(sql, projectId, userId).sql(" and jsonb_typeof(data -> ").param(field, "text")
                .sql(") = 'array' and (data -> ").param(field, "text").sql(") @> jsonb_build_array(")
                .param(relatedId, "text").sql(")");
        return sql.build();
    }

    /** Only body paths: users have no documents' system fields ({@code _key}, {@code _created_at}, …). */
    static void requireBodyFields(Condition condition) {
        if (condition instanceof Condition.All all) {
            all.conditions().forEach(RelationshipSql::requireBodyFields);
        } else if (condition instanceof Condition.Any any) {
            any.conditions().forEach(RelationshipSql::requireBodyFields);
        } else if (condition instanceof Condition.Not not) {
            requireBodyFields(not.condition());
        } else if (condition instanceof Condition.Compare c) {
            requireBody(c.field());
        } else if (condition instanceof Condition.Exists e) {
            requireBody(e.field());
        } else if (condition instanceof Condition.IsNull n) {
            requireBody(n.field());
        }
    }

    private static void requireBody(FieldRef field) {
        if (field instanceof SystemField) {
            throw VellumException.validation("users can be filtered on email and data fields only",
                    Map.of("field", field.publicName()));
        }
    }

    private static SqlBuilder written(SqlBuilder sql, long projectId, String userId) {
        return sql.sql(", updated_at = ").sql(NOW).sql(", version = version + 1 where project_id = ").param(projectId)
                .sql(" and id = ").param(userId);
    }

    private static String holding(String field, String userId) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.putArray(field).add(userId);
        return JSON.writeValueAsString(json);
    }
}
