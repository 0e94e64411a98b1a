package dev.vellum.store;

import dev.vellum.sql.JsonParam;
import dev.vellum.sql.NullParam;
import dev.vellum.sql.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Binds a rendered {@link Sql} to a JDBC connection, for the few statements that run at startup
 * inside Flyway's transaction: JDBC numbers parameters by {@code ?} where R2DBC uses {@code $n}.
 */
public final class JdbcStatements {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$(\\d+)");

    private JdbcStatements() {
    }

    /** A prepared statement with every parameter set; the caller closes it. */
    public static PreparedStatement prepare(Connection connection, Sql sql) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(jdbcText(sql));
        try {
            List<Object> params = sql.params();
            for (int i = 0; i < params.size(); i++) {
                Object value = params.get(i);
                if (value instanceof JsonParam || value instanceof NullParam) {
                    throw new IllegalArgumentException("jsonb and typed null values are bound through R2DBC only");
                }
                statement.setObject(i + 1, value);
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    /**
     * The text with each {@code $n} as {@code ?}. A builder numbers its placeholders 1..n in
     * order, one per value, so that is all this accepts: anything else would bind the wrong values.
     */
    static String jdbcText(Sql sql) {
        Matcher placeholder = PLACEHOLDER.matcher(sql.text());
        StringBuilder text = new StringBuilder();
        int expected = 1;
        while (placeholder.find()) {
            if (Integer.parseInt(placeholder.group(1)) != expected++) {
                throw new IllegalArgumentException("placeholders out of order: " + sql.text());
            }
            placeholder.appendReplacement(text, "?");
        }
        if (expected - 1 != sql.params().size()) {
            throw new IllegalArgumentException("placeholders and values differ in number: " + sql.text());
        }
        return placeholder.appendTail(text).toString();
    }
}
