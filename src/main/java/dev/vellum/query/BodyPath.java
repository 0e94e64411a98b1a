package dev.vellum.query;

import java.util.List;
import java.util.Objects;

/**
 * A path into the JSON body, one segment per level. Segments are matched like Postgres
 * {@code #>}: object keys, or array indexes where the segment reads as an integer.
 */
public record BodyPath(List<String> segments) implements FieldRef {

    public BodyPath {
        segments = List.copyOf(segments);
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("a body path needs at least one segment");
        }
    }

    public static BodyPath of(String... segments) {
        return new BodyPath(List.of(segments));
    }

    @Override
    public String publicName() {
        return String.join(".", segments);
    }

    /** True when some segment could index an array: such a path reads as a pointer, not a lax jsonpath. */
    public boolean mayIndexArray() {
        return segments.stream().anyMatch(s -> ArrayIndex.parse(s).isPresent());
    }

    public String[] toArray() {
        return segments.toArray(String[]::new);
    }

    @Override
    public String toString() {
        return "BodyPath" + Objects.toString(segments);
    }
}
