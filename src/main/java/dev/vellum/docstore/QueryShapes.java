package dev.vellum.docstore;

import dev.vellum.query.Condition;
import dev.vellum.query.SortKey;
import java.util.ArrayList;
import java.util.List;

/**
 * A query's shape without its values, as the index listing shows what caused an index:
 * {@code age $gte number, status $eq; order by age asc}.
 */
final class QueryShapes {

    private QueryShapes() {
    }

    static String describe(Condition match, List<SortKey> sort) {
        List<String> parts = new ArrayList<>();
        conditions(match, parts);
        StringBuilder out = new StringBuilder(String.join(", ", parts));
        if (!sort.isEmpty()) {
            out.append(out.isEmpty() ? "" : "; ").append("order by ");
            String separator = "";
            for (SortKey key : sort) {
                out.append(separator).append(key.field().publicName()).append(key.descending() ? " desc" : " asc");
                separator = ", ";
            }
        }
        return out.toString();
    }

    private static void conditions(Condition condition, List<String> parts) {
        if (condition instanceof Condition.All all) {
            all.conditions().forEach(part -> conditions(part, parts));
        } else if (condition instanceof Condition.Compare compare) {
            String type = compare.value().isNumber() ? " number" : compare.value().isString() ? " string"
                    : compare.value().isBoolean() ? " boolean" : "";
            parts.add(compare.field().publicName() + " " + compare.op().token() + type);
        } else {
            parts.add(condition.getClass().getSimpleName().toLowerCase());
        }
    }
}
