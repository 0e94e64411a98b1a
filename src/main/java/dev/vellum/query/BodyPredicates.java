package dev.vellum.query;

import dev.vellum.sql.SqlBuilder;
import tools.jackson.databind.JsonNode;

/**
 * Renders predicates on body paths. Paths bind as {@code text[]} or as lax {@code jsonpath}
 * ({@link JsonPathText}), values as {@code jsonb}. Equality follows MongoDB: a dotted path fans
 * out over arrays of objects, and a value found there matches when it equals the operand or is an
 * array with an element equal to it. It renders as {@code body @? jsonpath}, which the GIN
 * {@code jsonb_path_ops} index serves; an object or array operand adds an exact check to that
 * narrowing. A path with a segment that may index an array is read with {@code body #> path}
 * instead (no fan-out). Every predicate is true or false, never SQL NULL.
 */
final class BodyPredicates {

    private BodyPredicates() {
    }

    static void eq(BodyPath path, JsonNode value, SqlBuilder sql) {
        if (path.mayIndexArray()) {
            eqByPointer(path, value, sql);
        } else if (value.isNull()) {
            // nothing at the path, or null there (alone or in an array)
            sql.sql("(not (body @? ").param(JsonPathText.values(path.segments()), "jsonpath").sql(") or body @? ");
            sql.param(JsonPathText.equalTo(path.segments(), value), "jsonpath").sql(")");
        } else if (value.isContainer()) {
            String narrowing = JsonPathText.narrowing(path.segments(), value);
            sql.sql("(");
            if (!narrowing.isEmpty()) {
                sql.sql("body @? ").param(narrowing, "jsonpath").sql(" and ");
            }
            sql.sql("exists (select 1 from jsonb_path_query(body, ").param(JsonPathText.values(path.segments()), "jsonpath");
            sql.sql(") as f(v) where ");
            equalOrHeld(value, sql).sql("))");
        } else {
            sql.sql("(body @? ").param(JsonPathText.equalTo(path.segments(), value), "jsonpath").sql(")");
        }
    }

    /** Equality without fan-out: a missing field is "equal" only to null. */
    private static void eqByPointer(BodyPath path, JsonNode value, SqlBuilder sql) {
        if (value.isContainer()) {
            sql.sql("(exists (select 1 from (select ");
            pointer(path, sql).sql(") as f(v) where ");
            equalOrHeld(value, sql).sql("))");
            return;
        }
        sql.sql("(coalesce(");
        pointer(path, sql).sql(" = ").param(JsonText.param(value), "jsonb").sql(" or ");
        pointer(path, sql).sql(" @> ").param(JsonText.param(JsonText.inArray(value)), "jsonb");
        sql.sql(value.isNull() ? ", true))" : ", false))");
    }

    /** {@code v} equals the object or array, or is an array with an element equal to it. */
    private static SqlBuilder equalOrHeld(JsonNode value, SqlBuilder sql) {
        sql.sql("v = ").param(JsonText.param(value), "jsonb");
        sql.sql(" or exists (select 1 from jsonb_path_query(v, 'lax $[*]') as e(x) where x = ");
        return sql.param(JsonText.param(value), "jsonb").sql(")");
    }

    /**
     * Type-bracketed range: only a present value of the bound's JSON type can satisfy it. Where
     * no {@code not} is above it ({@code positive}), a missing value may make it SQL NULL, which
     * filters the row out like false; the guard is then exactly the predicate of a typed partial
     * expression index ({@code jsonb_typeof(body #> path) = 'number'}), so such an index serves
     * it. Under a {@code not} it is NULL-free.
     */
    static void range(BodyPath path, Op op, JsonNode bound, boolean positive, SqlBuilder sql) {
        sql.sql(positive ? "(jsonb_typeof(" : "(coalesce(jsonb_typeof(");
        pointer(path, sql).sql(positive ? ") = '" : "), '') = '").sql(jsonType(bound)).sql("' and ");
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
