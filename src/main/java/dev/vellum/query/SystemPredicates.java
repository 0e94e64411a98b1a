package dev.vellum.query;

import dev.vellum.sql.SqlBuilder;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Renders predicates on system-field columns with typed parameters. Only {@code owner} is
 * nullable, so its predicates carry explicit null handling to stay true/false.
 */
final class SystemPredicates {

    private SystemPredicates() {
    }

    static void eq(SystemField field, JsonNode value, SqlBuilder sql) {
        if (field == SystemField.USERKEY) {
            if (value.isNull()) {
                sql.sql("(owner is null)");
            } else {
                sql.sql("(owner is not null and owner = ").param(typed(field, value)).sql(")");
            }
            return;
        }
        sql.sql("(").sql(field.column()).sql(" = ").param(typed(field, value)).sql(")");
    }

    static void ne(SystemField field, JsonNode value, SqlBuilder sql) {
        if (field == SystemField.USERKEY) {
            if (value.isNull()) {
                sql.sql("(owner is not null)");
            } else {
                sql.sql("(owner is distinct from ").param(typed(field, value)).sql(")");
            }
            return;
        }
        sql.sql("(").sql(field.column()).sql(" <> ").param(typed(field, value)).sql(")");
    }

    static void in(SystemField field, JsonNode values, SqlBuilder sql) {
        boolean hasNull = false;
        List<Object> typed = new ArrayList<>();
        for (JsonNode value : values) {
            if (value.isNull() && field == SystemField.USERKEY) {
                hasNull = true;
            } else {
                typed.add(typed(field, value));
            }
        }
        switch (field) {
            case KEY -> anyOf("key", typed.toArray(String[]::new), "text[]", sql);
            case VERSION -> anyOf("version", typed.toArray(Long[]::new), "bigint[]", sql);
            case USERKEY -> {
                if (typed.isEmpty()) {
                    sql.sql(hasNull ? "(owner is null)" : "(false)");
                } else {
                    sql.sql(hasNull ? "(owner is null or " : "(owner is not null and ");
                    sql.sql("owner = any(").param(typed.toArray(String[]::new), "text[]").sql("))");
                }
            }
            // timestamps: one equality each, as not every driver binds timestamptz[]
            case CREATED_AT, MODIFIED_AT -> {
                if (typed.isEmpty()) {
                    sql.sql("(false)");
                    return;
                }
                sql.sql("(");
                for (int i = 0; i < typed.size(); i++) {
                    sql.sql(i == 0 ? "" : " or ").sql(field.column()).sql(" = ").param(typed.get(i));
                }
                sql.sql(")");
            }
        }
    }

    static void range(SystemField field, Op op, JsonNode bound, SqlBuilder sql) {
        String guard = field == SystemField.USERKEY ? "owner is not null and " : "";
        sql.sql("(").sql(guard).sql(field.column()).sql(" ").sql(op.sqlRange()).sql(" ")
                .param(typed(field, bound)).sql(")");
    }

    /** A text operator on {@code _key} or {@code _userkey}; an absent owner matches nothing. */
    static void text(SystemField field, Op op, String operand, SqlBuilder sql) {
        if (field != SystemField.KEY && field != SystemField.USERKEY) {
            throw QueryErrors.invalid(field.publicName(), op.token() + " applies to text, not to " + field.publicName());
        }
        String guard = field == SystemField.USERKEY ? "owner is not null and " : "";
        sql.sql("(").sql(guard).sql(field.column()).sql(" ilike ")
                .param(TextPattern.forString(op, operand), "text").sql(TextPattern.ESCAPE_CLAUSE).sql(")");
    }

    static void exists(SystemField field, boolean exists, SqlBuilder sql) {
        if (field == SystemField.USERKEY) {
            sql.sql(exists ? "(owner is not null)" : "(owner is null)");
        } else {
            sql.sql(exists ? "(true)" : "(false)");
        }
    }

    private static void anyOf(String column, Object[] values, String cast, SqlBuilder sql) {
        if (values.length == 0) {
            sql.sql("(false)");
        } else {
            sql.sql("(").sql(column).sql(" = any(").param(values, cast).sql("))");
        }
    }

    private static Object typed(SystemField field, JsonNode value) {
        return SystemValues.convert(field, value, field.publicName());
    }
}
