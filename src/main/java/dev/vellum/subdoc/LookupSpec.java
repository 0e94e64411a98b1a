package dev.vellum.subdoc;

import java.util.Objects;

/** One lookup_in spec: an operation on a path. */
public record LookupSpec(LookupOp op, SubdocPath path) implements SubdocSpec {

    public LookupSpec {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(path, "path");
    }
}
