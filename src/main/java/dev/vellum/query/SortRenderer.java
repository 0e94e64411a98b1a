package dev.vellum.query;

import dev.vellum.sql.SqlBuilder;
import java.util.List;

/**
 * Renders {@code order by ...}, ending with {@code key asc} unless the keys already sort by
 * {@code _key}, so the order is total and pages are stable. Body paths sort by jsonb order
 * (null &lt; strings &lt; numbers &lt; booleans &lt; arrays &lt; objects); missing fields sort as SQL
 * NULL (last ascending, first descending).
 */
public final class SortRenderer {

    private SortRenderer() {
    }

    public static void render(List<SortKey> keys, SqlBuilder sql) {
        sql.sql("order by ");
        boolean byKey = false;
        String separator = "";
        for (SortKey key : keys) {
            sql.sql(separator);
            separator = ", ";
            if (key.field() instanceof SystemField system) {
                sql.sql(system.column());
                byKey |= system == SystemField.KEY;
            } else {
                BodyPredicates.pointer((BodyPath) key.field(), sql);
            }
            sql.sql(key.descending() ? " desc" : " asc");
        }
        if (!byKey) {
            sql.sql(separator).sql("key asc");
        }
    }
}
