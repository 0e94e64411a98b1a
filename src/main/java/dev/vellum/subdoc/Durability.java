package dev.vellum.subdoc;

import java.util.Locale;
import java.util.Optional;

/** Couchbase durability levels, named on the wire in snake case. */
public enum Durability {
    NONE, MAJORITY, MAJORITY_AND_PERSIST_TO_ACTIVE, PERSIST_TO_MAJORITY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Durability> fromWire(String name) {
        for (Durability d : values()) {
            if (d.wireName().equals(name)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
