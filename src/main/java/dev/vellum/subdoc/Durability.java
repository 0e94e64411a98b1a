package dev.vellum.subdoc;

import dev.vellum.error.VellumException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Couchbase's durability levels, named on the wire in snake case, and the PostgreSQL
 * {@code synchronous_commit} each means for the one transaction of a write (the same table as
 * {@code vellum_subdoc_durability} in sql/R__vellum_subdoc_durability.sql). With no synchronous standby
 * configured, {@code on} and {@code remote_apply} both wait for the local WAL flush only.
 */
public enum Durability {
    /** Acknowledged before the WAL reaches disk: a crash may lose the last writes. */
    NONE("off"),
    /** Flushed locally and, with synchronous standbys, on a quorum of them. */
    MAJORITY("on"),
    /** Postgres' primary always persists before a synchronous standby confirms, so as MAJORITY. */
    MAJORITY_AND_PERSIST_TO_ACTIVE("on"),
    /** Standbys have applied the write, so it is visible on them too. */
    PERSIST_TO_MAJORITY("remote_apply");

    private final String synchronousCommit;

    Durability(String synchronousCommit) {
        this.synchronousCommit = synchronousCommit;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String synchronousCommit() {
        return synchronousCommit;
    }

    public static Optional<Durability> fromWire(String name) {
        for (Durability d : values()) {
            if (d.wireName().equals(name)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** {@link #fromWire}, or a VALIDATION_ERROR naming {@code durability}. */
    public static Durability parse(String name) {
        return fromWire(name).orElseThrow(() -> VellumException.validation(
                "durability must be none, majority, majority_and_persist_to_active or persist_to_majority",
                Map.of("field", "durability")));
    }
}
