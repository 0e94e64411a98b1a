package dev.vellum.query;

import dev.vellum.query.Condition.All;
import dev.vellum.query.Condition.Any;
import dev.vellum.query.Condition.Compare;
import dev.vellum.query.Condition.Exists;
import dev.vellum.query.Condition.IsNull;
import dev.vellum.query.Condition.Not;
import dev.vellum.sql.SqlBuilder;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Renders a {@link Condition} as one parenthesized SQL boolean over {@code documents}. Client
 * paths and values only ever become bound parameters. Every node under a {@code not} is
 * NULL-free, so {@code not (...)} is exact negation: {@code $ne}/{@code $nin} match documents missing the field.
 * Equality follows MongoDB ({@link BodyPredicates}): {@code a.b} matches {@code {"a": [{"b": 1}]}};
 * a digit segment ({@code a.0.b}) indexes an array instead, and ranges never fan out.
 */
public final class ConditionRenderer {

    private ConditionRenderer() {
    }

    public static void render(Condition condition, SqlBuilder sql) {
        render(condition, true, sql);
    }

    /**
     * {@code positive}: no {@code not} above this node, so SQL NULL would filter the row out just
     * as false does. Ranges then drop their NULL guard and render in the shape an expression
     * index matches ({@link BodyPredicates#range}).
     */
    private static void render(Condition condition, boolean positive, SqlBuilder sql) {
        if (condition instanceof All all) {
            junction(all.conditions(), " and ", "(true)", positive, sql);
        } else if (condition instanceof Any any) {
            junction(any.conditions(), " or ", "(false)", positive, sql);
        } else if (condition instanceof Not not) {
            negate(not.condition(), positive, sql);
        } else if (condition instanceof Exists exists) {
            if (exists.field() instanceof SystemField system) {
                SystemPredicates.exists(system, exists.exists(), sql);
            } else {
                BodyPredicates.exists((BodyPath) exists.field(), exists.exists(), sql);
            }
        } else if (condition instanceof IsNull isNull) {
            if (isNull.field() instanceof SystemField system) {
                SystemPredicates.exists(system, !isNull.isNull(), sql);
            } else {
                BodyPredicates.isNull((BodyPath) isNull.field(), isNull.isNull(), sql);
            }
        } else if (condition instanceof Compare compare) {
            compare(compare, positive, sql);
        } else {
            throw new IllegalStateException("unknown condition " + condition);
        }
    }

    private static void compare(Compare c, boolean positive, SqlBuilder sql) {
        FieldRef field = c.field();
        JsonNode value = c.value();
        if (field instanceof SystemField system) {
            switch (c.op()) {
                case EQ -> SystemPredicates.eq(system, value, sql);
                case NE -> SystemPredicates.ne(system, value, sql);
                case IN -> SystemPredicates.in(system, requireArray(c), sql);
                case NIN -> negate(new Compare(field, Op.IN, value), positive, sql);
                case GT, GTE, LT, LTE -> SystemPredicates.range(system, c.op(), value, sql);
                case CONTAINS, STARTSWITH, ENDSWITH -> SystemPredicates.text(system, c.op(), requireString(c), sql);
            }
            return;
        }
        BodyPath path = (BodyPath) field;
        switch (c.op()) {
            case EQ -> BodyPredicates.eq(path, value, sql);
            case NE -> negate(new Compare(field, Op.EQ, value), positive, sql);
            case IN -> render(new Any(equalities(path, requireArray(c))), positive, sql);
            case NIN -> negate(new Compare(field, Op.IN, value), positive, sql);
            case GT, GTE, LT, LTE -> BodyPredicates.range(path, c.op(), value, positive, sql);
            case CONTAINS, STARTSWITH, ENDSWITH -> BodyPredicates.text(path, c.op(), requireString(c), sql);
        }
    }

    private static List<Condition> equalities(BodyPath path, JsonNode values) {
        List<Condition> equalities = new ArrayList<>();
        for (JsonNode value : values) {
            equalities.add(new Compare(path, Op.EQ, value));
        }
        return equalities;
    }

    private static JsonNode requireArray(Compare c) {
        if (!c.value().isArray()) {
            throw QueryErrors.invalid(c.field().publicName(), c.op().token() + " needs an array");
        }
        return c.value();
    }

    private static String requireString(Compare c) {
        if (!c.value().isString()) {
            throw QueryErrors.invalid(c.field().publicName(), c.op().token() + " needs a string");
        }
        return c.value().stringValue();
    }

    private static void negate(Condition condition, boolean positive, SqlBuilder sql) {
        sql.sql("(not ");
        render(condition, !positive, sql);
        sql.sql(")");
    }

    private static void junction(List<Condition> parts, String joiner, String empty, boolean positive, SqlBuilder sql) {
        if (parts.isEmpty()) {
            sql.sql(empty);
            return;
        }
        if (parts.size() == 1) {
            render(parts.get(0), positive, sql);
            return;
        }
        sql.sql("(");
        for (int i = 0; i < parts.size(); i++) {
            sql.sql(i == 0 ? "" : joiner);
            render(parts.get(i), positive, sql);
        }
        sql.sql(")");
    }
}
