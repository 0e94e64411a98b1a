package dev.vellum.query;

import java.util.Objects;

/** One sort criterion: a field and its direction. */
public record SortKey(FieldRef field, boolean descending) {

    public SortKey {
        Objects.requireNonNull(field, "field");
    }
}
