package dev.vellum.kv;

import dev.vellum.error.VellumException;
import java.util.Locale;
import java.util.Map;

/**
 * Couchbase's durability levels mapped to PostgreSQL's {@code synchronous_commit} for the one
 * transaction of a write. With no synchronous standby configured, {@code on} and
 * {@code remote_apply} both wait for the local WAL flush only.
 */
enum Durability {
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

    String synchronousCommit() {
        return synchronousCommit;
    }

    static Durability parse(String text) {
        for (Durability level : values()) {
            if (level.name().toLowerCase(Locale.ROOT).equals(text)) {
                return level;
            }
        }
        throw VellumException.validation(
                "durability must be none, majority, majority_and_persist_to_active or persist_to_majority",
                Map.of("field", "durability"));
    }
}
