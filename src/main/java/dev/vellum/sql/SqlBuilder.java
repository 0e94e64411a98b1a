package dev.vellum.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds one SQL statement from trusted text and bound parameters. Text appended with
 * {@link #sql} must come from Vellum's own code; everything from a client goes through
 * {@link #param}, which appends a {@code $n} placeholder.
 */
public final class SqlBuilder {

    private final StringBuilder text = new StringBuilder();
    private final List<Object> params = new ArrayList<>();

    public SqlBuilder sql(String trusted) {
        text.append(trusted);
        return this;
    }

    /** Appends {@code $n} for the value and remembers the value as parameter n. */
    public SqlBuilder param(Object value) {
        if (value == null) {
            throw new IllegalArgumentException("use NullParam for SQL NULL");
        }
        params.add(value);
        text.append('$').append(params.size());
        return this;
    }

    /** Appends {@code $n::cast} — a placeholder with an explicit type. */
    public SqlBuilder param(Object value, String cast) {
        param(value);
        text.append("::").append(cast);
        return this;
    }

    public int paramCount() {
        return params.size();
    }

    public Sql build() {
        return new Sql(text.toString(), List.copyOf(params));
    }
}
