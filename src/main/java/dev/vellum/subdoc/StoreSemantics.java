package dev.vellum.subdoc;

import java.util.Locale;
import java.util.Optional;

/** What mutate_in does about the document itself: need it, create it, or require it absent. */
public enum StoreSemantics {
    REPLACE, UPSERT, INSERT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<StoreSemantics> fromWire(String name) {
        for (StoreSemantics s : values()) {
            if (s.wireName().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
