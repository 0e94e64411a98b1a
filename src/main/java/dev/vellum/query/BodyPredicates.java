package dev.vellum.query;

import dev.vellum.sql.SqlBuilder;
import tools.jackson.databind.JsonNode;

/**
 * Renders predicates on body paths. Paths bind as {@code text[]}, values as {@code jsonb}.
 * Equality uses {@code body @> ...} so the GIN {@code jsonb_path_ops} index narrows rows; a
 * path with a segment that may index an array cannot be written as containment and uses
 * {@code body #> path} instead. Every predicate is true or false, never SQL NULL.
 */
final class BodyPredicates {

    private BodyPredicates() {
    }

    static void eq(BodyPath path, JsonNode value, SqlBuilder sql) {
        if (path.mayIndexArray()) {
            eqByPointer(path, value, sql);
        } else if (value.isNull()) {
            sql.sql("(");
            pointer(path, sql).sql(" is null or body @> ");
            sql.param(JsonText.nested(path.segments(), value), "jsonb").sql(" or body @> ");
            sql.param(JsonText.nested(path.segments(), JsonText.inArray(value)), "jsonb").sql(")");
        } else if (value.isContainer()) {
            // containment is looser than equality for objects and arrays: narrow, then check exactly
            sql.sql("(body @> ").param(JsonText.nested(path.segments(), value), "jsonb").sql(" and ");
            pointer(path, sql).sql(" = ").param(JsonText.param(value), "jsonb").sql(")");
        } else {
            sql.sql("(body @> ").param(JsonText.nested(path.segments(), value), "jsonb").sql(" or body @> ");
            sql.param(JsonText.nested(path.segments(), JsonText.inArray(value)), "jsonb").sql(")");
        }
    }

    /** Equality without containment: a missing field is "equal" only to null. */
    private static void eqByPointer(BodyPath path, JsonNode value, SqlBuilder sql) {
        sql.sql("(coalesce(");
        pointer(path, sql).sql(" = ").param(JsonText.param(value), "jsonb");
        if (!value.isContainer()) {
            sql.sql(" or ");
            pointer(path, sql).sql(" @> ").param(JsonText.param(JsonText.inArray(value)), "jsonb");
        }
        sql.sql(value.isNull() ? ", true))" : ", false))");
    }

    /** Type-bracketed range: only a present value of the bound's JSON type can satisfy it. */
    static void range(BodyPath path, Op op, JsonNode bound, SqlBuilder sql) {
        sql.sql("(coalesce(jsonb_typeof(");
        pointer(path, sql).sql("), '') = '").sql(jsonType(bound)).sql("' and ");
        pointer(path, sql).sql(" ").sql(op.sqlRange()).sql(" ").param(JsonText.param(bound), "jsonb").sql(")");
    }

    /**
     * A text operator: the string itself, or some string element of an array. CASE rather than
     * AND, because Postgres does not promise to evaluate the type guard before
     * {@code jsonb_array_elements}, which fails on anything but an array.
     */
    static void text(BodyPath path, Op op, String operand, SqlBuilder sql) {
        sql.sql("(case jsonb_typeof(");
        pointer(path, sql).sql(") when 'string' then (body #>> ").param(path.toArray(), "text[]");
        sql.sql(") ilike ").param(TextPattern.forString(op, operand), "text").sql(TextPattern.ESCAPE_CLAUSE);
        sql.sql(" when 'array' then exists (select 1 from jsonb_array_elements(");
        pointer(path, sql).sql(") as e(v) where jsonb_typeof(v) = 'string' and (v #>> '{}') ilike ");
        sql.param(TextPattern.forElement(op, operand), "text").sql(TextPattern.ESCAPE_CLAUSE);
        sql.sql(") else false end)");
    }

    /** Missing or JSON null (an array holding null is neither). */
    static void isNull(BodyPath path, boolean isNull, SqlBuilder sql) {
        sql.sql("(coalesce(jsonb_typeof(");
        pointer(path, sql).sql("), 'null') ").sql(isNull ? "=" : "<>").sql(" 'null')");
    }

    static void exists(BodyPath path, boolean exists, SqlBuilder sql) {
        sql.sql("(");
        pointer(path, sql).sql(exists ? " is not null)" : " is null)");
    }

    static SqlBuilder pointer(BodyPath path, SqlBuilder sql) {
        return sql.sql("body #> ").param(path.toArray(), "text[]");
    }

    private static String jsonType(JsonNode bound) {
        if (bound.isNumber()) {
            return "number";
        }
        if (bound.isString()) {
            return "string";
        }
        if (bound.isBoolean()) {
            return "boolean";
        }
        throw QueryErrors.invalid("", "a range bound must be a string, number or boolean");
    }
}
