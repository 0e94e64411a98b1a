package dev.vellum.subdoc;

import java.util.Locale;
import java.util.Optional;

/** The lookup_in operations, named on the wire in lower case. */
public enum LookupOp {
    GET, EXISTS, COUNT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<LookupOp> fromWire(String name) {
        for (LookupOp op : values()) {
            if (op.wireName().equals(name)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }
}
