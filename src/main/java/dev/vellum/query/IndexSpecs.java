package dev.vellum.query;

import dev.vellum.query.Condition.All;
import dev.vellum.query.Condition.Compare;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The indexes that would serve a compiled query: one typed range index per type-bracketed range
 * on a body path among the top-level conditions (those no {@code or}/{@code not} is above, which
 * render in an index's shape), and, when the sort starts with body paths that no range index
 * already orders, one sort index over them. Equality and text operators get none: equality is
 * served by the GIN index every document has, and {@code ilike} by no b-tree.
 */
public final class IndexSpecs {

    private IndexSpecs() {
    }

    public static List<IndexSpec> of(Condition match, List<SortKey> sort) {
        Set<IndexSpec> specs = new LinkedHashSet<>();
        List<String> firstSortPath = null;
        boolean firstSortDescending = false;
        if (!sort.isEmpty() && sort.get(0).field() instanceof BodyPath path) {
            firstSortPath = path.segments();
            firstSortDescending = sort.get(0).descending();
        }
        boolean sortServed = false;
        for (Condition condition : conjuncts(match)) {
            if (condition instanceof Compare compare && compare.field() instanceof BodyPath path
                    && isRange(compare.op()) && typeOf(compare) != null) {
                boolean sorted = path.segments().equals(firstSortPath);
                sortServed |= sorted;
                specs.add(IndexSpec.range(path.segments(), typeOf(compare), sorted && firstSortDescending));
            }
        }
        if (firstSortPath != null && !sortServed) {
            List<IndexSpec.Column> columns = new ArrayList<>();
            for (SortKey key : sort) {
                if (!(key.field() instanceof BodyPath path) || columns.size() == IndexSpec.MAX_COLUMNS) {
                    break;
                }
                columns.add(new IndexSpec.Column(path.segments(), key.descending()));
            }
            specs.add(IndexSpec.sort(columns));
        }
        return List.copyOf(specs);
    }

    private static List<Condition> conjuncts(Condition match) {
        List<Condition> out = new ArrayList<>();
        if (match instanceof All all) {
            for (Condition part : all.conditions()) {
                out.addAll(conjuncts(part));
            }
        } else {
            out.add(match);
        }
        return out;
    }

    private static boolean isRange(Op op) {
        return op == Op.GT || op == Op.GTE || op == Op.LT || op == Op.LTE;
    }

    private static String typeOf(Compare compare) {
        if (compare.value().isNumber()) {
            return "number";
        }
        if (compare.value().isString()) {
            return "string";
        }
        if (compare.value().isBoolean()) {
            return "boolean";
        }
        return null;
    }
}
