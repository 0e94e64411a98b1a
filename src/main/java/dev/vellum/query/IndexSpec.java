package dev.vellum.query;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An index the renderer's SQL can use on one collection: expression columns {@code body #> path}
 * in order, then {@code key}. With a {@code type}, the index is partial on
 * {@code jsonb_typeof(first column) = type}, the guard every type-bracketed range renders with
 * ({@link BodyPredicates#range}); without, it holds every document and serves sorts. A
 * {@code search} spec is the full-text GIN index of the search route instead.
 */
public record IndexSpec(List<Column> columns, String type, boolean search) {

    public static final int MAX_COLUMNS = 4;

    /** One column: a body path and its direction. */
    public record Column(List<String> path, boolean descending) {

        public Column {
            path = List.copyOf(path);
        }

        public String describe() {
            return String.join(".", path) + (descending ? " desc" : " asc");
        }
    }

    public IndexSpec {
        columns = List.copyOf(columns);
        if (search != columns.isEmpty()) {
            throw new IllegalArgumentException("a search index has no columns, any other at least one");
        }
        if (columns.size() > MAX_COLUMNS) {
            throw new IllegalArgumentException("at most " + MAX_COLUMNS + " columns");
        }
    }

    public static IndexSpec range(List<String> path, String type, boolean descending) {
        return new IndexSpec(List.of(new Column(path, descending)), type, false);
    }

    public static IndexSpec sort(List<Column> columns) {
        return new IndexSpec(columns, null, false);
    }

    public static IndexSpec fullText() {
        return new IndexSpec(List.of(), null, true);
    }

    /** What it serves, as the index listing shows it: {@code range age (number) asc}, {@code sort age asc, name desc}, {@code search}. */
    public String describe() {
        if (search) {
            return "search";
        }
        String cols = columns.stream().map(Column::describe).collect(Collectors.joining(", "));
        if (type != null) {
            Column first = columns.get(0);
            return "range " + String.join(".", first.path()) + " (" + type + ") " + (first.descending() ? "desc" : "asc");
        }
        return "sort " + cols;
    }
}
