package dev.vellum.subdoc;

import java.util.Locale;
import java.util.Optional;

/** The mutate_in operations, named on the wire in snake case. */
public enum MutationOp {
    UPSERT, INSERT, REPLACE, REMOVE, ARRAY_APPEND, ARRAY_PREPEND, ARRAY_INSERT, ARRAY_ADDUNIQUE, COUNTER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Ops that add array elements and so accept {@code values}. */
    public boolean isArrayOp() {
        return this == ARRAY_APPEND || this == ARRAY_PREPEND || this == ARRAY_INSERT || this == ARRAY_ADDUNIQUE;
    }

    /** Ops that take a value: all but remove and counter. */
    public boolean takesValue() {
        return this != REMOVE && this != COUNTER;
    }

    /** Ops that set the value at the path itself, as an object member or array element. */
    public boolean isDictOp() {
        return this == UPSERT || this == INSERT || this == REPLACE || this == REMOVE;
    }

    public static Optional<MutationOp> fromWire(String name) {
        for (MutationOp op : values()) {
            if (op.wireName().equals(name)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }
}
