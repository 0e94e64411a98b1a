package dev.vellum.subdoc;

import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * One validated mutate_in spec. {@code values} holds the one value of upsert/insert/replace, the
 * elements of array ops (in order), nothing for remove and counter; {@code delta} is counter's.
 */
public record MutationSpec(MutationOp op, SubdocPath path, List<JsonNode> values, Long delta, boolean createParents)
        implements SubdocSpec {

    public MutationSpec {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(path, "path");
        values = List.copyOf(values);
        if ((delta != null) != (op == MutationOp.COUNTER)) {
            throw new IllegalArgumentException("delta belongs to counter, and counter needs one");
        }
    }
}
